// Applies the versioned schema (store/migrations) to a database of any SQL backend.
#pragma once

#include <span>
#include <vector>

#include "common/clock.h"
#include "common/status.h"
#include "store/migrations/migrations.h"
#include "store/sql/connection.h"

namespace sy::store::sql {

// Applies, in one transaction that excludes other migrating processes (beginMigration), every
// migration in `list` not yet recorded in schema_migrations, and returns the versions it applied
// (empty when the schema is current). Fails without changing anything if the database records a
// migration this binary does not know (a newer binary migrated it) or one whose name differs (the
// list was edited after release).
Result<std::vector<int>> applyMigrations(DbConnection& db,
                                         std::span<const migrations::Migration> list,
                                         TimePoint now);

}  // namespace sy::store::sql
