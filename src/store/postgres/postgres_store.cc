#include "store/postgres/postgres_store.h"

#include "store/migrations/migrations.h"
#include "store/postgres/pg_connection.h"
#include "store/sql/migrate.h"

namespace sy::store {

Result<std::unique_ptr<Store>> openPostgresStore(const PostgresOptions& options) {
  if (options.url.empty()) return invalidArgument("postgres store needs a URL");
  if (options.writerConnections < 1 || options.readerConnections < 1)
    return invalidArgument("postgres store needs a writer and a reader connection");
  const sql::QueueLimits& l = options.limits;
  if (l.maxBatch < 1 || l.maxQueuedWrites < 1 || l.maxQueuedReads < 1)
    return invalidArgument("postgres store batch and queue sizes must be positive");

  auto connect = [&](int n, std::vector<std::unique_ptr<sql::DbConnection>>& out) -> Status {
    for (int i = 0; i < n; ++i) {
      Result<std::unique_ptr<postgres::PgConnection>> conn =
          postgres::PgConnection::open(options.url);
      if (!conn.isOk()) return conn.status();
      out.push_back(std::move(conn).value());
    }
    return Status::ok();
  };
  std::vector<std::unique_ptr<sql::DbConnection>> writers, readers;
  SY_RETURN_IF_ERROR(connect(options.writerConnections, writers));
  Result<std::vector<int>> applied =
      sql::applyMigrations(*writers.front(), migrations::all(), systemNow());
  if (!applied.isOk()) return applied.status();
  SY_RETURN_IF_ERROR(connect(options.readerConnections, readers));
  return std::unique_ptr<Store>(
      std::make_unique<sql::SqlStore>(std::move(writers), std::move(readers), l));
}

}  // namespace sy::store
