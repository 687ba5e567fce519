// Reader threads, each with its own connection, serving read units from one queue. Each unit runs
// inside a read transaction (DbConnection::beginRead) so all its queries see one snapshot; readers
// never wait for the writer (SQLite WAL, PostgreSQL MVCC) and the writer never waits for them.
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <thread>
#include <vector>

#include "store/sql/connection.h"
#include "store/sql/work_queue.h"
#include "store/store.h"

namespace sy::store::sql {

class ReaderPool {
 public:
  // One thread per connection in `dbs`.
  ReaderPool(std::vector<std::unique_ptr<DbConnection>> dbs, size_t queueCapacity);
  ~ReaderPool();  // close()

  // Queues a read. When the queue is full or closed the work still runs, at once on the caller's
  // thread, against a transaction whose every call fails (kResourceExhausted / kUnavailable), so
  // the caller learns why through its own results; then `done` is called.
  void submit(Store::ReadWork work, std::function<void()> done);
  // Rejects new reads, serves the queued ones, stops the threads, closes the connections.
  void close();
  // How long the oldest read still queued has waited.
  std::chrono::steady_clock::duration queueDelay() const;

 private:
  struct Unit {
    Store::ReadWork work;
    std::function<void()> done;
  };

  void run(DbConnection& db);

  std::vector<std::unique_ptr<DbConnection>> dbs_;
  mutable WorkQueue<Unit> queue_;
  std::vector<std::thread> threads_;
};

}  // namespace sy::store::sql
