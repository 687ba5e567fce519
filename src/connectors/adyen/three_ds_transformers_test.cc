// Offline tests of the Adyen transformers' 3-D Secure and stored-credential parts against the
// recorded bodies in testdata/ (validated against the spec by contract_check.js).
#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <boost/json/value.hpp>

#include "connectors/adyen/transformers.h"
#include "connectors/testing/testdata.h"

namespace sy::connectors::adyen {
namespace {
using domain::DeclineCode;
using domain::PaymentStatus;
using testing::testdata;
namespace json = boost::json;

json::value parsed(std::string_view s) { return json::parse(s); }

Credentials creds() {
  auto c = credentialsFrom(SecretString(
      std::string(R"({"apiKey":"AQE1hmfxK_secret","merchantAccount":"SwitchyardECOM"})")));
  EXPECT_TRUE(c.isOk());
  return *c;
}

AuthorizeRequest request(std::string key, std::string number = "5454545454545454") {
  AuthorizeRequest req;
  req.attemptKey = std::move(key);
  req.amount = 1000;
  req.currencyCode = "EUR";
  req.orderId = "order-1001";
  req.descriptor = "SWITCHYARD*ORDER1001";
  req.card.number = SecretString(std::move(number));
  req.card.cvv = SecretString(std::string("737"));
  req.card.expirationMonth = "3";
  req.card.expirationYear = "2030";
  req.card.cardholderName = "John Smith";
  return req;
}

ExternalThreeDs external(bool challenged) {
  ExternalThreeDs t;
  t.transStatus = "Y";
  t.eci = "02";
  t.authenticationValue = SecretString(std::string("AAABBEJ5cGVzAAAAAAAAAAAAAAA="));
  t.dsTransactionId = "f25084f0-5b16-4c0a-ae5d-b24808a95e4b";
  t.threeDsServerTransactionId = "0e2b5a4c-7f0e-4c43-9c64-0a4d3c2a1b99";
  t.protocolVersion = "2.2.0";
  t.challenged = challenged;
  return t;
}

json::object bodyOf(const AuthorizeRequest& req) {
  auto body = authorizeBody(req, creds());
  EXPECT_TRUE(body.isOk()) << body.status().toString();
  return body ? json::parse(body->reveal()).as_object() : json::object{};
}

TEST(AdyenThreeDsRequests, ProcessorModeAsksForTheRedirectFlow) {
  AuthorizeRequest req = request("att_01HZX3J8Q23DS");
  req.threeDSecure = ThreeDsMode::kProcessor;
  req.returnUrl = "https://pay.example.com/checkout/3ds/return?payment=pay_3ds1";
  EXPECT_EQ(json::value(bodyOf(req)), parsed(testdata("payments.three_ds.request.json")));
  // The full BrowserInfo the spec requires for web 3-D Secure.
  const json::object browser = parsed(kRedirectBrowserInfo).as_object();
  for (const char* k : {"acceptHeader", "colorDepth", "javaEnabled", "language", "screenHeight",
                        "screenWidth", "timeZoneOffset", "userAgent"})
    EXPECT_TRUE(browser.contains(k)) << k;
}

TEST(AdyenThreeDsRequests, ProcessorModeNeedsAnHttpReturnUrl) {
  AuthorizeRequest req = request("att_1");
  req.threeDSecure = ThreeDsMode::kProcessor;
  // Without Switchyard's return URL the connection's is used.
  json::object fallback = bodyOf(req);
  EXPECT_EQ(fallback.at("returnUrl").as_string(), kDefaultReturnUrl);
  EXPECT_EQ(fallback.at("origin").as_string(), "https://switchyard.invalid");
  req.returnUrl = "javascript:alert(1)";
  auto bad = authorizeBody(req, creds());
  ASSERT_FALSE(bad.isOk());
  EXPECT_EQ(bad.status().message().find("5454545454545454"), std::string::npos);
  req.returnUrl = "http://127.0.0.1:8080/checkout/3ds/return?payment=p";
  EXPECT_EQ(bodyOf(req).at("origin").as_string(), "http://127.0.0.1:8080");
}

TEST(AdyenThreeDsRequests, WithoutProcessorModeAdyenIsToldNotToAuthenticate) {
  json::object none = bodyOf(request("att_1"));
  EXPECT_EQ(none.at("authenticationData").at("attemptAuthentication").as_string(), "never");
  EXPECT_FALSE(none.contains("browserInfo"));
  EXPECT_FALSE(none.contains("mpiData"));
  EXPECT_EQ(none.at("returnUrl").as_string(), kDefaultReturnUrl);
}

TEST(AdyenThreeDsRequests, ExternalModeSendsMpiDataAndNoAuthenticationRequest) {
  AuthorizeRequest req = request("att_01HZX3J8Q2EXT");
  req.threeDSecure = ThreeDsMode::kExternal;
  req.externalThreeDs = external(true);
  EXPECT_EQ(json::value(bodyOf(req)), parsed(testdata("payments.external_three_ds.request.json")));

  req.externalThreeDs = external(false);  // frictionless: the ARes transStatus only
  json::object frictionless = bodyOf(req);
  const json::object& mpi = frictionless.at("mpiData").as_object();
  EXPECT_EQ(mpi.at("directoryResponse").as_string(), "Y");
  EXPECT_FALSE(mpi.contains("authenticationResponse"));
  EXPECT_EQ(frictionless.at("authenticationData").at("attemptAuthentication").as_string(), "never");

  // An external result that is no authentication, or lacks its parts, is not sent.
  ExternalThreeDs notAuthenticated = external(false);
  notAuthenticated.transStatus = "N";
  req.externalThreeDs = notAuthenticated;
  EXPECT_FALSE(authorizeBody(req, creds()).isOk());
  ExternalThreeDs noCavv = external(false);
  noCavv.authenticationValue = SecretString(std::string());
  req.externalThreeDs = noCavv;
  EXPECT_FALSE(authorizeBody(req, creds()).isOk());
  ExternalThreeDs badEci = external(false);
  badEci.eci = "5";
  req.externalThreeDs = badEci;
  EXPECT_FALSE(authorizeBody(req, creds()).isOk());
  req.externalThreeDs.reset();
  EXPECT_FALSE(authorizeBody(req, creds()).isOk());
}

TEST(AdyenStoredCredentials, PaymentTypesMapToShopperInteractionAndModel) {
  struct Case {
    PaymentType type;
    bool stored;
    const char* interaction;
    const char* model;  // "" = not sent
  };
  const Case cases[] = {
      {PaymentType::kSubscription, true, "ContAuth", "Subscription"},
      {PaymentType::kUnscheduled, true, "ContAuth", "UnscheduledCardOnFile"},
      {PaymentType::kFirstPayment, false, "Ecommerce", "CardOnFile"},
      {PaymentType::kEcommerce, true, "Ecommerce", "CardOnFile"},
      {PaymentType::kUnspecified, true, "Ecommerce", "CardOnFile"},
      {PaymentType::kUnspecified, false, "Ecommerce", ""},
  };
  for (const Case& c : cases) {
    AuthorizeRequest req = request("att_1", "4111111111111111");
    req.paymentType = c.type;
    req.storedCard = c.stored;
    json::object body = bodyOf(req);
    EXPECT_EQ(body.at("shopperInteraction").as_string(), c.interaction);
    if (*c.model) {
      EXPECT_EQ(body.at("recurringProcessingModel").as_string(), c.model);
    } else {
      EXPECT_FALSE(body.contains("recurringProcessingModel"));
    }
    EXPECT_FALSE(body.contains("storePaymentMethod"));
  }
  AuthorizeRequest sub = request("att_01HZX3J8Q2SUB", "4111111111111111");
  sub.paymentType = PaymentType::kSubscription;
  sub.storedCard = true;
  sub.card.cvv = SecretString(std::string());
  sub.threeDSecure = ThreeDsMode::kProcessor;  // no customer to authenticate: not asked
  sub.returnUrl = "https://pay.example.com/checkout/3ds/return?payment=p";
  EXPECT_EQ(json::value(bodyOf(sub)), parsed(testdata("payments.subscription.request.json")));
}

TEST(AdyenThreeDsResponses, RedirectShopperIsAChallenge) {
  CallResult r = fromPaymentResponse(200, testdata("payments.redirect_shopper.response.200.json"), false);
  EXPECT_EQ(r.outcome, CallOutcome::kSucceeded);
  EXPECT_EQ(r.status, PaymentStatus::kPending);
  EXPECT_EQ(r.processorTransactionId, "JLCMPCQ8HXSKGK82");
  EXPECT_EQ(r.challengeUrl.rfind("https://checkoutshopper-test.adyen.com/checkoutshopper/threeDS/redirect?MD=", 0), 0u);
  EXPECT_FALSE(r.reason.has_value());
  EXPECT_FALSE(r.threeDSecure.has_value());
}

TEST(AdyenThreeDsResponses, RedirectsThatCannotBeFollowedWithAGetAreDeclines) {
  const std::string recorded = testdata("payments.redirect_shopper.response.200.json");
  for (auto [from, to] : {std::pair<std::string, std::string>{"\"GET\"", "\"POST\""},
                          {"\"type\": \"redirect\"", "\"type\": \"threeDS2\""},
                          {"https://checkoutshopper", "javascript://checkoutshopper"}}) {
    std::string body = recorded;
    ASSERT_NE(body.find(from), std::string::npos) << from;
    body.replace(body.find(from), from.size(), to);
    CallResult r = fromPaymentResponse(200, body, false);
    EXPECT_EQ(r.outcome, CallOutcome::kDeclined) << to;
    EXPECT_TRUE(r.challengeUrl.empty());
    EXPECT_EQ(r.reason->code, DeclineCode::kAuthenticationRequired);
  }
}

TEST(AdyenThreeDsResponses, FrictionlessAuthenticationIsReported) {
  CallResult r = fromPaymentResponse(200, testdata("payments.frictionless.response.200.json"), false);
  EXPECT_EQ(r.outcome, CallOutcome::kSucceeded);
  EXPECT_EQ(r.status, PaymentStatus::kAuthorized);
  ASSERT_TRUE(r.threeDSecure.has_value());
  EXPECT_EQ(r.threeDSecure->responseCode, "AUTH_SUCCESS");
  EXPECT_EQ(r.threeDSecure->challengeIssued, std::optional<bool>(false));
  EXPECT_EQ(r.threeDSecure->protocolVersion, "2.2.0");
  // Without 3-D Secure facts there is no outcome to report.
  EXPECT_FALSE(fromPaymentResponse(200, testdata("payments.authorised.response.200.json"), false)
                   .threeDSecure.has_value());
}

TEST(AdyenThreeDsResponses, PaymentsDetailsAuthorisesOrFailsAuthentication) {
  CallResult ok = fromPaymentDetailsResponse(200, testdata("details.authorised.response.200.json"), false);
  EXPECT_EQ(ok.outcome, CallOutcome::kSucceeded);
  EXPECT_EQ(ok.status, PaymentStatus::kAuthorized);
  EXPECT_EQ(ok.processorTransactionId, "JLCMPCQ8HXSKGK82");
  ASSERT_TRUE(ok.threeDSecure.has_value());
  EXPECT_EQ(ok.threeDSecure->responseCode, "AUTH_SUCCESS");
  EXPECT_EQ(ok.threeDSecure->challengeIssued, std::optional<bool>(true));

  CallResult refused = fromPaymentDetailsResponse(200, testdata("details.refused_11.response.200.json"), false);
  EXPECT_EQ(refused.outcome, CallOutcome::kDeclined);
  EXPECT_EQ(refused.status, PaymentStatus::kDeclined);
  EXPECT_EQ(refused.reason->code, DeclineCode::kAuthenticationRequired);
  EXPECT_EQ(refused.reason->processorCode, "11");
  ASSERT_TRUE(refused.threeDSecure.has_value());
  EXPECT_EQ(refused.threeDSecure->responseCode, "AUTH_FAILED");
  EXPECT_EQ(refused.threeDSecure->reasonCode, "CARD_AUTHENTICATION_FAILED");
  EXPECT_EQ(refused.threeDSecure->challengeIssued, std::optional<bool>(true));

  // A refusal 11 without additionalData is still the failed authentication.
  CallResult bare = fromPaymentDetailsResponse(
      200, R"({"pspReference":"JLCMPCQ8HXSKGK82","resultCode":"Refused","refusalReasonCode":"11","refusalReason":"3D Not Authenticated"})",
      false);
  ASSERT_TRUE(bare.threeDSecure.has_value());
  EXPECT_EQ(bare.threeDSecure->responseCode, "AUTH_FAILED");

  CallResult invalid = fromPaymentDetailsResponse(422, testdata("details.response.422.json"), false);
  EXPECT_EQ(invalid.outcome, CallOutcome::kFailed);
  EXPECT_EQ(invalid.reason->processorCode, "14_018");
  EXPECT_EQ(fromPaymentDetailsResponse(500, "{}", false).outcome, CallOutcome::kUnknown);
}

TEST(AdyenThreeDsRequests, DetailsBodyAndRedirectResultFromTheReturnQuery) {
  EXPECT_EQ(parsed(paymentDetailsBody("X6XtfGC3Ab02b4c0BQABAgCuZFJrQOjSsl")),
            parsed(testdata("details.request.json")));
  EXPECT_EQ(redirectResultFrom("redirectResult=abc"), std::optional<std::string>("abc"));
  EXPECT_EQ(redirectResultFrom("?redirectResult=abc"), std::optional<std::string>("abc"));
  EXPECT_EQ(redirectResultFrom("x=1&redirectResult=Ab02%21BQ%3D%3D&y=2"),
            std::optional<std::string>("Ab02!BQ=="));
  EXPECT_EQ(redirectResultFrom("redirectResult=Ab+c/d"), std::optional<std::string>("Ab+c/d"));
  EXPECT_EQ(redirectResultFrom(""), std::nullopt);
  EXPECT_EQ(redirectResultFrom("redirectResult="), std::nullopt);
  EXPECT_EQ(redirectResultFrom("payment_intent=pi_1"), std::nullopt);
}

}  // namespace
}  // namespace sy::connectors::adyen
