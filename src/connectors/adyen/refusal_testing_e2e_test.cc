// Adyen's answers to test data that are not declines (the declines are in the conformance kit):
// Error, Pending, a Luhn-invalid number refused as a bad request, Stripe's decline card approved
// here, and a past expiry date refused 6.
#include <gtest/gtest.h>

#include "connectors/adyen/adyen_kit.h"
#include "connectors/testing/loopback_fixture.h"

namespace sy::connectors::testing {
namespace {

class AdyenRefusalTestingTest : public LoopbackConnectorFixture<AdyenKit> {
 protected:
  AuthorizeRequest withHolder(std::string key, std::string holder) {
    AuthorizeRequest req = authorization(std::move(key));
    req.card.cardholderName = std::move(holder);
    return req;
  }
  AuthorizeRequest withCard(std::string key, std::string number) {
    AuthorizeRequest req = authorization(std::move(key));
    req.card.number = SecretString(std::move(number));
    return req;
  }
};

TEST_F(AdyenRefusalTestingTest, AnswersThatAreNotDeclines) {
  CallResult err = authorize(withHolder("k-err", "ACQUIRER_ERROR"));
  EXPECT_EQ(err.outcome, CallOutcome::kFailed);
  EXPECT_EQ(err.reason->processorCode, "4");
  EXPECT_EQ(authorize(withHolder("k-pending", "PENDING")).outcome, CallOutcome::kUnknown);
  // A Luhn-invalid number is refused as a bad request (422 101), not declined.
  CallResult luhn = authorize(withCard("k-luhn", "4111111111111112"));
  EXPECT_EQ(luhn.outcome, CallOutcome::kFailed);
  EXPECT_EQ(luhn.reason->processorCode, "101");
  // Stripe's insufficient-funds test number is an ordinary approved card here.
  EXPECT_EQ(authorize(withCard("k-9995", "4000000000009995")).outcome, CallOutcome::kSucceeded);
}

TEST_F(AdyenRefusalTestingTest, PastExpiryDateIsRefusedExpired) {
  AuthorizeRequest old = authorization("k-expired");
  old.card.expirationYear = "2020";
  CallResult r = authorize(old);
  EXPECT_EQ(r.outcome, CallOutcome::kDeclined);
  EXPECT_EQ(r.reason->code, domain::DeclineCode::kExpiredCard);
  EXPECT_EQ(r.reason->processorCode, "6");
}

}  // namespace
}  // namespace sy::connectors::testing
