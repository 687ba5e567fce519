#include "store/sql/sql_store.h"

#include <algorithm>

namespace sy::store::sql {

SqlStore::SqlStore(std::vector<std::unique_ptr<DbConnection>> writers,
                   std::vector<std::unique_ptr<DbConnection>> readers, const QueueLimits& limits)
    : readers_(std::move(readers), limits.maxQueuedReads) {
  // The queue bound is per store: split between the writers.
  const size_t perWriter = std::max<size_t>(1, limits.maxQueuedWrites / writers.size());
  for (auto& w : writers)
    writers_.push_back(
        std::make_unique<GroupCommitWriter>(std::move(w), limits.maxBatch, perWriter));
}

SqlStore::~SqlStore() {
  close();
}

void SqlStore::submitRead(ReadWork work, std::function<void()> done) {
  readers_.submit(std::move(work), std::move(done));
}

void SqlStore::submitWrite(WriteWork work, std::function<void(Status)> done) {
  GroupCommitWriter& writer = *writers_[nextWriter_.fetch_add(1) % writers_.size()];
  writer.submit(std::move(work), std::move(done));
}

void SqlStore::close() {
  std::lock_guard lock(closeMu_);
  for (auto& w : writers_) w->stop();
  readers_.close();
  for (auto& w : writers_) w->closeConnection();
}

std::chrono::steady_clock::duration SqlStore::queueDelay() const {
  std::chrono::steady_clock::duration longest = readers_.queueDelay();
  for (const auto& w : writers_) longest = std::max(longest, w->queueDelay());
  return longest;
}

WriterStats SqlStore::stats() const {
  WriterStats total;
  for (const auto& w : writers_) {
    WriterStats s = w->stats();
    total.batches += s.batches;
    total.units += s.units;
    total.largestBatch = std::max(total.largestBatch, s.largestBatch);
  }
  return total;
}

std::optional<std::chrono::steady_clock::duration> queueDelay(const Store& store) {
  const auto* s = dynamic_cast<const SqlStore*>(&store);
  if (s == nullptr) return std::nullopt;
  return s->queueDelay();
}

std::optional<WriterStats> writerStats(const Store& store) {
  const auto* s = dynamic_cast<const SqlStore*>(&store);
  if (s == nullptr) return std::nullopt;
  return s->stats();
}

}  // namespace sy::store::sql
