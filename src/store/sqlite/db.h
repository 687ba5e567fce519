// One SQLite connection, used by exactly one store thread: opening with the durability settings,
// plain SQL execution and the connection's prepared-statement cache. As an sql::DbConnection it
// serves the backend-neutral store code (store/sql/).
#pragma once

#include <memory>
#include <string>

#include "common/status.h"
#include "store/sql/connection.h"
#include "store/sqlite/statement.h"

struct sqlite3;

namespace sy::store::sqlite {

class Db final : public sql::DbConnection {
 public:
  enum class Mode {
    kWriter,  // read-write, creates the file, switches it to WAL (synchronous per Sync)
    kReader,  // read-only; WAL lets it read a snapshot while the writer commits
  };
  // How a writer's commit reaches the disk (SqliteOptions::synchronous explains the choice).
  enum class Sync {
    kFull,    // the WAL is fsynced at every commit: a commit survives power loss
    kNormal,  // fsync only at checkpoints: a commit survives a process crash (kill -9), and a
              // power cut may lose the last ones
  };

  // How long a statement waits for a lock another connection holds before failing with
  // SQLITE_BUSY (kUnavailable, StoreUnavailable): the rare cases WAL still takes a lock
  // (checkpoints, recovery after a crash) and another process's write transaction.
  static constexpr int kBusyTimeoutMs = 5000;

  static Result<std::unique_ptr<Db>> open(const std::string& path, Mode mode,
                                          Sync sync = Sync::kFull,
                                          int busyTimeoutMs = kBusyTimeoutMs);
  Db(const Db&) = delete;
  Db& operator=(const Db&) = delete;
  ~Db() override;

  // Runs parameterless SQL (transaction control, pragmas, migration DDL; may hold several
  // statements). Never use it with values: those go through prepare() and bind().
  Status exec(const std::string& sql) override;
  // Runs one parameterless statement through the statement cache: for the transaction control
  // the store threads run around every unit (BEGIN, SAVEPOINT, RELEASE, COMMIT...), which exec()
  // would parse again on every call.
  Status run(std::string_view sql) override;
  Result<Statement> prepare(std::string_view sql) { return cache_->prepare(sql); }
  Result<sql::StatementPtr> prepareStatement(std::string_view sql) override;
  // BEGIN IMMEDIATE: the single writer takes SQLite's write lock before its first statement.
  Status beginWrite() override { return run("BEGIN IMMEDIATE"); }
  // A deferred BEGIN: with WAL, the first read fixes the snapshot the whole transaction sees.
  Status beginRead() override { return run("BEGIN"); }
  // IMMEDIATE takes the write lock up front, so two processes opening a fresh file cannot both
  // decide a migration is pending.
  Status beginMigration() override { return run("BEGIN IMMEDIATE"); }
  // False once SQLite has rolled the open transaction back on its own (e.g. after SQLITE_FULL).
  bool inTransaction() const override;
  // A failed SQLite statement leaves the transaction usable.
  bool transactionFailed() const override { return false; }
  // A file connection is not lost.
  Status reconnectIfLost() override { return Status::ok(); }
  size_t cachedStatements() const { return cache_->size(); }

 private:
  explicit Db(sqlite3* db);

  sqlite3* db_;
  std::unique_ptr<StatementCache> cache_;
};

}  // namespace sy::store::sqlite
