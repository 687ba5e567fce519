// Stripe captures a PaymentIntent once (multicapture is a gated IC+ feature): a second capture is
// refused by Stripe, a non-final one by the connector before sending, and refunds stop at what was
// captured. Over loopback against the emulator.
#include <gtest/gtest.h>

#include "connectors/stripe/stripe_kit.h"
#include "connectors/testing/loopback_fixture.h"

namespace sy::connectors::testing {
namespace {
using domain::ReasonType;

class StripeSingleCaptureTest : public LoopbackConnectorFixture<StripeKit> {};

TEST_F(StripeSingleCaptureTest, OneCaptureThenRefundsUpToIt) {
  CallResult auth = authorize(authorization("k-auth", 1000));
  ASSERT_EQ(auth.outcome, CallOutcome::kSucceeded);
  ASSERT_TRUE(auth.processorTransactionId.starts_with("pi_"));
  const std::string id = auth.processorTransactionId;

  CallResult captured = capture(captureOf(id, "k-cap-1", 600));
  ASSERT_EQ(captured.outcome, CallOutcome::kSucceeded);
  EXPECT_EQ(captured.amountCaptured, 600);
  CallResult second = capture(captureOf(id, "k-cap-2", 100));
  EXPECT_EQ(second.outcome, CallOutcome::kFailed);
  EXPECT_EQ(second.reason->processorCode, "payment_intent_unexpected_state");

  CallResult refunded = refund(refundOf(id, "k-ref-1", 500));
  ASSERT_EQ(refunded.outcome, CallOutcome::kSucceeded);
  EXPECT_TRUE(refunded.processorOperationId.starts_with("re_"));
  CallResult over = refund(refundOf(id, "k-ref-2", 200));  // 600 captured, 500 refunded
  EXPECT_EQ(over.outcome, CallOutcome::kFailed);
  EXPECT_EQ(over.reason->processorCode, "amount_too_large");
  EXPECT_EQ(ledger().captures, 1);
}

TEST_F(StripeSingleCaptureTest, NonFinalCaptureIsRefusedBeforeSending) {
  const std::string id = authorize(authorization("k-auth", 1000)).processorTransactionId;
  CallResult r = capture(captureOf(id, "k-cap", 300, false));
  EXPECT_EQ(r.outcome, CallOutcome::kFailed);
  EXPECT_EQ(r.reason->type, ReasonType::kApplicationError);
  EXPECT_EQ(ledger().captures, 0);
}

}  // namespace
}  // namespace sy::connectors::testing
