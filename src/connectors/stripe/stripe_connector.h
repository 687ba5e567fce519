// The Stripe connector (PaymentIntents API, version 2023-08-16). This file is the plumbing: URLs
// and headers; connectors/processor_call.h sends, maps transport failures and logs. Translation to
// and from Stripe's wire format lives in transformers.h. The base URL decides where it goes:
// https://api.stripe.com in production, the sandbox emulator (src/sandbox/stripe) in tests and
// demos.
//
// Credentials JSON (ConnectionConfig::credentialsJson):
//   {"secretKey": "sk_test_...",     required: `Authorization: Bearer <secretKey>`
//    "stripeAccount": "acct_...",    optional: `Stripe-Account` header (Connect)
//    "webhookSecret": "whsec_..."}   to receive webhooks: read only by parseWebhook (webhooks.h)
// The key and card data are never logged and never put into a reason message.
//
// Headers on every call: Authorization, Stripe-Version: 2023-08-16, Accept; on every POST the
// attempt key as `Idempotency-Key` (Stripe keeps keys at least 24 hours).
//
// Inquiry (Stripe has no lookup by idempotency key):
//   kAuthorize with a processorTransactionId: GET /v1/payment_intents/{id};
//   kAuthorize without one: GET /v1/payment_intents/search?query=metadata['sy_attempt_key']:'K'
//     (every PaymentIntent we create carries metadata[sy_attempt_key]); empty -> kNotFound.
//     Caveat for real Stripe: search is eventually consistent (under a minute), so the recovery
//     sweep must not take an empty search for "never received" before that window has passed.
//     Replaying the original POST with the same Idempotency-Key is the other processor-sanctioned
//     inquiry, but InquiryRequest::original comes without the CVV and Stripe answers a replay with
//     other parameters idempotency_error, so it is not used.
//   kCapture / kCancel: GET /v1/payment_intents/{id} (a PaymentIntent is captured or canceled at
//     most once, so its state answers the question);
//   kRefund: GET /v1/refunds?payment_intent={id} and the refund whose metadata carries the key.
//
// Thread-safe and stateless per call, as connector.h requires; `client` must outlive it.
#pragma once

#include <boost/asio/awaitable.hpp>
#include <boost/beast/http/verb.hpp>
#include <string>
#include <string_view>

#include "connectors/connector.h"
#include "http/client.h"

namespace sy::connectors::stripe {

class StripeConnector final : public Connector {
 public:
  static constexpr std::string_view kProcessorName = "STRIPE";

  explicit StripeConnector(http::HttpClient& client) : client_(client) {}

  std::string_view processorName() const override { return kProcessorName; }
  Capabilities capabilities() const override;

  boost::asio::awaitable<CallResult> authorize(const ConnectionConfig& conn,
                                               const AuthorizeRequest& req) override;
  boost::asio::awaitable<CallResult> capture(const ConnectionConfig& conn,
                                             const CaptureRequest& req) override;
  boost::asio::awaitable<CallResult> cancel(const ConnectionConfig& conn,
                                            const CancelRequest& req) override;
  boost::asio::awaitable<CallResult> refund(const ConnectionConfig& conn,
                                            const RefundRequest& req) override;
  boost::asio::awaitable<CallResult> inquire(const ConnectionConfig& conn,
                                             const InquiryRequest& req) override;
  boost::asio::awaitable<CallResult> completeAuthentication(
      const ConnectionConfig& conn, const CompleteAuthenticationRequest& req) override;
  // Delegates to webhooks.h: the signature is verified before anything else is read.
  Result<std::vector<WebhookEvent>> parseWebhook(
      const ConnectionConfig& conn, const InboundWebhook& webhook,
      std::chrono::system_clock::time_point now) const override;

 private:
  // The request of one call with this connection's headers (Authorization, Stripe-Version,
  // Stripe-Account), or why it cannot be sent. `body` is form-encoded (POST only).
  static Result<http::ClientRequest> request(const ConnectionConfig& conn,
                                             boost::beast::http::verb method, std::string path,
                                             std::string body, const std::string& attemptKey);

  http::HttpClient& client_;
};

}  // namespace sy::connectors::stripe
