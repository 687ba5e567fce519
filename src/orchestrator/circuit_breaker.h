// A circuit breaker for one processor connection: stops sending calls to a processor that keeps
// failing, so that a broken processor costs merchants one window of failures, not every payment's
// timeout (docs/resilience.md).
//
//   CLOSED    calls flow; each outcome is counted in a sliding window of time buckets. When the
//             window holds at least `minimumCalls` calls and at least `failureRatePercent` of them
//             failed, the breaker OPENs.
//   OPEN      allow() refuses every call for `openFor`; then the breaker is HALF_OPEN.
//   HALF_OPEN allow() grants `halfOpenProbes` calls (probes) and refuses the rest. A probe that
//             fails re-OPENs the breaker (for another `openFor`); once every probe succeeded it
//             CLOSEs with an empty window.
//
// What is a failure is the caller's business (CallVerdict; circuit_breakers.h maps a processor
// call's outcome: timeouts, transport errors, 5xx and garbled answers fail, declines do not).
// Time is passed in (`now`) so tests drive it without sleeping.
//
// Thread-safe. allow() on a CLOSED breaker reads one atomic word and takes no lock; record() takes
// the breaker's mutex for a few counter updates (docs/performance.md has the figures).
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <mutex>
#include <optional>
#include <string_view>
#include <vector>

#include "common/clock.h"

namespace sy::orchestrator {

struct CircuitBreakerOptions {
  std::chrono::milliseconds window{30000};   // how far back outcomes count
  int buckets = 10;                          // the window's resolution: window / buckets
  int minimumCalls = 20;                     // fewer calls in the window never open the breaker
  int failureRatePercent = 50;               // 1..100
  std::chrono::milliseconds openFor{30000};  // refusing everything before probing again
  int halfOpenProbes = 3;                    // probes granted, all of which must succeed
  // A probe whose outcome never arrives (its request ended before the call) gives its slot back
  // after this long, so a lost probe cannot keep the breaker half-open for ever.
  std::chrono::milliseconds probeTimeout{60000};
};

enum class CircuitState : uint8_t { kClosed, kOpen, kHalfOpen };
std::string_view toString(CircuitState s);  // "CLOSED" | "OPEN" | "HALF_OPEN"

// What one call says about the processor's health.
enum class CallVerdict : uint8_t {
  kSuccess,  // the processor answered (an approval or a decline alike)
  kFailure,  // timeout, transport error, 5xx, unreadable answer
  kIgnored,  // nothing about the processor (the call was not sent after all)
};

// The answer of allow(): whether to send the call, and what record() needs to match the outcome
// with the state that granted it. Plain data, freely copied.
struct CircuitPermit {
  bool granted = false;
  bool probe = false;  // granted as one of HALF_OPEN's probes
  uint64_t epoch = 0;  // the state it was granted in (each transition starts a new epoch)
};

// The breaker as the health API shows it.
struct CircuitSnapshot {
  CircuitState state = CircuitState::kClosed;
  int64_t windowCalls = 0;  // outcomes counted in the current window
  int64_t windowFailures = 0;
  int failurePercent = 0;                // of windowCalls, rounded down; 0 without calls
  std::optional<TimePoint> openedAt;     // OPEN / HALF_OPEN: when it last opened
  std::optional<TimePoint> nextProbeAt;  // OPEN: when probes start
  int probesInFlight = 0;                // HALF_OPEN
  int probesSucceeded = 0;               // HALF_OPEN
  int64_t timesOpened = 0;               // since this process started
  int64_t callsRefused = 0;              // allow() answers "no", since this process started
};

class CircuitBreaker {
 public:
  explicit CircuitBreaker(CircuitBreakerOptions options);

  // May a call be sent now? A granted permit's outcome must be given to record() once (kIgnored
  // when the call was not made after all, which frees a probe's slot).
  CircuitPermit allow(TimePoint now);
  void record(const CircuitPermit& permit, CallVerdict verdict, TimePoint now);
  // The outcome of a call that did not ask allow() (captures, refunds, inquiries: work that must
  // reach this processor whatever its health). Counted while CLOSED only.
  void observe(CallVerdict verdict, TimePoint now);

  CircuitSnapshot snapshot(TimePoint now) const;
  CircuitState state() const;

  const CircuitBreakerOptions& options() const { return options_; }

 private:
  struct Bucket {
    int64_t index = -1;  // which bucket-width slice of time it counts
    int64_t calls = 0;
    int64_t failures = 0;
  };
  static uint64_t word(uint64_t epoch, CircuitState s) { return epoch << 2 | uint64_t(s); }
  int64_t bucketIndex(TimePoint now) const;
  // Callers hold mu_.
  void count(CallVerdict verdict, TimePoint now);
  void sums(TimePoint now, int64_t& calls, int64_t& failures) const;
  void transition(CircuitState to, TimePoint now);
  void refreshLocked(TimePoint now);  // OPEN -> HALF_OPEN when openFor has passed

  const CircuitBreakerOptions options_;
  const int64_t bucketMicros_;
  // epoch << 2 | state: read without the lock by allow()'s fast path; written under mu_.
  std::atomic<uint64_t> word_;
  mutable std::mutex mu_;
  std::vector<Bucket> buckets_;
  uint64_t epoch_ = 0;
  CircuitState state_ = CircuitState::kClosed;
  TimePoint openedAt_{};
  int probesGranted_ = 0;
  int probesSucceeded_ = 0;
  TimePoint lastProbeAt_{};
  int64_t timesOpened_ = 0;
  std::atomic<int64_t> refused_{0};
};

}  // namespace sy::orchestrator
