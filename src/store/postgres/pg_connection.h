// One libpq connection, used by exactly one store thread (all calls block that thread, never a
// network thread): connecting with the session settings durability needs, prepared statements
// cached per connection, the backend's transaction words, and reconnection after a lost
// connection.
#pragma once

#include <memory>
#include <string>
#include <unordered_map>

#include "common/secret.h"
#include "store/sql/connection.h"

struct pg_conn;

namespace sy::store::postgres {

class PgConnection final : public sql::DbConnection {
 public:
  // Beyond this many distinct SQL texts, new ones run unprepared rather than grow the server-side
  // set without bound (listPayments' filters combine into many texts; most are rare).
  static constexpr size_t kMaxPrepared = 512;

  // Connects to `url` (postgresql://user[:password]@host[:port]/db?params, or libpq's key=value
  // form) and applies the session settings. Errors never quote the password.
  static Result<std::unique_ptr<PgConnection>> open(const SecretString& url);
  PgConnection(const PgConnection&) = delete;
  PgConnection& operator=(const PgConnection&) = delete;
  ~PgConnection() override;

  Result<sql::StatementPtr> prepareStatement(std::string_view sql) override;
  Status exec(const std::string& sql) override;
  Status run(std::string_view sql) override;
  // READ COMMITTED (see SqlTx for why it suffices); concurrent writers are serialized by row locks
  // and unique indexes, not by a table lock, so several nodes can write at once.
  Status beginWrite() override;
  // REPEATABLE READ READ ONLY: one snapshot for every query of the unit.
  Status beginRead() override;
  // BEGIN plus a transaction-scoped advisory lock: concurrent `migrate` runs (several nodes
  // starting at once) take turns, and the second finds nothing pending.
  Status beginMigration() override;
  bool inTransaction() const override;
  bool transactionFailed() const override;
  Status reconnectIfLost() override;

  size_t preparedStatements() const { return prepared_.size(); }

 private:
  struct Prepared {
    std::string name;
    int params = 0;
  };

  PgConnection(pg_conn* conn, std::string password);
  Status setUpSession();

  pg_conn* conn_;
  std::string password_;  // only to mask it in libpq's messages
  std::unordered_map<std::string, Prepared> prepared_;
  uint64_t nextName_ = 0;
};

}  // namespace sy::store::postgres
