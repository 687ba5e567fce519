// The connector for Adyen's Checkout API v71. This file is the plumbing: URLs
// (<baseUrl>/v71/payments...), the X-API-Key header, the Idempotency-Key header, the HTTP call and
// its deadline, logging. Translation to and from the wire format lives in transformers.h.
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
// answers with the original response and performs nothing twice. So:
//  - To resolve an unknown authorize/capture/refund, call authorize()/capture()/refund() again
//    with the identical request (same attemptKey): that IS the inquiry.
//  - inquire() can rebuild only a cancel (its body is merchantAccount + reference=attemptKey) and
//    replays it; for the other kinds it cannot rebuild the original body (amount, card), so it
//    answers kUnknown saying so, rather than sending a different request under the key.
//
// Thread-safe and stateless per call, as connector.h requires; `client` must outlive it.
#pragma once

#include <boost/asio/awaitable.hpp>
#include <boost/beast/http/verb.hpp>
#include <string>
#include <string_view>

#include "connectors/adyen/transformers.h"
#include "connectors/connector.h"
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
  // Delegates to webhooks.h: the signature is verified before anything else is read.
  Result<std::vector<WebhookEvent>> parseWebhook(
      const ConnectionConfig& conn, const InboundWebhook& webhook,
      std::chrono::system_clock::time_point now) const override;

 private:
  struct Answer;
  // POSTs `body` to <baseUrl>/v71<path>. A transport failure is a kUnknown result.
  boost::asio::awaitable<Answer> post(const ConnectionConfig& conn, const Credentials& creds,
                                      std::string path, std::string body,
                                      const std::string& attemptKey);

  http::HttpClient& client_;
};

}  // namespace sy::connectors::adyen
