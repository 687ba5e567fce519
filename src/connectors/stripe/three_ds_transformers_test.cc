// Stripe 3-D Secure, offline: the authorize body per mode, and the recorded answers in testdata/
// (written by contract_testdata_test.cc from the emulator) mapped to CallResults.
#include <gtest/gtest.h>

#include "connectors/stripe/transformers.h"
#include "connectors/testing/testdata.h"

namespace sy::connectors::stripe {
namespace {
using domain::DeclineCode;
using domain::PaymentStatus;
using testing::testdata;

AuthorizeRequest request(ThreeDsMode mode) {
  AuthorizeRequest req;
  req.attemptKey = "att_1";
  req.amount = 4200;
  req.currencyCode = "EUR";
  req.card.number = SecretString("4000000000003220");
  req.card.expirationMonth = "12";
  req.card.expirationYear = "2030";
  req.threeDSecure = mode;
  req.returnUrl = "https://pay.example/checkout/3ds/return?payment=p1";
  return req;
}

TEST(StripeThreeDs, WithoutThreeDsAChallengeIsAnErrorNotAnAction) {
  auto body = authorizeBody(request(ThreeDsMode::kNone));
  ASSERT_TRUE(body.isOk());
  EXPECT_NE(body->reveal().find("error_on_requires_action=true"), std::string::npos);
  EXPECT_EQ(body->reveal().find("request_three_d_secure"), std::string::npos);
  EXPECT_EQ(body->reveal().find("return_url"), std::string::npos);
}

TEST(StripeThreeDs, ProcessorThreeDsAsksForAuthenticationWithAReturnUrl) {
  auto body = authorizeBody(request(ThreeDsMode::kProcessor));
  ASSERT_TRUE(body.isOk());
  const std::string& b = body->reveal();
  EXPECT_EQ(b.find("error_on_requires_action"), std::string::npos);
  EXPECT_NE(b.find("payment_method_options[card][request_three_d_secure]=any"), std::string::npos);
  EXPECT_NE(b.find("return_url=https%3A%2F%2Fpay.example%2Fcheckout%2F3ds%2Freturn%3Fpayment%3Dp1"),
            std::string::npos);
  EXPECT_NE(b.find("expand[0]=latest_charge"), std::string::npos);
}

TEST(StripeThreeDs, RequiresActionIsAPendingChallenge) {
  CallResult r = fromPaymentIntentResponse(
      200, testdata("create_payment_intent.response.200.requires_action.json"));
  EXPECT_EQ(r.outcome, CallOutcome::kSucceeded);
  EXPECT_EQ(r.status, PaymentStatus::kPending);
  EXPECT_NE(r.challengeUrl.find("/3ds/challenge/pi_"), std::string::npos) << r.challengeUrl;
  EXPECT_FALSE(r.processorTransactionId.empty());
  EXPECT_FALSE(r.threeDSecure.has_value());
}

TEST(StripeThreeDs, FrictionlessIsAuthorizedWithItsAuthentication) {
  CallResult r = fromPaymentIntentResponse(
      200, testdata("create_payment_intent.response.200.frictionless.json"));
  EXPECT_EQ(r.outcome, CallOutcome::kSucceeded);
  EXPECT_EQ(r.status, PaymentStatus::kAuthorized);
  EXPECT_TRUE(r.challengeUrl.empty());
  ASSERT_TRUE(r.threeDSecure.has_value());
  EXPECT_EQ(r.threeDSecure->responseCode, "AUTH_SUCCESS");
  EXPECT_EQ(r.threeDSecure->challengeIssued, std::optional<bool>(false));
  EXPECT_EQ(r.threeDSecure->protocolVersion, "2.2.0");
}

TEST(StripeThreeDs, AnApprovedChallengeIsAuthorized) {
  CallResult r = fromPaymentIntentResponse(
      200, testdata("retrieve_payment_intent.response.200.authenticated.json"));
  EXPECT_EQ(r.outcome, CallOutcome::kSucceeded);
  EXPECT_EQ(r.status, PaymentStatus::kAuthorized);
  ASSERT_TRUE(r.threeDSecure.has_value());
  EXPECT_EQ(r.threeDSecure->responseCode, "AUTH_SUCCESS");
  EXPECT_EQ(r.threeDSecure->challengeIssued, std::optional<bool>(true));
}

TEST(StripeThreeDs, AFailedChallengeIsDeclinedAuthenticationRequired) {
  CallResult r = fromPaymentIntentResponse(
      200, testdata("retrieve_payment_intent.response.200.authentication_failed.json"));
  EXPECT_EQ(r.outcome, CallOutcome::kDeclined);
  EXPECT_EQ(r.status, PaymentStatus::kDeclined);
  ASSERT_TRUE(r.reason.has_value());
  EXPECT_EQ(r.reason->code, DeclineCode::kAuthenticationRequired);
  EXPECT_EQ(r.reason->processorCode, "payment_intent_authentication_failure");
  ASSERT_TRUE(r.threeDSecure.has_value());
  EXPECT_EQ(r.threeDSecure->responseCode, "AUTH_FAILED");
  EXPECT_EQ(r.threeDSecure->reasonCode, "CARD_AUTHENTICATION_FAILED");
  EXPECT_EQ(r.threeDSecure->challengeIssued, std::optional<bool>(true));
}

TEST(StripeThreeDs, TheAuthenticatedReadAsksForTheCharge) {
  EXPECT_EQ(authenticatedIntentPath("pi_1"), "/v1/payment_intents/pi_1?expand%5B0%5D=latest_charge");
}

}  // namespace
}  // namespace sy::connectors::stripe

namespace sy::connectors::stripe {
namespace {

TEST(StripeStoredCredentials, AMerchantInitiatedChargeIsOffSessionWithoutThreeDsOptions) {
  AuthorizeRequest req = request(ThreeDsMode::kProcessor);
  req.paymentType = PaymentType::kUnscheduled;
  req.storedCard = true;
  auto body = authorizeBody(req);
  ASSERT_TRUE(body.isOk());
  const std::string& b = body->reveal();
  EXPECT_NE(b.find("off_session=true"), std::string::npos);
  EXPECT_EQ(b.find("request_three_d_secure"), std::string::npos);
  EXPECT_EQ(b.find("error_on_requires_action"), std::string::npos);
  EXPECT_EQ(b.find("setup_future_usage"), std::string::npos);
}

TEST(StripeStoredCredentials, AFirstPaymentSetsTheCardUpForLaterOffSessionCharges) {
  AuthorizeRequest req = request(ThreeDsMode::kNone);
  req.paymentType = PaymentType::kFirstPayment;
  auto body = authorizeBody(req);
  ASSERT_TRUE(body.isOk());
  EXPECT_NE(body->reveal().find("setup_future_usage=off_session"), std::string::npos);
  EXPECT_EQ(body->reveal().find("off_session=true"), std::string::npos);
}

}  // namespace
}  // namespace sy::connectors::stripe
