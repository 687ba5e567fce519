// Stripe's refusals that are not declines: a key reused with other parameters (idempotency_error,
// whose first call may have charged: unknown), processing_error (failed, retry later), and keys
// that are not secret keys.
#include <gtest/gtest.h>

#include "connectors/stripe/stripe_kit.h"
#include "connectors/testing/loopback_fixture.h"

namespace sy::connectors::testing {
namespace {
using domain::ReasonType;

class StripeRequestErrorsTest : public LoopbackConnectorFixture<StripeKit> {};

TEST_F(StripeRequestErrorsTest, KeyReusedWithOtherParametersIsUnknownNotASecondCharge) {
  AuthorizeRequest req = authorization("k-idem", 1000);
  ASSERT_EQ(authorize(req).outcome, CallOutcome::kSucceeded);
  AuthorizeRequest changed = req;
  changed.amount = 2000;
  EXPECT_EQ(authorize(changed).outcome, CallOutcome::kUnknown);
  EXPECT_EQ(ledger().charges, 1);
}

TEST_F(StripeRequestErrorsTest, ProcessingErrorIsAFailureToRetryLater) {
  AuthorizeRequest req = authorization("k-proc");
  req.card.number = SecretString(std::string("4000000000000119"));
  CallResult r = authorize(req);
  EXPECT_EQ(r.outcome, CallOutcome::kFailed);
  EXPECT_EQ(r.reason->type, ReasonType::kGatewayRejected);
  EXPECT_EQ(r.reason->advisedAction, domain::AdvisedAction::kRetryLater);
  EXPECT_EQ(ledger().charges, 0);
}

TEST_F(StripeRequestErrorsTest, CredentialsThatAreNotASecretKeyFailWithoutCharging) {
  // A publishable key is refused by Stripe (401); credentials without secretKey are not sent.
  ConnectionConfig publishable = conn_;
  publishable.credentialsJson = SecretString(R"({"secretKey":"pk_test_publishable"})");
  CallResult refused = authorize(authorization("k-pk"), publishable);
  EXPECT_EQ(refused.outcome, CallOutcome::kFailed);
  EXPECT_EQ(refused.reason->type, ReasonType::kGatewayRejected);
  ConnectionConfig wrongField = conn_;
  wrongField.credentialsJson = SecretString(R"({"apiKey":"sk_test_x"})");
  EXPECT_EQ(authorize(authorization("k-field"), wrongField).reason->type,
            ReasonType::kApplicationError);
  EXPECT_TRUE(ledger().payments.empty());
}

}  // namespace
}  // namespace sy::connectors::testing
