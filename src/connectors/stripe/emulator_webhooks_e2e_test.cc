// The Stripe emulator sends its Events for real (sandbox/stripe/events.h), signed with
// Stripe-Signature, and the connector's own parseWebhook reads them back — what serve --demo's
// inbound endpoint gets.
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "connectors/stripe/stripe_kit.h"
#include "connectors/stripe/webhooks.h"
#include "connectors/testing/loopback_fixture.h"

namespace sy::connectors::testing {
namespace {
constexpr std::string_view kEndpointSecret = "whsec_e2e_endpoint_secret";

class StripeEmulatorWebhooksTest : public LoopbackConnectorFixture<StripeKit> {
 protected:
  void SetUp() override {
    LoopbackConnectorFixture<StripeKit>::SetUp();
    emulator_->sendWebhooksTo("http://127.0.0.1:9/hooks", std::string(kEndpointSecret));
  }

  std::vector<WebhookEvent> sentEvents() {
    auto r = raw(boost::beast::http::verb::get, "/v1/_webhooks", {}, StripeKit::debugHeaders());
    EXPECT_EQ(r.status, 200u) << r.body;
    std::vector<WebhookEvent> out;
    const SecretString credentials(R"({"secretKey":"sk_test_x","webhookSecret":")" +
                                   std::string(kEndpointSecret) + R"("})");
    const boost::json::value sent = boost::json::parse(r.body);  // kept alive for the loop
    for (const auto& item : sent.as_array()) {
      InboundWebhook w;
      w.body = std::string(item.at("body").as_string());
      for (const auto& [name, value] : item.at("headers").as_object())
        w.headers.emplace_back(std::string(name), std::string(value.as_string()));
      auto events = stripe::parseWebhook(credentials, w, systemNow());
      EXPECT_TRUE(events.isOk()) << events.status().toString();
      if (events) out.insert(out.end(), events->begin(), events->end());
    }
    return out;
  }

  boost::json::object dispute(const std::string& intent, std::string_view status) {
    auto r = raw(boost::beast::http::verb::post, "/v1/_disputes",
                 R"({"payment_intent":")" + intent + R"(","status":")" + std::string(status) + "\"}",
                 StripeKit::debugHeaders());
    EXPECT_EQ(r.status, 200u) << r.body;
    return boost::json::parse(r.body).as_object();
  }
};

TEST_F(StripeEmulatorWebhooksTest, EveryChangeIsAnnouncedOnceAndReadsBack) {
  AuthorizeRequest req = authorization("k-auth", 1000);
  CallResult auth = authorize(req);
  ASSERT_EQ(auth.outcome, CallOutcome::kSucceeded);
  const std::string pi = auth.processorTransactionId;
  authorize(req);  // an idempotent replay: Stripe sends no second event
  CallResult cap = capture(captureOf(pi, "k-cap", 1000));
  ASSERT_EQ(cap.outcome, CallOutcome::kSucceeded);
  CallResult ref = refund(refundOf(pi, "k-ref", 300));
  ASSERT_EQ(ref.outcome, CallOutcome::kSucceeded);

  std::vector<WebhookEvent> events = sentEvents();
  ASSERT_EQ(events.size(), 3u);
  EXPECT_EQ(events[0].rawType, "payment_intent.amount_capturable_updated");
  EXPECT_EQ(events[0].kind, WebhookEventKind::kAuthorization);
  EXPECT_EQ(events[0].processorTransactionId, pi);
  EXPECT_EQ(events[0].merchantReference, "k-auth");
  EXPECT_EQ(events[1].rawType, "payment_intent.succeeded");
  EXPECT_EQ(events[1].kind, WebhookEventKind::kCapture);
  EXPECT_EQ(events[1].amount, std::optional<int64_t>(1000));
  EXPECT_EQ(events[2].rawType, "refund.created");
  EXPECT_EQ(events[2].kind, WebhookEventKind::kRefund);
  EXPECT_TRUE(events[2].success);
  EXPECT_EQ(events[2].processorOperationId, ref.processorOperationId);
  EXPECT_EQ(events[2].amount, std::optional<int64_t>(300));
}

TEST_F(StripeEmulatorWebhooksTest, ADeclineIsAPaymentFailedEvent) {
  const auto& declines = StripeKit::declines();
  ASSERT_FALSE(declines.empty());
  CallResult auth = authorize(authorization("k-decl", declines.front()));
  ASSERT_EQ(auth.outcome, CallOutcome::kDeclined);
  std::vector<WebhookEvent> events = sentEvents();
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].rawType, "payment_intent.payment_failed");
  EXPECT_FALSE(events[0].success);
  ASSERT_TRUE(events[0].reason.has_value());
  EXPECT_EQ(events[0].reason->code, auth.reason->code);
}

TEST_F(StripeEmulatorWebhooksTest, ADisputeIsCreatedUpdatedAndClosed) {
  CallResult auth = authorize(authorization("k-auth", 1000));
  const std::string pi = auth.processorTransactionId;
  ASSERT_TRUE(capture(captureOf(pi, "k-cap", 1000)).outcome == CallOutcome::kSucceeded);
  boost::json::object opened = dispute(pi, "needs_response");
  EXPECT_EQ(opened.at("opened"), true);
  dispute(pi, "under_review");
  dispute(pi, "lost");
  EXPECT_EQ(dispute(pi, "lost").at("changed"), false);

  std::vector<WebhookEvent> events = sentEvents();
  ASSERT_EQ(events.size(), 5u);  // authorized, captured, then the dispute's three
  const std::string dp(opened.at("id").as_string());
  const char* types[] = {"charge.dispute.created", "charge.dispute.updated", "charge.dispute.closed"};
  const char* statuses[] = {"OPEN", "CHALLENGED", "LOST"};
  for (int i = 0; i < 3; ++i) {
    const WebhookEvent& e = events[2 + i];
    EXPECT_EQ(e.rawType, types[i]);
    EXPECT_EQ(e.kind, WebhookEventKind::kChargeback);
    EXPECT_EQ(e.dispute.status, statuses[i]);
    EXPECT_EQ(e.dispute.type, "DISPUTE");
    EXPECT_EQ(e.processorOperationId, dp);
    EXPECT_EQ(e.processorTransactionId, pi);
    EXPECT_EQ(e.amount, std::optional<int64_t>(1000));
  }
}

}  // namespace
}  // namespace sy::connectors::testing
