// The connector for Adyen's Checkout API v71. This file is the plumbing: URLs
// (<baseUrl>/v71/payments...), the X-API-Key header, the Idempotency-Key header;
// connectors/processor_call.h sends, maps transport failures and logs. Translation to and from the
// wire format lives in transformers.h.
//
// baseUrl: "https://checkout-test.adyen.com" (test), the live
// "https://<prefix>-checkout-live.adyenpayments.com/checkout", or an emulator's
// "http://127.0.0.1:<port>"; "/v71/<path>" is appended. (The HTTP client speaks http:// only for
// now.)
// Credentials: see adyen::Credentials in transformers.h ({"apiKey","merchantAccount","returnUrl"?}),
// plus "hmacKey" (hex) to receive webhooks, read only by parseWebhook (webhooks.h).
// The key and the card data are never logged and never put into a reason message.
//
// Inquiry: Adyen's Checkout API has no GET of a payment or modification. Its sanctioned way to
// learn what happened to a call is to re-send that same call with the same Idempotency-Key: Adyen
// answers with the original response and performs nothing twice (or performs it now, once, if the
// first never arrived). So inquire():
//  - with InquiryRequest::original set, replays it (connectors/call_replay.h): the answer is the
//    call's true outcome; a replay that cannot be sent, a 5xx or 422 704 stays kUnknown;
//  - without it, rebuilds and replays only a cancel (its body is merchantAccount +
//    reference=attemptKey); for the other kinds it answers kUnknown, rather than sending a
//    different request under the key.
//
// 3-D Secure (docs/three_d_secure.md): with ThreeDsMode::kProcessor an issuer that challenges makes
// Adyen answer RedirectShopper; authorize() returns its redirect URL as challengeUrl (kSucceeded,
// PENDING, processorTransactionId = pspReference). Adyen sends the shopper back to the returnUrl
// with `redirectResult=...` appended; completeAuthentication() finds it in
// CompleteAuthenticationRequest::returnQuery and POSTs /payments/details {"details":
// {"redirectResult"}} under the request's attemptKey as Idempotency-Key, which authorises or
// refuses the payment (Adyen does it once per redirectResult). With an empty returnQuery the
// shopper has not come back: nothing is sent and the answer is kUnknown ("not yet"), because Adyen
// has no lookup that would give the redirect URL again — the caller keeps the challenge it has.
// An inquiry (replay of the original /payments call) of an authorization waiting for its
// challenge answers RedirectShopper again: the same challengeUrl, PENDING.
//
// Thread-safe and stateless per call, as connector.h requires; `client` must outlive it.
#pragma once

#include <boost/asio/awaitable.hpp>
#include <boost/beast/http/verb.hpp>
#include <string>
#include <string_view>

#include "connectors/adyen/transformers.h"
#include "connectors/connector.h"
#include "connectors/processor_call.h"
#include "http/client.h"

namespace sy::connectors::adyen {

class AdyenConnector final : public Connector {
 public:
  static constexpr std::string_view kProcessorName = "ADYEN";
  static constexpr std::string_view kApiVersionPath = "/v71";

  explicit AdyenConnector(http::HttpClient& client) : client_(client) {}

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
  // Each call, logged and refused as `op` (kInquire when it is an inquiry's replay).
  boost::asio::awaitable<CallResult> sendAuthorize(const ConnectionConfig& conn,
                                                   const AuthorizeRequest& req, Operation op);
  boost::asio::awaitable<CallResult> sendCapture(const ConnectionConfig& conn,
                                                 const CaptureRequest& req, Operation op);
  boost::asio::awaitable<CallResult> sendCancel(const ConnectionConfig& conn,
                                                const CancelRequest& req, Operation op);
  boost::asio::awaitable<CallResult> sendRefund(const ConnectionConfig& conn,
                                                const RefundRequest& req, Operation op);

  http::HttpClient& client_;
};

}  // namespace sy::connectors::adyen
