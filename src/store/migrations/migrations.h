// The versioned schema, shared by every store backend. Each migration is applied once, in order,
// and recorded in schema_migrations(version, name, applied_at); a released migration is never
// edited, only followed by a new one.
//
// The SQL is deliberately portable between SQLite and PostgreSQL: TEXT, INTEGER (flags 0/1, small
// numbers), BIGINT (money in minor units, timestamps as int64 microseconds since the epoch), binary
// as base64 TEXT, no AUTOINCREMENT, no backend-specific functions, upserts via ON CONFLICT.
#pragma once

#include <span>
#include <string_view>

namespace sy::store::migrations {

struct Migration {
  int version;
  std::string_view name;
  std::string_view sql;  // one or more statements separated by ';'
};

// Bootstraps the bookkeeping table; applied before the list, outside it.
inline constexpr std::string_view kCreateSchemaMigrations =
    "CREATE TABLE IF NOT EXISTS schema_migrations ("
    " version BIGINT NOT NULL PRIMARY KEY,"
    " name TEXT NOT NULL,"
    " applied_at BIGINT NOT NULL)";

// Strictly ascending by version.
std::span<const Migration> all();

}  // namespace sy::store::migrations
