// The PostgreSQL backend of store::Store, through libpq: the same group-commit writers (concurrent
// write units share one transaction, a SAVEPOINT each) and reader pool as SQLite
// (store/sql/sql_store.h), but several writers, each with its own connection, so statement round
// trips overlap; prepared statements; the shared schema migrations applied at open in a
// transaction under an advisory lock.
//
// Isolation: writes run at READ COMMITTED. That is enough because every write states its
// precondition in SQL that PostgreSQL checks against the latest committed row: inserts conflict on
// unique keys (ON CONFLICT DO NOTHING -> kAlreadyExists, so two nodes inserting one idempotency key
// cannot both succeed), updates carry their guard in the WHERE clause (payment version, unused
// card token) which is re-evaluated after waiting for a concurrent writer. Reads run at REPEATABLE
// READ READ ONLY so a unit sees one snapshot. listUnresolved only reads; claiming an unresolved
// payment between several nodes is the job of leases (a later step), not of isolation.
//
// Several writers: two batches on different connections may wait for each other's row locks (two
// units touching the same payment or idempotency key). A wait only delays the later unit; a cycle
// is broken by PostgreSQL's deadlock detector failing one batch, whose units all get kUnavailable
// (never a silent success).
//
// Durability: the session sets synchronous_commit=on, so COMMIT returns once the server flushed
// it; `done` runs after that. A lost connection fails the batch it interrupted (kUnavailable: the
// outcome of a COMMIT in flight is unknown to the caller, never reported as success) and is
// re-established before the next batch or read.
#pragma once

#include <memory>

#include "common/secret.h"
#include "common/status.h"
#include "store/sql/sql_store.h"
#include "store/store.h"

namespace sy::store {

struct PostgresOptions {
  SecretString url;           // postgresql://user[:password]@host[:port]/database
  int writerConnections = 4;  // one group-commit writer thread each
  int readerConnections = 2;  // one reader thread each
  sql::QueueLimits limits;
};

// Connects, migrates the schema, then starts the store's threads.
Result<std::unique_ptr<Store>> openPostgresStore(const PostgresOptions& options);

}  // namespace sy::store
