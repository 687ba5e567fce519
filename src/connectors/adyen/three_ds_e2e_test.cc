// The Adyen connector's 3-D Secure against its emulator over loopback: the redirect challenge
// (authorize -> RedirectShopper -> the challenge page's decision -> redirectResult ->
// completeAuthentication -> /payments/details), inquiry of a waiting authorization, frictionless
// and external (mpiData) authentication, and the stored-credential fields the emulator records.
#include <gtest/gtest.h>

#include "connectors/adyen/adyen_kit.h"
#include "connectors/testing/loopback_fixture.h"

namespace sy::connectors::testing {
namespace {
namespace json = boost::json;

constexpr std::string_view kReturnUrl = "http://127.0.0.1:9/checkout/3ds/return?payment=pay_1";

class AdyenThreeDsE2e : public LoopbackConnectorFixture<AdyenKit> {
 protected:
  AuthorizeRequest challenged(std::string key, std::string number = "5454545454545454") {
    AuthorizeRequest req = authorization(std::move(key));
    req.card.number = SecretString(std::move(number));
    req.threeDSecure = ThreeDsMode::kProcessor;
    req.returnUrl = std::string(kReturnUrl);
    return req;
  }
  CallResult complete(std::string key, std::string psp, std::string returnQuery,
                      std::string challengeUrl = "") {
    const CompleteAuthenticationRequest req{std::move(key), std::move(psp), std::move(returnQuery),
                                            std::move(challengeUrl)};
    return run([&] { return connector_.completeAuthentication(conn_, req); });
  }
  // The shopper at the challenge page: `decision` posted, the redirect followed back to us; the
  // query string the page appended to the return URL (our own `payment` parameter removed).
  std::string decide(const std::string& challengeUrl, const char* decision) {
    EXPECT_EQ(challengeUrl.rfind(conn_.baseUrl, 0), 0u) << challengeUrl;
    const std::string path = challengeUrl.substr(conn_.baseUrl.size());
    auto page = raw(verb::get, path);
    EXPECT_EQ(page.status, 200u) << page.body;
    EXPECT_NE(page.body.find("Adyen test bank"), std::string::npos);
    auto back = raw(verb::post, path, std::string("decision=") + decision);
    EXPECT_EQ(back.status, 303u) << back.body;
    const std::string location(back.header("Location"));
    const std::string ours = std::string(kReturnUrl) + "&";
    EXPECT_EQ(location.rfind(ours, 0), 0u) << location;
    return location.substr(ours.size());
  }
  json::object ledgerRow(const std::string& psp) {
    const json::object books = ledgerJson();  // alive while its rows are read
    for (const auto& row : books.at("payments").as_array())
      if (row.at("pspReference").as_string() == psp) return row.as_object();
    ADD_FAILURE() << "no ledger row for " << psp;
    return {};
  }
};

TEST_F(AdyenThreeDsE2e, AnApprovedChallengeAuthorisesThroughPaymentsDetails) {
  EXPECT_TRUE(connector_.capabilities().threeDSecure);
  CallResult first = authorize(challenged("k-3ds"));
  ASSERT_EQ(first.outcome, CallOutcome::kSucceeded);
  EXPECT_EQ(first.status, domain::PaymentStatus::kPending);
  ASSERT_FALSE(first.challengeUrl.empty());
  const std::string psp = first.processorTransactionId;
  EXPECT_EQ(psp.size(), 16u);
  EXPECT_EQ(ledger().charges, 0);

  // The shopper has not come back: nothing to ask Adyen, nothing sent; still the same challenge
  // (unknown when the caller did not say which challenge it was).
  CallResult waiting = complete("k-complete-0", psp, "", first.challengeUrl);
  EXPECT_EQ(waiting.outcome, CallOutcome::kSucceeded);
  EXPECT_EQ(waiting.status, domain::PaymentStatus::kPending);
  EXPECT_EQ(waiting.challengeUrl, first.challengeUrl);
  EXPECT_EQ(waiting.processorTransactionId, psp);
  EXPECT_EQ(complete("k-complete-0b", psp, "").outcome, CallOutcome::kUnknown);

  const std::string returnQuery = decide(first.challengeUrl, "approve");
  EXPECT_EQ(returnQuery.rfind("redirectResult=", 0), 0u) << returnQuery;
  EXPECT_EQ(ledger().charges, 0);  // authorised only by /payments/details

  CallResult done = complete("k-complete-1", psp, returnQuery);
  ASSERT_EQ(done.outcome, CallOutcome::kSucceeded) << (done.reason ? done.reason->message : "");
  EXPECT_EQ(done.status, domain::PaymentStatus::kAuthorized);
  EXPECT_EQ(done.processorTransactionId, psp);
  ASSERT_TRUE(done.threeDSecure.has_value());
  EXPECT_EQ(done.threeDSecure->responseCode, "AUTH_SUCCESS");
  EXPECT_EQ(done.threeDSecure->challengeIssued, std::optional<bool>(true));
  // Completing again (a retried resume, its own key) gets the same answer; charged once.
  CallResult again = complete("k-complete-2", psp, returnQuery);
  EXPECT_EQ(again.outcome, CallOutcome::kSucceeded);
  EXPECT_EQ(again.processorTransactionId, psp);
  EXPECT_EQ(ledger().charges, 1);
  EXPECT_EQ(ledgerRow(psp).at("threeDsResult").as_string(), "authenticated");

  // The sale is an ordinary authorisation afterwards: it captures.
  CallResult captured = capture(captureOf(psp, "k-cap", 1000));
  EXPECT_EQ(captured.outcome, CallOutcome::kSucceeded);
}

TEST_F(AdyenThreeDsE2e, ARefusedChallengeDeclinesWithFailedAuthentication) {
  CallResult first = authorize(challenged("k-3ds", "4212345678901237"));
  ASSERT_FALSE(first.challengeUrl.empty());
  const std::string returnQuery = decide(first.challengeUrl, "refuse");
  CallResult done = complete("k-complete", first.processorTransactionId, returnQuery);
  EXPECT_EQ(done.outcome, CallOutcome::kDeclined);
  EXPECT_EQ(done.status, domain::PaymentStatus::kDeclined);
  EXPECT_EQ(done.reason->code, domain::DeclineCode::kAuthenticationRequired);
  ASSERT_TRUE(done.threeDSecure.has_value());
  EXPECT_EQ(done.threeDSecure->responseCode, "AUTH_FAILED");
  EXPECT_EQ(done.threeDSecure->reasonCode, "CARD_AUTHENTICATION_FAILED");
  EXPECT_EQ(ledger().charges, 0);
  EXPECT_EQ(ledger().declines, 1);
}

TEST_F(AdyenThreeDsE2e, AGarbledRedirectResultChangesNothing) {
  CallResult first = authorize(challenged("k-3ds"));
  CallResult bad = complete("k-complete", first.processorTransactionId, "redirectResult=garbled");
  EXPECT_EQ(bad.outcome, CallOutcome::kFailed);
  EXPECT_EQ(bad.reason->processorCode, "14_018");
  EXPECT_EQ(ledgerRow(first.processorTransactionId).at("threeDsResult").as_string(), "pending");
}

TEST_F(AdyenThreeDsE2e, AnInquiryOfAWaitingAuthorizationIsTheSameChallenge) {
  AuthorizeRequest req = challenged("k-3ds");
  CallResult first = authorize(req);
  ASSERT_FALSE(first.challengeUrl.empty());
  CallResult asked = inquire(inquiryOf(req));
  EXPECT_EQ(asked.outcome, CallOutcome::kSucceeded);
  EXPECT_EQ(asked.status, domain::PaymentStatus::kPending);
  EXPECT_EQ(asked.challengeUrl, first.challengeUrl);
  EXPECT_EQ(asked.processorTransactionId, first.processorTransactionId);
  EXPECT_EQ(ledger().charges, 0);
  EXPECT_EQ(ledgerJson().at("payments").as_array().size(), 1u);
}

TEST_F(AdyenThreeDsE2e, WithoutThreeDsAChallengeCardIsDeclinedAuthenticationRequired) {
  AuthorizeRequest req = challenged("k-none");
  req.threeDSecure = ThreeDsMode::kNone;
  CallResult r = authorize(req);
  EXPECT_EQ(r.outcome, CallOutcome::kDeclined);
  EXPECT_EQ(r.reason->code, domain::DeclineCode::kAuthenticationRequired);
  EXPECT_EQ(r.reason->processorCode, "38");
  EXPECT_TRUE(r.challengeUrl.empty());
}

TEST_F(AdyenThreeDsE2e, TheFrictionlessCardIsAuthorisedWithItsAuthentication) {
  CallResult r = authorize(challenged("k-frictionless", "5201281505129736"));
  EXPECT_EQ(r.outcome, CallOutcome::kSucceeded);
  EXPECT_EQ(r.status, domain::PaymentStatus::kAuthorized);
  EXPECT_TRUE(r.challengeUrl.empty());
  ASSERT_TRUE(r.threeDSecure.has_value());
  EXPECT_EQ(r.threeDSecure->responseCode, "AUTH_SUCCESS");
  EXPECT_EQ(r.threeDSecure->challengeIssued, std::optional<bool>(false));
}

TEST_F(AdyenThreeDsE2e, ExternalThreeDsAuthorisesAChallengeCardWithoutAChallenge) {
  AuthorizeRequest req = challenged("k-external");
  req.threeDSecure = ThreeDsMode::kExternal;
  ExternalThreeDs t;
  t.transStatus = "Y";
  t.eci = "02";
  t.authenticationValue = SecretString(std::string("AAABBEJ5cGVzAAAAAAAAAAAAAAA="));
  t.dsTransactionId = "f25084f0-5b16-4c0a-ae5d-b24808a95e4b";
  t.protocolVersion = "2.2.0";
  t.challenged = true;
  req.externalThreeDs = t;
  CallResult r = authorize(req);
  EXPECT_EQ(r.outcome, CallOutcome::kSucceeded) << (r.reason ? r.reason->message : "");
  EXPECT_EQ(r.status, domain::PaymentStatus::kAuthorized);
  EXPECT_TRUE(r.challengeUrl.empty());
  EXPECT_FALSE(r.threeDSecure.has_value());  // Switchyard's own result stands
  EXPECT_EQ(ledgerRow(r.processorTransactionId).at("threeDsFlow").as_string(), "mpi");
}

TEST_F(AdyenThreeDsE2e, StoredCredentialFieldsReachAdyen) {
  AuthorizeRequest sub = challenged("k-sub");
  sub.paymentType = PaymentType::kSubscription;
  sub.storedCard = true;
  sub.card.cvv = SecretString(std::string());
  CallResult r = authorize(sub);  // merchant-initiated: no 3-D Secure, even on a challenge card
  ASSERT_EQ(r.outcome, CallOutcome::kSucceeded);
  EXPECT_TRUE(r.challengeUrl.empty());
  json::object row = ledgerRow(r.processorTransactionId);
  EXPECT_EQ(row.at("shopperInteraction").as_string(), "ContAuth");
  EXPECT_EQ(row.at("recurringProcessingModel").as_string(), "Subscription");

  AuthorizeRequest unscheduled = authorization("k-ucof");
  unscheduled.paymentType = PaymentType::kUnscheduled;
  row = ledgerRow(authorize(unscheduled).processorTransactionId);
  EXPECT_EQ(row.at("recurringProcessingModel").as_string(), "UnscheduledCardOnFile");

  AuthorizeRequest onFile = authorization("k-cof");
  onFile.storedCard = true;
  row = ledgerRow(authorize(onFile).processorTransactionId);
  EXPECT_EQ(row.at("shopperInteraction").as_string(), "Ecommerce");
  EXPECT_EQ(row.at("recurringProcessingModel").as_string(), "CardOnFile");
}

}  // namespace
}  // namespace sy::connectors::testing
