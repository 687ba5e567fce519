#include "sandbox/emulator_host.h"

#include "common/log.h"

namespace sy::sandbox {
namespace asio = boost::asio;

EmulatorHost::EmulatorHost(asio::io_context& ioc, const http::ServerOptions& options,
                           http::ErrorResponder serverError, std::string name)
    : name_(std::move(name)),
      server_(std::make_unique<http::Server>(ioc, options, router_, std::move(serverError))) {}

EmulatorHost::~EmulatorHost() {
  waits_.cancelAll();
}

Result<asio::ip::tcp::endpoint> EmulatorHost::listen(const asio::ip::tcp::endpoint& endpoint) {
  auto bound = server_->listen(endpoint);
  if (bound) bound_ = *bound;
  return bound;
}

void EmulatorHost::start() {
  server_->start();
  log::info(name_ + " started", {{"url", baseUrl()}});
}

void EmulatorHost::stop(std::function<void()> onDrained) {
  waits_.cancelAll();
  server_->stop(onDrained ? std::move(onDrained) : [] {});
}

std::string EmulatorHost::baseUrl() const {
  if (bound_.port() == 0) return {};
  auto address = bound_.address();
  // A wildcard bind is reachable on loopback; a URL cannot name "any address".
  std::string host = address.is_unspecified() ? (address.is_v6() ? "[::1]" : "127.0.0.1")
                                              : (address.is_v6() ? "[" + address.to_string() + "]"
                                                                 : address.to_string());
  return "http://" + host + ":" + std::to_string(bound_.port());
}

}  // namespace sy::sandbox
