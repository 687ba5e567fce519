// What the backend-neutral SQL layer (SqlTx, the group-commit writer, the reader pool, migrations)
// needs from a database connection. SQLite (store/sqlite/db.h) and PostgreSQL
// (store/postgres/pg_connection.h) implement it; everything SQL-dialect-specific stays behind it.
//
// SQL handed to a DbConnection uses '?' positional placeholders and the portable subset described
// in store/migrations/migrations.h; a backend rewrites placeholders if its dialect differs. A
// DbConnection and its statements are used by one thread at a time (the store thread owning it).
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "common/status.h"

namespace sy::store::sql {

// A prepared statement with its parameters and, after step(), the current row.
class Statement {
 public:
  virtual ~Statement() = default;

  // Binds the next positional parameter. A failed bind is reported by the next step()/run().
  virtual Statement& bind(int64_t v) = 0;
  virtual Statement& bind(std::string_view v) = 0;
  virtual Statement& bindNull() = 0;
  Statement& bind(const std::string& v) { return bind(std::string_view(v)); }
  Statement& bind(const char* v) { return bind(std::string_view(v)); }
  Statement& bind(const std::optional<int64_t>& v) { return v ? bind(*v) : bindNull(); }
  Statement& bind(const std::optional<std::string>& v) {
    return v ? bind(std::string_view(*v)) : bindNull();
  }

  // Advances: true when a row is available, false when done.
  virtual Result<bool> step() = 0;
  // Runs to completion, ignoring any rows (for INSERT/UPDATE/DELETE).
  virtual Status run() = 0;
  // Rows inserted, updated or deleted by the last run() (0 for INSERT ... ON CONFLICT DO NOTHING
  // that hit a conflict).
  virtual int64_t changes() const = 0;

  virtual bool isNull(int col) const = 0;
  virtual int64_t getInt(int col) const = 0;
  virtual std::optional<int64_t> getOptInt(int col) const = 0;
  virtual std::string getText(int col) const = 0;  // NULL reads as ""
  virtual std::optional<std::string> getOptText(int col) const = 0;
  // The result's columns; known once step() has run.
  virtual int columnCount() const = 0;
  virtual std::string columnName(int col) const = 0;
};

using StatementPtr = std::unique_ptr<Statement>;

class DbConnection {
 public:
  virtual ~DbConnection() = default;

  // A statement for `sql` (prepared once per connection and reused where the backend can).
  virtual Result<StatementPtr> prepareStatement(std::string_view sql) = 0;
  // Runs parameterless SQL that may hold several statements (migration DDL). Never with values.
  virtual Status exec(const std::string& sql) = 0;
  // Runs one parameterless statement (SAVEPOINT, RELEASE, COMMIT...), cheaply when repeated.
  virtual Status run(std::string_view sql) = 0;

  // Opens the transaction of a write batch: it must see the latest committed data and, where
  // the backend has a single writer, take its lock up front.
  virtual Status beginWrite() = 0;
  // Opens a read-only transaction in which every query sees one snapshot.
  virtual Status beginRead() = 0;
  // Opens a write transaction that excludes every other migrating process.
  virtual Status beginMigration() = 0;
  // True while a transaction is open (including one in which a statement failed).
  virtual bool inTransaction() const = 0;
  // True when a statement failed inside the open transaction and the backend refuses further
  // statements until a ROLLBACK (TO SAVEPOINT): PostgreSQL. SQLite only voids the statement.
  virtual bool transactionFailed() const = 0;
  // Reconnects when the connection was lost (a server restart, a network cut). Called before each
  // transaction, so a lost connection fails the work it interrupted and no later one.
  virtual Status reconnectIfLost() = 0;
};

}  // namespace sy::store::sql
