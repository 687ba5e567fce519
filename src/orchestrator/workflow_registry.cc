#include "orchestrator/workflow_registry.h"

#include "common/log.h"
#include "store/awaitable.h"

namespace sy::orchestrator {
namespace {
using workflows::PublishedWorkflow;
using workflows::TriggerEvent;

constexpr TriggerEvent kAllEvents[] = {TriggerEvent::kPaymentCreated,
                                       TriggerEvent::kPaymentStatusUpdated};

size_t indexOf(TriggerEvent e) {
  return static_cast<size_t>(e);
}

// What one read unit returns: the generation and, when it moved, the live documents.
struct StoredLive {
  int64_t generation = 0;
  bool reloaded = false;
  std::array<std::optional<store::LiveWorkflow>, 2> live;
  std::vector<std::string> connections;  // the merchant's connection names
};

}  // namespace

WorkflowRegistry::WorkflowRegistry(store::Store& store, WorkflowRegistryOptions options)
    : store_(store), options_(options) {}

boost::asio::awaitable<Result<WorkflowRegistry::Snapshot>> WorkflowRegistry::readStore(
    std::string merchantId, int64_t known) {
  Result<StoredLive> stored = internalError("not read");
  co_await store::read(store_, [&](store::ReadTx& tx) {
    stored = [&]() -> Result<StoredLive> {
      StoredLive out;
      Result<int64_t> generation = tx.workflowGeneration(merchantId);
      if (!generation.isOk()) return generation.status();
      out.generation = *generation;
      if (out.generation == known) return out;
      out.reloaded = true;
      bool any = false;
      for (TriggerEvent e : kAllEvents) {
        Result<store::LiveWorkflow> l =
            tx.findLiveWorkflow(merchantId, std::string(workflows::toString(e)));
        if (l.isOk()) {
          out.live[indexOf(e)] = std::move(l).value();
          any = true;
        } else if (l.status().code() != StatusCode::kNotFound) {
          return l.status();
        }
      }
      if (!any) return out;
      Result<std::vector<store::Connection>> conns = tx.listConnections(merchantId);
      if (!conns.isOk()) return conns.status();
      for (const auto& c : *conns) out.connections.push_back(c.processorMerchantId);
      return out;
    }();
  });
  if (!stored.isOk()) co_return stored.status();

  Snapshot snap;
  snap.generation = stored->generation;
  snap.reloaded = stored->reloaded;
  for (TriggerEvent e : kAllEvents) {
    const auto& l = stored->live[indexOf(e)];
    if (!l) continue;
    // Compiled here, on the caller's thread, not on a store thread: a store thread only waits for
    // the database.
    auto compiled = workflows::CompiledWorkflow::load(l->document, stored->connections);
    if (!compiled.isOk()) {
      // Every version was validated against the merchant's connections when it was saved and
      // connections are never removed, so this means damaged data: refuse rather than guess.
      const auto& first = compiled.errors().front();
      log::error("a published workflow does not compile", {{"merchant", merchantId},
                                                           {"workflow", l->publication.workflowId},
                                                           {"version", l->publication.version},
                                                           {"path", first.path},
                                                           {"error", first.description}});
      co_return internalError("the live workflow " + l->publication.workflowId + " version " +
                              std::to_string(l->publication.version) + " does not compile");
    }
    snap.live[indexOf(e)] = std::make_shared<const PublishedWorkflow>(PublishedWorkflow{
        l->publication.workflowId, l->publication.version, std::move(compiled).value()});
  }
  co_return snap;
}

boost::asio::awaitable<Result<std::shared_ptr<const PublishedWorkflow>>> WorkflowRegistry::current(
    std::string merchantId, TriggerEvent event) {
  const size_t index = indexOf(event);
  int64_t known = -1;
  uint64_t epoch = 0;
  {
    std::lock_guard lock(mu_);
    auto it = entries_.find(merchantId);
    if (it != entries_.end()) {
      Entry& e = it->second;
      if (!e.stale) {
        if (std::chrono::steady_clock::now() - e.checkedAt < options_.refreshInterval) {
          ++stats_.hits;
          co_return e.live[index];
        }
        known = e.generation;
      }
      epoch = e.epoch;
    }
  }
  for (int attempt = 0; attempt < 2; ++attempt) {
    const auto started = std::chrono::steady_clock::now();
    Result<Snapshot> snap = co_await readStore(merchantId, known);
    if (!snap.isOk()) co_return snap.status();
    std::lock_guard lock(mu_);
    ++stats_.generationChecks;
    if (snap->reloaded) ++stats_.loads;
    if (entries_.size() >= options_.maxMerchants && !entries_.contains(merchantId))
      entries_.clear();
    Entry& e = entries_[merchantId];
    if (snap->reloaded) {
      // A slower, older read never replaces a newer one.
      if (snap->generation >= e.generation) {
        e.live = snap->live;
        e.generation = snap->generation;
        e.checkedAt = started;
        // changed() during the read: the read may predate the change, so check again next time.
        e.stale = e.epoch != epoch;
      }
      co_return snap->live[index];
    }
    if (e.generation == snap->generation) {
      e.checkedAt = started;
      co_return e.live[index];
    }
    known = -1;  // the entry was dropped or replaced meanwhile: load in full
  }
  co_return internalError("the workflow cache could not settle");
}

void WorkflowRegistry::changed(const std::string& merchantId) {
  // Recorded even for a merchant not cached yet: a first load may be reading the old state now.
  std::lock_guard lock(mu_);
  if (entries_.size() >= options_.maxMerchants && !entries_.contains(merchantId)) entries_.clear();
  Entry& e = entries_[merchantId];
  e.stale = true;
  ++e.epoch;
}

WorkflowRegistryStats WorkflowRegistry::stats() const {
  std::lock_guard lock(mu_);
  return stats_;
}

}  // namespace sy::orchestrator
