// 3-D Secure in the engine against the Stripe emulator over loopback: a challenge makes the
// payment wait with a resume token; the customer's answer (given to the emulator's challenge page)
// is learned by resume(); a repeated resume changes nothing; a wrong token is refused; an
// abandoned challenge is declined by the recovery sweep once it expired. Each test checks what
// Switchyard recorded against the emulator's ledger.
#include <gtest/gtest.h>

#include "domain/state_machine.h"
#include "orchestrator/testing/engine_fixture.h"
#include "vault/vault.h"

namespace sy::orchestrator {
namespace {
using domain::Outcome;
using domain::PaymentStatus;
using testing::EngineFixture;

constexpr const char* kChallenge = "4000000000003220";     // Stripe: 3DS required
constexpr const char* kFrictionless = "4000000000003055";  // Stripe: 3DS supported

std::string stripeWithThreeDs(const std::string& mode) {
  return R"({"schemaVersion": 1, "name": "Stripe with 3DS",
             "trigger": {"event": "PAYMENT_CREATED"},
             "steps": [{"type": "AUTHORIZE", "connection": "stripe-main",
                        "fallbackConnections": ["adyen-main"], "threeDSecure": ")" +
         mode + R"("}]})";
}

class ThreeDSecureEngine : public EngineFixture {
 protected:
  Result<domain::Payment> resume(const std::string& paymentId, const std::string& token) {
    return run([this, paymentId, token] { return resumeCo(paymentId, token); });
  }
  // The customer's answer on the emulator's challenge page; returns where it sent the customer
  // back ("" without a public URL: the emulator then shows a page of its own).
  std::string answer(const domain::Payment& p, bool approve) {
    const domain::Transaction* sale = domain::activeSale(p);
    EXPECT_NE(sale, nullptr);
    if (!sale) return "";
    auto r = stripe_->emulator.api().decideChallenge(sale->processorTransactionId,
                                                     approve ? "decision=approve" : "decision=refuse");
    EXPECT_TRUE(r.status == 303u || r.status == 200u) << r.body;
    for (const auto& [k, v] : r.headers)
      if (k == "Location") return v;
    return "";
  }

 private:
  boost::asio::awaitable<Result<domain::Payment>> resumeCo(std::string paymentId,
                                                           std::string token) {
    const std::string merchant = kMerchant;
    const Idempotency none;
    co_return co_await engine_->resume(merchant, paymentId, token, none);
  }
};

TEST_F(ThreeDSecureEngine, AChallengeWaitsThenTheResumedPaymentIsAuthorized) {
  engine_->setPublicUrl("https://pay.example");
  publish("wf_3ds", stripeWithThreeDs("PREFERRED"));
  auto p = pay(kChallenge);
  ASSERT_TRUE(p) << p.status().toString();
  EXPECT_EQ(p->status, PaymentStatus::kPending);
  ASSERT_TRUE(p->threeDs.challenge);
  const domain::PendingChallenge challenge = *p->threeDs.challenge;
  EXPECT_NE(challenge.challengeUrl.find("/3ds/challenge/pi_"), std::string::npos);
  EXPECT_EQ(domain::activeSale(*p)->outcome, Outcome::kActionRequired);
  EXPECT_FALSE(domain::hasUnresolvedCall(*p));  // nothing for the recovery sweep
  EXPECT_EQ(route(*p).state, "RUNNING");        // no fallback while the customer decides
  EXPECT_EQ(ledger(*stripe_).charges, 0);
  // What the engine answered is what it stored.
  EXPECT_EQ(domain::threeDsToJson(load(p->id)->threeDs), domain::threeDsToJson(p->threeDs));

  // The processor sends the customer back to Switchyard's return page for this payment.
  EXPECT_EQ(answer(*p, true).rfind("https://pay.example/checkout/3ds/return?payment=" + p->id, 0), 0u);
  auto done = resume(p->id, challenge.resumeToken);
  ASSERT_TRUE(done) << done.status().toString();
  EXPECT_EQ(done->status, PaymentStatus::kAuthorized);
  EXPECT_FALSE(done->threeDs.challenge);
  ASSERT_TRUE(done->threeDs.result);
  EXPECT_EQ(done->threeDs.result->responseCode, "AUTH_SUCCESS");
  EXPECT_EQ(done->threeDs.result->challengeIssued, std::optional<bool>(true));
  EXPECT_EQ(attemptedConnections(*done), std::vector<std::string>{"stripe-main"});
  EXPECT_EQ(route(*done).stopReason, "SUCCEEDED");
  EXPECT_EQ(ledger(*stripe_).charges, 1);

  // The same token again: the payment as it stands, nothing new.
  auto again = resume(p->id, challenge.resumeToken);
  ASSERT_TRUE(again) << again.status().toString();
  EXPECT_EQ(again->status, PaymentStatus::kAuthorized);
  EXPECT_EQ(again->version, done->version);
  EXPECT_EQ(ledger(*stripe_).charges, 1);
}

