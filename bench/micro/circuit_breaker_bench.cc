// What a circuit breaker adds to each processor call (docs/performance.md, "Circuit breakers"):
// allow() before the call and record() after it, on one breaker from one and from several
// threads, and the registry's lookup by connection id around them. Part of `microbench`.
//
//   build-release/microbench --benchmark_filter=Circuit
#include <benchmark/benchmark.h>

#include <string>

#include "orchestrator/circuit_breakers.h"

namespace {
using namespace sy;

class FixedClock final : public Clock {
 public:
  TimePoint now() const override { return fromMicros(1732170000000000); }
};

orchestrator::CircuitBreakerOptions neverOpens() {
  orchestrator::CircuitBreakerOptions o;
  o.minimumCalls = 1 << 30;  // the hot path of a healthy processor: CLOSED throughout
  return o;
}

// allow() + record() on a CLOSED breaker: the cost every authorization attempt pays.
void BM_CircuitBreakerAllowRecord(benchmark::State& state) {
  static orchestrator::CircuitBreaker breaker(neverOpens());
  const TimePoint now = FixedClock().now();
  for (auto _ : state) {
    orchestrator::CircuitPermit p = breaker.allow(now);
    breaker.record(p, orchestrator::CallVerdict::kSuccess, now);
    benchmark::DoNotOptimize(p);
  }
}
BENCHMARK(BM_CircuitBreakerAllowRecord)->Threads(1)->Threads(2)->Threads(8);

// The same through the engine's registry: lookup by connection id, the clock, the verdict.
void BM_CircuitBreakersAdmitRecord(benchmark::State& state) {
  static FixedClock clock;
  static orchestrator::CircuitBreakers breakers(neverOpens(), clock);
  const std::string id = "conn_" + std::to_string(state.thread_index() % 4);
  connectors::CallResult declined;
  declined.outcome = connectors::CallOutcome::kDeclined;
  for (auto _ : state) {
    orchestrator::CircuitPermit p = breakers.admit(id);
    breakers.record(id, p, declined);
    benchmark::DoNotOptimize(p);
  }
}
BENCHMARK(BM_CircuitBreakersAdmitRecord)->Threads(1)->Threads(8);

// An OPEN breaker refusing a call: what a payment pays to skip a broken processor.
void BM_CircuitBreakerRefuse(benchmark::State& state) {
  orchestrator::CircuitBreakerOptions o;
  o.minimumCalls = 1;
  o.openFor = std::chrono::hours(1);
  orchestrator::CircuitBreaker breaker(o);
  const TimePoint now = FixedClock().now();
  breaker.record(breaker.allow(now), orchestrator::CallVerdict::kFailure, now);
  for (auto _ : state) benchmark::DoNotOptimize(breaker.allow(now));
}
BENCHMARK(BM_CircuitBreakerRefuse);

}  // namespace
