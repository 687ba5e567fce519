// The circuit breakers of this process: one CircuitBreaker per processor connection (by connection
// id), made on first use, with one set of options. The engine asks admit() before an authorization
// attempt and reports every processor call's outcome (record() for an admitted call, observe() for
// the calls it does not gate); the health API and /healthz read snapshots.
//
// Breakers live in memory, per node: each node learns a processor's failures within one window by
// itself (docs/deployment.md, "Circuit breakers on several nodes").
//
// Thread-safe; breakers are never removed, so a reference from breakerFor() stays valid for the
// registry's lifetime.
#pragma once

#include <memory>
#include <shared_mutex>
#include <string>
#include <unordered_map>

#include "common/clock.h"
#include "connectors/connector.h"
#include "orchestrator/circuit_breaker.h"

namespace sy::orchestrator {

// What a processor call's result says about the processor's health: an unknown outcome (timeout,
// reset, 5xx, garbled answer) and a failure of the gateway's own timing fail; an approval, a
// decline or a processor's refusal of the request succeed (it answered); a call that was not sent
// (APPLICATION_ERROR: the credentials could not be read...) is ignored.
CallVerdict verdictOf(const connectors::CallResult& r);

// How many breakers are in each state (for /healthz).
struct CircuitCounts {
  int closed = 0;
  int open = 0;
  int halfOpen = 0;
};

class CircuitBreakers {
 public:
  // `clock` must outlive the registry.
  CircuitBreakers(CircuitBreakerOptions options, const Clock& clock);

  CircuitPermit admit(const std::string& connectionId);
  void record(const std::string& connectionId, const CircuitPermit& permit,
              const connectors::CallResult& result);
  // Gives back an admitted permit whose call was not made.
  void abandon(const std::string& connectionId, const CircuitPermit& permit);
  void observe(const std::string& connectionId, const connectors::CallResult& result);

  // The connection's breaker as it stands; a connection never called is CLOSED and empty.
  CircuitSnapshot snapshot(const std::string& connectionId) const;
  CircuitCounts counts() const;

  const CircuitBreakerOptions& options() const { return options_; }
  TimePoint now() const { return clock_.now(); }

 private:
  CircuitBreaker& breakerFor(const std::string& connectionId);
  const CircuitBreaker* find(const std::string& connectionId) const;

  const CircuitBreakerOptions options_;
  const Clock& clock_;
  mutable std::shared_mutex mu_;
  std::unordered_map<std::string, std::unique_ptr<CircuitBreaker>> breakers_;
};

}  // namespace sy::orchestrator
