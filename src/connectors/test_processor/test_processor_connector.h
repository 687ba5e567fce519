// The connector for Switchyard's built-in test processor (emulated by src/sandbox/test_processor,
// wire format in docs/test-processor.md). This file is the plumbing: URLs, the Bearer header, the
// Idempotency-Key header; connectors/processor_call.h sends, maps transport failures and logs.
// Translation to and from the wire format lives in transformers.h.
//
// Credentials: {"apiKey":"..."} -> `Authorization: Bearer <apiKey>`, plus "webhookSecret" to
// receive webhooks, read only by parseWebhook (webhooks.h). The keys and the card data are never
// logged and never put into a reason message.
//
// Thread-safe and stateless per call, as connector.h requires; `client` must outlive it.
#pragma once

#include <boost/asio/awaitable.hpp>
#include <string>
#include <string_view>

#include "connectors/connector.h"
#include "http/client.h"

namespace sy::connectors::test_processor {

class TestProcessorConnector final : public Connector {
 public:
  static constexpr std::string_view kProcessorName = "TEST_PROCESSOR";

  explicit TestProcessorConnector(http::HttpClient& client) : client_(client) {}

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
  // The request of one call with this connection's Bearer key, or why it cannot be sent.
  static Result<http::ClientRequest> request(const ConnectionConfig& conn,
                                             boost::beast::http::verb method, std::string path,
                                             std::string body, const std::string& attemptKey);

  http::HttpClient& client_;
};

}  // namespace sy::connectors::test_processor
