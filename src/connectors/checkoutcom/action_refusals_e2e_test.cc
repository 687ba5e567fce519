// What Checkout.com refuses, as failures with its code (never unknown, never a decline): more
// than the balance, a capture after a Final one, a second void, an unknown payment, and a
// three-decimal amount without the final 0 it requires (refused before sending).
#include <gtest/gtest.h>

#include "connectors/checkoutcom/checkoutcom_kit.h"
#include "connectors/testing/loopback_fixture.h"

namespace sy::connectors::testing {
namespace {

class CheckoutComRefusalsTest : public LoopbackConnectorFixture<CheckoutComKit> {};

TEST_F(CheckoutComRefusalsTest, CapturesAndRefundsBeyondTheBalance) {
  const std::string id = authorize(authorization("k-auth", 1000)).processorTransactionId;
  ASSERT_EQ(capture(captureOf(id, "k-cap-1", 300, false)).outcome, CallOutcome::kSucceeded);
  CallResult over = capture(captureOf(id, "k-cap-over", 800));
  EXPECT_EQ(over.outcome, CallOutcome::kFailed);
  EXPECT_EQ(over.reason->processorCode, "amount_exceeds_balance");
  ASSERT_EQ(capture(captureOf(id, "k-cap-2", 200)).outcome, CallOutcome::kSucceeded);
  // A Final capture voided the rest.
  EXPECT_EQ(capture(captureOf(id, "k-cap-3", 100)).outcome, CallOutcome::kFailed);
  EXPECT_EQ(ledger().find(id)->captured, 500);

  CallResult tooMuch = refund(refundOf(id, "k-ref", 600));
  EXPECT_EQ(tooMuch.outcome, CallOutcome::kFailed);
  EXPECT_EQ(tooMuch.reason->processorCode, "refund_amount_exceeds_balance");
}

TEST_F(CheckoutComRefusalsTest, VoidTwiceAndUnknownPayment) {
  const std::string id = authorize(authorization("k-auth")).processorTransactionId;
  ASSERT_EQ(cancel(CancelRequest{"k-void", id}).outcome, CallOutcome::kSucceeded);
  CallResult twice = cancel(CancelRequest{"k-void-2", id});
  EXPECT_EQ(twice.outcome, CallOutcome::kFailed);
  EXPECT_EQ(twice.reason->processorCode, "http_403");
  CallResult unknown = cancel(CancelRequest{"k-void-3", "pay_aaaaaaaaaaaaaaaaaaaaaaaaaa"});
  EXPECT_EQ(unknown.reason->processorCode, "http_404");
}

TEST_F(CheckoutComRefusalsTest, ThreeDecimalAmountWithoutFinalZeroIsNotSent) {
  CallResult odd = authorize(authorization("k-kwd-odd", 12345, false, "KWD", 3));
  EXPECT_EQ(odd.outcome, CallOutcome::kFailed);
  EXPECT_EQ(odd.reason->type, domain::ReasonType::kApplicationError);
  EXPECT_TRUE(ledger().payments.empty());
}

}  // namespace
}  // namespace sy::connectors::testing
