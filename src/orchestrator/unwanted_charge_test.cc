// Charges nobody wants: an authorization whose answer was lost, on a payment the merchant cancelled
// before the recovery sweep learned the outcome. The sweep records what the processor did and, when
// it was a charge, voids it at the processor (its own key, derived from the attempt's), without a
// fallback starting for the cancelled payment. Checked against the emulators' ledgers.
#include <gtest/gtest.h>

#include "domain/state_machine.h"
#include "orchestrator/testing/engine_fixture.h"

namespace sy::orchestrator {
namespace {
using domain::Outcome;
using domain::PaymentStatus;
using testing::EngineFixture;

constexpr const char* kApproved = "4242424242424242";
constexpr const char* kInsufficientFunds = "4000000000009995";  // soft decline at Stripe

const char* const kStripeThenAdyen = R"({"schemaVersion": 1, "name": "Stripe then Adyen",
  "trigger": {"event": "PAYMENT_CREATED"},
  "steps": [{"type": "AUTHORIZE", "connection": "stripe-main", "fallbackConnections": ["adyen-main"]}]})";

class UnwantedCharge : public EngineFixture {
 protected:
  // A payment whose authorization Stripe processed while its answer and the inline inquiry's were
  // lost: PENDING, the route waiting.
  domain::Payment lostAuthorization(const char* card) {
    publish("wf_unwanted", kStripeThenAdyen);
    setFaults(*stripe_, R"({"dropNext": 2, "phase": "after"})");
    auto p = pay(card);
    EXPECT_TRUE(p) << p.status().toString();
    EXPECT_EQ(p->status, PaymentStatus::kPending);
    EXPECT_EQ(p->transactions.at(0).outcome, Outcome::kUnknown);
    return *p;
  }
  static const domain::TransactionEvent* autoVoid(const domain::Transaction& sale) {
    for (const auto& e : sale.events)
      if (e.attemptKey == sale.attemptKey + "-void") return &e;
    return nullptr;
  }
};

TEST_F(UnwantedCharge, ACancelledPaymentsLostChargeIsVoidedByTheSweep) {
  domain::Payment p = lostAuthorization(kApproved);
  // The merchant gives up while the outcome is unknown: cancelled at once, no processor call.
  auto cancelled = cancel(p.id);
  ASSERT_TRUE(cancelled) << cancelled.status().toString();
  EXPECT_EQ(cancelled->status, PaymentStatus::kCancelled);
  EXPECT_EQ(ledger(*stripe_).cancels, 0);

  // The sweep learns Stripe charged, and voids that charge.
  EXPECT_GE(sweep(), 1);
  auto after = load(p.id);
  ASSERT_TRUE(after) << after.status().toString();
  EXPECT_EQ(after->status, PaymentStatus::kCancelled);
  EXPECT_EQ(after->amountCaptured, 0);
  const domain::Transaction& sale = after->transactions.at(0);
  EXPECT_EQ(sale.outcome, Outcome::kSucceeded);  // what the processor did is on record
  EXPECT_EQ(sale.status, PaymentStatus::kCancelled);
  const domain::TransactionEvent* voided = autoVoid(sale);
  ASSERT_NE(voided, nullptr);
  EXPECT_EQ(voided->outcome, Outcome::kSucceeded);
  EXPECT_FALSE(domain::hasUnresolvedCall(*after));

  auto books = ledger(*stripe_);
  EXPECT_EQ(books.charges, 1);
  EXPECT_EQ(books.cancels, 1);
  ASSERT_NE(books.find(sale.processorTransactionId), nullptr);
  EXPECT_TRUE(books.find(sale.processorTransactionId)->cancelled);
  // No fallback for a cancelled payment, and nothing left for the next sweep.
  EXPECT_EQ(ledger(*adyen_).charges + ledger(*adyen_).declines, 0);
  EXPECT_EQ(route(*after).state, "STOPPED");
  EXPECT_EQ(sweep(), 0);
  EXPECT_EQ(ledger(*stripe_).cancels, 1);
}

TEST_F(UnwantedCharge, ACancelledPaymentsLostDeclineNeedsNoVoidAndNoFallback) {
  domain::Payment p = lostAuthorization(kInsufficientFunds);
  ASSERT_TRUE(cancel(p.id));
  EXPECT_GE(sweep(), 1);
  auto after = load(p.id);
  ASSERT_TRUE(after);
  EXPECT_EQ(after->status, PaymentStatus::kCancelled);
  EXPECT_EQ(after->transactions.at(0).status, PaymentStatus::kDeclined);
  EXPECT_EQ(autoVoid(after->transactions.at(0)), nullptr);
  EXPECT_EQ(ledger(*stripe_).cancels, 0);
  EXPECT_EQ(ledger(*adyen_).charges + ledger(*adyen_).declines, 0);  // the soft decline did not fall back
}

}  // namespace
}  // namespace sy::orchestrator
