// store::Store over SQL connections: one GroupCommitWriter (one connection) for write units and a
// ReaderPool (one thread per connection) for reads. Each backend opens and migrates its
// connections, then hands them to this class; the threading and the commit protocol are shared.
#pragma once

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
  SqlStore(std::unique_ptr<DbConnection> writer, std::vector<std::unique_ptr<DbConnection>> readers,
           const QueueLimits& limits);
  ~SqlStore() override;  // close()

  void submitRead(ReadWork work, std::function<void()> done) override;
  void submitWrite(WriteWork work, std::function<void(Status)> done) override;
  // Writes drain first: their callbacks may still submit reads, which are served while the readers
  // drain. The writer's connection closes last (SQLite: so it can checkpoint and remove the WAL).
  // Must not be called from a store thread (it joins them).
  void close() override;

  WriterStats stats() const { return writer_.stats(); }

 private:
  std::mutex closeMu_;
  GroupCommitWriter writer_;
  ReaderPool readers_;
};

// Writer counters for metrics and tests; nullopt when `store` is not an SqlStore.
std::optional<WriterStats> writerStats(const Store& store);

}  // namespace sy::store::sql
