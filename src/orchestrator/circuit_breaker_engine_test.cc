// The engine with circuit breakers against the sandbox emulators over loopback: a processor that
// answers 5xx opens its connection's breaker after one window of failures; later payments skip it
// without a call (the emulator's ledger stays empty although it would now approve) and go to the
// route's fallback; half-open probes close it again once the processor recovers, or re-open it.
// Time is the fixture's manual clock: nothing sleeps.
#include <gtest/gtest.h>

#include "orchestrator/circuit_breakers.h"
#include "orchestrator/testing/engine_fixture.h"
#include "store/awaitable.h"

namespace sy::orchestrator {
namespace {
using domain::PaymentStatus;
using testing::EngineFixture;

constexpr const char* kApproved = "4242424242424242";
constexpr const char* kStripe = "conn_stripe-main";  // the fixture's connection ids
constexpr const char* kAdyen = "conn_adyen-main";

CircuitBreakerOptions testOptions() {
  CircuitBreakerOptions o;
  o.window = std::chrono::seconds(30);
  o.minimumCalls = 4;
  o.failureRatePercent = 50;
  o.openFor = std::chrono::seconds(30);
  o.halfOpenProbes = 2;
  return o;
}

const char* kStripeThenAdyen = R"({"schemaVersion": 1, "name": "Stripe then Adyen",
  "trigger": {"event": "PAYMENT_CREATED"},
  "steps": [{"type": "AUTHORIZE", "connection": "stripe-main", "fallbackConnections": ["adyen-main"]}]})";

class CircuitBreakerEngine : public EngineFixture {
 protected:
  void SetUp() override {
    EngineFixture::SetUp();
    engine_->setCircuitBreakers(&breakers_);
  }

  // Pays with `in` until the connection's breaker opens (at most `bound` payments); the payments.
  std::vector<domain::Payment> payUntilOpen(const std::string& connectionId, PaymentInput in,
                                            int bound = 20) {
    std::vector<domain::Payment> made;
    for (int i = 0; i < bound && state(connectionId) != CircuitState::kOpen; ++i) {
      auto p = pay(in);
      EXPECT_TRUE(p) << p.status().toString();
      if (p) made.push_back(*p);
    }
    EXPECT_EQ(state(connectionId), CircuitState::kOpen);
    return made;
  }
  CircuitState state(const std::string& connectionId) {
    return breakers_.snapshot(connectionId).state;
  }
  bool tokenUsed(const domain::Payment& p) {
    Result<store::CardToken> t = internalError("not read");
    store::readSync(
        *store_, [&](store::ReadTx& tx) { t = tx.findCardToken(kMerchant, p.paymentMethodToken); });
    EXPECT_TRUE(t) << t.status().toString();
    return t && t->usedAt.has_value();
  }

  CircuitBreakers breakers_{testOptions(), clock_};
};

