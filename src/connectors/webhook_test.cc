// The processor-neutral parts of inbound webhooks: header lookup, the webhook secret of a
// connection, and what a connector without webhooks answers.
#include "connectors/webhook.h"

#include <gtest/gtest.h>

#include "connectors/connector.h"
#include "connectors/webhook_secret.h"

namespace sy::connectors {
namespace {

TEST(InboundWebhook, HeaderLookupIgnoresCaseAndTakesTheFirst) {
  InboundWebhook w;
  w.headers = {{"Content-Type", "application/json"},
               {"Stripe-Signature", "first"},
               {"stripe-signature", "second"}};
  EXPECT_EQ(w.header("stripe-SIGNATURE"), "first");
  EXPECT_EQ(w.header("content-type"), "application/json");
  EXPECT_FALSE(w.header("Cko-Signature").has_value());
  EXPECT_FALSE(w.header("Stripe-Signatur").has_value());
  EXPECT_FALSE(w.header("").has_value());
}

TEST(WebhookSecret, ReadsTheNamedKeyOnly) {
  auto s = webhookSecretFrom(SecretString(R"({"apiKey":"k1","webhookSecret":"whsec_1"})"),
                             "webhookSecret", "Stripe");
  ASSERT_TRUE(s.isOk());
  EXPECT_EQ(s->reveal(), "whsec_1");
  for (const char* json : {R"({"apiKey":"k1"})", R"({"apiKey":"k1","webhookSecret":""})",
                           R"({"apiKey":"k1","webhookSecret":7})", R"(["whsec_1"])", "{"}) {
    auto r = webhookSecretFrom(SecretString(json), "webhookSecret", "Stripe");
    EXPECT_EQ(r.status().code(), StatusCode::kFailedPrecondition) << json;
    EXPECT_NE(r.status().message().find("\"webhookSecret\""), std::string::npos);
    EXPECT_NE(r.status().message().find("Stripe"), std::string::npos);
    EXPECT_EQ(r.status().message().find("k1"), std::string::npos) << "never quotes the JSON";
  }
}

TEST(WebhookEventKind, HasStableNames) {
  EXPECT_EQ(toString(WebhookEventKind::kAuthorization), "AUTHORIZATION");
  EXPECT_EQ(toString(WebhookEventKind::kChargeback), "CHARGEBACK");
  EXPECT_EQ(toString(WebhookEventKind::kOther), "OTHER");
}

// A connector that implements only the calls: it inherits the default parseWebhook.
class CallsOnlyConnector final : public Connector {
 public:
  std::string_view processorName() const override { return "CALLS_ONLY"; }
  Capabilities capabilities() const override { return {}; }
  boost::asio::awaitable<CallResult> authorize(const ConnectionConfig&,
                                               const AuthorizeRequest&) override {
    co_return CallResult{};
  }
  boost::asio::awaitable<CallResult> capture(const ConnectionConfig&,
                                             const CaptureRequest&) override {
    co_return CallResult{};
  }
  boost::asio::awaitable<CallResult> cancel(const ConnectionConfig&,
                                            const CancelRequest&) override {
    co_return CallResult{};
  }
  boost::asio::awaitable<CallResult> refund(const ConnectionConfig&,
                                            const RefundRequest&) override {
    co_return CallResult{};
  }
  boost::asio::awaitable<CallResult> inquire(const ConnectionConfig&,
                                             const InquiryRequest&) override {
    co_return CallResult{};
  }
};

TEST(ConnectorWebhooks, AConnectorWithoutWebhooksSaysSo) {
  CallsOnlyConnector c;
  InboundWebhook w;
  w.body = "{}";
  auto r = c.parseWebhook(ConnectionConfig{}, w, TimePoint{});
  EXPECT_EQ(r.status().code(), StatusCode::kUnimplemented);
  EXPECT_NE(r.status().message().find("CALLS_ONLY"), std::string::npos);
}

}  // namespace
}  // namespace sy::connectors
