#include "store/postgres/postgres_store.h"

#include "store/migrations/migrations.h"
#include "store/postgres/pg_connection.h"
#include "store/sql/migrate.h"

namespace sy::store {

Result<std::unique_ptr<Store>> openPostgresStore(const PostgresOptions& options) {
  if (options.url.empty()) return invalidArgument("postgres store needs a URL");
  if (options.readerConnections < 1) return invalidArgument("postgres store needs a reader");
  const sql::QueueLimits& l = options.limits;
  if (l.maxBatch < 1 || l.maxQueuedWrites < 1 || l.maxQueuedReads < 1)
    return invalidArgument("postgres store batch and queue sizes must be positive");

  Result<std::unique_ptr<postgres::PgConnection>> writer =
      postgres::PgConnection::open(options.url);
  if (!writer.isOk()) return writer.status();
  Result<std::vector<int>> applied = sql::applyMigrations(**writer, migrations::all(), systemNow());
  if (!applied.isOk()) return applied.status();

  std::vector<std::unique_ptr<sql::DbConnection>> readers;
  for (int i = 0; i < options.readerConnections; ++i) {
    Result<std::unique_ptr<postgres::PgConnection>> reader =
        postgres::PgConnection::open(options.url);
    if (!reader.isOk()) return reader.status();
    readers.push_back(std::move(reader).value());
  }
  return std::unique_ptr<Store>(
      std::make_unique<sql::SqlStore>(std::move(writer).value(), std::move(readers), l));
}

}  // namespace sy::store
