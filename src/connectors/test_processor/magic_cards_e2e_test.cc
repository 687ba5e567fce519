// The test processor's magic cards that are not declines (those are in the conformance kit):
// approving brands, the card that fails to process, the card whose answer is held past the
// caller's deadline. Over loopback against the emulator.
#include <gtest/gtest.h>

#include "connectors/test_processor/test_processor_kit.h"
#include "connectors/testing/loopback_fixture.h"

namespace sy::connectors::testing {
namespace {
using domain::PaymentStatus;
using domain::ReasonType;

class TestProcessorMagicCardsTest : public LoopbackConnectorFixture<TestProcessorKit> {
 protected:
  AuthorizeRequest withCard(std::string key, std::string number, bool capture = false) {
    AuthorizeRequest req = authorization(std::move(key), 700, capture);
    req.card.number = SecretString(std::move(number));
    return req;
  }
};

TEST_F(TestProcessorMagicCardsTest, ApprovingCardsOfEveryBrand) {
  CallResult visa = authorize(withCard("k-visa", "4111111111111111"));
  EXPECT_EQ(visa.outcome, CallOutcome::kSucceeded);
  EXPECT_EQ(visa.processorTransactionId.rfind("tp_pay_", 0), 0u);
  CallResult mc = authorize(withCard("k-mc", "5555555555554444", true));
  EXPECT_EQ(mc.status, PaymentStatus::kSettled);
  EXPECT_EQ(mc.amountCaptured, 700);
  EXPECT_EQ(authorize(withCard("k-amex", "378282246310005")).outcome, CallOutcome::kSucceeded);
  // Any other Luhn-valid number is approved.
  EXPECT_EQ(authorize(withCard("k-other", "6011111111111117")).outcome, CallOutcome::kSucceeded);
  EXPECT_EQ(ledger().charges, 4);
}

TEST_F(TestProcessorMagicCardsTest, ProcessingErrorIsAFailureNotADecline) {
  CallResult failed = authorize(withCard("k-fail", "4000000000000119"));
  EXPECT_EQ(failed.outcome, CallOutcome::kFailed);
  EXPECT_EQ(failed.status, PaymentStatus::kFailed);
  ASSERT_TRUE(failed.reason);
  EXPECT_EQ(failed.reason->type, ReasonType::kGatewayRejected);
  EXPECT_EQ(failed.reason->processorCode, "processing_error");
  EXPECT_EQ(ledger().charges, 0);
}

TEST_F(TestProcessorMagicCardsTest, SlowCardIsUnknownThenFoundByInquiry) {
  // The slow card is authorized at once and its answer held for a second (emulatorOptions).
  conn_.timeout = std::chrono::milliseconds(200);
  AuthorizeRequest slow = withCard("k-slow", "4000000000000259");
  CallResult r = authorize(slow);
  EXPECT_EQ(r.outcome, CallOutcome::kUnknown);
  ASSERT_TRUE(r.reason);
  EXPECT_EQ(r.reason->type, ReasonType::kGatewayTimeout);
  EXPECT_EQ(r.reason->message.rfind("outcome unknown: ", 0), 0u);
  conn_.timeout = kTimeout;
  CallResult found = inquire(inquiryOf(slow));
  EXPECT_EQ(found.outcome, CallOutcome::kSucceeded);
  EXPECT_EQ(found.status, PaymentStatus::kAuthorized);
  // A retry under the key is answered from the stored response, without a second charge.
  EXPECT_EQ(authorize(slow).processorTransactionId, found.processorTransactionId);
  EXPECT_EQ(ledger().charges, 1);
}

}  // namespace
}  // namespace sy::connectors::testing
