// The Square connector (Payments API v2). This file is the plumbing: URLs, the Bearer and
// Square-Version headers, capabilities and the choice of inquiry; connectors/processor_call.h
// sends, maps transport failures and logs. Translation to and from the wire format (including
// the idempotency_key, which Square reads from the body) lives in transformers.h.
//
// Credentials: {"accessToken":"..."} -> `Authorization: Bearer <accessToken>`. The token and the
// card data are never logged and never put into a reason message.
//
// Inquiry: Square has no lookup by idempotency key, but documents that a request repeated with
// the same idempotency_key returns the original answer; so inquire() re-sends
// InquiryRequest::original under the same key (connectors/call_replay.h); without it the outcome
// stays unknown. Complete and cancel carry no key: repeating them on a payment already in that
// state answers the payment as it stands.
//
// Thread-safe and stateless per call, as connector.h requires; `client` must outlive it.
#pragma once

#include <boost/asio/awaitable.hpp>
#include <boost/beast/http/verb.hpp>
#include <string>
#include <string_view>

#include "connectors/connector.h"
#include "http/client.h"

namespace sy::connectors::square {

class SquareConnector final : public Connector {
 public:
  static constexpr std::string_view kProcessorName = "SQUARE";

  explicit SquareConnector(http::HttpClient& client) : client_(client) {}

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

 private:
  // The request of one call with this connection's Bearer token, or why it cannot be sent.
  static Result<http::ClientRequest> request(const ConnectionConfig& conn,
                                             boost::beast::http::verb method, std::string path,
                                             std::string body, const std::string& attemptKey);

  http::HttpClient& client_;
};

}  // namespace sy::connectors::square
