// The Checkout.com emulator sends its webhooks for real (sandbox/checkoutcom/events.h): every
// action it takes is confirmed by its event, signed with Cko-Signature, and the connector's own
// parseWebhook reads them back — what serve --demo's inbound endpoint gets. Captures and refunds
// answer 202 and are reported as awaiting that confirmation.
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "connectors/checkoutcom/checkoutcom_kit.h"
#include "connectors/checkoutcom/webhooks.h"
#include "connectors/testing/loopback_fixture.h"

namespace sy::connectors::testing {
namespace {
using domain::PaymentStatus;
constexpr std::string_view kSignatureKey = "cko_whsk_e2e_signature_key";

class CheckoutComEmulatorWebhooksTest : public LoopbackConnectorFixture<CheckoutComKit> {
 protected:
  void SetUp() override {
    LoopbackConnectorFixture<CheckoutComKit>::SetUp();
    // Nobody listens on the discard port: the log keeps what was sent whatever the answer.
    emulator_->sendWebhooksTo("http://127.0.0.1:9/hooks", std::string(kSignatureKey));
  }

  // The webhooks the emulator sent so far, each read back through the connector's parser.
  std::vector<WebhookEvent> sentEvents() {
    auto r = raw(boost::beast::http::verb::get, "/_webhooks", {}, CheckoutComKit::debugHeaders());
    EXPECT_EQ(r.status, 200u) << r.body;
    std::vector<WebhookEvent> out;
    const SecretString credentials(R"({"secretKey":"sk_sbox_x","webhookSecret":")" +
                                   std::string(kSignatureKey) + R"("})");
    const boost::json::value sent = boost::json::parse(r.body);  // kept alive for the loop
    for (const auto& item : sent.as_array()) {
      InboundWebhook w;
      w.body = std::string(item.at("body").as_string());
      for (const auto& [name, value] : item.at("headers").as_object())
        w.headers.emplace_back(std::string(name), std::string(value.as_string()));
      auto events = checkoutcom::parseWebhook(credentials, w);
      EXPECT_TRUE(events.isOk()) << events.status().toString();
      if (events) out.insert(out.end(), events->begin(), events->end());
    }
    return out;
  }

  boost::json::object dispute(const std::string& paymentId, std::string_view status) {
    auto r = raw(boost::beast::http::verb::post, "/_disputes",
                 R"({"payment_id":")" + paymentId + R"(","status":")" + std::string(status) + "\"}",
                 CheckoutComKit::debugHeaders());
    EXPECT_EQ(r.status, 200u) << r.body;
    return boost::json::parse(r.body).as_object();
  }
};

TEST_F(CheckoutComEmulatorWebhooksTest, CapturesAndRefundsAreAcceptedThenConfirmedByWebhook) {
  CallResult auth = authorize(authorization("k-auth", 1000));
  ASSERT_EQ(auth.outcome, CallOutcome::kSucceeded);
  const std::string id = auth.processorTransactionId;

  CallResult cap = capture(captureOf(id, "k-cap", 400, false));
  ASSERT_EQ(cap.outcome, CallOutcome::kSucceeded);
  EXPECT_TRUE(cap.awaitsConfirmation);
  EXPECT_EQ(cap.status, PaymentStatus::kSettling);
  CallResult ref = refund(refundOf(id, "k-ref", 100));
  ASSERT_EQ(ref.outcome, CallOutcome::kSucceeded);
  EXPECT_TRUE(ref.awaitsConfirmation);
  EXPECT_EQ(ref.status, PaymentStatus::kPending);
  // A replay under the same key made no new action: no new event.
  CallResult again = capture(captureOf(id, "k-cap", 400, false));
  EXPECT_EQ(again.processorOperationId, cap.processorOperationId);
  // A void answers the final state: not awaiting anything.
  CallResult auth2 = authorize(authorization("k-auth-2", 700));
  CallResult voided = cancel(CancelRequest{"k-void", auth2.processorTransactionId});
  EXPECT_FALSE(voided.awaitsConfirmation);

  std::vector<WebhookEvent> events = sentEvents();
  ASSERT_EQ(events.size(), 5u);
  EXPECT_EQ(events[0].kind, WebhookEventKind::kAuthorization);
  EXPECT_TRUE(events[0].success);
  EXPECT_EQ(events[0].processorTransactionId, id);
  EXPECT_EQ(events[1].kind, WebhookEventKind::kCapture);
  EXPECT_TRUE(events[1].success);
  EXPECT_EQ(events[1].processorTransactionId, id);
  EXPECT_EQ(events[1].processorOperationId, cap.processorOperationId);
  EXPECT_EQ(events[1].amount, std::optional<int64_t>(400));
  EXPECT_EQ(events[2].kind, WebhookEventKind::kRefund);
  EXPECT_EQ(events[2].processorOperationId, ref.processorOperationId);
  EXPECT_EQ(events[2].amount, std::optional<int64_t>(100));
  EXPECT_EQ(events[3].kind, WebhookEventKind::kAuthorization);
  EXPECT_EQ(events[4].kind, WebhookEventKind::kCancel);
  std::set<std::string> ids;
  for (const auto& e : events) ids.insert(e.processorEventId);
  EXPECT_EQ(ids.size(), events.size());
}