// vaultOnSuccess holds for an authorization finished by resume() as for one finished at once.
TEST_F(ThreeDSecureEngine, AResumedAuthorizationVaultsTheCardWhenAsked) {
  publish("wf_3ds", stripeWithThreeDs("PREFERRED"));
  PaymentInput in;
  in.card.number = kChallenge;
  in.customerId = "cust-3ds";
  in.paymentMethodJson = R"({"vaultOnSuccess":true})";
  auto p = pay(in);
  ASSERT_TRUE(p) << p.status().toString();
  ASSERT_TRUE(p->threeDs.challenge);
  EXPECT_FALSE(vault::isInstrumentToken(p->paymentMethodToken));  // not yet authorized
  answer(*p, true);
  auto done = resume(p->id, p->threeDs.challenge->resumeToken);
  ASSERT_TRUE(done) << done.status().toString();
  EXPECT_EQ(done->status, PaymentStatus::kAuthorized);
  EXPECT_TRUE(vault::isInstrumentToken(done->paymentMethodToken)) << done->paymentMethodToken;
  EXPECT_EQ(load(p->id)->paymentMethodToken, done->paymentMethodToken);
}

TEST_F(ThreeDSecureEngine, ARefusedChallengeIsDeclinedWithoutAFallback) {
  publish("wf_3ds", stripeWithThreeDs("PREFERRED"));
  auto p = pay(kChallenge);
  ASSERT_TRUE(p && p->threeDs.challenge);
  answer(*p, false);
  auto done = resume(p->id, p->threeDs.challenge->resumeToken);
  ASSERT_TRUE(done) << done.status().toString();
  EXPECT_EQ(done->status, PaymentStatus::kDeclined);
  ASSERT_TRUE(done->statusReason);
  EXPECT_EQ(done->statusReason->code, domain::DeclineCode::kAuthenticationRequired);
  ASSERT_TRUE(done->threeDs.result);
  EXPECT_EQ(done->threeDs.result->responseCode, "AUTH_FAILED");
  EXPECT_EQ(attemptedConnections(*done), std::vector<std::string>{"stripe-main"});
  EXPECT_EQ(ledger(*adyen_).charges, 0);
}

TEST_F(ThreeDSecureEngine, AResumeBeforeTheCustomerAnsweredKeepsWaiting) {
  publish("wf_3ds", stripeWithThreeDs("PREFERRED"));
  auto p = pay(kChallenge);
  ASSERT_TRUE(p && p->threeDs.challenge);
  const std::string token = p->threeDs.challenge->resumeToken;
  auto early = resume(p->id, token);
  ASSERT_TRUE(early) << early.status().toString();
  EXPECT_EQ(early->status, PaymentStatus::kPending);
  ASSERT_TRUE(early->threeDs.challenge);
  EXPECT_EQ(early->threeDs.challenge->resumeToken, token);  // the same challenge
  EXPECT_EQ(domain::activeSale(*early)->outcome, Outcome::kActionRequired);
  answer(*early, true);
  auto done = resume(p->id, token);
  ASSERT_TRUE(done) << done.status().toString();
  EXPECT_EQ(done->status, PaymentStatus::kAuthorized);
}

