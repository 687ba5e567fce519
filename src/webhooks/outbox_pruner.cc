#include "webhooks/outbox_pruner.h"

#include <memory>

namespace sy::webhooks {
namespace {

struct Pass {
  store::Store& store;
  store::OutboxPruning pruning;
  std::function<void(Result<store::OutboxPruned>)> done;
  store::OutboxPruned total;
};

void nextBatch(std::shared_ptr<Pass> pass) {
  auto batch = std::make_shared<store::OutboxPruned>();
  pass->store.submitWrite(
      [pass, batch](store::WriteTx& tx) -> Status {
        auto pruned = tx.pruneWebhookOutbox(pass->pruning);
        if (!pruned) return pruned.status();
        *batch = *pruned;
        return Status::ok();
      },
      [pass, batch](Status s) {
        if (!s.isOk()) {
          pass->done(s);
          return;
        }
        pass->total.events += batch->events;
        pass->total.receipts += batch->receipts;
        if (batch->events < pass->pruning.limit && batch->receipts < pass->pruning.limit) {
          pass->done(pass->total);
          return;
        }
        nextBatch(pass);
      });
}

}  // namespace

void pruneOutbox(store::Store& store, const Clock& clock, OutboxRetention retention,
                 std::function<void(Result<store::OutboxPruned>)> done) {
  const TimePoint now = clock.now();
  store::OutboxPruning pruning{now - retention.delivered, now - retention.dead, retention.batch};
  nextBatch(std::make_shared<Pass>(Pass{store, pruning, std::move(done), {}}));
}

}  // namespace sy::webhooks
