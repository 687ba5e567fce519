// The SQLite backend of store::Store: WAL with synchronous=FULL, one group-commit writer thread,
// a pool of reader threads (store/sql/sql_store.h), schema from store/migrations applied at open.
#pragma once

#include <chrono>
#include <cstddef>
#include <memory>
#include <optional>
#include <string>

#include "common/status.h"
#include "store/store.h"

namespace sy::store {

struct SqliteOptions {
  std::string path;                // database file; created if absent (its directory must exist)
  int readerThreads = 2;           // each with its own read-only connection
  size_t maxBatch = 256;           // write units per group commit
  size_t maxQueuedWrites = 10000;  // beyond this, submitWrite fails fast with kResourceExhausted
  size_t maxQueuedReads = 10000;   // same for submitRead
  // true (synchronous=FULL): every group commit fsyncs the WAL before any unit in it is
  // acknowledged, so an acknowledged write survives power loss. false (synchronous=NORMAL): the
  // WAL is fsynced only at checkpoints; an acknowledged write survives a crash or kill -9 of the
  // process (the OS has it) but a power cut or kernel crash may lose the last commits.
  bool fsyncEveryCommit = true;
  // How long the writer waits for a write lock another process holds before failing the batch
  // (StoreUnavailable). Units queue behind it meanwhile, so it bounds their wait too.
  std::chrono::milliseconds busyTimeout{5000};
};

// Opens (creating if needed) and migrates the database, then starts the store's threads.
Result<std::unique_ptr<Store>> openSqliteStore(const SqliteOptions& options);

}  // namespace sy::store
