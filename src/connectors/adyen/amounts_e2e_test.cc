// Adyen's own minor-unit table beyond the conformance kit's JPY/KWD/BHD: KRW zero-decimal, and ISK
// zero-decimal in ISO 4217 but two-decimal at Adyen.
#include <gtest/gtest.h>

#include "connectors/adyen/adyen_kit.h"
#include "connectors/testing/loopback_fixture.h"

namespace sy::connectors::testing {
namespace {

class AdyenAmountsTest : public LoopbackConnectorFixture<AdyenKit> {};

TEST_F(AdyenAmountsTest, CurrenciesWithAdyensOwnDecimals) {
  CallResult won = authorize(authorization("k-krw", 50000, false, "KRW", 0));
  ASSERT_EQ(won.outcome, CallOutcome::kSucceeded);
  EXPECT_EQ(ledger().find(won.processorTransactionId)->amount, 50000);
  CallResult krona = authorize(authorization("k-isk", 500, false, "ISK", 0));
  ASSERT_EQ(krona.outcome, CallOutcome::kSucceeded);
  EXPECT_EQ(ledger().find(krona.processorTransactionId)->amount, 50000);  // ISK 500.00
}

}  // namespace
}  // namespace sy::connectors::testing
