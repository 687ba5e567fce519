#include "store/sql/migrate.h"

#include <map>
#include <string>

#include "store/sql/errors.h"

namespace sy::store::sql {
namespace {

Result<std::vector<int>> applyPending(DbConnection& db, std::span<const migrations::Migration> list,
                                      TimePoint now) {
  SY_RETURN_IF_ERROR(db.exec(std::string(migrations::kCreateSchemaMigrations)));

  std::map<int64_t, std::string> applied;
  {
    Result<StatementPtr> st = db.prepareStatement("SELECT version, name FROM schema_migrations");
    if (!st.isOk()) return st.status();
    while (true) {
      Result<bool> row = (*st)->step();
      if (!row.isOk()) return row.status();
      if (!*row) break;
      applied.emplace((*st)->getInt(0), (*st)->getText(1));
    }
  }

  std::map<int64_t, std::string_view> known;
  int previous = 0;
  for (const auto& m : list) {
    if (m.version <= previous) return internalError("migrations are not strictly ascending");
    previous = m.version;
    known.emplace(m.version, m.name);
  }
  for (const auto& [version, name] : applied) {
    auto it = known.find(version);
    if (it == known.end())
      return failedPrecondition("database has schema migration " + std::to_string(version) +
                                " unknown to this binary (it was migrated by a newer version)");
    if (it->second != name)
      return internalError("schema migration " + std::to_string(version) +
                           " was renamed after it was applied");
  }

  std::vector<int> done;
  for (const auto& m : list) {
    if (applied.count(m.version) != 0) continue;
    SY_RETURN_IF_ERROR(
        annotate(db.exec(std::string(m.sql)), "migration " + std::to_string(m.version)));
    Result<StatementPtr> ins = db.prepareStatement(
        "INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)");
    if (!ins.isOk()) return ins.status();
    (*ins)->bind(int64_t{m.version}).bind(m.name).bind(toMicros(now));
    SY_RETURN_IF_ERROR((*ins)->run());
    done.push_back(m.version);
  }
  return done;
}

}  // namespace

Result<std::vector<int>> applyMigrations(DbConnection& db,
                                         std::span<const migrations::Migration> list,
                                         TimePoint now) {
  SY_RETURN_IF_ERROR(annotate(db.reconnectIfLost(), "migrate"));
  SY_RETURN_IF_ERROR(annotate(db.beginMigration(), "migrate"));
  Result<std::vector<int>> done = applyPending(db, list, now);
  if (!done.isOk()) {
    (void)db.exec("ROLLBACK");
    return done.status();
  }
  Status commit = db.exec("COMMIT");
  if (!commit.isOk()) {
    (void)db.exec("ROLLBACK");
    return annotate(commit, "migrate");
  }
  return done;
}

}  // namespace sy::store::sql