TEST_F(CircuitBreakerEngine, ABrokenProcessorCostsOneWindowThenTrafficMovesToTheFallback) {
  publish("wf", kStripeThenAdyen);
  setFaults(*stripe_, R"({"failNext": 1000})");  // every Stripe call answers 500
  PaymentInput in;
  in.card.number = kApproved;
  const std::vector<domain::Payment> failed = payUntilOpen(kStripe, in);
  // Each failed authorization (and its inline inquiry) counts: the minimum of 4 calls is reached
  // within 2 payments, and no more payment than that met the broken processor.
  EXPECT_LE(failed.size(), 2u);
  for (const auto& p : failed) {
    // Its outcome is unknown: the route waits, no fallback starts (it may have charged).
    EXPECT_EQ(p.status, PaymentStatus::kPending);
    EXPECT_EQ(route(p).state, "WAITING");
  }
  EXPECT_EQ(ledger(*adyen_).charges, 0);
  CircuitSnapshot open = breakers_.snapshot(kStripe);
  EXPECT_GE(open.windowFailures, 4);
  EXPECT_EQ(open.openedAt, clock_.now());

  // Stripe would approve now, but the breaker is open: payments go straight to Adyen.
  setFaults(*stripe_, R"({"reset": true})");
  for (int i = 0; i < 3; ++i) {
    auto p = pay(in);
    ASSERT_TRUE(p) << p.status().toString();
    EXPECT_EQ(p->status, PaymentStatus::kAuthorized);
    EXPECT_EQ(attemptedConnections(*p), std::vector<std::string>{"adyen-main"});
    ASSERT_EQ(route(*p).skipped.size(), 1u);
    EXPECT_EQ(route(*p).skipped[0].processorMerchantId, "stripe-main");
    EXPECT_EQ(route(*p).skipped[0].reason, "CIRCUIT_OPEN");
    EXPECT_EQ(route(*p).attempts.at(0).reason, "FIRST");
    // Stored as answered.
    EXPECT_EQ(domain::routingToJson(*load(p->id)->routing), domain::routingToJson(*p->routing));
  }
  EXPECT_EQ(ledger(*stripe_).charges, 0);  // never called
  EXPECT_EQ(ledger(*adyen_).charges, 3);
  EXPECT_EQ(breakers_.snapshot(kStripe).callsRefused, 3);
  EXPECT_EQ(state(kAdyen), CircuitState::kClosed);

  // After openFor, two probes reach Stripe; both succeed and the breaker closes.
  clock_.advance(std::chrono::seconds(30));
  EXPECT_EQ(state(kStripe), CircuitState::kHalfOpen);
  for (int i = 0; i < 2; ++i) {
    auto p = pay(in);
    ASSERT_TRUE(p) << p.status().toString();
    EXPECT_EQ(attemptedConnections(*p), std::vector<std::string>{"stripe-main"});
    EXPECT_TRUE(route(*p).skipped.empty());
  }
  EXPECT_EQ(state(kStripe), CircuitState::kClosed);
  EXPECT_EQ(ledger(*stripe_).charges, 2);

  // The payments that met the outage are finished by the sweep like any unknown outcome.
  EXPECT_GE(sweep(), 1);
  for (const auto& p : failed) {
    auto after = load(p.id);
    ASSERT_TRUE(after);
    EXPECT_NE(after->status, PaymentStatus::kPending);
  }
}

TEST_F(CircuitBreakerEngine, AFailedProbeOpensTheBreakerAgain) {
  publish("wf", kStripeThenAdyen);
  setFaults(*stripe_, R"({"failNext": 1000})");
  PaymentInput in;
  in.card.number = kApproved;
  payUntilOpen(kStripe, in);
  clock_.advance(std::chrono::seconds(31));
  auto probe = pay(in);  // Stripe still fails: the probe's outcome is unknown
  ASSERT_TRUE(probe) << probe.status().toString();
  EXPECT_EQ(attemptedConnections(*probe), std::vector<std::string>{"stripe-main"});
  EXPECT_EQ(probe->status, PaymentStatus::kPending);
  EXPECT_EQ(state(kStripe), CircuitState::kOpen);
  EXPECT_EQ(breakers_.snapshot(kStripe).timesOpened, 2);
  auto next = pay(in);
  ASSERT_TRUE(next) << next.status().toString();
  EXPECT_EQ(attemptedConnections(*next), std::vector<std::string>{"adyen-main"});
}

TEST_F(CircuitBreakerEngine, TheDefaultConnectionWithAnOpenBreakerDeclinesAtOnceWithoutACall) {
  setFaults(*stripe_, R"({"failNext": 1000})");
  PaymentInput in;
  in.card.number = kApproved;
  const auto failed = payUntilOpen(kStripe, in);
  EXPECT_EQ(failed.size(), 4u);  // no workflow: no inline inquiry, one call per payment
  setFaults(*stripe_, R"({"reset": true})");

  auto p = pay(in);
  ASSERT_TRUE(p) << p.status().toString();
  EXPECT_EQ(p->status, PaymentStatus::kDeclined);
  ASSERT_TRUE(p->statusReason);
  EXPECT_EQ(p->statusReason->type, domain::ReasonType::kGatewayRejected);
  EXPECT_EQ(p->statusReason->declineType, domain::DeclineType::kSoft);
  EXPECT_EQ(p->statusReason->advisedAction, domain::AdvisedAction::kRetryLater);
  EXPECT_NE(p->statusReason->message.find("circuit breaker open"), std::string::npos);
  EXPECT_TRUE(p->transactions.empty());  // a skipped attempt makes no transaction
  EXPECT_EQ(ledger(*stripe_).charges, 0);
  // The card was never sent: its token stays usable for the merchant's retry.
  EXPECT_FALSE(tokenUsed(*p));
  auto stored = load(p->id);
  ASSERT_TRUE(stored);
  EXPECT_EQ(stored->status, PaymentStatus::kDeclined);

  // A pinned connection is no different.
  in.pin = "stripe-main";
  auto pinned = pay(in);
  ASSERT_TRUE(pinned);
  EXPECT_EQ(pinned->status, PaymentStatus::kDeclined);
  EXPECT_EQ(ledger(*stripe_).charges, 0);
}

