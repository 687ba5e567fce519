// The database locked, full or gone: write units fail cleanly (kUnavailable, reason
// StoreUnavailable — the API's 503 + Retry-After), each all or nothing, without a hang; the
// store's queueing delay shows the stall (what admission control sheds on); and the store recovers
// by itself once the database is back. Every acknowledged write is still there afterwards.
#include <gtest/gtest.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <future>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "common/clock.h"
#include "store/migrations/migrations.h"
#include "store/postgres/postgres_store.h"
#include "store/postgres/testing/test_postgres.h"
#include "store/sql/migrate.h"
#include "store/sql/sql_store.h"
#include "store/sqlite/db.h"
#include "store/sqlite/sqlite_store.h"
#include "store/store.h"

namespace sy::store {
namespace {

using namespace std::chrono_literals;

std::string freshDir(const std::string& name) {
  std::string dir = ::testing::TempDir() + "store_outage_" + name + "_" + std::to_string(::getpid());
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  return dir;
}

Status insertMerchant(Store& store, const std::string& id, const std::string& name = "M") {
  return writeSync(store, [&](WriteTx& tx) { return tx.insertMerchant({id, name, fromMicros(1)}); });
}

bool merchantExists(Store& store, const std::string& id) {
  bool found = false;
  readSync(store, [&](ReadTx& tx) { found = tx.findMerchant(id).isOk(); });
  return found;
}

void expectStoreUnavailable(const Status& s) {
  EXPECT_EQ(s.code(), StatusCode::kUnavailable) << s.toString();
  EXPECT_EQ(s.reason(), "StoreUnavailable") << s.toString();
}

// Polls `condition` every 5 ms for at most `limit` (a generous bound, never an expected time).
template <class F>
bool eventually(F condition, std::chrono::milliseconds limit = 20s) {
  const auto until = std::chrono::steady_clock::now() + limit;
  while (!condition()) {
    if (std::chrono::steady_clock::now() > until) return false;
    std::this_thread::sleep_for(5ms);
  }
  return true;
}

TEST(StoreOutageTest, SqliteWriteLockHeldByAnotherProcessFailsWritesCleanlyThenRecovers) {
  const std::string dir = freshDir("lock");
  SqliteOptions o;
  o.path = dir + "/store.db";
  o.busyTimeout = 1000ms;
  auto opened = openSqliteStore(o);
  ASSERT_TRUE(opened.isOk()) << opened.status().toString();
  std::unique_ptr<Store> store = std::move(opened).value();
  ASSERT_TRUE(insertMerchant(*store, "m_before").isOk());

  // Another connection (as another process would) takes SQLite's write lock and keeps it.
  auto other = sqlite::Db::open(o.path, sqlite::Db::Mode::kWriter);
  ASSERT_TRUE(other.isOk()) << other.status().toString();
  ASSERT_TRUE((*other)->exec("BEGIN IMMEDIATE").isOk());

  // The writer's batch waits for the lock; units submitted meanwhile queue behind it and the
  // store's queueing delay grows: the signal the server sheds new requests on.
  std::vector<std::future<Status>> pending;
  auto submit = [&](int i) {
    pending.push_back(std::async(std::launch::async, [&store, i] {
      return insertMerchant(*store, "m_during_" + std::to_string(i));
    }));
  };
  const uint64_t batchesBefore = sql::writerStats(*store)->batches;
  submit(0);  // the writer takes it and waits for the lock...
  ASSERT_TRUE(eventually([&] { return sql::writerStats(*store)->batches > batchesBefore; }));
  submit(1);  // ...so these wait in its queue
  submit(2);
  EXPECT_TRUE(eventually([&] { return *sql::queueDelay(*store) >= 100ms; }))
      << "queue delay stayed at " << sql::queueDelay(*store)->count();
  for (auto& f : pending) expectStoreUnavailable(f.get());
  for (int i = 0; i < 3; ++i) EXPECT_FALSE(merchantExists(*store, "m_during_" + std::to_string(i)));
  // Reads do not need the write lock (WAL).
  EXPECT_TRUE(merchantExists(*store, "m_before"));

  ASSERT_TRUE((*other)->exec("COMMIT").isOk());
  EXPECT_TRUE(insertMerchant(*store, "m_after").isOk());
  EXPECT_TRUE(merchantExists(*store, "m_after"));
  EXPECT_TRUE(merchantExists(*store, "m_before"));
  EXPECT_EQ(*sql::queueDelay(*store), std::chrono::steady_clock::duration::zero());
  store->close();
  std::filesystem::remove_all(dir);
}

// SQLITE_FULL, with the database capped by max_page_count on the writer's connection (a disk
// that fills up behaves the same for SQLite: the write that needs a page fails).
TEST(StoreOutageTest, SqliteDiskFullFailsWholeUnitsAndWritesResumeWhenThereIsRoom) {
  const std::string dir = freshDir("full");
  const std::string path = dir + "/store.db";
  auto writer = sqlite::Db::open(path, sqlite::Db::Mode::kWriter);
  ASSERT_TRUE(writer.isOk()) << writer.status().toString();
  ASSERT_TRUE(sql::applyMigrations(**writer, migrations::all(), systemNow()).isOk());
  sqlite::Db* writerDb = writer->get();
  int64_t used = 0;
  {  // the statement belongs to the connection: gone before the store closes it
    auto pages = writerDb->prepare("PRAGMA page_count");
    ASSERT_TRUE(pages.isOk());
    ASSERT_TRUE(pages->step().isOk());
    used = pages->getInt(0);
  }
  ASSERT_TRUE(writerDb->exec("PRAGMA max_page_count=" + std::to_string(used + 40)).isOk());
  auto reader = sqlite::Db::open(path, sqlite::Db::Mode::kReader);
  ASSERT_TRUE(reader.isOk());
  std::vector<std::unique_ptr<sql::DbConnection>> writers, readers;
  writers.push_back(std::move(writer).value());
  readers.push_back(std::move(reader).value());
  sql::SqlStore store(std::move(writers), std::move(readers), sql::QueueLimits{});

  // Each unit: a small merchant row, then a large one. Once the file is full the unit fails as a
  // whole: its first row is not left behind.
  const std::string large(32 * 1024, 'x');
  std::vector<std::string> acknowledged;
  Status failed;
  for (int i = 0; i < 100 && failed.isOk(); ++i) {
    const std::string small = "m_small_" + std::to_string(i), big = "m_big_" + std::to_string(i);
    failed = writeSync(store, [&](WriteTx& tx) -> Status {
      SY_RETURN_IF_ERROR(tx.insertMerchant({small, "S", fromMicros(1)}));
      return tx.insertMerchant({big, large, fromMicros(1)});
    });
    if (failed.isOk()) acknowledged.push_back(small);
    if (!failed.isOk()) {
      expectStoreUnavailable(failed);
      EXPECT_FALSE(merchantExists(store, small)) << "half of a failed unit was written";
      EXPECT_FALSE(merchantExists(store, big));
    }
  }
  ASSERT_FALSE(failed.isOk()) << "the database never filled up";
  ASSERT_FALSE(acknowledged.empty());
  // Still full: small writes may fit in free space, large ones fail the same clean way.
  expectStoreUnavailable(insertMerchant(store, "m_big_again", large));

  // Room again (the operator freed disk space). The limit is raised on the writer's own thread.
  ASSERT_TRUE(writeSync(store, [&](WriteTx&) {
                return writerDb->exec("PRAGMA max_page_count=1000000");
              }).isOk());
  EXPECT_TRUE(insertMerchant(store, "m_big_after", large).isOk());
  for (const auto& id : acknowledged) EXPECT_TRUE(merchantExists(store, id)) << id;
  EXPECT_TRUE(merchantExists(store, "m_big_after"));
  store.close();
  std::filesystem::remove_all(dir);
}

TEST(StoreOutageTest, PostgresDownFailsUnitsAtOnceAndTheStoreReconnectsWhenItIsBack) {
  auto server = testing::TestPostgres::startPrivate("outage");
  ASSERT_TRUE(server.isOk()) << server.status().toString();
  auto url = (*server)->ensureDatabase("sy_outage");
  ASSERT_TRUE(url.isOk()) << url.status().toString();
  PostgresOptions o;
  o.url = std::move(url).value();
  auto opened = openPostgresStore(o);
  ASSERT_TRUE(opened.isOk()) << opened.status().toString();
  std::unique_ptr<Store> store = std::move(opened).value();
  ASSERT_TRUE(insertMerchant(*store, "m_before").isOk());

  ASSERT_TRUE((*server)->crash().isOk());
  // Every writer and reader learns of the loss with the unit it runs next; while the server is
  // down each unit fails (connection refused: no wait) and nothing waits on it.
  for (int i = 0; i < 12; ++i) {
    Status s = insertMerchant(*store, "m_down_" + std::to_string(i));
    expectStoreUnavailable(s);
  }
  bool readFailed = false;
  readSync(*store, [&](ReadTx& tx) { readFailed = !tx.findMerchant("m_before").isOk(); });
  EXPECT_TRUE(readFailed);
  EXPECT_EQ(*sql::queueDelay(*store), std::chrono::steady_clock::duration::zero());

  ASSERT_TRUE((*server)->restart().isOk());
  // Recovery needs no action: the next units reconnect (one per writer may still fail with the
  // connection it had).
  EXPECT_TRUE(eventually([&] {
    Status s = insertMerchant(*store, "m_after");
    return s.isOk() || s.code() == StatusCode::kAlreadyExists;  // an answer lost with a connection
  }));
  EXPECT_TRUE(eventually([&] { return merchantExists(*store, "m_after"); }));
  EXPECT_TRUE(merchantExists(*store, "m_before"));
  for (int i = 0; i < 12; ++i) EXPECT_FALSE(merchantExists(*store, "m_down_" + std::to_string(i)));
  store->close();
}

}  // namespace
}  // namespace sy::store
