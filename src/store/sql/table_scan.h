// Reading a whole table in primary-key order, a batch of rows at a time (keyset pagination: each
// batch starts after the previous batch's last key, so a large table costs no OFFSET scans and is
// never held in memory at once). Values are read as text, which is how both backends render
// every column type of the portable schema (store/migrations/migrations.h).
#pragma once

#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "store/migrations/tables.h"
#include "store/sql/connection.h"

namespace sy::store::sql {

using Row = std::vector<std::optional<std::string>>;  // nullopt: SQL NULL

// The table's column names, in the order scanTable() returns values.
Result<std::vector<std::string>> tableColumns(DbConnection& db, const migrations::Table& table);

// Calls `batch` with consecutive batches of at most `batchRows` rows until the table is read or
// `batch` returns non-OK (which is then returned). Runs inside whatever transaction `db` has open.
Status scanTable(DbConnection& db, const migrations::Table& table,
                 const std::vector<std::string>& columns, size_t batchRows,
                 const std::function<Status(const std::vector<Row>&)>& batch);

Result<int64_t> countRows(DbConnection& db, const migrations::Table& table);

}  // namespace sy::store::sql