TEST_F(ThreeDSecureEngine, AWrongTokenIsRefusedAndChangesNothing) {
  publish("wf_3ds", stripeWithThreeDs("PREFERRED"));
  auto p = pay(kChallenge);
  ASSERT_TRUE(p && p->threeDs.challenge);
  auto wrong = resume(p->id, "2c7a3a52-3b8a-4c6e-9f1d-6a5b4c3d2e1f");
  EXPECT_EQ(wrong.status().reason(), "InvalidResumeToken");
  EXPECT_EQ(load(p->id)->version, p->version);

  auto plain = pay("4242424242424242");
  ASSERT_TRUE(plain);
  EXPECT_EQ(resume(plain->id, "2c7a3a52-3b8a-4c6e-9f1d-6a5b4c3d2e1f").status().reason(),
            "PaymentNotResumable");
}

TEST_F(ThreeDSecureEngine, AFrictionlessCardIsAuthorizedInOneCall) {
  publish("wf_3ds", stripeWithThreeDs("PREFERRED"));
  auto p = pay(kFrictionless);
  ASSERT_TRUE(p) << p.status().toString();
  EXPECT_EQ(p->status, PaymentStatus::kAuthorized);
  EXPECT_FALSE(p->threeDs.challenge);
  ASSERT_TRUE(p->threeDs.result);
  EXPECT_EQ(p->threeDs.result->responseCode, "AUTH_SUCCESS");
  EXPECT_EQ(p->threeDs.result->challengeIssued, std::optional<bool>(false));
}

TEST_F(ThreeDSecureEngine, WithThreeDsDisabledAChallengeCardIsDeclined) {
  publish("wf_3ds", stripeWithThreeDs("DISABLED"));
  auto p = pay(kChallenge);
  ASSERT_TRUE(p) << p.status().toString();
  EXPECT_EQ(p->status, PaymentStatus::kDeclined);
  EXPECT_FALSE(p->threeDs.challenge);
  ASSERT_TRUE(p->statusReason);
  EXPECT_EQ(p->statusReason->code, domain::DeclineCode::kAuthenticationRequired);
}

TEST_F(ThreeDSecureEngine, AnAbandonedChallengeIsDeclinedByTheSweepOnceExpired) {
  publish("wf_3ds", stripeWithThreeDs("PREFERRED"));
  auto p = pay(kChallenge);
  ASSERT_TRUE(p && p->threeDs.challenge);
  sweep();  // not expired yet: untouched
  EXPECT_EQ(load(p->id)->status, PaymentStatus::kPending);
  clock_.advance(std::chrono::minutes(16));
  sweep();
  auto ended = load(p->id);
  ASSERT_TRUE(ended);
  EXPECT_EQ(ended->status, PaymentStatus::kDeclined);
  EXPECT_FALSE(ended->threeDs.challenge);
  ASSERT_TRUE(ended->threeDs.result);
  EXPECT_EQ(ended->threeDs.result->responseCode, "AUTH_FAILED");
  EXPECT_EQ(ended->threeDs.result->reasonCode, "TRANSACTION_TIMED_OUT_AT_THE_ACS");
  EXPECT_EQ(ledger(*stripe_).charges, 0);
  EXPECT_EQ(ledger(*adyen_).charges, 0);
  // The customer's late resume is answered with the declined payment.
  auto late = resume(p->id, p->threeDs.challenge->resumeToken);
  ASSERT_TRUE(late) << late.status().toString();
  EXPECT_EQ(late->status, PaymentStatus::kDeclined);
}

}  // namespace
}  // namespace sy::orchestrator
