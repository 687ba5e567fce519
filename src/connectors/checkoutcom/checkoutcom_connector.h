// The Checkout.com connector (unified payments API, NAS; emulated by src/sandbox/checkoutcom). This
// file is the plumbing: URLs, `Authorization: Bearer <sk_...>`, `Cko-Idempotency-Key`;
// connectors/processor_call.h sends, maps transport failures and logs. Translation lives in
// transformers.h; docs/connectors/checkoutcom.md documents credentials, capabilities and the
// decline table.
//
// Credentials: {"secretKey":"sk_sbox_...", "processingChannelId":"pc_..." (optional)}, plus
// "webhookSecret" to receive webhooks, read only by parseWebhook (webhooks.h). The keys and
// the card data are never logged and never put into a reason message. The base URL decides where
// calls go (https://api.sandbox.checkout.com, https://api.checkout.com, or an emulator's http://).
//
// Inquiry (Checkout.com has no lookup by idempotency key):
//   InquiryRequest::original set           -> re-sends it under the same Cko-Idempotency-Key
//                                             (connectors/call_replay.h): Checkout.com answers
//                                             with the original status and body, or performs the
//                                             call once if it never arrived; a replay that cannot
//                                             be sent, 409/429 (same key still processing), 5xx ->
//                                             kUnknown
//   otherwise, by lookups:
//   kAuthorize with processorTransactionId -> GET /payments/{id} (+ /actions for a decline's code)
//   kAuthorize without it                  -> kUnknown
//   kCapture/kCancel/kRefund               -> GET /payments/{id}/actions, the action whose
//                                             `reference` is actionReference(attemptKey)
// A replayed authorization answers what it answered first: a 3-D Secure challenge (202 Pending
// with a redirect) even after the customer finished. So a replay that says "challenge" is followed
// by GET /payments/{id}, which tells the payment's state now (still Pending: the challenge again).
//
// 3-D Secure (docs/three_d_secure.md): authorize() answers a challenge with challengeUrl (kSucceeded,
// PENDING, the payment id); completeAuthentication() is GET /payments/{id} (+ /actions for a
// decline's code): still Pending -> the challenge again; Authorized -> AUTHORIZED; Declined ->
// DECLINED (20151: the customer failed the challenge), each with threeDSecure from the `3ds` object.
//
// Thread-safe and stateless per call, as connector.h requires; `client` must outlive it.
#pragma once

#include <boost/asio/awaitable.hpp>
#include <boost/beast/http/verb.hpp>
#include <string>
#include <string_view>

#include "connectors/connector.h"
#include "connectors/processor_call.h"
#include "http/client.h"

namespace sy::connectors::checkoutcom {

class CheckoutComConnector final : public Connector {
 public:
  static constexpr std::string_view kProcessorName = "CHECKOUTCOM";

  explicit CheckoutComConnector(http::HttpClient& client) : client_(client) {}

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
  // The request of one call with this connection's Bearer key, or why it cannot be sent.
  // GET /payments/{id} as `op`, plus the declined Authorization action's response_code.
  boost::asio::awaitable<CallResult> lookupPayment(const ConnectionConfig& conn,
                                                   const std::string& paymentId,
                                                   const std::string& attemptKey, Operation op);
  static Result<http::ClientRequest> request(const ConnectionConfig& conn,
                                             boost::beast::http::verb method, std::string path,
                                             std::string body, const std::string& attemptKey);

  http::HttpClient& client_;
};

}  // namespace sy::connectors::checkoutcom
