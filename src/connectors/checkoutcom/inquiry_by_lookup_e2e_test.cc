// Checkout.com inquiries without the original call (the conformance kit replays it): the payment's
// status by id, a decline's code from its Authorization action, and modifications found among the
// payment's actions by the `reference` we sent. Without an id an authorization stays unknown.
#include <gtest/gtest.h>

#include "connectors/checkoutcom/checkoutcom_kit.h"
#include "connectors/testing/loopback_fixture.h"

namespace sy::connectors::testing {
namespace {
using domain::PaymentStatus;
using Kind = InquiryRequest::Kind;

class CheckoutComLookupTest : public LoopbackConnectorFixture<CheckoutComKit> {
 protected:
  PaymentStatus statusOf(const std::string& id) {
    return inquire(inquiry(Kind::kAuthorize, "k-auth", id)).status;
  }
};

TEST_F(CheckoutComLookupTest, PaymentStatusById) {
  const std::string id = authorize(authorization("k-auth", 1000)).processorTransactionId;
  EXPECT_EQ(statusOf(id), PaymentStatus::kAuthorized);
  ASSERT_EQ(capture(captureOf(id, "k-cap-1", 300, false)).outcome, CallOutcome::kSucceeded);
  EXPECT_EQ(statusOf(id), PaymentStatus::kPartiallySettled);
  ASSERT_EQ(capture(captureOf(id, "k-cap-2", 200)).outcome, CallOutcome::kSucceeded);
  EXPECT_EQ(statusOf(id), PaymentStatus::kSettled);

  const std::string sale = authorize(authorization("k-sale", 700, true)).processorTransactionId;
  EXPECT_EQ(statusOf(sale), PaymentStatus::kSettled);
  const std::string voided = authorize(authorization("k-auth-2")).processorTransactionId;
  ASSERT_EQ(cancel(CancelRequest{"k-void", voided}).outcome, CallOutcome::kSucceeded);
  EXPECT_EQ(statusOf(voided), PaymentStatus::kCancelled);
  // Without the payment id there is nothing to look up.
  EXPECT_EQ(inquire(inquiry(Kind::kAuthorize, "k-auth")).outcome, CallOutcome::kUnknown);
}

TEST_F(CheckoutComLookupTest, DeclineCodeComesFromTheAuthorizationAction) {
  CallResult declined = authorize(authorization("k-declined", 20051));
  ASSERT_EQ(declined.outcome, CallOutcome::kDeclined);
  CallResult found =
      inquire(inquiry(Kind::kAuthorize, "k-declined", declined.processorTransactionId));
  EXPECT_EQ(found.outcome, CallOutcome::kDeclined);
  ASSERT_TRUE(found.reason);
  EXPECT_EQ(found.reason->processorCode, "20051");
  EXPECT_EQ(found.reason->code, domain::DeclineCode::kInsufficientFunds);
}

TEST_F(CheckoutComLookupTest, ModificationsAreFoundByTheirReference) {
  const std::string id = authorize(authorization("k-auth", 1000, true)).processorTransactionId;
  CallResult ref = refund(refundOf(id, "k-ref-1", 200));
  ASSERT_EQ(ref.outcome, CallOutcome::kSucceeded);
  EXPECT_EQ(ref.processorOperationId.rfind("act_", 0), 0u);
  EXPECT_EQ(refund(refundOf(id, "k-ref-over", 5000)).outcome, CallOutcome::kFailed);

  EXPECT_EQ(inquire(inquiry(Kind::kRefund, "k-ref-1", id)).processorOperationId,
            ref.processorOperationId);
  EXPECT_EQ(inquire(inquiry(Kind::kRefund, "k-ref-over", id)).outcome, CallOutcome::kNotFound);
  // The key names a refund: it cannot resolve a capture.
  EXPECT_EQ(inquire(inquiry(Kind::kCapture, "k-ref-1", id)).outcome, CallOutcome::kUnknown);
}

}  // namespace
}  // namespace sy::connectors::testing