TEST_F(CheckoutComEmulatorWebhooksTest, ADeclineIsAnnouncedToo) {
  const auto& declines = CheckoutComKit::declines();
  ASSERT_FALSE(declines.empty());
  CallResult auth = authorize(authorization("k-decl", declines.front()));
  ASSERT_EQ(auth.outcome, CallOutcome::kDeclined);
  std::vector<WebhookEvent> events = sentEvents();
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].kind, WebhookEventKind::kAuthorization);
  EXPECT_FALSE(events[0].success);
  ASSERT_TRUE(events[0].reason.has_value());
}

TEST_F(CheckoutComEmulatorWebhooksTest, ADisputeIsOpenedThenResolvedThroughItsEvents) {
  CallResult auth = authorize(authorization("k-auth", 1000));
  ASSERT_EQ(auth.outcome, CallOutcome::kSucceeded);
  const std::string id = auth.processorTransactionId;
  boost::json::object opened = dispute(id, "evidence_required");
  EXPECT_EQ(opened.at("opened"), true);
  boost::json::object won = dispute(id, "won");
  EXPECT_EQ(won.at("opened"), false);
  EXPECT_EQ(won.at("id"), opened.at("id"));
  EXPECT_EQ(dispute(id, "won").at("changed"), false);  // no news, no event

  std::vector<WebhookEvent> events = sentEvents();
  ASSERT_EQ(events.size(), 3u);  // payment_approved, dispute_received, dispute_won
  EXPECT_EQ(events[1].kind, WebhookEventKind::kChargeback);
  EXPECT_EQ(events[1].rawType, "dispute_received");
  EXPECT_EQ(events[1].dispute.status, "OPEN");
  EXPECT_EQ(events[1].processorTransactionId, id);
  EXPECT_EQ(events[1].processorOperationId, std::string(opened.at("id").as_string()));
  EXPECT_EQ(events[1].amount, std::optional<int64_t>(1000));
  EXPECT_EQ(events[2].rawType, "dispute_won");
  EXPECT_EQ(events[2].dispute.status, "WON");
  EXPECT_EQ(events[2].processorOperationId, events[1].processorOperationId);

  auto unknown = raw(boost::beast::http::verb::post, "/_disputes",
                     R"({"payment_id":"pay_nope","status":"won"})", CheckoutComKit::debugHeaders());
  EXPECT_EQ(unknown.status, 404u);
  auto bad = raw(boost::beast::http::verb::post, "/_disputes",
                 R"({"payment_id":")" + id + R"(","status":"maybe"})", CheckoutComKit::debugHeaders());
  EXPECT_EQ(bad.status, 422u);
}

}  // namespace
}  // namespace sy::connectors::testing
