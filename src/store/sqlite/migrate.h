// Applies the versioned schema (store/migrations) to a SQLite database.
#pragma once

#include <span>
#include <vector>

#include "common/clock.h"
#include "common/status.h"
#include "store/migrations/migrations.h"
#include "store/sqlite/db.h"

namespace sy::store::sqlite {

// Applies, in one IMMEDIATE transaction, every migration in `list` not yet recorded in
// schema_migrations, and returns the versions it applied (empty when the schema is current).
// Fails without changing anything if the database records a migration this binary does not know
// (a newer binary migrated it) or one whose name differs (the list was edited after release).
Result<std::vector<int>> applyMigrations(Db& db, std::span<const migrations::Migration> list,
                                         TimePoint now);

}  // namespace sy::store::sqlite
