#include "store/sql/sql_store.h"

namespace sy::store::sql {

SqlStore::SqlStore(std::unique_ptr<DbConnection> writer,
                   std::vector<std::unique_ptr<DbConnection>> readers, const QueueLimits& limits)
    : writer_(std::move(writer), limits.maxBatch, limits.maxQueuedWrites),
      readers_(std::move(readers), limits.maxQueuedReads) {}

SqlStore::~SqlStore() {
  close();
}

void SqlStore::submitRead(ReadWork work, std::function<void()> done) {
  readers_.submit(std::move(work), std::move(done));
}

void SqlStore::submitWrite(WriteWork work, std::function<void(Status)> done) {
  writer_.submit(std::move(work), std::move(done));
}

void SqlStore::close() {
  std::lock_guard lock(closeMu_);
  writer_.stop();
  readers_.close();
  writer_.closeConnection();
}

std::optional<WriterStats> writerStats(const Store& store) {
  const auto* s = dynamic_cast<const SqlStore*>(&store);
  if (s == nullptr) return std::nullopt;
  return s->stats();
}

}  // namespace sy::store::sql
