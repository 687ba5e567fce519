// The tables of the current schema (after every migration in migrations.cc), parents before
// children, each with its primary key: what copying a store to another backend and verifying the
// copy walk. A migration that adds or renames a table updates this list (a test compares it with
// the schema).
#pragma once

#include <span>
#include <string_view>
#include <vector>

namespace sy::store::migrations {

struct Table {
  std::string_view name;
  std::vector<std::string_view> key;  // primary key columns
};

std::span<const Table> tables();

}  // namespace sy::store::migrations
