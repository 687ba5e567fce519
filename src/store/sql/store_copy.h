// Copying every table of one store into another (any backend to any backend, e.g. an embedded
// SQLite database into PostgreSQL when a merchant outgrows one machine) and verifying the copy.
//
// Both stores must be at the same schema version. The source is read in one read transaction (a
// consistent snapshot; stop the servers using it first so nothing is written after it). The
// target is written in ONE transaction: a copy that fails part way leaves the target empty, so it
// can simply be run again.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "store/migrations/tables.h"
#include "store/sql/connection.h"

namespace sy::store::sql {

struct CopyProgress {
  std::string_view table;
  int64_t copied = 0;  // rows of this table copied so far
  int64_t total = 0;   // rows of this table in the source
};

// Fails with kFailedPrecondition, before writing anything, when the schema versions differ or
// any table of `to` has rows.
Status copyStore(DbConnection& from, DbConnection& to, size_t batchRows,
                 const std::function<void(const CopyProgress&)>& progress);

// A table's row count and an order-independent checksum of its rows (the sum of each row's
// SHA-256 over its values as text, NULL distinct from ''), equal for equal contents on any backend.
struct TableDigest {
  int64_t rows = 0;
  std::string checksum;  // hex
};
Result<TableDigest> digestTable(DbConnection& db, const migrations::Table& table, size_t batchRows);

// The schema_migrations versions applied, ascending.
Result<std::vector<int64_t>> schemaVersions(DbConnection& db);

}  // namespace sy::store::sql
