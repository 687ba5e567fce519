#include "store/sqlite/sqlite_store.h"

#include <fcntl.h>
#include <unistd.h>

#include <filesystem>

#include "store/migrations/migrations.h"
#include "store/sql/migrate.h"
#include "store/sql/sql_store.h"
#include "store/sqlite/db.h"
#include "store/sqlite/errors.h"

namespace sy::store {
namespace {

using sqlite::Db;

// Makes the database file's directory entry durable: SQLite fsyncs the directory when it creates
// the WAL, but not when it creates the main file, which a power cut could otherwise lose.
void syncDirectoryOf(const std::string& path) {
  std::filesystem::path dir = std::filesystem::absolute(path).parent_path();
  int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return;
  (void)::fsync(fd);
  ::close(fd);
}

}  // namespace

Result<std::unique_ptr<Store>> openSqliteStore(const SqliteOptions& options) {
  if (options.path.empty() || options.path == ":memory:" || options.path.starts_with("file:"))
    return invalidArgument("sqlite store needs a file path");
  if (options.readerThreads < 1) return invalidArgument("sqlite store needs a reader thread");
  if (options.maxBatch < 1 || options.maxQueuedWrites < 1 || options.maxQueuedReads < 1)
    return invalidArgument("sqlite store batch and queue sizes must be positive");

  Result<std::unique_ptr<Db>> writer =
      Db::open(options.path, Db::Mode::kWriter,
               options.fsyncEveryCommit ? Db::Sync::kFull : Db::Sync::kNormal,
               static_cast<int>(options.busyTimeout.count()));
  if (!writer.isOk()) return writer.status();
  syncDirectoryOf(options.path);
  Result<std::vector<int>> applied = sql::applyMigrations(**writer, migrations::all(), systemNow());
  if (!applied.isOk()) return applied.status();

  std::vector<std::unique_ptr<sql::DbConnection>> readers;
  for (int i = 0; i < options.readerThreads; ++i) {
    Result<std::unique_ptr<Db>> reader = Db::open(options.path, Db::Mode::kReader, Db::Sync::kFull,
                                                  static_cast<int>(options.busyTimeout.count()));
    if (!reader.isOk()) return reader.status();
    readers.push_back(std::move(reader).value());
  }
  const sql::QueueLimits limits{options.maxBatch, options.maxQueuedWrites, options.maxQueuedReads};
  std::vector<std::unique_ptr<sql::DbConnection>> writers;
  writers.push_back(std::move(writer).value());  // SQLite: one write transaction at a time
  return std::unique_ptr<Store>(
      std::make_unique<sql::SqlStore>(std::move(writers), std::move(readers), limits));
}


}  // namespace sy::store
