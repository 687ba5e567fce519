// The single writer: one thread and one connection that commit submitted write units in batches.
//
// Group commit: the thread takes every unit queued (up to maxBatch) and runs them in ONE
// transaction, each inside its own SAVEPOINT, so a batch costs one commit (one fsync of SQLite's
// WAL or PostgreSQL's WAL) however many units it holds, while each unit stays atomic on its own: a
// unit that returns non-OK (or throws) is rolled back to its savepoint alone and the others still
// commit. `done` is called only after COMMIT returned, i.e. after the fsync, so an acknowledged
// unit survives kill -9 and power loss. If the batch transaction itself fails (BEGIN, COMMIT, the
// backend aborting it, the connection lost), every unit in it gets kUnavailable and none is
// acknowledged; a lost connection is re-established before the next batch.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <thread>
#include <vector>

#include "store/sql/connection.h"
#include "store/sql/work_queue.h"
#include "store/store.h"

namespace sy::store::sql {

struct WriterStats {
  uint64_t batches = 0;  // committed or failed batch transactions
  uint64_t units = 0;    // units run (committed, rolled back or failed)
  uint64_t largestBatch = 0;
};

class GroupCommitWriter {
 public:
  GroupCommitWriter(std::unique_ptr<DbConnection> db, size_t maxBatch, size_t queueCapacity);
  ~GroupCommitWriter();  // stop(), closeConnection()

  // Queues a unit; when the queue is full (kResourceExhausted) or closed (kUnavailable), `done`
  // is called at once on the caller's thread.
  void submit(Store::WriteWork work, std::function<void(Status)> done);
  // Rejects new units, commits everything queued and stops the thread.
  void stop();
  // After stop(). Separate so the store can close the writer's connection last: the last
  // connection to close checkpoints the WAL and removes it, which read-only connections cannot.
  void closeConnection();
  WriterStats stats() const;
  // How long the oldest unit still queued (not yet in a batch) has waited.
  std::chrono::steady_clock::duration queueDelay() const;

 private:
  struct Unit {
    Store::WriteWork work;
    std::function<void(Status)> done;
  };

  void run();
  void commitBatch(std::vector<Unit>& batch);
  // Runs one unit inside its savepoint; false when the batch transaction is no longer usable.
  bool runUnit(Unit& unit, Status& result);

  std::unique_ptr<DbConnection> db_;
  const size_t maxBatch_;
  mutable WorkQueue<Unit> queue_;
  std::thread thread_;
  std::atomic<uint64_t> batches_{0};
  std::atomic<uint64_t> units_{0};
  std::atomic<uint64_t> largestBatch_{0};
};

}  // namespace sy::store::sql
