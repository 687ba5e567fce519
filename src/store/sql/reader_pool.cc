#include "store/sql/reader_pool.h"

#include "common/log.h"
#include "store/sql/errors.h"
#include "store/sql/sql_tx.h"

namespace sy::store::sql {
namespace {

// Work and callbacks belong to callers; one that throws must not take a store thread down.
void runGuarded(const Store::ReadWork& work, ReadTx& tx) {
  try {
    if (work) work(tx);
  } catch (...) {
    log::error("store read work threw");
  }
}

void notify(const std::function<void()>& done) {
  try {
    if (done) done();
  } catch (...) {
    log::error("store read callback threw");
  }
}

}  // namespace

ReaderPool::ReaderPool(std::vector<std::unique_ptr<DbConnection>> dbs, size_t queueCapacity)
    : dbs_(std::move(dbs)), queue_(queueCapacity) {
  for (auto& db : dbs_) threads_.emplace_back([this, d = db.get()] { run(*d); });
}

ReaderPool::~ReaderPool() {
  close();
}

void ReaderPool::submit(Store::ReadWork work, std::function<void()> done) {
  Unit unit{std::move(work), std::move(done)};
  auto pushed = queue_.push(unit);
  if (pushed == WorkQueue<Unit>::Push::kOk) return;
  SqlTx failed(pushed == WorkQueue<Unit>::Push::kFull ? storeOverloaded("read queue full")
                                                      : storeUnavailable("store closed"));
  runGuarded(unit.work, failed);
  notify(unit.done);
}

std::chrono::steady_clock::duration ReaderPool::queueDelay() const {
  return queue_.oldestWait(std::chrono::steady_clock::now());
}

void ReaderPool::close() {
  queue_.close();
  for (auto& t : threads_)
    if (t.joinable()) t.join();
  threads_.clear();
  dbs_.clear();
}

void ReaderPool::run(DbConnection& db) {
  std::vector<Unit> batch;
  while (queue_.popBatch(batch, 1)) {
    Unit& unit = batch.front();
    Status begin = db.reconnectIfLost();
    if (begin.isOk()) begin = db.beginRead();
    if (begin.isOk()) {
      SqlTx tx(db);
      runGuarded(unit.work, tx);
    } else {
      SqlTx failed(begin.code() == StatusCode::kUnavailable
                       ? storeUnavailable("store read failed: " + begin.message())
                       : begin);
      runGuarded(unit.work, failed);
    }
    // Ends the snapshot so the WAL can be checkpointed (SQLite) or vacuumed (PostgreSQL) past
    // it; a read-only COMMIT cannot lose anything, so its result does not matter.
    if (db.inTransaction()) (void)db.run("COMMIT");
    notify(unit.done);
  }
}

}  // namespace sy::store::sql