TEST_F(CircuitBreakerEngine, ARouteWithEveryConnectionOpenIsDeclinedWithTheSkipsInItsTrace) {
  setFaults(*stripe_, R"({"failNext": 1000})");
  setFaults(*adyen_, R"({"failNext": 1000})");
  PaymentInput toStripe;
  toStripe.pin = "stripe-main";
  payUntilOpen(kStripe, toStripe);
  PaymentInput toAdyen;
  toAdyen.pin = "adyen-main";
  payUntilOpen(kAdyen, toAdyen);
  publish("wf", kStripeThenAdyen);

  auto p = pay(kApproved);
  ASSERT_TRUE(p) << p.status().toString();
  EXPECT_EQ(p->status, PaymentStatus::kDeclined);
  EXPECT_TRUE(p->transactions.empty());
  const auto& r = route(*p);
  EXPECT_EQ(r.state, "STOPPED");
  EXPECT_EQ(r.stopReason, "CIRCUIT_OPEN");
  ASSERT_EQ(r.skipped.size(), 2u);
  EXPECT_EQ(r.skipped[0].processorMerchantId, "stripe-main");
  EXPECT_EQ(r.skipped[1].processorMerchantId, "adyen-main");
  EXPECT_TRUE(r.attempts.empty());
  EXPECT_FALSE(tokenUsed(*p));
}

TEST_F(CircuitBreakerEngine, AFallbackWhoseBreakerIsOpenIsSkippedAfterADecline) {
  // Adyen is broken and its breaker open; Stripe soft-declines: the route has nowhere to go and
  // the decline stands, with Adyen recorded as skipped.
  setFaults(*adyen_, R"({"failNext": 1000})");
  PaymentInput toAdyen;
  toAdyen.pin = "adyen-main";
  payUntilOpen(kAdyen, toAdyen);
  publish("wf", kStripeThenAdyen);
  auto p = pay("4000000000009995");  // insufficient funds at Stripe
  ASSERT_TRUE(p) << p.status().toString();
  EXPECT_EQ(p->status, PaymentStatus::kDeclined);
  EXPECT_EQ(p->statusReason->code, domain::DeclineCode::kInsufficientFunds);
  EXPECT_EQ(attemptedConnections(*p), std::vector<std::string>{"stripe-main"});
  ASSERT_EQ(route(*p).skipped.size(), 1u);
  EXPECT_EQ(route(*p).skipped[0].processorMerchantId, "adyen-main");
  EXPECT_EQ(route(*p).stopReason, "EXHAUSTED");
  EXPECT_TRUE(tokenUsed(*p));
}

TEST_F(CircuitBreakerEngine, DeclinesNeverOpenTheBreaker) {
  PaymentInput in;
  in.card.number = "4000000000000002";  // generic decline
  in.pin = "stripe-main";
  for (int i = 0; i < 6; ++i) {
    auto p = pay(in);
    ASSERT_TRUE(p) << p.status().toString();
    EXPECT_EQ(p->status, PaymentStatus::kDeclined);
  }
  CircuitSnapshot s = breakers_.snapshot(kStripe);
  EXPECT_EQ(s.state, CircuitState::kClosed);
  EXPECT_EQ(s.windowCalls, 6);
  EXPECT_EQ(s.windowFailures, 0);
}

}  // namespace
}  // namespace sy::orchestrator
