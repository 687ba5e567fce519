// Stripe's inquiries beyond the conformance kit: by PaymentIntent id, a refund key not found in
// the PaymentIntent's refunds, and modifications that cannot be looked up without the id.
#include <gtest/gtest.h>

#include "connectors/stripe/stripe_kit.h"
#include "connectors/testing/loopback_fixture.h"

namespace sy::connectors::testing {
namespace {
using Kind = InquiryRequest::Kind;

class StripeInquiryTest : public LoopbackConnectorFixture<StripeKit> {};

TEST_F(StripeInquiryTest, ByPaymentIntentId) {
  const std::string id = authorize(authorization("k-auth", 1500)).processorTransactionId;
  CallResult byId = inquire(inquiry(Kind::kAuthorize, "k-auth", id));
  EXPECT_EQ(byId.outcome, CallOutcome::kSucceeded);
  EXPECT_EQ(byId.status, domain::PaymentStatus::kAuthorized);
  EXPECT_EQ(inquire(inquiry(Kind::kAuthorize, "k-x", "pi_doesnotexist")).outcome,
            CallOutcome::kNotFound);
  // A capture or refund is looked up through its PaymentIntent: without the id it stays unknown.
  EXPECT_EQ(inquire(inquiry(Kind::kCapture, "k-cap")).outcome, CallOutcome::kUnknown);
  EXPECT_EQ(inquire(inquiry(Kind::kRefund, "k-ref", id)).outcome, CallOutcome::kNotFound);
  // A PaymentIntent still waiting for its capture: the capture was not made.
  EXPECT_EQ(inquire(inquiry(Kind::kCapture, "k-cap", id)).outcome, CallOutcome::kNotFound);
}

}  // namespace
}  // namespace sy::connectors::testing
