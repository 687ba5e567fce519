#include "store/sql/group_commit_writer.h"

#include "common/log.h"
#include "store/sql/errors.h"
#include "store/sql/sql_tx.h"

namespace sy::store::sql {
namespace {

// Callbacks belong to callers; one that throws must not take the writer thread down with it.
void notify(const std::function<void(Status)>& done, Status s) {
  if (!done) return;
  try {
    done(std::move(s));
  } catch (...) {
    log::error("store write callback threw");
  }
}

}  // namespace

GroupCommitWriter::GroupCommitWriter(std::unique_ptr<DbConnection> db, size_t maxBatch,
                                     size_t queueCapacity)
    : db_(std::move(db)), maxBatch_(maxBatch == 0 ? 1 : maxBatch), queue_(queueCapacity) {
  thread_ = std::thread([this] { run(); });
}

GroupCommitWriter::~GroupCommitWriter() {
  stop();
  closeConnection();
}

void GroupCommitWriter::submit(Store::WriteWork work, std::function<void(Status)> done) {
  Unit unit{std::move(work), std::move(done)};
  switch (queue_.push(unit)) {
    case WorkQueue<Unit>::Push::kOk:
      return;
    case WorkQueue<Unit>::Push::kFull:
      notify(unit.done, storeOverloaded("write queue full"));
      return;
    case WorkQueue<Unit>::Push::kClosed:
      notify(unit.done, storeUnavailable("store closed"));
      return;
  }
}

void GroupCommitWriter::stop() {
  queue_.close();
  if (thread_.joinable()) thread_.join();
}

void GroupCommitWriter::closeConnection() {
  db_.reset();
}

std::chrono::steady_clock::duration GroupCommitWriter::queueDelay() const {
  return queue_.oldestWait(std::chrono::steady_clock::now());
}

WriterStats GroupCommitWriter::stats() const {
  return WriterStats{batches_.load(), units_.load(), largestBatch_.load()};
}

void GroupCommitWriter::run() {
  std::vector<Unit> batch;
  while (queue_.popBatch(batch, maxBatch_)) {
    // Counted before the callbacks run, so a caller woken by `done` sees its unit in stats().
    batches_.fetch_add(1);
    units_.fetch_add(batch.size());
    if (batch.size() > largestBatch_.load()) largestBatch_.store(batch.size());
    commitBatch(batch);
    batch.clear();
  }
}

void GroupCommitWriter::commitBatch(std::vector<Unit>& batch) {
  auto failAll = [&](const Status& why) {
    log::error("store batch failed",
               {{"units", static_cast<int64_t>(batch.size())}, {"error", why.message()}});
    for (auto& u : batch) notify(u.done, storeUnavailable("store write failed: " + why.message()));
  };

  Status begin = db_->reconnectIfLost();
  if (begin.isOk()) begin = db_->beginWrite();
  if (!begin.isOk()) {
    failAll(begin);
    return;
  }
  std::vector<Status> results(batch.size());
  for (size_t i = 0; i < batch.size(); ++i) {
    if (!runUnit(batch[i], results[i])) {
      if (db_->inTransaction()) (void)db_->exec("ROLLBACK");
      failAll(internalError("batch transaction aborted"));
      return;
    }
  }
  Status commit = db_->run("COMMIT");
  if (!commit.isOk()) {
    // Nothing of the batch is acknowledged; make sure the connection is usable for the next one.
    if (db_->inTransaction()) (void)db_->exec("ROLLBACK");
    failAll(commit);
    return;
  }
  for (size_t i = 0; i < batch.size(); ++i) notify(batch[i].done, std::move(results[i]));
}

bool GroupCommitWriter::runUnit(Unit& unit, Status& result) {
  if (!db_->run("SAVEPOINT unit").isOk()) return false;
  {
    SqlTx tx(*db_);
    try {
      result = unit.work(tx);
    } catch (...) {
      // The exception's text may quote data, so it stays out of the status.
      result = internalError("store write unit threw");
    }
  }
  // SQLite rolls the whole transaction back by itself after some errors (SQLITE_FULL, IOERR):
  // then the savepoint is gone and so are the batch's earlier units.
  if (!db_->inTransaction()) return false;
  // A unit that carried on after a failed statement: PostgreSQL voided the rest of it, so it
  // cannot commit as written. (SQLite voids only the statement; no backend may differ in what
  // commits, so the unit fails on both.)
  if (result.isOk() && db_->transactionFailed())
    result = internalError("a statement of the store unit failed and the unit went on");
  if (!result.isOk() && !db_->run("ROLLBACK TO unit").isOk()) return false;
  return db_->run("RELEASE unit").isOk();
}

}  // namespace sy::store::sql
