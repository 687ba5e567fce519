// The Checkout.com connector's 3-D Secure against its emulator over loopback: a challenge
// (completeAuthentication before and after the customer's decision, and the inquiry the recovery
// sweep makes), frictionless, declined without 3-D Secure, external MPI data and a
// merchant-initiated payment.
#include <gtest/gtest.h>

#include "connectors/checkoutcom/checkoutcom_kit.h"
#include "connectors/testing/loopback_fixture.h"

namespace sy::connectors::testing {
namespace {
using domain::DeclineCode;
using domain::PaymentStatus;

class CheckoutComThreeDsTest : public LoopbackConnectorFixture<CheckoutComKit> {
 protected:
  AuthorizeRequest withCard(std::string key, std::string_view number,
                            ThreeDsMode mode = ThreeDsMode::kProcessor) {
    AuthorizeRequest req = authorization(std::move(key), 4200, false, "EUR");
    req.card.number = SecretString(std::string(number));
    req.threeDSecure = mode;
    if (mode == ThreeDsMode::kProcessor)
      req.returnUrl = "http://127.0.0.1:9/checkout/3ds/return?payment=pay_1";
    return req;
  }
  CallResult complete(const std::string& paymentId, std::string key) {
    CompleteAuthenticationRequest req{std::move(key), paymentId, {}};
    return run([&] { return connector_.completeAuthentication(conn_, req); });
  }
  // The customer's decision on the emulator's challenge page; returns where it sends them.
  std::string decide(const CallResult& challenge, std::string decision) {
    const std::string path = challenge.challengeUrl.substr(conn_.baseUrl.size());
    auto page = raw(verb::get, path);
    EXPECT_EQ(page.status, 200u);
    auto back = raw(verb::post, path, "decision=" + decision);
    EXPECT_EQ(back.status, 303u);
    return std::string(back.header("Location"));
  }
  static constexpr std::string_view kChallengeCard = "5385308360135181";
  static constexpr std::string_view kFrictionlessCard = "4485040371536584";
};

TEST_F(CheckoutComThreeDsTest, ChallengeApprovedThenCompleted) {
  EXPECT_TRUE(connector_.capabilities().threeDSecure);
  const AuthorizeRequest req = withCard("k-3ds-ok", kChallengeCard);
  CallResult challenge = authorize(req);
  ASSERT_EQ(challenge.outcome, CallOutcome::kSucceeded);
  EXPECT_EQ(challenge.status, PaymentStatus::kPending);
  const std::string id = challenge.processorTransactionId;
  ASSERT_EQ(id.rfind("pay_", 0), 0u);
  EXPECT_EQ(challenge.challengeUrl, conn_.baseUrl + "/3ds/" + id);

  // Before the customer decides: the same challenge, still pending (completion and inquiry).
  CallResult early = complete(id, "k-complete-1");
  EXPECT_EQ(early.outcome, CallOutcome::kSucceeded);
  EXPECT_EQ(early.status, PaymentStatus::kPending);
  EXPECT_EQ(early.challengeUrl, challenge.challengeUrl);
  CallResult asked = inquire(inquiryOf(req, id));
  EXPECT_EQ(asked.status, PaymentStatus::kPending);
  EXPECT_EQ(asked.challengeUrl, challenge.challengeUrl);

  const std::string back = decide(challenge, "approve");
  EXPECT_EQ(back.rfind("http://127.0.0.1:9/checkout/3ds/return?payment=pay_1&cko-session-id=sid_", 0),
            0u)
      << back;

  CallResult done = complete(id, "k-complete-2");
  EXPECT_EQ(done.outcome, CallOutcome::kSucceeded);
  EXPECT_EQ(done.status, PaymentStatus::kAuthorized);
  EXPECT_TRUE(done.challengeUrl.empty());
  ASSERT_TRUE(done.threeDSecure);
  EXPECT_EQ(done.threeDSecure->responseCode, "AUTH_SUCCESS");
  EXPECT_EQ(done.threeDSecure->challengeIssued, true);
  // The sweep's inquiry replays the authorization (stored answer: the challenge) and then reads
  // the payment as it is now.
  CallResult resolved = inquire(inquiryOf(req, id));
  EXPECT_EQ(resolved.outcome, CallOutcome::kSucceeded);
  EXPECT_EQ(resolved.status, PaymentStatus::kAuthorized);
  EXPECT_EQ(ledger().charges, 1);
}

TEST_F(CheckoutComThreeDsTest, ChallengeRefusedIsDeclinedAuthenticationRequired) {
  CallResult challenge = authorize(withCard("k-3ds-no", kChallengeCard));
  ASSERT_FALSE(challenge.challengeUrl.empty());
  decide(challenge, "refuse");
  CallResult done = complete(challenge.processorTransactionId, "k-complete-no");
  EXPECT_EQ(done.outcome, CallOutcome::kDeclined);
  EXPECT_EQ(done.status, PaymentStatus::kDeclined);
  ASSERT_TRUE(done.reason);
  EXPECT_EQ(done.reason->processorCode, "20151");
  EXPECT_EQ(done.reason->code, DeclineCode::kAuthenticationRequired);
  ASSERT_TRUE(done.threeDSecure);
  EXPECT_EQ(done.threeDSecure->responseCode, "AUTH_FAILED");
  EXPECT_EQ(done.threeDSecure->reasonCode, "CARD_AUTHENTICATION_FAILED");
}

TEST_F(CheckoutComThreeDsTest, FrictionlessAuthorizationReportsTheAuthentication) {
  CallResult r = authorize(withCard("k-3ds-fl", kFrictionlessCard));
  EXPECT_EQ(r.outcome, CallOutcome::kSucceeded);
  EXPECT_EQ(r.status, PaymentStatus::kAuthorized);
  ASSERT_TRUE(r.threeDSecure);
  EXPECT_EQ(r.threeDSecure->responseCode, "AUTH_SUCCESS");
  EXPECT_EQ(r.threeDSecure->challengeIssued, false);
  // A card whose issuer is not enrolled goes on without (reported as skipped).
  CallResult plain = authorize(withCard("k-3ds-n3d", CheckoutComKit::kApprovedCard));
  EXPECT_EQ(plain.status, PaymentStatus::kAuthorized);
  ASSERT_TRUE(plain.threeDSecure);
  EXPECT_EQ(plain.threeDSecure->responseCode, "SKIPPED");
}

TEST_F(CheckoutComThreeDsTest, WithoutThreeDsAChallengeCardIsDeclined) {
  CallResult r = authorize(withCard("k-3ds-none", kChallengeCard, ThreeDsMode::kNone));
  EXPECT_EQ(r.outcome, CallOutcome::kDeclined);
  ASSERT_TRUE(r.reason);
  EXPECT_EQ(r.reason->processorCode, "20154");
  EXPECT_EQ(r.reason->code, DeclineCode::kAuthenticationRequired);
  EXPECT_FALSE(r.threeDSecure);
}

TEST_F(CheckoutComThreeDsTest, ExternalThreeDsAuthorizesWithoutAChallenge) {
  AuthorizeRequest req = withCard("k-3ds-ext", kChallengeCard, ThreeDsMode::kExternal);
  ExternalThreeDs x;
  x.transStatus = "Y";
  x.eci = "02";
  x.authenticationValue = SecretString("AJkBBkhgQQAAAE4gSEJydQAAAAA=");
  x.dsTransactionId = "f25084f0-5b16-4c0a-ae5d-b24808a95e4b";
  x.protocolVersion = "2.2.0";
  x.challenged = true;
  req.externalThreeDs = x;
  CallResult r = authorize(req);
  EXPECT_EQ(r.outcome, CallOutcome::kSucceeded);
  EXPECT_EQ(r.status, PaymentStatus::kAuthorized);
  EXPECT_TRUE(r.challengeUrl.empty());
}

TEST_F(CheckoutComThreeDsTest, MerchantInitiatedPaymentsSkipThreeDs) {
  AuthorizeRequest req = withCard("k-mit", kChallengeCard);
  req.paymentType = PaymentType::kSubscription;
  req.storedCard = true;
  req.card.cvv = SecretString(std::string());
  CallResult r = authorize(req);
  EXPECT_EQ(r.outcome, CallOutcome::kSucceeded);
  EXPECT_EQ(r.status, PaymentStatus::kAuthorized);
  EXPECT_FALSE(r.threeDSecure);
  auto stored = emulator_->api().paymentById(r.processorTransactionId);
  ASSERT_TRUE(stored);
  EXPECT_TRUE(stored->merchantInitiated);
  EXPECT_EQ(stored->paymentType, "Recurring");
}

}  // namespace
}  // namespace sy::connectors::testing
