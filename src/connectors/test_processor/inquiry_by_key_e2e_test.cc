// The test processor's lookups by idempotency key beyond the conformance kit: a key that names
// another kind of call or another payment never resolves an inquiry, a refused call is not found,
// and a key reused for a different request is never a second charge.
#include <gtest/gtest.h>

#include "connectors/test_processor/test_processor_kit.h"
#include "connectors/testing/loopback_fixture.h"

namespace sy::connectors::testing {
namespace {
using Kind = InquiryRequest::Kind;

class TestProcessorInquiryTest : public LoopbackConnectorFixture<TestProcessorKit> {};

TEST_F(TestProcessorInquiryTest, AKeyOfAnotherKindOrPaymentOrARefusedCallResolvesNothing) {
  const std::string id = authorize(authorization("k-auth", 1000)).processorTransactionId;
  const std::string other = authorize(authorization("k-auth-2", 1000)).processorTransactionId;
  CallResult cap = capture(captureOf(id, "k-cap", 300, false));
  ASSERT_EQ(cap.outcome, CallOutcome::kSucceeded);
  EXPECT_EQ(cap.processorOperationId.rfind("tp_cap_", 0), 0u);
  EXPECT_EQ(cap.amountCaptured, 300);
  CallResult over = capture(captureOf(id, "k-cap-over", 800));
  EXPECT_EQ(over.outcome, CallOutcome::kFailed);
  EXPECT_EQ(over.reason->processorCode, "amount_too_large");

  EXPECT_EQ(inquire(inquiry(Kind::kRefund, "k-cap", id)).outcome, CallOutcome::kUnknown);
  EXPECT_EQ(inquire(inquiry(Kind::kCapture, "k-cap", other)).outcome, CallOutcome::kUnknown);
  EXPECT_EQ(inquire(inquiry(Kind::kCapture, "k-cap-over", id)).outcome, CallOutcome::kNotFound);
  EXPECT_EQ(inquire(inquiry(Kind::kCapture, "k-cap", id)).processorOperationId,
            cap.processorOperationId);
}

TEST_F(TestProcessorInquiryTest, AKeyReusedForAnotherRequestIsNotASecondCharge) {
  AuthorizeRequest req = authorization("k-retry", 1000);
  ASSERT_EQ(authorize(req).outcome, CallOutcome::kSucceeded);
  AuthorizeRequest changed = req;
  changed.amount = 999;
  // 409 idempotency_conflict: the key's first call may have charged, so this one is unknown.
  EXPECT_EQ(authorize(changed).outcome, CallOutcome::kUnknown);
  EXPECT_EQ(ledger().charges, 1);
}

}  // namespace
}  // namespace sy::connectors::testing
