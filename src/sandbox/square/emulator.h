// The Square emulator: an HTTP server on loopback speaking Square's wire format
// (api.h), with its test cards, a ledger and fault injection. The conformance kit runs the
// connector against it; `switchyard serve --demo` can start it (src/app/sandboxes.cc).
//
// Paths: the API of api.h (Bearer access token required; Square-Version is accepted, not
// checked), and, never faulted and without a token:
//   GET  /_ledger           the books: {"charges","declines","captures","voids","refunds",
//                           "payments":[{id, currency, amount, status, captured, refunded}]}
//   GET|POST /_control      fault injection, body as in sandbox/fault_injector.h (failNext is
//                           answered 500 API_ERROR in Square's error format)
//
// listen(), start(), stop(), baseUrl(): see sandbox/emulator_host.h. Thread-safe.
#pragma once

#include <boost/asio/awaitable.hpp>
#include <boost/asio/io_context.hpp>
#include <cstddef>
#include <functional>
#include <string>

#include "http/server.h"
#include "sandbox/emulator_host.h"
#include "sandbox/fault_injector.h"
#include "sandbox/square/api.h"

namespace sy::sandbox::square {

struct SquareOptions {
  // Empty: any non-empty Bearer token is accepted (each token is its own account).
  std::string requiredAccessToken;
  size_t maxObjects = 1'000'000;  // payments and idempotency keys held in memory
  http::ServerOptions server;
};

class SquareEmulator : public EmulatorHost {
 public:
  using Options = SquareOptions;

  SquareEmulator(boost::asio::io_context& ioc, Options options);

  FaultInjector& faults() { return faults_; }
  SquareApi& api() { return api_; }

 private:
  using Endpoint = std::function<http::Response(const CallContext&, http::Request&)>;
  void addRoutes();
  // Authentication and fault injection around one endpoint call.
  boost::asio::awaitable<http::Response> serve(const Endpoint& endpoint, http::Request& request);

  Options options_;
  SquareApi api_;
  FaultInjector faults_;
};

}  // namespace sy::sandbox::square
