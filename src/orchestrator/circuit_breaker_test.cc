// The circuit breaker's state machine, driven by a time the test sets (no sleeps): the sliding
// window, the thresholds, half-open probes that close or re-open it, stale outcomes, lost probes,
// and many threads at once.
#include "orchestrator/circuit_breaker.h"

#include <gtest/gtest.h>

#include <atomic>
#include <thread>
#include <vector>

#include "connectors/connector.h"
#include "orchestrator/circuit_breakers.h"

namespace sy::orchestrator {
namespace {
using std::chrono::milliseconds;
using std::chrono::seconds;

CircuitBreakerOptions smallOptions() {
  CircuitBreakerOptions o;
  o.window = seconds(10);
  o.buckets = 10;
  o.minimumCalls = 4;
  o.failureRatePercent = 50;
  o.openFor = seconds(5);
  o.halfOpenProbes = 2;
  o.probeTimeout = seconds(20);
  return o;
}

class CircuitBreakerTest : public ::testing::Test {
 protected:
  // Sends one call at `now_` with the given outcome; whether it was allowed.
  bool call(CallVerdict v) {
    CircuitPermit p = breaker_.allow(now_);
    if (p.granted) breaker_.record(p, v, now_);
    return p.granted;
  }
  void calls(int n, CallVerdict v) {
    for (int i = 0; i < n; ++i) ASSERT_TRUE(call(v)) << "call " << i;
  }
  void openIt() {
    calls(4, CallVerdict::kFailure);
    ASSERT_EQ(breaker_.state(), CircuitState::kOpen);
  }

