#include "orchestrator/circuit_breaker.h"

#include <algorithm>

namespace sy::orchestrator {

std::string_view toString(CircuitState s) {
  switch (s) {
    case CircuitState::kClosed:
      return "CLOSED";
    case CircuitState::kOpen:
      return "OPEN";
    case CircuitState::kHalfOpen:
      return "HALF_OPEN";
  }
  return "CLOSED";
}

namespace {
CircuitBreakerOptions sane(CircuitBreakerOptions o) {
  o.buckets = std::clamp(o.buckets, 1, 1000);
  o.minimumCalls = std::max(o.minimumCalls, 1);
  o.failureRatePercent = std::clamp(o.failureRatePercent, 1, 100);
  o.halfOpenProbes = std::max(o.halfOpenProbes, 1);
  if (o.window.count() < o.buckets) o.window = std::chrono::milliseconds(o.buckets);
  return o;
}
}  // namespace

CircuitBreaker::CircuitBreaker(CircuitBreakerOptions options)
    : options_(sane(options)),
      bucketMicros_(std::chrono::duration_cast<std::chrono::microseconds>(options_.window).count() /
                    options_.buckets),
      word_(word(0, CircuitState::kClosed)),
      buckets_(static_cast<size_t>(options_.buckets)) {}

int64_t CircuitBreaker::bucketIndex(TimePoint now) const {
  return toMicros(now) / bucketMicros_;
}

CircuitPermit CircuitBreaker::allow(TimePoint now) {
  const uint64_t w = word_.load(std::memory_order_acquire);
  if (CircuitState(w & 3) == CircuitState::kClosed) return {true, false, w >> 2};
  std::lock_guard lock(mu_);
  refreshLocked(now);
  if (state_ == CircuitState::kClosed) return {true, false, epoch_};
  if (state_ == CircuitState::kHalfOpen) {
    // Probes whose outcome never came back give their slots up after probeTimeout.
    if (probesGranted_ >= options_.halfOpenProbes && now - lastProbeAt_ >= options_.probeTimeout)
      probesGranted_ = probesSucceeded_;
    if (probesGranted_ < options_.halfOpenProbes) {
      ++probesGranted_;
      lastProbeAt_ = now;
      return {true, true, epoch_};
    }
  }
  refused_.fetch_add(1, std::memory_order_relaxed);
  return {false, false, epoch_};
}

void CircuitBreaker::record(const CircuitPermit& permit, CallVerdict verdict, TimePoint now) {
  if (!permit.granted) return;
  std::lock_guard lock(mu_);
  // An outcome from before the latest transition says nothing about the state now (a slow call
  // granted while CLOSED that ends after the breaker opened, or a probe of an earlier round).
  if (permit.epoch != epoch_) return;
  if (state_ == CircuitState::kClosed) {
    count(verdict, now);
    return;
  }
  if (state_ != CircuitState::kHalfOpen || !permit.probe) return;
  switch (verdict) {
    case CallVerdict::kIgnored:
      probesGranted_ = std::max(probesSucceeded_, probesGranted_ - 1);
      return;
    case CallVerdict::kFailure:
      transition(CircuitState::kOpen, now);
      return;
    case CallVerdict::kSuccess:
      if (++probesSucceeded_ >= options_.halfOpenProbes) transition(CircuitState::kClosed, now);
      return;
  }
}

void CircuitBreaker::observe(CallVerdict verdict, TimePoint now) {
  if (verdict == CallVerdict::kIgnored) return;
  std::lock_guard lock(mu_);
  if (state_ == CircuitState::kClosed) count(verdict, now);
}

void CircuitBreaker::count(CallVerdict verdict, TimePoint now) {
  if (verdict == CallVerdict::kIgnored) return;
  const int64_t index = bucketIndex(now);
  Bucket& b = buckets_[static_cast<size_t>(index % options_.buckets)];
  if (b.index != index) b = Bucket{index, 0, 0};
  ++b.calls;
  if (verdict != CallVerdict::kFailure) return;
  ++b.failures;
  int64_t calls = 0, failures = 0;
  sums(now, calls, failures);
  if (calls >= options_.minimumCalls && failures * 100 >= calls * options_.failureRatePercent)
    transition(CircuitState::kOpen, now);
}

void CircuitBreaker::sums(TimePoint now, int64_t& calls, int64_t& failures) const {
  const int64_t current = bucketIndex(now);
  calls = failures = 0;
  for (const Bucket& b : buckets_) {
    if (b.index > current - options_.buckets && b.index <= current) {
      calls += b.calls;
      failures += b.failures;
    }
  }
}

void CircuitBreaker::transition(CircuitState to, TimePoint now) {
  state_ = to;
  ++epoch_;
  probesGranted_ = probesSucceeded_ = 0;
  if (to == CircuitState::kOpen) {
    openedAt_ = now;
    ++timesOpened_;
  }
  if (to == CircuitState::kClosed) std::fill(buckets_.begin(), buckets_.end(), Bucket{});
  word_.store(word(epoch_, to), std::memory_order_release);
}

void CircuitBreaker::refreshLocked(TimePoint now) {
  if (state_ == CircuitState::kOpen && now - openedAt_ >= options_.openFor)
    transition(CircuitState::kHalfOpen, now);
}

CircuitState CircuitBreaker::state() const {
  return CircuitState(word_.load(std::memory_order_acquire) & 3);
}

CircuitSnapshot CircuitBreaker::snapshot(TimePoint now) const {
  std::lock_guard lock(mu_);
  CircuitSnapshot s;
  s.state = state_;
  // An OPEN breaker whose time is up shows HALF_OPEN, as the next allow() will make it.
  if (state_ == CircuitState::kOpen && now - openedAt_ >= options_.openFor)
    s.state = CircuitState::kHalfOpen;
  sums(now, s.windowCalls, s.windowFailures);
  if (s.windowCalls > 0) s.failurePercent = int(s.windowFailures * 100 / s.windowCalls);
  if (state_ != CircuitState::kClosed) s.openedAt = openedAt_;
  if (s.state == CircuitState::kOpen) {
    s.nextProbeAt = openedAt_ + std::chrono::duration_cast<TimePoint::duration>(options_.openFor);
  }
  if (state_ == CircuitState::kHalfOpen) {
    s.probesInFlight = probesGranted_ - probesSucceeded_;
    s.probesSucceeded = probesSucceeded_;
  }
  s.timesOpened = timesOpened_;
  s.callsRefused = refused_.load(std::memory_order_relaxed);
  return s;
}

}  // namespace sy::orchestrator
