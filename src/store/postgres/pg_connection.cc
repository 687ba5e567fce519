#include "store/postgres/pg_connection.h"

#include <libpq-fe.h>

#include "store/postgres/pg_errors.h"
#include "store/sql/errors.h"
#include "store/postgres/pg_statement.h"
#include "store/postgres/placeholders.h"

namespace sy::store::postgres {
namespace {

// Advisory lock key of schema migrations ("Switchyd" in ASCII).
constexpr const char* kMigrationLock = "SELECT pg_advisory_xact_lock(6013422469939098980)";

// The password of a connection string, if any, so messages can mask it.
std::string passwordOf(const std::string& url) {
  char* err = nullptr;
  PQconninfoOption* options = PQconninfoParse(url.c_str(), &err);
  PQfreemem(err);
  std::string password;
  if (options == nullptr) return password;
  for (PQconninfoOption* o = options; o->keyword != nullptr; ++o)
    if (std::string_view(o->keyword) == "password" && o->val != nullptr) password = o->val;
  PQconninfoFree(options);
  return password;
}

constexpr const char* kDefaultConnectTimeoutSeconds = "5";

}  // namespace

PgConnection::PgConnection(pg_conn* conn, std::string password)
    : conn_(conn), password_(std::move(password)) {}

PgConnection::~PgConnection() {
  PQfinish(conn_);
}

Result<std::unique_ptr<PgConnection>> PgConnection::open(const SecretString& url) {
  // Checked first: libpq's parse errors may quote the malformed string.
  char* parseError = nullptr;
  PQconninfoOption* parsed = PQconninfoParse(url.reveal().c_str(), &parseError);
  PQfreemem(parseError);
  if (parsed == nullptr) return invalidArgument("the PostgreSQL URL is malformed");
  PQconninfoFree(parsed);

  // A connection attempt to a server that is down but not refusing (a dead host, a dropped
  // network) would otherwise wait for the kernel's TCP timeout (minutes) on a store thread, and
  // PQreset() reuses these settings. Listed before the URL so a connect_timeout in it wins.
  const char* const keywords[] = {"connect_timeout", "dbname", nullptr};
  const char* const values[] = {kDefaultConnectTimeoutSeconds, url.reveal().c_str(), nullptr};
  pg_conn* raw = PQconnectdbParams(keywords, values, /*expand_dbname=*/1);
  std::unique_ptr<PgConnection> conn(new PgConnection(raw, passwordOf(url.reveal())));
  if (raw == nullptr || PQstatus(raw) != CONNECTION_OK)
    return sql::storeUnavailable("connect to PostgreSQL: " + connectionMessage(raw, conn->password_));
  SY_RETURN_IF_ERROR(conn->setUpSession());
  return conn;
}

Status PgConnection::setUpSession() {
  // synchronous_commit=on whatever the server's default: COMMIT returns only once the commit
  // is flushed to the server's disk, which is what a store acknowledgement promises. Notices
  // ("relation already exists, skipping") are noise on stderr.
  return exec(
      "SET synchronous_commit TO on; SET client_encoding TO 'UTF8';"
      " SET client_min_messages TO warning");
}

Result<sql::StatementPtr> PgConnection::prepareStatement(std::string_view sql) {
  auto it = prepared_.find(std::string(sql));
  if (it != prepared_.end())
    return sql::StatementPtr(
        std::make_unique<PgStatement>(conn_, it->second.name, std::string(), it->second.params));
  NumberedSql numbered = numberPlaceholders(sql);
  if (prepared_.size() >= kMaxPrepared)
    return sql::StatementPtr(
        std::make_unique<PgStatement>(conn_, std::string(), numbered.text, numbered.params));
  std::string name = "sy_" + std::to_string(nextName_++);
  PGresult* res = PQprepare(conn_, name.c_str(), numbered.text.c_str(), numbered.params, nullptr);
  Status prepared = resultStatus(conn_, res, "postgres prepare");
  PQclear(res);
  SY_RETURN_IF_ERROR(prepared);
  prepared_.emplace(std::string(sql), Prepared{name, numbered.params});
  return sql::StatementPtr(
      std::make_unique<PgStatement>(conn_, name, std::string(), numbered.params));
}

Status PgConnection::exec(const std::string& sql) {
  PGresult* res = PQexec(conn_, sql.c_str());
  Status s = resultStatus(conn_, res, "postgres exec");
  PQclear(res);
  return s;
}

Status PgConnection::run(std::string_view sql) {
  return exec(std::string(sql));
}

Status PgConnection::beginWrite() {
  return run("BEGIN ISOLATION LEVEL READ COMMITTED");
}

Status PgConnection::beginRead() {
  return run("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
}

Status PgConnection::beginMigration() {
  SY_RETURN_IF_ERROR(run("BEGIN ISOLATION LEVEL READ COMMITTED"));
  Status locked = run(kMigrationLock);
  if (!locked.isOk()) (void)run("ROLLBACK");
  return locked;
}

bool PgConnection::inTransaction() const {
  PGTransactionStatusType t = PQtransactionStatus(conn_);
  return t == PQTRANS_INTRANS || t == PQTRANS_INERROR || t == PQTRANS_ACTIVE;
}

bool PgConnection::transactionFailed() const {
  return PQtransactionStatus(conn_) == PQTRANS_INERROR;
}

Status PgConnection::reconnectIfLost() {
  if (PQstatus(conn_) == CONNECTION_OK) return Status::ok();
  PQreset(conn_);
  if (PQstatus(conn_) != CONNECTION_OK)
    return sql::storeUnavailable("reconnect to PostgreSQL: " + connectionMessage(conn_, password_));
  prepared_.clear();  // prepared statements belong to the old session
  return setUpSession();
}

}  // namespace sy::store::postgres
