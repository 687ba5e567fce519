// Checkout.com answers a later request under a used Cko-Idempotency-Key with the original status
// and body, whatever its body: that is what makes a replay without the CVV an inquiry (the
// conformance kit proves lost calls are resolved by it).
#include <gtest/gtest.h>

#include "connectors/checkoutcom/checkoutcom_kit.h"
#include "connectors/testing/loopback_fixture.h"

namespace sy::connectors::testing {
namespace {

class CheckoutComReplayTest : public LoopbackConnectorFixture<CheckoutComKit> {};

TEST_F(CheckoutComReplayTest, TheKeyAloneMakesAReplay) {
  AuthorizeRequest req = authorization("k-retry", 1000);
  CallResult first = authorize(req);
  ASSERT_EQ(first.outcome, CallOutcome::kSucceeded);
  AuthorizeRequest changed = req;
  changed.amount = 999;
  changed.card.cvv = SecretString(std::string());
  EXPECT_EQ(authorize(changed).processorTransactionId, first.processorTransactionId);
  EXPECT_EQ(ledger().charges, 1);
  EXPECT_EQ(ledger().find(first.processorTransactionId)->amount, 1000);
}

}  // namespace
}  // namespace sy::connectors::testing
