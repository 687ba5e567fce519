// Admission control: which requests a node starts executing, so that under overload it answers the
// excess at once (503 + Retry-After) instead of queueing everything and letting latency grow
// without bound. Two rules, both checked before a request reaches its handler:
//
//  1. Queueing delay (the adaptive rule). The server is given a probe of the node's queueing
//     delay — `switchyard serve` passes the larger of the store's (how long the oldest unit still
//     waiting for a store thread has waited: store::sql::SqlStore::queueDelay) and the network
//     threads' (how late a ready handler runs: http/loop_lag.h, which rises when CPU, not the
//     database, is the bottleneck). While it exceeds `queueDelayTarget`, new requests are shed. The age of the oldest waiting unit is the delay new work would see, whatever the
//     store's capacity: a fast disk drains a deep burst well within the target and nothing is
//     shed; an overloaded store, or one that is locked, full or unreachable, stops draining and
//     is shed on within one target. So no capacity number has to be tuned per machine or backend
//     (CoDel's insight: judge a queue by its sojourn time, not its length). Requests already
//     admitted are never cut off: their units stay queued and finish.
//  2. Concurrency (a backstop). At most `maxInFlight` requests execute at once, which bounds the
//     memory and the CPU queue of a node whose bottleneck is not the store (CPU, a flood of cheap
//     requests). Set it well above what the node needs at its peak (slow processors hold requests
//     for seconds without costing anything), so it only bites on a flood.
//
// Exempt paths (`/healthz`) are always admitted and not counted: a load balancer must keep seeing
// the node while it sheds. Shedding happens before any handler runs, so a rejected request wrote
// nothing and its retry (same idempotency key) is safe.
//
// Thread-safe: admit() from any connection strand.
#pragma once

#include <atomic>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace sy::http {

struct AdmissionOptions {
  size_t maxInFlight = 0;  // requests executing at once; 0: no limit
  // Shed while queueDelay() exceeds this; 0 or an empty probe: the rule is off.
  std::chrono::milliseconds queueDelayTarget{0};
  std::function<std::chrono::steady_clock::duration()> queueDelay;
  std::vector<std::string> exemptPaths;  // exact paths, never shed nor counted
  std::chrono::seconds retryAfter{1};    // the Retry-After a shed request is told
};

class AdmissionControl {
 public:
  explicit AdmissionControl(AdmissionOptions options);
  AdmissionControl(const AdmissionControl&) = delete;
  AdmissionControl& operator=(const AdmissionControl&) = delete;

  // Holds one in-flight slot until destroyed (or none, for an exempt path or a rejection).
  class Ticket {
   public:
    Ticket() = default;
    explicit Ticket(AdmissionControl* owner) : owner_(owner) {}
    Ticket(Ticket&& other) noexcept : owner_(other.owner_) { other.owner_ = nullptr; }
    Ticket& operator=(Ticket&& other) noexcept;
    ~Ticket() { release(); }

   private:
    void release();
    AdmissionControl* owner_ = nullptr;
  };

  enum class Verdict { kAdmitted, kTooManyInFlight, kQueueTooSlow };
  struct Decision {
    Verdict verdict = Verdict::kAdmitted;
    Ticket ticket;  // keep for as long as the request executes
    bool admitted() const { return verdict == Verdict::kAdmitted; }
  };

  // Decides for a request to `path` (the path without its query).
  Decision admit(std::string_view path);

  size_t inFlight() const { return inFlight_.load(std::memory_order_relaxed); }
  uint64_t rejected() const { return rejected_.load(std::memory_order_relaxed); }
  std::chrono::seconds retryAfter() const { return options_.retryAfter; }

 private:
  bool exempt(std::string_view path) const;

  const AdmissionOptions options_;
  std::atomic<size_t> inFlight_{0};
  std::atomic<uint64_t> rejected_{0};
};

}  // namespace sy::http
