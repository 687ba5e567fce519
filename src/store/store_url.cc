#include "store/store_url.h"

#include "store/postgres/pg_connection.h"
#include "store/postgres/postgres_store.h"
#include "store/sqlite/db.h"
#include "store/sqlite/sqlite_store.h"

namespace sy::store {
namespace {

constexpr std::string_view kSqlite = "sqlite://";
constexpr std::string_view kPostgresSchemes[] = {"postgresql://", "postgres://"};

}  // namespace

Result<StoreUrl> parseStoreUrl(std::string_view url) {
  StoreUrl out;
  if (url.starts_with(kSqlite)) {
    out.sqlitePath = std::string(url.substr(kSqlite.size()));
    if (out.sqlitePath.empty())
      return invalidArgument("database URL sqlite:// needs a file path (sqlite:///abs/path.db)");
    return out;
  }
  for (auto scheme : kPostgresSchemes) {
    if (url.starts_with(scheme)) {
      out.backend = StoreUrl::Backend::kPostgres;
      out.postgres = SecretString(std::string(url));
      return out;
    }
  }
  return invalidArgument(
      "database URL must start with sqlite:// or postgresql:// (e.g. sqlite:///var/lib/sy.db, "
      "postgresql://user@host:5432/switchyard)");
}

std::string redactStoreUrl(std::string_view url) {
  std::string out(url);
  // scheme://user:password@host -> scheme://user:***@host
  if (size_t scheme = out.find("://"); scheme != std::string::npos) {
    size_t authorityEnd = out.find_first_of("/?#", scheme + 3);
    size_t at = out.rfind('@', authorityEnd);
    size_t colon = out.find(':', scheme + 3);
    if (at != std::string::npos && at > scheme + 3 && colon < at)
      out.replace(colon + 1, at - colon - 1, "***");
  }
  // ...?password=secret&...
  for (size_t p = out.find("password="); p != std::string::npos; p = out.find("password=", p + 1)) {
    size_t end = out.find('&', p);
    out.replace(p + 9, (end == std::string::npos ? out.size() : end) - p - 9, "***");
  }
  return out;
}

Result<std::unique_ptr<Store>> openStore(const StoreUrl& url, const OpenOptions& options) {
  if (url.backend == StoreUrl::Backend::kPostgres) {
    PostgresOptions o;
    o.url = url.postgres;
    return openPostgresStore(o);
  }
  SqliteOptions o;
  o.path = url.sqlitePath;
  o.fsyncEveryCommit = options.sqliteFsyncEveryCommit;
  o.busyTimeout = options.sqliteBusyTimeout;
  return openSqliteStore(o);
}

Result<std::unique_ptr<sql::DbConnection>> openConnection(const StoreUrl& url, bool writable) {
  if (url.backend == StoreUrl::Backend::kPostgres) {
    auto conn = postgres::PgConnection::open(url.postgres);
    if (!conn.isOk()) return conn.status();
    return std::unique_ptr<sql::DbConnection>(std::move(conn).value());
  }
  auto db = sqlite::Db::open(url.sqlitePath,
                             writable ? sqlite::Db::Mode::kWriter : sqlite::Db::Mode::kReader);
  if (!db.isOk()) return db.status();
  return std::unique_ptr<sql::DbConnection>(std::move(db).value());
}

}  // namespace sy::store
