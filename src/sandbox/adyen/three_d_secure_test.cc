// The Adyen emulator's 3-D Secure, called directly: which test cards challenge, the redirect
// action, the challenge page's decision and its redirectResult, /payments/details, external
// (mpiData) 3-D Secure and the stored-credential fields.
#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>

#include "sandbox/adyen/api.h"

namespace sy::sandbox::adyen {
namespace {
namespace json = boost::json;

constexpr const char* kChallengeCard = "5454545454545454";
constexpr const char* kChallengeVisa = "4212345678901237";
constexpr const char* kFrictionlessCard = "5201281505129736";
constexpr const char* kReturnUrl = "http://127.0.0.1:9/checkout/3ds/return?payment=pay_1";

json::object browserInfo() {
  return json::object{{"acceptHeader", "text/html"}, {"colorDepth", 24},
                      {"javaEnabled", false},        {"language", "en-GB"},
                      {"screenHeight", 900},         {"screenWidth", 1440},
                      {"timeZoneOffset", 0},         {"userAgent", "Mozilla/5.0"}};
}

json::object payment(const std::string& number) {
  return json::object{
      {"amount", json::object{{"currency", "EUR"}, {"value", 4200}}},
      {"reference", "att_1"},
      {"paymentMethod", json::object{{"type", "scheme"},
                                     {"number", number},
                                     {"expiryMonth", "03"},
                                     {"expiryYear", "2030"},
                                     {"cvc", "737"}}},
      {"merchantAccount", "M"},
      {"returnUrl", kReturnUrl},
      {"additionalData", json::object{{"manualCapture", "true"}}}};
}

json::object asking(json::object o) {
  o["authenticationData"] = json::object{{"attemptAuthentication", "always"}};
  o["browserInfo"] = browserInfo();
  o["channel"] = "Web";
  return o;
}

json::object mpi(std::string directory, std::string eci, std::string cavv) {
  json::object m{{"directoryResponse", directory},
                 {"eci", eci},
                 {"dsTransID", "f25084f0-5b16-4c0a-ae5d-b24808a95e4b"},
                 {"threeDSVersion", "2.2.0"}};
  if (!cavv.empty()) m["cavv"] = cavv;
  return m;
}

std::string header(const http::Response& r, std::string_view name) {
  for (const auto& [k, v] : r.headers)
    if (k == name) return v;
  return {};
}

class AdyenThreeDs : public ::testing::Test {
 protected:
  CallContext ctx(std::string key = {}, std::string account = "acct") {
    CallContext c;
    c.account = std::move(account);
    c.idempotencyKey = std::move(key);
    c.baseUrl = "http://127.0.0.1:4243";
    return c;
  }
  json::object pay(const json::object& o, unsigned status = 200) {
    Reply r = api_.payments(ctx(), json::serialize(o));
    EXPECT_EQ(r.response.status, status) << r.response.body;
    return json::parse(r.response.body).as_object();
  }
  json::object details(const std::string& redirectResult, unsigned status = 200,
                       std::string key = {}, std::string account = "acct") {
    json::object body{{"details", json::object{{"redirectResult", redirectResult}}}};
    Reply r = api_.paymentDetails(ctx(std::move(key), std::move(account)), json::serialize(body));
    EXPECT_EQ(r.response.status, status) << r.response.body;
    return json::parse(r.response.body).as_object();
  }
  // The challenge id from the action's URL.
  static std::string challengeOf(const json::object& answer) {
    std::string url(answer.at("action").at("url").as_string());
    return url.substr(url.rfind('/') + 1);
  }
  // Decides the challenge and returns the redirectResult the customer is sent back with.
  std::string decide(const std::string& challenge, const char* decision) {
    http::Response back = api_.decideChallenge(challenge, std::string("decision=") + decision);
    EXPECT_EQ(back.status, 303u);
    const std::string location = header(back, "Location");
    const std::string prefix = std::string(kReturnUrl) + "&redirectResult=";
    EXPECT_EQ(location.rfind(prefix, 0), 0u) << location;
    return location.substr(prefix.size());
  }
  json::object ledgerRow(size_t i) {
    return json::parse(api_.ledger().response.body).at("payments").at(i).as_object();
  }
  AdyenApi api_{1000, ""};
};

TEST_F(AdyenThreeDs, AChallengeCardRedirectsTheShopperToTheChallengePage) {
  json::object r = pay(asking(payment(kChallengeCard)));
  EXPECT_EQ(r.at("resultCode").as_string(), "RedirectShopper");
  const json::object& action = r.at("action").as_object();
  EXPECT_EQ(action.at("type").as_string(), "redirect");
  EXPECT_EQ(action.at("method").as_string(), "GET");
  EXPECT_EQ(action.at("paymentMethodType").as_string(), "scheme");
  EXPECT_EQ(std::string(action.at("url").as_string()).rfind("http://127.0.0.1:4243/3ds/challenge/", 0), 0u);
  EXPECT_EQ(r.at("pspReference").as_string().size(), 16u);
  EXPECT_FALSE(r.contains("refusalReasonCode"));
  // Waiting for the shopper is neither a charge nor a decline.
  json::object books = json::parse(api_.ledger().response.body).as_object();
  EXPECT_EQ(books.at("chargeCount").as_int64(), 0);
  EXPECT_EQ(books.at("declineCount").as_int64(), 0);
  EXPECT_EQ(ledgerRow(0).at("threeDsResult").as_string(), "pending");

  const std::string challenge = challengeOf(r);
  http::Response page = api_.challengePage(challenge);
  EXPECT_EQ(page.status, 200u);
  EXPECT_NE(page.body.find("42.00 EUR"), std::string::npos);
  EXPECT_NE(page.body.find("5454"), std::string::npos);
  EXPECT_EQ(page.body.find(kChallengeCard), std::string::npos);
  EXPECT_EQ(api_.challengePage("nope").status, 404u);
  EXPECT_EQ(api_.decideChallenge(challenge, "decision=perhaps").status, 404u);
}

TEST_F(AdyenThreeDs, AnApprovedChallengeAuthorisesAtPaymentsDetailsOnce) {
  json::object r = pay(asking(payment(kChallengeVisa)));
  const std::string psp(r.at("pspReference").as_string());
  const std::string challenge = challengeOf(r);
  const std::string redirectResult = decide(challenge, "approve");
  EXPECT_GE(redirectResult.size(), 32u);
  EXPECT_EQ(api_.challengePage(challenge).status, 404u);  // answered
  // Deciding again only sends the shopper back with the same result.
  EXPECT_EQ(decide(challenge, "refuse"), redirectResult);
  // Nothing is authorised before /payments/details.
  EXPECT_EQ(json::parse(api_.ledger().response.body).at("chargeCount").as_int64(), 0);

  json::object d = details(redirectResult);
  EXPECT_EQ(d.at("resultCode").as_string(), "Authorised");
  EXPECT_EQ(d.at("pspReference").as_string(), psp);
  EXPECT_EQ(d.at("merchantReference").as_string(), "att_1");
  EXPECT_EQ(d.at("amount").at("value").as_int64(), 4200);
  const json::object& a = d.at("additionalData").as_object();
  EXPECT_EQ(a.at("threeDAuthenticated").as_string(), "true");
  EXPECT_EQ(a.at("threeDOffered").as_string(), "true");
  EXPECT_EQ(a.at("liabilityShift").as_string(), "true");
  EXPECT_EQ(a.at("eci").as_string(), "05");  // Visa
  EXPECT_EQ(a.at("cavv").as_string().size(), 28u);
  EXPECT_EQ(a.at("threeDSVersion").as_string(), "2.2.0");
  // The same redirectResult, with or without a key, gets the same answer; once charged.
  EXPECT_EQ(json::serialize(details(redirectResult)), json::serialize(d));
  EXPECT_EQ(json::serialize(details(redirectResult, 200, "k-1")), json::serialize(d));
  EXPECT_EQ(json::serialize(details(redirectResult, 200, "k-1")), json::serialize(d));
  EXPECT_EQ(json::parse(api_.ledger().response.body).at("chargeCount").as_int64(), 1);
  EXPECT_EQ(ledgerRow(0).at("captured").as_int64(), 0);  // manual capture
}

TEST_F(AdyenThreeDs, AFailedChallengeIsRefusedAsNotAuthenticated) {
  json::object r = pay(asking(payment(kChallengeCard)));
  const std::string redirectResult = decide(challengeOf(r), "refuse");
  json::object d = details(redirectResult);
  EXPECT_EQ(d.at("resultCode").as_string(), "Refused");
  EXPECT_EQ(d.at("refusalReasonCode").as_string(), "11");
  EXPECT_EQ(d.at("refusalReason").as_string(), "3D Not Authenticated");
  EXPECT_EQ(d.at("additionalData").at("threeDAuthenticated").as_string(), "false");
  EXPECT_EQ(d.at("additionalData").at("liabilityShift").as_string(), "false");
  EXPECT_EQ(json::parse(api_.ledger().response.body).at("declineCount").as_int64(), 1);
}

TEST_F(AdyenThreeDs, PaymentsDetailsRefusesWhatItCannotRead) {
  json::object r = pay(asking(payment(kChallengeCard)));
  const std::string redirectResult = decide(challengeOf(r), "approve");
  EXPECT_EQ(details("garbled!", 422).at("errorCode").as_string(), "14_018");
  // Another account's redirectResult is as unknown as a made-up one.
  EXPECT_EQ(details(redirectResult, 422, {}, "other").at("errorCode").as_string(), "14_018");
  Reply missing = api_.paymentDetails(ctx(), R"({"details":{}})");
  EXPECT_EQ(missing.response.status, 422u);
  Reply unknown = api_.paymentDetails(ctx(), R"({"details":{"redirectResult":"x"},"bogus":1})");
  EXPECT_EQ(unknown.response.status, 400u);
  EXPECT_EQ(json::parse(unknown.response.body).at("errorCode").as_string(), "702");
  EXPECT_EQ(details(redirectResult).at("resultCode").as_string(), "Authorised");
}

TEST_F(AdyenThreeDs, WithoutTheAttemptAChallengeCardIsRefusedAuthenticationRequired) {
  for (json::object o : {payment(kChallengeCard), payment(kChallengeVisa)}) {
    json::object r = pay(o);
    EXPECT_EQ(r.at("resultCode").as_string(), "Refused");
    EXPECT_EQ(r.at("refusalReasonCode").as_string(), "38");
    EXPECT_EQ(r.at("refusalReason").as_string(), "Authentication required");
  }
  json::object never = payment(kChallengeCard);
  never["authenticationData"] = json::object{{"attemptAuthentication", "never"}};
  EXPECT_EQ(pay(never).at("refusalReasonCode").as_string(), "38");
}

TEST_F(AdyenThreeDs, TheFrictionlessCardAuthenticatesWhenAsked) {
  json::object asked = pay(asking(payment(kFrictionlessCard)));
  EXPECT_EQ(asked.at("resultCode").as_string(), "Authorised");
  EXPECT_FALSE(asked.contains("action"));
  const json::object& a = asked.at("additionalData").as_object();
  EXPECT_EQ(a.at("threeDAuthenticated").as_string(), "true");
  EXPECT_EQ(a.at("threeDAuthenticatedResponse").as_string(), "Y");
  EXPECT_EQ(a.at("eci").as_string(), "02");  // Mastercard
  EXPECT_EQ(ledgerRow(0).at("threeDsFlow").as_string(), "frictionless");

  json::object plain = pay(payment(kFrictionlessCard));
  EXPECT_EQ(plain.at("resultCode").as_string(), "Authorised");
  EXPECT_FALSE(plain.at("additionalData").as_object().contains("threeDAuthenticated"));
  // Other cards are not enrolled: authorised without 3-D Secure even when asked.
  json::object other = pay(asking(payment("4111111111111111")));
  EXPECT_EQ(other.at("resultCode").as_string(), "Authorised");
  EXPECT_FALSE(other.at("additionalData").as_object().contains("threeDAuthenticated"));
}

TEST_F(AdyenThreeDs, AskingNeedsTheShoppersBrowserAndKnownAuthenticationData) {
  json::object noBrowser = asking(payment(kChallengeCard));
  noBrowser.erase("browserInfo");
  EXPECT_EQ(pay(noBrowser, 422).at("errorCode").as_string(), "14_0");
  json::object partial = asking(payment(kChallengeCard));
  partial["browserInfo"].as_object().erase("userAgent");
  EXPECT_NE(std::string(pay(partial, 422).at("message").as_string()).find("userAgent"), std::string::npos);
  json::object bad = payment(kChallengeCard);
  bad["authenticationData"] = json::object{{"attemptAuthentication", "sometimes"}};
  EXPECT_EQ(pay(bad, 422).at("errorCode").as_string(), "14_0");
  json::object unknown = payment(kChallengeCard);
  unknown["authenticationData"] = json::object{{"bogus", true}};
  EXPECT_EQ(pay(unknown, 400).at("errorCode").as_string(), "702");
}

TEST_F(AdyenThreeDs, MerchantInitiatedPaymentsRunNoThreeDsAndAreRecorded) {
  json::object sub = asking(payment(kChallengeCard));
  sub["shopperInteraction"] = "ContAuth";
  sub["recurringProcessingModel"] = "Subscription";
  json::object r = pay(sub);
  EXPECT_EQ(r.at("resultCode").as_string(), "Authorised");
  EXPECT_FALSE(r.contains("action"));
  EXPECT_EQ(ledgerRow(0).at("shopperInteraction").as_string(), "ContAuth");
  EXPECT_EQ(ledgerRow(0).at("recurringProcessingModel").as_string(), "Subscription");
  EXPECT_EQ(ledgerRow(0).at("threeDsFlow").as_string(), "");

  json::object noModel = payment(kChallengeCard);
  noModel["shopperInteraction"] = "ContAuth";
  EXPECT_EQ(pay(noModel, 422).at("errorCode").as_string(), "14_0");
  json::object badModel = payment("4111111111111111");
  badModel["recurringProcessingModel"] = "Sometimes";
  EXPECT_EQ(pay(badModel, 422).at("errorCode").as_string(), "14_0");
  json::object badInteraction = payment("4111111111111111");
  badInteraction["shopperInteraction"] = "Telepathy";
  EXPECT_EQ(pay(badInteraction, 422).at("errorCode").as_string(), "14_0");
}

TEST_F(AdyenThreeDs, ValidMpiDataAuthorisesAChallengeCardWithoutAChallenge) {
  json::object o = payment(kChallengeCard);
  o["mpiData"] = mpi("Y", "02", "AAABBEJ5cGVzAAAAAAAAAAAAAAA=");
  json::object r = pay(o);
  EXPECT_EQ(r.at("resultCode").as_string(), "Authorised");
  const json::object& a = r.at("additionalData").as_object();
  EXPECT_EQ(a.at("threeDAuthenticated").as_string(), "true");
  EXPECT_EQ(a.at("eci").as_string(), "02");
  EXPECT_EQ(a.at("cavv").as_string(), "AAABBEJ5cGVzAAAAAAAAAAAAAAA=");
  EXPECT_EQ(a.at("dsTransID").as_string(), "f25084f0-5b16-4c0a-ae5d-b24808a95e4b");
  EXPECT_EQ(ledgerRow(0).at("threeDsFlow").as_string(), "mpi");

  // After a challenge: the ARes said C, the RReq Y.
  json::object challenged = payment(kChallengeVisa);
  challenged["mpiData"] = mpi("C", "05", "AAABBEJ5cGVzAAAAAAAAAAAAAAA=");
  challenged["mpiData"].as_object()["authenticationResponse"] = "A";
  EXPECT_EQ(pay(challenged).at("resultCode").as_string(), "Authorised");

  json::object notAuthenticated = payment(kChallengeCard);
  notAuthenticated["mpiData"] = mpi("N", "00", "");
  json::object refused = pay(notAuthenticated);
  EXPECT_EQ(refused.at("resultCode").as_string(), "Refused");
  EXPECT_EQ(refused.at("refusalReasonCode").as_string(), "11");
}

TEST_F(AdyenThreeDs, MalformedMpiDataIsAValidationError) {
  const std::string cavv = "AAABBEJ5cGVzAAAAAAAAAAAAAAA=";
  std::vector<json::object> bad = {
      mpi("Y", "5", cavv),    // eci is two digits
      mpi("Y", "05", ""),     // Y needs a cavv
      mpi("A", "06", ""),     // so does A
      mpi("Q", "05", cavv),   // no such transStatus
      mpi("C", "05", cavv),   // a challenge needs its RReq transStatus
      mpi("Y", "05", "not base64!"),
  };
  json::object unknown = mpi("Y", "05", cavv);
  unknown["bogus"] = "1";
  bad.push_back(unknown);
  json::object noDs = mpi("Y", "05", cavv);
  noDs.erase("dsTransID");
  bad.push_back(noDs);
  json::object oldVersion = mpi("Y", "05", cavv);
  oldVersion["threeDSVersion"] = "1.0.2";
  bad.push_back(oldVersion);
  for (const json::object& m : bad) {
    json::object o = payment(kChallengeCard);
    o["mpiData"] = m;
    json::object e = pay(o, 422);
    EXPECT_EQ(e.at("errorCode").as_string(), "14_0") << json::serialize(m);
    EXPECT_EQ(e.at("errorType").as_string(), "validation");
  }
  // Asking Adyen to authenticate what is already authenticated is refused too.
  json::object both = asking(payment(kChallengeCard));
  both["mpiData"] = mpi("Y", "05", cavv);
  pay(both, 422);
  EXPECT_EQ(json::parse(api_.ledger().response.body).at("payments").as_array().size(), 0u);
}

}  // namespace
}  // namespace sy::sandbox::adyen
