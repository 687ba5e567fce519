#include "orchestrator/circuit_breakers.h"

#include <mutex>

#include "common/log.h"

namespace sy::orchestrator {

CallVerdict verdictOf(const connectors::CallResult& r) {
  switch (r.outcome) {
    case connectors::CallOutcome::kSucceeded:
    case connectors::CallOutcome::kDeclined:
    case connectors::CallOutcome::kNotFound:
      return CallVerdict::kSuccess;
    case connectors::CallOutcome::kUnknown:
      return CallVerdict::kFailure;
    case connectors::CallOutcome::kFailed:
      if (!r.reason) return CallVerdict::kSuccess;
      switch (r.reason->type) {
        case domain::ReasonType::kGatewayTimeout:
          return CallVerdict::kFailure;
        case domain::ReasonType::kApplicationError:
          return CallVerdict::kIgnored;
        case domain::ReasonType::kGatewayRejected:
        case domain::ReasonType::kIssuerDeclined:
          return CallVerdict::kSuccess;
      }
      return CallVerdict::kSuccess;
  }
  return CallVerdict::kIgnored;
}

namespace {
// One log line per state change of a connection's breaker (not per call).
void logChange(const std::string& connectionId, CircuitState before, const CircuitBreaker& b) {
  const CircuitState after = b.state();
  if (after == before) return;
  const std::string from(toString(before)), to(toString(after));
  if (after == CircuitState::kOpen)
    log::warn("circuit breaker opened", {{"connection_id", connectionId}, {"from", from}});
  else
    log::info("circuit breaker changed",
              {{"connection_id", connectionId}, {"from", from}, {"to", to}});
}
}  // namespace

CircuitBreakers::CircuitBreakers(CircuitBreakerOptions options, const Clock& clock)
    : options_(options), clock_(clock) {}

CircuitBreaker& CircuitBreakers::breakerFor(const std::string& connectionId) {
  {
    std::shared_lock lock(mu_);
    auto it = breakers_.find(connectionId);
    if (it != breakers_.end()) return *it->second;
  }
  std::unique_lock lock(mu_);
  auto& slot = breakers_[connectionId];
  if (!slot) slot = std::make_unique<CircuitBreaker>(options_);
  return *slot;
}

const CircuitBreaker* CircuitBreakers::find(const std::string& connectionId) const {
  std::shared_lock lock(mu_);
  auto it = breakers_.find(connectionId);
  return it == breakers_.end() ? nullptr : it->second.get();
}

CircuitPermit CircuitBreakers::admit(const std::string& connectionId) {
  CircuitBreaker& b = breakerFor(connectionId);
  const CircuitState before = b.state();
  CircuitPermit p = b.allow(clock_.now());
  if (before != CircuitState::kClosed) logChange(connectionId, before, b);
  return p;
}

void CircuitBreakers::record(const std::string& connectionId, const CircuitPermit& permit,
                             const connectors::CallResult& result) {
  CircuitBreaker& b = breakerFor(connectionId);
  const CircuitState before = b.state();
  b.record(permit, verdictOf(result), clock_.now());
  logChange(connectionId, before, b);
}

void CircuitBreakers::abandon(const std::string& connectionId, const CircuitPermit& permit) {
  breakerFor(connectionId).record(permit, CallVerdict::kIgnored, clock_.now());
}

void CircuitBreakers::observe(const std::string& connectionId,
                              const connectors::CallResult& result) {
  CircuitBreaker& b = breakerFor(connectionId);
  const CircuitState before = b.state();
  b.observe(verdictOf(result), clock_.now());
  logChange(connectionId, before, b);
}

CircuitSnapshot CircuitBreakers::snapshot(const std::string& connectionId) const {
  const CircuitBreaker* b = find(connectionId);
  return b ? b->snapshot(clock_.now()) : CircuitSnapshot{};
}

CircuitCounts CircuitBreakers::counts() const {
  const TimePoint now = clock_.now();
  CircuitCounts c;
  std::shared_lock lock(mu_);
  for (const auto& [id, b] : breakers_) {
    switch (b->snapshot(now).state) {
      case CircuitState::kClosed:
        ++c.closed;
        break;
      case CircuitState::kOpen:
        ++c.open;
        break;
      case CircuitState::kHalfOpen:
        ++c.halfOpen;
        break;
    }
  }
  return c;
}

}  // namespace sy::orchestrator
