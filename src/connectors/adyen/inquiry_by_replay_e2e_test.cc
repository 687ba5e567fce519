// Adyen's inquiry is a replay of the original call under its Idempotency-Key (the conformance kit
// proves it resolves lost calls). Here: what happens without the original, with an original that
// does not match the inquiry, and that the key alone makes a replay whatever the body.
#include <gtest/gtest.h>

#include "connectors/adyen/adyen_kit.h"
#include "connectors/testing/loopback_fixture.h"

namespace sy::connectors::testing {
namespace {
using Kind = InquiryRequest::Kind;

class AdyenInquiryByReplayTest : public LoopbackConnectorFixture<AdyenKit> {};

TEST_F(AdyenInquiryByReplayTest, WithoutTheOriginalOnlyACancelIsRebuilt) {
  AuthorizeRequest auth = authorization("k-auth");
  const std::string psp = authorize(auth).processorTransactionId;
  CallResult voided = cancel(CancelRequest{"k-void", psp});
  ASSERT_EQ(voided.outcome, CallOutcome::kSucceeded);
  CallResult again = inquire(inquiry(Kind::kCancel, "k-void", psp));
  EXPECT_EQ(again.outcome, CallOutcome::kSucceeded);
  EXPECT_EQ(again.processorOperationId, voided.processorOperationId);
  EXPECT_EQ(ledger().cancels, 1);
  // An authorization cannot be rebuilt from its key: unknown, nothing sent.
  EXPECT_EQ(inquire(inquiry(Kind::kAuthorize, "k-auth")).outcome, CallOutcome::kUnknown);
  EXPECT_EQ(ledger().charges, 1);
}

TEST_F(AdyenInquiryByReplayTest, AnOriginalThatDoesNotMatchTheInquiryIsNotReplayed) {
  AuthorizeRequest auth = authorization("k-auth");
  InquiryRequest otherKey = inquiryOf(auth);
  otherKey.attemptKey = "k-other";  // re-sent under this key it would be a new payment
  EXPECT_EQ(inquire(otherKey).outcome, CallOutcome::kUnknown);
  InquiryRequest otherKind = inquiryOf(auth);
  otherKind.kind = Kind::kRefund;
  EXPECT_EQ(inquire(otherKind).outcome, CallOutcome::kUnknown);
  EXPECT_TRUE(ledger().payments.empty());
}

TEST_F(AdyenInquiryByReplayTest, TheKeyAloneMakesAReplay) {
  AuthorizeRequest auth = authorization("k-auth", 1000);
  CallResult first = authorize(auth);
  ASSERT_EQ(first.outcome, CallOutcome::kSucceeded);
  AuthorizeRequest other = authorization("k-auth", 2000);
  EXPECT_EQ(authorize(other).processorTransactionId, first.processorTransactionId);
  EXPECT_EQ(ledger().charges, 1);
  EXPECT_EQ(ledger().find(first.processorTransactionId)->amount, 1000);
}

}  // namespace
}  // namespace sy::connectors::testing
