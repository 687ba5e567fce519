// The Stripe emulator: Stripe's PaymentIntents API (2023-08-16) as an HTTP server on loopback,
// with Stripe's documented test cards (magic_cards.h), a ledger and fault injection. Endpoints
// and validation: api.h. Emulator-only paths (never on api.stripe.com):
//   GET  /v1/_ledger    every PaymentIntent with authorized/captured/refunded amounts and counts
//   GET  /v1/_control   the fault state; POST /v1/_control applies a FaultInjector control body
//                       (JSON, see sandbox/fault_injector.h): latencyMs, failNext, dropNext,
//                       phase, declineAll, reset
//   POST /v1/_disputes  {"payment_intent": "pi_...", "status": "needs_response"|"under_review"|
//                       "won"|"lost"|"warning_needs_response"|"warning_under_review"|
//                       "warning_closed", "reason"?}: opens a dispute on the PaymentIntent (the
//                       first time) or moves it to the status, and sends charge.dispute.created /
//                       .updated / .closed; 200 {"id","status","opened"}
//   GET  /v1/_webhooks  the webhooks sent (sandbox/webhook_sender.h sentLogJson)
// Webhooks (events.h): after each call that changes something, the Event is sent, signed as
// Stripe signs (Stripe-Signature, webhook_signer.h), to the URL given to sendWebhooksTo().
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
#include <mutex>
#include <string>

#include "common/status.h"
#include "http/router.h"
#include "http/server.h"
#include "sandbox/emulator_host.h"
#include "sandbox/fault_injector.h"
#include "sandbox/dispute_book.h"
#include "sandbox/stripe/api.h"
#include "sandbox/stripe/events.h"
#include "sandbox/webhook_sender.h"

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
  // Where to send webhooks and the endpoint secret ("whsec_...") to sign them with; an empty URL
  // sends none.
  void sendWebhooksTo(std::string url, std::string endpointSecret);
  const WebhookSender& webhooks() const { return webhooks_; }

 private:
  using Endpoint = std::function<Reply(const CallContext&, http::Request&)>;
  void addRoutes();
  boost::asio::awaitable<http::Response> serve(const Endpoint& endpoint, bool faultable,
                                               http::Request& request);
  // Sends the event `reply` to a call of `operation` causes, if any.
  void notify(std::string_view operation, const CallContext& ctx, const Reply& reply);
  void send(const StripeEventSource& source, std::string_view idempotencyKey);
  Reply openDispute(const http::Request& request);

  Options options_;
  StripeApi api_;
  FaultInjector faults_;
  WebhookSender webhooks_;
  DisputeBook disputes_;
  std::mutex secretMu_;
  std::string endpointSecret_;
};

}  // namespace sy::sandbox::stripe
