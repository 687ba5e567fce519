// Checkout.com's documented approving test cards, over loopback against the emulator (the
// amount-triggered declines are in the conformance kit).
#include <gtest/gtest.h>

#include "connectors/checkoutcom/checkoutcom_kit.h"
#include "connectors/testing/loopback_fixture.h"

namespace sy::connectors::testing {
namespace {

class CheckoutComTestCardsTest : public LoopbackConnectorFixture<CheckoutComKit> {};

TEST_F(CheckoutComTestCardsTest, DocumentedCardsAndAnyLuhnValidNumberApprove) {
  for (const char* card : {"4242424242424242", "4543474002249996", "5436031030606378",
                           "345678901234564", "4000000000009995"}) {
    AuthorizeRequest req = authorization(std::string("k-") + card);
    req.card.number = SecretString(std::string(card));
    CallResult r = authorize(req);
    EXPECT_EQ(r.outcome, CallOutcome::kSucceeded) << card;
    EXPECT_EQ(r.processorTransactionId.rfind("pay_", 0), 0u) << card;
    EXPECT_EQ(r.processorTransactionId.size(), 30u) << card;
  }
  EXPECT_EQ(ledger().charges, 5);
}

}  // namespace
}  // namespace sy::connectors::testing
