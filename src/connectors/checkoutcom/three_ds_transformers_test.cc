// Checkout.com 3-D Secure and stored credentials, offline: the request bodies for each 3-D Secure
// mode and payment type, and the `3ds` object / 202 Pending challenge in answers, against the
// recorded bodies in testdata/ (validated against the spec by contract_check.js).
#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <boost/json/value.hpp>

#include "connectors/checkoutcom/transformers.h"
#include "connectors/testing/testdata.h"

namespace sy::connectors::checkoutcom {
namespace {
using domain::DeclineCode;
using domain::PaymentStatus;
using testing::testdata;

boost::json::value json(std::string_view text) { return boost::json::parse(text); }

Credentials creds() {
  Credentials c;
  c.secretKey = SecretString("sk_sbox_m73dzbpy7cf3gfd46xr4yj5xo4e");
  c.processingChannelId = "pc_q4dbxom5jbgudnjzjpz7j2z6uq";
  return c;
}

AuthorizeRequest challengeCard() {
  AuthorizeRequest req;
  req.attemptKey = "attempt-3ds-1";
  req.amount = 6540;
  req.currencyCode = "USD";
  req.orderId = "ORD-5023-4E89";
  req.card.number = SecretString("5385308360135181");
  req.card.cvv = SecretString("100");
  req.card.expirationMonth = "12";
  req.card.expirationYear = "2030";
  req.card.cardholderName = "Ada Lovelace";
  return req;
}

ExternalThreeDs external() {
  ExternalThreeDs x;
  x.transStatus = "Y";
  x.eci = "02";
  x.authenticationValue = SecretString("AJkBBkhgQQAAAE4gSEJydQAAAAA=");
  x.dsTransactionId = "f25084f0-5b16-4c0a-ae5d-b24808a95e4b";
  x.threeDsServerTransactionId = "0b7c3f53-6f2e-4c55-9d0b-3c1e1b6f7a10";
  x.protocolVersion = "2.2.0";
  x.challenged = true;
  return x;
}

boost::json::object bodyOf(const AuthorizeRequest& req) {
  auto body = authorizeBody(req, creds());
  EXPECT_TRUE(body) << body.status().toString();
  return body ? json(body->reveal()).as_object() : boost::json::object{};
}

TEST(CheckoutComThreeDsTransformersTest, ProcessorModeAsksForThreeDsAndReturnUrls) {
  AuthorizeRequest req = challengeCard();
  req.threeDSecure = ThreeDsMode::kProcessor;
  req.returnUrl = "https://pay.example.com/checkout/3ds/return?payment=pay_01HX";
  EXPECT_EQ(boost::json::value(bodyOf(req)), json(testdata("authorize_3ds.request.json")));
  // Without a return URL the account's default redirect URLs apply: none are sent.
  req.returnUrl.clear();
  auto body = bodyOf(req);
  EXPECT_FALSE(body.contains("success_url"));
  EXPECT_TRUE(body.at("3ds").at("enabled").as_bool());
  // A return URL Checkout.com would refuse is refused before anything is sent.
  req.returnUrl = "https://pay.example.com/" + std::string(1100, 'a');
  EXPECT_EQ(authorizeBody(req, creds()).status().code(), StatusCode::kInvalidArgument);
  req.returnUrl = "javascript:alert(1)";
  EXPECT_EQ(authorizeBody(req, creds()).status().code(), StatusCode::kInvalidArgument);
}

TEST(CheckoutComThreeDsTransformersTest, NoThreeDsUnlessAsked) {
  auto body = bodyOf(challengeCard());
  EXPECT_FALSE(body.contains("3ds"));
  EXPECT_FALSE(body.contains("success_url"));
  EXPECT_FALSE(body.contains("merchant_initiated"));
  EXPECT_EQ(body.at("payment_type").as_string(), "Regular");
}

TEST(CheckoutComThreeDsTransformersTest, ExternalThreeDsIsSentAsMpiData) {
  AuthorizeRequest req = challengeCard();
  req.threeDSecure = ThreeDsMode::kExternal;
  req.externalThreeDs = external();
  req.returnUrl = "https://pay.example.com/checkout/3ds/return?payment=pay_01HX";
  // No return URL: Checkout.com is not asked to authenticate.
  EXPECT_EQ(boost::json::value(bodyOf(req)), json(testdata("authorize_external_3ds.request.json")));

  AuthorizeRequest missing = req;
  missing.externalThreeDs.reset();
  EXPECT_EQ(authorizeBody(missing, creds()).status().code(), StatusCode::kInvalidArgument);
  AuthorizeRequest badEci = req;
  badEci.externalThreeDs->eci = "5";
  EXPECT_EQ(authorizeBody(badEci, creds()).status().code(), StatusCode::kInvalidArgument);
  AuthorizeRequest noCryptogram = req;
  noCryptogram.externalThreeDs->authenticationValue = SecretString(std::string());
  auto refused = authorizeBody(noCryptogram, creds());
  EXPECT_EQ(refused.status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(refused.status().message().find("AJkB"), std::string::npos);
}

TEST(CheckoutComThreeDsTransformersTest, StoredCredentialFlags) {
  AuthorizeRequest req = challengeCard();
  req.card.cvv = SecretString(std::string());
  req.paymentType = PaymentType::kSubscription;
  req.storedCard = true;
  // The customer is not there: no 3-D Secure even in processor mode.
  req.threeDSecure = ThreeDsMode::kProcessor;
  req.returnUrl = "https://pay.example.com/checkout/3ds/return?payment=pay_01HX";
  EXPECT_EQ(boost::json::value(bodyOf(req)), json(testdata("authorize_subscription.request.json")));

  struct Case {
    PaymentType type;
    bool stored;
    const char* paymentType;
    std::optional<bool> merchantInitiated;
  };
  for (const Case& c : {Case{PaymentType::kUnscheduled, true, "Regular", true},
                        Case{PaymentType::kFirstPayment, false, "Recurring", false},
                        Case{PaymentType::kEcommerce, true, "Regular", false},
                        Case{PaymentType::kUnspecified, true, "Regular", false},
                        Case{PaymentType::kUnspecified, false, "Regular", std::nullopt}}) {
    AuthorizeRequest r = challengeCard();
    r.paymentType = c.type;
    r.storedCard = c.stored;
    auto body = bodyOf(r);
    EXPECT_EQ(body.at("payment_type").as_string(), c.paymentType) << int(c.type);
    if (c.merchantInitiated) {
      EXPECT_EQ(body.at("merchant_initiated").as_bool(), *c.merchantInitiated) << int(c.type);
    } else {
      EXPECT_FALSE(body.contains("merchant_initiated"));
    }
  }
  // The first payment of a series is customer-initiated: it may authenticate.
  AuthorizeRequest first = challengeCard();
  first.paymentType = PaymentType::kFirstPayment;
  first.threeDSecure = ThreeDsMode::kProcessor;
  EXPECT_TRUE(bodyOf(first).contains("3ds"));
}

TEST(CheckoutComThreeDsTransformersTest, PendingWithARedirectIsAChallenge) {
  CallResult r = fromAuthorizeResponse(202, testdata("authorize_3ds_pending.response.202.json"),
                                       false);
  EXPECT_EQ(r.outcome, CallOutcome::kSucceeded);
  EXPECT_EQ(r.status, PaymentStatus::kPending);
  EXPECT_EQ(r.processorTransactionId, "pay_h2wnzqjyp5cuvnvxq6hsbvdmqy");
  EXPECT_EQ(r.challengeUrl, "https://api.sandbox.checkout.com/3ds/pay_h2wnzqjyp5cuvnvxq6hsbvdmqy");
  EXPECT_FALSE(r.threeDSecure);  // not authenticated yet
  // Without a redirect a Pending is only not final yet.
  CallResult async =
      fromAuthorizeResponse(202, testdata("authorize_pending.response.202.json"), false);
  EXPECT_EQ(async.outcome, CallOutcome::kUnknown);
  EXPECT_TRUE(async.challengeUrl.empty());
}

TEST(CheckoutComThreeDsTransformersTest, FrictionlessAndDowngradedAuthorizationsReportThreeDs) {
  CallResult r = fromAuthorizeResponse(
      201, testdata("authorize_3ds_frictionless.response.201.json"), false);
  EXPECT_EQ(r.outcome, CallOutcome::kSucceeded);
  EXPECT_EQ(r.status, PaymentStatus::kAuthorized);
  ASSERT_TRUE(r.threeDSecure);
  EXPECT_EQ(r.threeDSecure->responseCode, "AUTH_SUCCESS");
  EXPECT_EQ(r.threeDSecure->protocolVersion, "2.2.0");
  EXPECT_EQ(r.threeDSecure->challengeIssued, false);

  CallResult skipped = fromAuthorizeResponse(
      201, testdata("authorize_3ds_downgraded.response.201.json"), false);
  ASSERT_TRUE(skipped.threeDSecure);
  EXPECT_EQ(skipped.threeDSecure->responseCode, "SKIPPED");
  EXPECT_EQ(skipped.threeDSecure->reasonCode, "NOT_SUPPORTED_BY_ISSUER");
  EXPECT_FALSE(fromAuthorizeResponse(201, testdata("authorize.response.201.json"), false)
                   .threeDSecure);
}

TEST(CheckoutComThreeDsTransformersTest, PaymentDetailsAfterTheChallenge) {
  CallResult waiting = fromPaymentDetails(200, testdata("payment_3ds_pending.response.200.json"));
  EXPECT_EQ(waiting.outcome, CallOutcome::kSucceeded);
  EXPECT_EQ(waiting.status, PaymentStatus::kPending);
  EXPECT_EQ(waiting.challengeUrl,
            "https://api.sandbox.checkout.com/3ds/pay_h2wnzqjyp5cuvnvxq6hsbvdmqy");

  CallResult ok = fromPaymentDetails(200, testdata("payment_3ds_authorized.response.200.json"));
  EXPECT_EQ(ok.outcome, CallOutcome::kSucceeded);
  EXPECT_EQ(ok.status, PaymentStatus::kAuthorized);
  EXPECT_TRUE(ok.challengeUrl.empty());
  ASSERT_TRUE(ok.threeDSecure);
  EXPECT_EQ(ok.threeDSecure->responseCode, "AUTH_SUCCESS");
  EXPECT_EQ(ok.threeDSecure->challengeIssued, true);

  CallResult failed = fromPaymentDetails(200, testdata("payment_3ds_failed.response.200.json"));
  EXPECT_EQ(failed.outcome, CallOutcome::kDeclined);
  ASSERT_TRUE(failed.threeDSecure);
  EXPECT_EQ(failed.threeDSecure->responseCode, "AUTH_FAILED");
  EXPECT_EQ(failed.threeDSecure->reasonCode, "CARD_AUTHENTICATION_FAILED");
  EXPECT_EQ(failed.threeDSecure->challengeIssued, true);
  auto reason = declineFromActions(200, testdata("actions_3ds_failed.response.200.json"));
  ASSERT_TRUE(reason);
  EXPECT_EQ(reason->processorCode, "20151");
  EXPECT_EQ(reason->code, DeclineCode::kAuthenticationRequired);
}

}  // namespace
}  // namespace sy::connectors::checkoutcom
