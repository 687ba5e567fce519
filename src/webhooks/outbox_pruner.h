// Outbox retention: deletes webhook events (with their deliveries and attempts) once delivered
// and older than `delivered`, dead letters older than `dead`, and receipts of processor
// notifications older than `delivered` — in batches of one short write unit each, so the store's
// writer is never held for long. Every node runs it (serve, hourly): the deletes are idempotent,
// so two nodes pruning at once only find less to do.
#pragma once

#include <chrono>
#include <functional>

#include "common/clock.h"
#include "common/status.h"
#include "store/store.h"

namespace sy::webhooks {

struct OutboxRetention {
  std::chrono::milliseconds delivered{30LL * 24 * 3600 * 1000};
  std::chrono::milliseconds dead{90LL * 24 * 3600 * 1000};
  int batch = 500;
};

// Runs batches until one deletes less than a full batch of both, then calls `done` (on a store
// thread) with the totals, or the first error.
void pruneOutbox(store::Store& store, const Clock& clock, OutboxRetention retention,
                 std::function<void(Result<store::OutboxPruned>)> done);

}  // namespace sy::webhooks