  TimePoint now_ = fromMicros(1'700'000'000'000'000);
  CircuitBreaker breaker_{smallOptions()};
};

TEST_F(CircuitBreakerTest, StartsClosedAndEmpty) {
  CircuitSnapshot s = breaker_.snapshot(now_);
  EXPECT_EQ(s.state, CircuitState::kClosed);
  EXPECT_EQ(s.windowCalls, 0);
  EXPECT_EQ(s.failurePercent, 0);
  EXPECT_FALSE(s.openedAt);
  EXPECT_FALSE(s.nextProbeAt);
}

TEST_F(CircuitBreakerTest, FewerCallsThanTheMinimumNeverOpenIt) {
  calls(3, CallVerdict::kFailure);
  EXPECT_EQ(breaker_.state(), CircuitState::kClosed);
  EXPECT_EQ(breaker_.snapshot(now_).failurePercent, 100);
  calls(1, CallVerdict::kFailure);
  EXPECT_EQ(breaker_.state(), CircuitState::kOpen);
}

TEST_F(CircuitBreakerTest, OpensAtTheFailureRateAndNotBelowIt) {
  calls(3, CallVerdict::kSuccess);
  calls(2, CallVerdict::kFailure);  // 2 of 5: 40 %
  EXPECT_EQ(breaker_.state(), CircuitState::kClosed);
  calls(1, CallVerdict::kFailure);  // 3 of 6: 50 %
  EXPECT_EQ(breaker_.state(), CircuitState::kOpen);
  CircuitSnapshot s = breaker_.snapshot(now_);
  EXPECT_EQ(s.windowCalls, 6);
  EXPECT_EQ(s.windowFailures, 3);
  EXPECT_EQ(s.failurePercent, 50);
  EXPECT_EQ(s.openedAt, now_);
  EXPECT_EQ(s.nextProbeAt, now_ + seconds(5));
  EXPECT_EQ(s.timesOpened, 1);
}

TEST_F(CircuitBreakerTest, DeclinesAndIgnoredCallsAreNotFailures) {
  calls(10, CallVerdict::kSuccess);  // declines count as the processor answering
  calls(10, CallVerdict::kIgnored);
  calls(9, CallVerdict::kFailure);  // 9 of 19
  EXPECT_EQ(breaker_.state(), CircuitState::kClosed);
  EXPECT_EQ(breaker_.snapshot(now_).windowCalls, 19);
}

TEST_F(CircuitBreakerTest, OldFailuresSlideOutOfTheWindow) {
  calls(3, CallVerdict::kFailure);
  now_ += seconds(11);  // past the 10 s window
  calls(1, CallVerdict::kFailure);
  EXPECT_EQ(breaker_.state(), CircuitState::kClosed);
  EXPECT_EQ(breaker_.snapshot(now_).windowCalls, 1);
  // Within one window, buckets add up.
  now_ += seconds(3);
  calls(1, CallVerdict::kFailure);
  now_ += seconds(3);
  calls(1, CallVerdict::kFailure);
  now_ += seconds(3);
  calls(1, CallVerdict::kFailure);  // four failures across 9 s
  EXPECT_EQ(breaker_.state(), CircuitState::kOpen);
}

TEST_F(CircuitBreakerTest, AnOpenBreakerRefusesUntilItsTimeIsUp) {
  openIt();
  EXPECT_FALSE(call(CallVerdict::kSuccess));
  now_ += milliseconds(4999);
  EXPECT_FALSE(call(CallVerdict::kSuccess));
  EXPECT_EQ(breaker_.snapshot(now_).callsRefused, 2);
  now_ += milliseconds(1);
  EXPECT_EQ(breaker_.snapshot(now_).state, CircuitState::kHalfOpen);
}

TEST_F(CircuitBreakerTest, HalfOpenGrantsABoundedNumberOfProbesAndClosesWhenAllSucceed) {
  openIt();
  now_ += seconds(5);
  CircuitPermit a = breaker_.allow(now_);
  CircuitPermit b = breaker_.allow(now_);
  CircuitPermit c = breaker_.allow(now_);
  EXPECT_TRUE(a.granted && a.probe);
  EXPECT_TRUE(b.granted && b.probe);
  EXPECT_FALSE(c.granted);  // only two probes
  EXPECT_EQ(breaker_.snapshot(now_).probesInFlight, 2);
  breaker_.record(a, CallVerdict::kSuccess, now_);
  EXPECT_EQ(breaker_.state(), CircuitState::kHalfOpen);
  EXPECT_FALSE(breaker_.allow(now_).granted);  // a succeeded probe does not free a slot
  breaker_.record(b, CallVerdict::kSuccess, now_);
  EXPECT_EQ(breaker_.state(), CircuitState::kClosed);
  CircuitSnapshot s = breaker_.snapshot(now_);
  EXPECT_EQ(s.windowCalls, 0);  // a fresh window
  EXPECT_FALSE(s.openedAt);
  // Closed again: the failures that opened it are forgotten; it takes a full window to re-open.
  calls(3, CallVerdict::kFailure);
  EXPECT_EQ(breaker_.state(), CircuitState::kClosed);
}

TEST_F(CircuitBreakerTest, AFailedProbeOpensItAgainForAnotherPeriod) {
  openIt();
  now_ += seconds(6);
  CircuitPermit a = breaker_.allow(now_);
  CircuitPermit b = breaker_.allow(now_);
  breaker_.record(a, CallVerdict::kFailure, now_);
  EXPECT_EQ(breaker_.state(), CircuitState::kOpen);
  CircuitSnapshot s = breaker_.snapshot(now_);
  EXPECT_EQ(s.openedAt, now_);
  EXPECT_EQ(s.nextProbeAt, now_ + seconds(5));
  EXPECT_EQ(s.timesOpened, 2);
  // The other probe of that round comes back later: it changes nothing.
  breaker_.record(b, CallVerdict::kSuccess, now_);
  EXPECT_EQ(breaker_.state(), CircuitState::kOpen);
  EXPECT_FALSE(call(CallVerdict::kSuccess));
}

TEST_F(CircuitBreakerTest, AnAbandonedProbeFreesItsSlot) {
  openIt();
  now_ += seconds(5);
  CircuitPermit a = breaker_.allow(now_);
  CircuitPermit b = breaker_.allow(now_);
  EXPECT_FALSE(breaker_.allow(now_).granted);
  breaker_.record(a, CallVerdict::kIgnored, now_);
  CircuitPermit c = breaker_.allow(now_);
  EXPECT_TRUE(c.granted && c.probe);
  breaker_.record(b, CallVerdict::kSuccess, now_);
  breaker_.record(c, CallVerdict::kSuccess, now_);
  EXPECT_EQ(breaker_.state(), CircuitState::kClosed);
}

TEST_F(CircuitBreakerTest, ALostProbeGivesItsSlotBackAfterTheProbeTimeout) {
  openIt();
  now_ += seconds(5);
  CircuitPermit a = breaker_.allow(now_);
  breaker_.allow(now_);  // never reported
  breaker_.record(a, CallVerdict::kSuccess, now_);
  now_ += seconds(19);
  EXPECT_FALSE(breaker_.allow(now_).granted);
  now_ += seconds(1);
  CircuitPermit c = breaker_.allow(now_);
  ASSERT_TRUE(c.granted && c.probe);
  breaker_.record(c, CallVerdict::kSuccess, now_);
  EXPECT_EQ(breaker_.state(), CircuitState::kClosed);
}

TEST_F(CircuitBreakerTest, AnOutcomeGrantedBeforeItOpenedDoesNotCount) {
  CircuitPermit slow = breaker_.allow(now_);  // a call still in flight when it opens
  openIt();
  now_ += seconds(5);
  CircuitPermit probe = breaker_.allow(now_);
  breaker_.record(slow, CallVerdict::kFailure, now_);  // stale: not a probe's answer
  EXPECT_EQ(breaker_.state(), CircuitState::kHalfOpen);
  breaker_.record(probe, CallVerdict::kSuccess, now_);
  EXPECT_EQ(breaker_.snapshot(now_).probesSucceeded, 1);
}

TEST_F(CircuitBreakerTest, ObservedCallsCountWhileClosedOnly) {
  for (int i = 0; i < 4; ++i) breaker_.observe(CallVerdict::kFailure, now_);
  EXPECT_EQ(breaker_.state(), CircuitState::kOpen);
  now_ += seconds(5);
  CircuitPermit probe = breaker_.allow(now_);
  breaker_.observe(CallVerdict::kFailure, now_);  // a capture failing meanwhile: not a probe
  EXPECT_EQ(breaker_.state(), CircuitState::kHalfOpen);
  breaker_.record(probe, CallVerdict::kSuccess, now_);
}

TEST_F(CircuitBreakerTest, ManyThreadsCountEveryCall) {
  CircuitBreakerOptions o = smallOptions();
  o.minimumCalls = 1'000'000;  // never opens: every call must be counted
  CircuitBreaker breaker(o);
  constexpr int kThreads = 8, kCalls = 5000;
  std::vector<std::thread> threads;
  std::atomic<int> refused{0};
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kCalls; ++i) {
        CircuitPermit p = breaker.allow(now_);
        if (!p.granted) ++refused;
        breaker.record(p, (i + t) % 2 ? CallVerdict::kFailure : CallVerdict::kSuccess, now_);
      }
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(refused.load(), 0);
  CircuitSnapshot s = breaker.snapshot(now_);
  EXPECT_EQ(s.windowCalls, kThreads * kCalls);
  EXPECT_EQ(s.windowFailures, kThreads * kCalls / 2);
}

TEST_F(CircuitBreakerTest, ConcurrentCallersOfAHalfOpenBreakerGetExactlyTheProbes) {
  openIt();
  now_ += seconds(5);
  std::atomic<int> granted{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t)
    threads.emplace_back([&] {
      for (int i = 0; i < 100; ++i)
        if (breaker_.allow(now_).granted) ++granted;
    });
  for (auto& th : threads) th.join();
  EXPECT_EQ(granted.load(), 2);
}

TEST(CallVerdict, TimeoutsAndProcessorErrorsFailButDeclinesDoNot) {
  connectors::CallResult r;
  r.outcome = connectors::CallOutcome::kUnknown;  // timeout, reset, 5xx, garbled answer
  EXPECT_EQ(verdictOf(r), CallVerdict::kFailure);
  r.outcome = connectors::CallOutcome::kDeclined;
  EXPECT_EQ(verdictOf(r), CallVerdict::kSuccess);
  r.outcome = connectors::CallOutcome::kSucceeded;
  EXPECT_EQ(verdictOf(r), CallVerdict::kSuccess);
  r.outcome = connectors::CallOutcome::kFailed;
  r.reason = domain::StatusReason{};
  r.reason->type = domain::ReasonType::kGatewayRejected;  // the processor refused the request
  EXPECT_EQ(verdictOf(r), CallVerdict::kSuccess);
  r.reason->type = domain::ReasonType::kGatewayTimeout;
  EXPECT_EQ(verdictOf(r), CallVerdict::kFailure);
  r.reason->type = domain::ReasonType::kApplicationError;  // not sent
  EXPECT_EQ(verdictOf(r), CallVerdict::kIgnored);
}

}  // namespace
}  // namespace sy::orchestrator
