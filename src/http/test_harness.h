// Test-only helpers shared by the http tests: a Server on 127.0.0.1:0 run by two threads, a
// blocking raw HTTP connection whose every operation is bounded by a timeout (no hung tests), and
// a blocking HttpClient::send.
#pragma once

#include <gtest/gtest.h>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/http/write.hpp>
#include <chrono>
#include <future>
#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "http/client.h"
#include "http/server.h"

namespace sy::http::testing {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = beast::http;
using tcp = asio::ip::tcp;
using namespace std::chrono_literals;

// Owns the io_context (run by `threads` threads), a Router to fill before start(), and a Server.
class ServerHarness {
 public:
  ~ServerHarness() { shutdown(); }

  asio::io_context& ioc() { return ioc_; }
  Router& router() { return router_; }
  Server& server() { return *server_; }
  const tcp::endpoint& endpoint() const { return endpoint_; }

  void start(ServerOptions options = {}, ErrorResponder responder = {}, int threads = 2) {
    server_ = std::make_unique<Server>(ioc_, options, router_, std::move(responder));
    auto bound = server_->listen({asio::ip::make_address("127.0.0.1"), 0});
    ASSERT_TRUE(bound.isOk()) << bound.status().toString();
    endpoint_ = *bound;
    server_->start();
    for (int i = 0; i < threads; ++i) threads_.emplace_back([this] { ioc_.run(); });
  }

  // Graceful stop; returns false if the server did not drain within `limit`.
  bool stopAndWait(std::chrono::milliseconds limit = 5000ms) {
    if (!server_ || stopped_) return true;
    stopped_ = true;
    auto drained = std::make_shared<std::promise<void>>();
    auto future = drained->get_future();
    server_->stop([drained] { drained->set_value(); });
    return future.wait_for(limit) == std::future_status::ready;
  }

  void shutdown() {
    stopAndWait();
    work_.reset();
    ioc_.stop();
    for (auto& t : threads_) t.join();
    threads_.clear();
  }

 private:
  asio::io_context ioc_;
  asio::executor_work_guard<asio::io_context::executor_type> work_ = asio::make_work_guard(ioc_);
  Router router_;
  std::unique_ptr<Server> server_;
  tcp::endpoint endpoint_;
  std::vector<std::thread> threads_;
  bool stopped_ = false;
};

// A client connection driven synchronously from the test thread, on its own io_context.
class RawConnection {
 public:
  explicit RawConnection(const tcp::endpoint& endpoint) : stream_(ioc_) {
    stream_.expires_after(5s);
    stream_.async_connect(endpoint, [this](beast::error_code ec) { lastError = ec; });
    drive();
  }

  bool connected() const { return !lastError; }

  bool write(const std::string& data) {
    stream_.expires_after(5s);
    asio::async_write(stream_, asio::buffer(data),
                      [this](beast::error_code ec, size_t) { lastError = ec; });
    drive();
    return !lastError;
  }

  std::optional<bhttp::response<bhttp::string_body>> read(std::chrono::milliseconds limit = 5s) {
    bhttp::response<bhttp::string_body> response;
    stream_.expires_after(limit);
    bhttp::async_read(stream_, buffer_, response,
                      [this](beast::error_code ec, size_t) { lastError = ec; });
    drive();
    if (lastError) return std::nullopt;
    return response;
  }

  // True if the server closes (EOF or reset) within `limit`; any data read is discarded.
  bool closedWithin(std::chrono::milliseconds limit) {
    stream_.expires_after(limit);
    while (true) {
      char scratch[1024];
      stream_.async_read_some(asio::buffer(scratch),
                              [this](beast::error_code ec, size_t) { lastError = ec; });
      drive();
      if (lastError) return lastError != beast::error::timeout;
    }
  }

  beast::error_code lastError;

 private:
  void drive() {
    ioc_.restart();
    ioc_.run();
  }

  asio::io_context ioc_;
  beast::tcp_stream stream_;
  beast::flat_buffer buffer_;
};

// Runs client.send() on the harness's io_context and waits for it from the test thread.
inline Result<ClientResponse> sendAndWait(asio::io_context& ioc, HttpClient& client,
                                          ClientRequest request,
                                          std::chrono::milliseconds deadline = 2000ms) {
  auto promise = std::make_shared<std::promise<Result<ClientResponse>>>();
  auto future = promise->get_future();
  asio::co_spawn(
      ioc,
      [&client, promise, request = std::move(request),
       deadline]() mutable -> asio::awaitable<void> {
        promise->set_value(co_await client.send(std::move(request), deadline));
      },
      asio::detached);
  if (future.wait_for(10s) != std::future_status::ready) {
    ADD_FAILURE() << "send did not complete";
    return internalError("test timeout");
  }
  return future.get();
}

inline std::string get(std::string_view target, std::string_view extraHeaders = "") {
  return "GET " + std::string(target) + " HTTP/1.1\r\nHost: t\r\n" + std::string(extraHeaders) +
         "\r\n";
}

inline std::string post(std::string_view target, const std::string& body) {
  return "POST " + std::string(target) +
         " HTTP/1.1\r\nHost: t\r\nContent-Length: " + std::to_string(body.size()) + "\r\n\r\n" +
         body;
}

}  // namespace sy::http::testing
