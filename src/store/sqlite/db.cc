#include "store/sqlite/db.h"

#include <sqlite3.h>

#include "store/sqlite/errors.h"

namespace sy::store::sqlite {
namespace {

// Reads the single text value a pragma returns (journal_mode reports the mode it ended up in).
Result<std::string> pragmaValue(Db& db, const std::string& sql) {
  Result<Statement> st = db.prepare(sql);
  if (!st.isOk()) return st.status();
  Result<bool> row = st->step();
  if (!row.isOk()) return row.status();
  if (!*row) return std::string();
  return st->getText(0);
}

}  // namespace

Db::Db(sqlite3* db) : db_(db), cache_(std::make_unique<StatementCache>(db)) {}

Db::~Db() {
  cache_.reset();  // statements must be finalized before the connection closes
  sqlite3_close_v2(db_);
}

Result<std::unique_ptr<Db>> Db::open(const std::string& path, Mode mode, Sync sync,
                                     int busyTimeoutMs) {
  if (sqlite3_threadsafe() == 0) return internalError("sqlite was built without thread support");
  // SQLite keeps memory statistics under one process-wide mutex taken on every allocation, which
  // the store's threads (one connection each) then contend for; nothing here reads them. Only
  // possible before SQLite initializes (the first open): later calls are refused, harmlessly.
  static const bool kNoMemStatus = [] {
    (void)sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
    return true;
  }();
  (void)kNoMemStatus;
  // NOMUTEX: each connection is confined to one thread, so SQLite's per-call mutex is dead weight.
  int flags = SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_EXRESCODE;
  flags |=
      mode == Mode::kWriter ? SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE : SQLITE_OPEN_READONLY;
  sqlite3* raw = nullptr;
  int rc = sqlite3_open_v2(path.c_str(), &raw, flags, nullptr);
  if (rc != SQLITE_OK) {
    int code = raw != nullptr ? sqlite3_extended_errcode(raw) : rc;
    sqlite3_close_v2(raw);
    return sqliteStatus(code, "open database");
  }
  std::unique_ptr<Db> db(new Db(raw));
  sqlite3_extended_result_codes(raw, 1);
  sqlite3_busy_timeout(raw, busyTimeoutMs);
  // Statement journals (the writer's per-unit SAVEPOINTs) and sorts stay in memory instead of a
  // temporary file created and unlinked in /var/tmp each time. They only ever serve a rollback
  // inside an open transaction, so durability does not depend on them.
  SY_RETURN_IF_ERROR(db->exec("PRAGMA temp_store=MEMORY"));

  if (mode == Mode::kWriter) {
    // WAL: readers never block the writer and a commit is one sequential append + fsync.
    Result<std::string> journal = pragmaValue(*db, "PRAGMA journal_mode=WAL");
    if (!journal.isOk()) return annotate(journal.status(), "enable WAL");
    if (*journal != "wal") return internalError("database refused WAL journal mode");
    // FULL (the default): the WAL is fsynced at every commit, so an acknowledged write survives
    // power loss, not just a process crash. NORMAL only survives the latter in WAL mode.
    SY_RETURN_IF_ERROR(
        db->exec(sync == Sync::kFull ? "PRAGMA synchronous=FULL" : "PRAGMA synchronous=NORMAL"));
    SY_RETURN_IF_ERROR(db->exec("PRAGMA foreign_keys=ON"));
  } else {
    SY_RETURN_IF_ERROR(db->exec("PRAGMA query_only=ON"));
  }
  return db;
}

Status Db::exec(const std::string& sql) {
  char* err = nullptr;
  int rc = sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, &err);
  if (rc == SQLITE_OK) return Status::ok();
  // exec only runs parameterless SQL, so SQLite's detailed message holds no bound values.
  std::string what =
      std::string("sqlite exec") + (err != nullptr ? " (" + std::string(err) + ")" : "");
  sqlite3_free(err);
  return sqliteStatus(sqlite3_extended_errcode(db_), what);
}

Status Db::run(std::string_view sql) {
  Result<Statement> st = prepare(sql);
  if (!st.isOk()) return st.status();
  return st->run();
}

Result<sql::StatementPtr> Db::prepareStatement(std::string_view sql) {
  Result<Statement> st = prepare(sql);
  if (!st.isOk()) return st.status();
  return sql::StatementPtr(std::make_unique<Statement>(std::move(st).value()));
}

bool Db::inTransaction() const {
  return sqlite3_get_autocommit(db_) == 0;
}

}  // namespace sy::store::sqlite
