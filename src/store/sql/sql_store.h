// store::Store over SQL connections: GroupCommitWriters (one thread and connection each) for write
// units and a ReaderPool (one thread per connection) for reads. Each backend opens and migrates its
// connections, then hands them to this class; the threading and the commit protocol are shared.
//
// SQLite has one writer (it allows one write transaction at a time). PostgreSQL may have several:
// units are handed out round-robin, each writer groups what it gets into its own transactions, so
// the round trips of one writer's statements overlap with another's. That is safe because no unit
// relies on another's order (each caller waits for `done` before a dependent unit) and every
// write states its precondition in SQL (see SqlTx).
#pragma once

#include <atomic>
#include <chrono>
#include <cstddef>
#include <memory>
#include <mutex>
#include <optional>
#include <vector>

#include "store/sql/connection.h"
#include "store/sql/group_commit_writer.h"
#include "store/sql/reader_pool.h"
#include "store/store.h"

namespace sy::store::sql {

struct QueueLimits {
  size_t maxBatch = 256;           // write units per group commit
  size_t maxQueuedWrites = 10000;  // beyond this, submitWrite fails fast with kResourceExhausted
  size_t maxQueuedReads = 10000;   // same for submitRead
};

class SqlStore final : public Store {
 public:
  // At least one writer and one reader.
  SqlStore(std::vector<std::unique_ptr<DbConnection>> writers,
           std::vector<std::unique_ptr<DbConnection>> readers, const QueueLimits& limits);
  ~SqlStore() override;  // close()

  void submitRead(ReadWork work, std::function<void()> done) override;
  void submitWrite(WriteWork work, std::function<void(Status)> done) override;
  // Writes drain first: their callbacks may still submit reads, which are served while the readers
  // drain. The writers' connections close last (SQLite: so it can checkpoint and remove the WAL).
  // Must not be called from a store thread (it joins them).
  void close() override;
  // How long the oldest unit still waiting for a store thread has waited (zero when none waits):
  // the longest wait of any writer's queue and the readers' queue. It rises as soon as the store
  // stops keeping up — too much work, or a database that is locked, full or gone — and is what
  // the server's admission control sheds load on (http/admission.h). Thread-safe and cheap.
  std::chrono::steady_clock::duration queueDelay() const;

  // Summed over the writers (largestBatch: the largest of any).
  WriterStats stats() const;

 private:
  std::mutex closeMu_;
  std::vector<std::unique_ptr<GroupCommitWriter>> writers_;
  std::atomic<size_t> nextWriter_{0};
  ReaderPool readers_;
};

// Writer counters for metrics and tests; nullopt when `store` is not an SqlStore.
std::optional<WriterStats> writerStats(const Store& store);
// SqlStore::queueDelay; nullopt when `store` is not an SqlStore.
std::optional<std::chrono::steady_clock::duration> queueDelay(const Store& store);

}  // namespace sy::store::sql
