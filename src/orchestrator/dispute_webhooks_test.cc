// Disputes through the engine's inbound webhook path (payment_webhooks.cc), with a real store and
// Stripe's signed events: DISPUTE.OPENED once, DISPUTE.STATUS on each later change, and a
// redelivered or late notification changing nothing.
#include <gtest/gtest.h>

#include "orchestrator/testing/engine_fixture.h"
#include "sandbox/stripe/webhook_signer.h"

namespace sy::orchestrator {
namespace {
using testing::EngineFixture;
constexpr std::string_view kSecret = "whsec_engine_disputes";

// Records what the engine tells the outbox about disputes.
class RecordingObserver final : public PaymentWriteObserver {
 public:
  Status beforePaymentWrite(store::WriteTx&, const domain::Payment&, bool) override {
    return Status::ok();
  }
  Status disputeOpened(store::WriteTx&, const domain::Payment& p,
                       const store::Dispute& d) override {
    std::lock_guard lock(mu_);
    seen_.push_back("OPENED " + d.status + " " + p.id);
    return Status::ok();
  }
  Status disputeStatusChanged(store::WriteTx&, const domain::Payment& p,
                              const store::Dispute& d) override {
    std::lock_guard lock(mu_);
    seen_.push_back("STATUS " + d.status + " " + p.id);
    return Status::ok();
  }
  std::vector<std::string> seen() {
    std::lock_guard lock(mu_);
    return seen_;
  }

 private:
  std::mutex mu_;
  std::vector<std::string> seen_;
};

class DisputeWebhooksTest : public EngineFixture {
 protected:
  void SetUp() override {
    EngineFixture::SetUp();
    addConnection("STRIPE", "stripe-hooks", stripe_->emulator.baseUrl(),
                  R"({"secretKey":")" +
                      std::string(connectors::testing::StripeKit::kSecretKey) +
                      R"(","webhookSecret":")" + std::string(kSecret) + R"("})",
                  false);
    engine_->setWriteObserver(&observer_);
  }

  // Stripe's `type` event about dispute dp_1 of `intent` with Dispute `status`, created `at`.
  WebhookReceipt deliver(const std::string& eventId, const std::string& type,
                         const std::string& intent, const std::string& status, int64_t at) {
    connectors::InboundWebhook w;
    w.body = R"({"id":")" + eventId + R"(","object":"event","type":")" + type +
             R"(","created":)" + std::to_string(at) +
             R"(,"data":{"object":{"id":"dp_1","object":"dispute","amount":1000,"currency":"eur",)"
             R"("payment_intent":")" + intent + R"(","reason":"fraudulent","status":")" + status +
             R"("}}})";
    const int64_t now =
        std::chrono::duration_cast<std::chrono::seconds>(clock_.now().time_since_epoch()).count();
    w.headers.emplace_back("Stripe-Signature",
                           sandbox::stripe::webhookSignatureHeader(w.body, kSecret, now));
    auto future = boost::asio::co_spawn(ioc_, receive(std::move(w)), boost::asio::use_future);
    auto r = future.get();
    EXPECT_TRUE(r && r->isOk()) << (r ? r->status().toString() : "no answer");
    return r && r->isOk() ? **r : WebhookReceipt{};
  }

  std::optional<store::Dispute> stored() {
    std::optional<store::Dispute> out;
    store::readSync(*store_, [&](store::ReadTx& tx) {
      auto d = tx.findDispute(kMerchant, "STRIPE", "dp_1");
      if (d) out = *d;
    });
    return out;
  }

  RecordingObserver observer_;

 private:
  boost::asio::awaitable<std::optional<Result<WebhookReceipt>>> receive(
      connectors::InboundWebhook w) {
    const std::string connection = "conn_stripe-hooks";
    auto r = co_await engine_->receiveWebhook(connection, std::move(w));
    co_return std::optional<Result<WebhookReceipt>>(std::move(r));
  }
};

TEST_F(DisputeWebhooksTest, OpenedOnceThenEachStatusChangeOnceWhateverArrivesTwiceOrLate) {
  PaymentInput in;
  in.pin = "stripe-hooks";
  auto p = pay(in);
  ASSERT_TRUE(p) << p.status().toString();
  const std::string intent = p->transactions[0].processorTransactionId;
  ASSERT_FALSE(intent.empty());
  const int64_t t0 = 1'700'000'000;

  WebhookReceipt opened = deliver("evt_1", "charge.dispute.created", intent, "needs_response", t0);
  EXPECT_EQ(opened.applied, 1);
  EXPECT_EQ(deliver("evt_1", "charge.dispute.created", intent, "needs_response", t0).duplicates, 1);
  EXPECT_EQ(deliver("evt_2", "charge.dispute.updated", intent, "under_review", t0 + 60).applied, 1);
  // A late notification of an earlier state, under its own id: nothing.
  EXPECT_EQ(deliver("evt_0", "charge.dispute.updated", intent, "needs_response", t0 + 30).unchanged,
            1);
  EXPECT_EQ(deliver("evt_3", "charge.dispute.closed", intent, "won", t0 + 120).applied, 1);
  EXPECT_EQ(deliver("evt_3", "charge.dispute.closed", intent, "won", t0 + 120).duplicates, 1);

  EXPECT_EQ(observer_.seen(), (std::vector<std::string>{"OPENED OPEN " + p->id,
                                                        "STATUS CHALLENGED " + p->id,
                                                        "STATUS WON " + p->id}));
  auto d = stored();
  ASSERT_TRUE(d.has_value());
  EXPECT_EQ(d->status, "WON");
  EXPECT_EQ(d->type, "DISPUTE");
  EXPECT_EQ(d->paymentId, p->id);
  EXPECT_EQ(d->transactionId, p->transactions[0].id);
  EXPECT_EQ(d->amount, 1000);
  EXPECT_EQ(d->currencyCode, "EUR");
  EXPECT_EQ(d->processorReason, "fraudulent");
  auto after = load(p->id);
  ASSERT_TRUE(after);
  EXPECT_EQ(after->status, p->status);  // a dispute does not change the payment
  EXPECT_EQ(after->version, p->version);
}

TEST_F(DisputeWebhooksTest, ADisputeFirstHeardOfAsWonIsOpenedWithThatStatus) {
  PaymentInput in;
  in.pin = "stripe-hooks";
  auto p = pay(in);
  ASSERT_TRUE(p) << p.status().toString();
  const std::string intent = p->transactions[0].processorTransactionId;
  EXPECT_EQ(deliver("evt_9", "charge.dispute.closed", intent, "won", 1'700'000'000).applied, 1);
  EXPECT_EQ(observer_.seen(),
            (std::vector<std::string>{"OPENED WON " + p->id, "STATUS WON " + p->id}));
}

}  // namespace
}  // namespace sy::orchestrator
