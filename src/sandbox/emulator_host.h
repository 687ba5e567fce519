// The HTTP plumbing every processor emulator shares: the router its endpoints go into, the server
// on loopback, the waits a stop cuts short (injected latency, slow answers) and the URL it is
// reached at. An emulator derives from it, adds its routes in its constructor and keeps only what
// is the processor's own: authentication, wire format, ledger, how it answers a fault.
//
//   MyEmulator emulator(ioc, {});
//   auto bound = emulator.listen({asio::ip::make_address("127.0.0.1"), 0});
//   emulator.start();  ...  emulator.baseUrl()  ...  emulator.stop(onDrained);
//
// Thread-safe: the io_context may be run by many threads. Destroy only after stop() has drained
// or once the io_context no longer runs.
#pragma once

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <functional>
#include <memory>
#include <string>

#include "common/status.h"
#include "http/error_responder.h"
#include "http/router.h"
#include "http/server.h"
#include "sandbox/pending_waits.h"

namespace sy::sandbox {

class EmulatorHost {
 public:
  // `name` ("adyen emulator") names it in logs; `serverError` answers what the server refuses
  // itself (unknown path, oversized body) in the processor's error format.
  EmulatorHost(boost::asio::io_context& ioc, const http::ServerOptions& options,
               http::ErrorResponder serverError, std::string name);
  ~EmulatorHost();
  EmulatorHost(const EmulatorHost&) = delete;
  EmulatorHost& operator=(const EmulatorHost&) = delete;

  // Binds (port 0 lets the OS choose) and returns the bound endpoint, or kUnavailable.
  Result<boost::asio::ip::tcp::endpoint> listen(const boost::asio::ip::tcp::endpoint& endpoint);
  // Starts answering; call once, after a successful listen().
  void start();
  // Graceful stop, safe from any thread; call once. Every wait is cut short; `onDrained` is posted
  // once every answer is written.
  void stop(std::function<void()> onDrained = {});
  // "http://127.0.0.1:<port>" once listening; empty before.
  std::string baseUrl() const;

 protected:
  http::Router& router() { return router_; }
  PendingWaits& waits() { return waits_; }

 private:
  std::string name_;
  PendingWaits waits_;
  http::Router router_;  // must outlive server_, hence declared before it
  std::unique_ptr<http::Server> server_;
  boost::asio::ip::tcp::endpoint bound_;
};

}  // namespace sy::sandbox
