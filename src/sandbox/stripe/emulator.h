// The Stripe emulator: Stripe's PaymentIntents API (2023-08-16) as an HTTP server on loopback,
// with Stripe's documented test cards (magic_cards.h), a ledger and fault injection. Endpoints
// and validation: api.h. Emulator-only paths (never on api.stripe.com):
//   GET  /v1/_ledger    every PaymentIntent with authorized/captured/refunded amounts and counts
//   GET  /v1/_control   the fault state; POST /v1/_control applies a FaultInjector control body
//                       (JSON, see sandbox/fault_injector.h): latencyMs, failNext, dropNext,
//                       phase, declineAll, reset
// Authentication: `Authorization: Bearer sk_test_...` (or rk_test_...); each key is its own
// account (objects of one are invisible to another). `Stripe-Version`, when sent, must be
// 2023-08-16.
//
//   StripeEmulator emulator(ioc, {});
//   auto bound = emulator.listen({asio::ip::make_address("127.0.0.1"), 0});
//   emulator.start();  ...  emulator.baseUrl()  ...  emulator.stop();
//
// Thread-safe: the io_context may be run by many threads. Destroy only after stop() has drained
// or once the io_context no longer runs.
#pragma once

#include <boost/asio/awaitable.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <cstddef>
#include <functional>
#include <memory>
#include <string>

#include "common/status.h"
#include "http/router.h"
#include "http/server.h"
#include "sandbox/emulator_host.h"
#include "sandbox/fault_injector.h"
#include "sandbox/stripe/api.h"

namespace sy::sandbox::stripe {

struct StripeOptions {
  // Empty: any `Bearer sk_test_...`/`rk_test_...` key is accepted. Otherwise only this one.
  std::string requiredApiKey;
  size_t maxObjects = 1'000'000;  // PaymentIntents + refunds, and idempotency keys, held
  http::ServerOptions server;
};

class StripeEmulator : public EmulatorHost {
 public:
  using Options = StripeOptions;

  StripeEmulator(boost::asio::io_context& ioc, Options options);
  StripeEmulator(const StripeEmulator&) = delete;
  StripeEmulator& operator=(const StripeEmulator&) = delete;

  // listen(), start(), stop(), baseUrl(): see sandbox/emulator_host.h.

  FaultInjector& faults() { return faults_; }
  StripeApi& api() { return api_; }

 private:
  using Endpoint = std::function<Reply(const CallContext&, http::Request&)>;
  void addRoutes();
  boost::asio::awaitable<http::Response> serve(const Endpoint& endpoint, bool faultable,
                                               http::Request& request);

  Options options_;
  StripeApi api_;
  FaultInjector faults_;
};

}  // namespace sy::sandbox::stripe
