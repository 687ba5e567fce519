// The Checkout.com emulator: Checkout.com's unified payments API (NAS) as an HTTP server on
// loopback, stateful (api.h), with Checkout.com's test cards, the emulator's amount table for
// response codes, a ledger and fault injection. docs/connectors/checkoutcom.md documents it.
//
//   CheckoutComEmulator emulator(ioc, {});
//   auto bound = emulator.listen({asio::ip::make_address("127.0.0.1"), 0});
//   emulator.start();  ...  emulator.baseUrl()  ...  emulator.stop();
//
// Endpoints (all need `Authorization: Bearer sk_...`; else 401 with an empty body):
//   POST /payments, GET /payments/{id}, GET /payments/{id}/actions,
//   POST /payments/{id}/captures|voids|refunds           (subject to fault injection)
//   GET /3ds/{id}, POST /3ds/{id}                         the 3-D Secure challenge page (no key;
//                                                         api.h, three_ds.h)
//   GET /_ledger                                          every payment and counters (tests)
//   GET /_control, POST /_control                         the shared FaultInjector's state / body
//   POST /_disputes {"payment_id": "pay_...", "status": a Dispute.status ("evidence_required",
//        "evidence_under_review", "won", "lost", "accepted", "canceled", "expired", "resolved",
//        "arbitration_..."), "category"?}: opens a dispute on the payment (the first time) or
//        moves it, and sends its event (events.h); 200 {"id","status","opened","changed"}
//   GET /_webhooks                                        the webhooks sent (webhook_sender.h)
// Webhooks (events.h): every payment action the emulator takes (an authorization, including the
// one a challenge's decision makes, and each
// capture, void and refund it accepted with 202) is confirmed by its event, signed with
// Cko-Signature (webhook_signer.h), sent to the URL given to sendWebhooksTo().
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
#include <set>
#include <string>

#include "common/status.h"
#include "http/router.h"
#include "http/server.h"
#include "sandbox/checkoutcom/api.h"
#include "sandbox/dispute_book.h"
#include "sandbox/webhook_sender.h"
#include "sandbox/emulator_host.h"
#include "sandbox/fault_injector.h"

namespace sy::sandbox::checkoutcom {

struct CheckoutComOptions {
  // Empty: any `Authorization: Bearer sk_...` is accepted (each key is its own account).
  // Otherwise only this secret key is.
  std::string requiredSecretKey;
  size_t maxObjects = 1'000'000;  // payments and idempotency keys held in memory
  http::ServerOptions server;
};

class CheckoutComEmulator : public EmulatorHost {
 public:
  using Options = CheckoutComOptions;

  CheckoutComEmulator(boost::asio::io_context& ioc, Options options);
  CheckoutComEmulator(const CheckoutComEmulator&) = delete;
  CheckoutComEmulator& operator=(const CheckoutComEmulator&) = delete;

  // listen(), start(), stop(), baseUrl(): see sandbox/emulator_host.h.

  FaultInjector& faults() { return faults_; }
  CheckoutComApi& api() { return api_; }
  // Where to send webhooks and the signature key to sign them with; an empty URL sends none.
  void sendWebhooksTo(std::string url, std::string signatureKey);
  const WebhookSender& webhooks() const { return webhooks_; }

 private:
  using Endpoint = std::function<http::Response(const CallContext&, http::Request&)>;
  void addRoutes();
  boost::asio::awaitable<http::Response> serve(const Endpoint& endpoint, bool faultable,
                                               http::Request& request);
  // Sends the events of payment `paymentId`'s actions not yet announced.
  void notify(std::string_view paymentId);
  void send(std::string body);
  http::Response openDispute(const http::Request& request);

  Options options_;
  CheckoutComApi api_;
  FaultInjector faults_;
  WebhookSender webhooks_;
  DisputeBook disputes_;
  std::mutex mu_;
  std::string signatureKey_;
  std::set<std::string> announced_;  // action ids whose event was sent
};

}  // namespace sy::sandbox::checkoutcom
