// The store-backed workflows::PublishedWorkflows: what the payment engine asks for the merchant's
// live workflow. Each merchant's live versions are read and compiled once and then shared (a
// shared_ptr<const PublishedWorkflow>), so a payment neither re-reads the document nor recompiles.
//
// Freshness contract (docs/workflows.md, "The registry"):
// - A publish or rollback made through this process is visible to the next current() call: the
//   API calls changed() once its write has committed.
// - A publish or rollback made by another process sharing the database (PostgreSQL nodes, the CLI)
//   is visible within `refreshInterval` (plus one store read): a cached merchant is re-checked by
//   reading its workflow generation (one primary-key lookup) when its last check is older than
//   that; the documents are re-read and recompiled only when the generation moved.
// - Merchants without a live workflow are cached too (as "none"), under the same rule.
// Thread-safe; current() may be called from any executor.
#pragma once

#include <array>
#include <chrono>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>

#include "store/store.h"
#include "workflows/published_workflow.h"

namespace sy::orchestrator {

struct WorkflowRegistryOptions {
  // How long a merchant's cached workflows are used before their generation is read again.
  std::chrono::milliseconds refreshInterval{1000};
  // Merchants kept; beyond it the cache starts over (cheap: entries reload on demand).
  size_t maxMerchants = 10000;
};

// What the registry has done, for tests and metrics.
struct WorkflowRegistryStats {
  uint64_t hits = 0;              // answered from the cache without reading the store
  uint64_t generationChecks = 0;  // generation reads (the cache was older than the interval)
  uint64_t loads = 0;             // live documents read and compiled
};

class WorkflowRegistry final : public workflows::PublishedWorkflows {
 public:
  WorkflowRegistry(store::Store& store, WorkflowRegistryOptions options = {});

  boost::asio::awaitable<Result<std::shared_ptr<const workflows::PublishedWorkflow>>> current(
      std::string merchantId, workflows::TriggerEvent event) override;

  // The merchant's workflows changed through this process (publish, rollback) and the write has
  // committed: the next current() reads the store again.
  void changed(const std::string& merchantId);

  WorkflowRegistryStats stats() const;

 private:
  using Published = std::shared_ptr<const workflows::PublishedWorkflow>;
  static constexpr size_t kEvents = 2;  // TriggerEvent values
  struct Entry {
    int64_t generation = -1;  // of the loaded workflows; -1: never loaded
    std::array<Published, kEvents> live;
    std::chrono::steady_clock::time_point checkedAt{};
    bool stale = true;   // changed() since the load, or never loaded
    uint64_t epoch = 0;  // counts changed() calls, so a load that overlapped one stays stale
  };
  // Reads the generation and, when it differs from `known`, the live workflows (one snapshot).
  struct Snapshot {
    int64_t generation = 0;
    bool reloaded = false;
    std::array<Published, kEvents> live;
  };
  boost::asio::awaitable<Result<Snapshot>> readStore(std::string merchantId, int64_t known);

  store::Store& store_;
  WorkflowRegistryOptions options_;
  mutable std::mutex mu_;
  std::unordered_map<std::string, Entry> entries_;
  WorkflowRegistryStats stats_;
};

}  // namespace sy::orchestrator
