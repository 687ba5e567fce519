// Adyen answers captures, cancels and refunds 201 "received" and confirms them by webhook: the
// connector reports a capture as SETTLING, not SETTLED. The emulator (no webhooks yet) refuses an
// impossible modification at once, which the connector reports as a gateway rejection.
#include <gtest/gtest.h>

#include "connectors/adyen/adyen_kit.h"
#include "connectors/testing/loopback_fixture.h"

namespace sy::connectors::testing {
namespace {
using domain::PaymentStatus;

class AdyenAsyncModificationsTest : public LoopbackConnectorFixture<AdyenKit> {};

TEST_F(AdyenAsyncModificationsTest, ModificationsAreRequestedNotConfirmed) {
  CallResult auth = authorize(authorization("k-auth", 1000));
  ASSERT_EQ(auth.outcome, CallOutcome::kSucceeded);
  const std::string psp = auth.processorTransactionId;
  EXPECT_EQ(psp.size(), 16u);

  CallResult cap = capture(captureOf(psp, "k-cap", 1000));
  EXPECT_EQ(cap.outcome, CallOutcome::kSucceeded);
  EXPECT_EQ(cap.status, PaymentStatus::kSettling);
  EXPECT_EQ(cap.processorTransactionId, psp);
  EXPECT_FALSE(cap.processorOperationId.empty());
  CallResult over = capture(captureOf(psp, "k-cap-over", 1));
  EXPECT_EQ(over.outcome, CallOutcome::kFailed);
  EXPECT_EQ(over.reason->type, domain::ReasonType::kGatewayRejected);

  CallResult ref = refund(refundOf(psp, "k-ref", 300));
  EXPECT_EQ(ref.outcome, CallOutcome::kSucceeded);
  EXPECT_EQ(ref.status, PaymentStatus::kPending);  // no statement about the sale
}

}  // namespace
}  // namespace sy::connectors::testing
