// Stripe's own currency decimals beyond the conformance kit's JPY/KWD/BHD: KRW zero-decimal, ISK
// two-decimal with "00", and three-decimal amounts Stripe cannot take (not a multiple of 10)
// refused before sending.
#include <gtest/gtest.h>

#include "connectors/stripe/stripe_kit.h"
#include "connectors/testing/loopback_fixture.h"

namespace sy::connectors::testing {
namespace {

class StripeAmountsTest : public LoopbackConnectorFixture<StripeKit> {};

TEST_F(StripeAmountsTest, CurrenciesWithStripesOwnDecimals) {
  CallResult krw = authorize(authorization("k-krw", 15000, true, "KRW", 0));
  ASSERT_EQ(krw.outcome, CallOutcome::kSucceeded);
  EXPECT_EQ(ledger().find(krw.processorTransactionId)->amount, 15000);
  CallResult isk = authorize(authorization("k-isk", 5, true, "ISK", 0));
  ASSERT_EQ(isk.outcome, CallOutcome::kSucceeded);
  EXPECT_EQ(isk.amountCaptured, 5);                                   // converted back
  EXPECT_EQ(ledger().find(isk.processorTransactionId)->amount, 500);  // two decimals at Stripe
}

TEST_F(StripeAmountsTest, ThreeDecimalAmountNotAMultipleOfTenIsRefusedBeforeSending) {
  CallResult bad = authorize(authorization("k-bhd", 1005, false, "BHD", 3));
  EXPECT_EQ(bad.outcome, CallOutcome::kFailed);
  EXPECT_EQ(bad.reason->type, domain::ReasonType::kApplicationError);
  EXPECT_TRUE(ledger().payments.empty());
}

}  // namespace
}  // namespace sy::connectors::testing
