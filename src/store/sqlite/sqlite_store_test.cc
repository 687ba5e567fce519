// SQLite-specific behaviour: migrations, statement cache, error mapping, pragmas, load shedding,
// group commit. Behaviour every backend shares is in store/store_conformance*_test.cc.
#include "store/sqlite/sqlite_store.h"

#include <gtest/gtest.h>
#include <sqlite3.h>

#include <atomic>
#include <cctype>
#include <filesystem>
#include <future>

#include "common/crypto.h"
#include "store/migrations/migrations.h"
#include "store/sql/migrate.h"
#include "store/sql/sql_store.h"
#include "store/sqlite/db.h"
#include "store/sqlite/errors.h"

namespace sy::store {
namespace {

using sqlite::Db;

class SqliteStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string tmpl = (std::filesystem::temp_directory_path() / "sy-sqlite-XXXXXX").string();
    ASSERT_NE(mkdtemp(tmpl.data()), nullptr);
    dir_ = tmpl;
    path_ = dir_ + "/store.db";
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  std::unique_ptr<Store> open(SqliteOptions o = {}) {
    o.path = path_;
    auto s = openSqliteStore(o);
    EXPECT_TRUE(s.isOk()) << s.status().toString();
    return s.isOk() ? std::move(s).value() : nullptr;
  }
  std::unique_ptr<Db> openDb(Db::Mode mode = Db::Mode::kWriter) {
    auto db = Db::open(path_, mode);
    EXPECT_TRUE(db.isOk()) << db.status().toString();
    return std::move(db).value();
  }
  // One integer from a query on a separate raw connection.
  int64_t queryInt(const std::string& sql) {
    auto db = openDb(Db::Mode::kReader);
    auto st = db->prepare(sql);
    EXPECT_TRUE(st.isOk()) << st.status().toString();
    auto row = st->step();
    EXPECT_TRUE(row.isOk() && *row) << sql;
    return st->getInt(0);
  }

  std::string dir_;
  std::string path_;
};

TEST_F(SqliteStoreTest, MigrationsAreAppliedOnceAcrossReopens) {
  open()->close();
  int64_t firstAppliedAt = queryInt("SELECT MIN(applied_at) FROM schema_migrations");
  open()->close();
  open()->close();
  EXPECT_EQ(queryInt("SELECT COUNT(*) FROM schema_migrations"),
            static_cast<int64_t>(migrations::all().size()));
  EXPECT_EQ(queryInt("SELECT MIN(applied_at) FROM schema_migrations"), firstAppliedAt);
}

TEST_F(SqliteStoreTest, ApplyMigrationsAppliesOnlyNewOnes) {
  auto db = openDb();
  const migrations::Migration m1{1, "one", "CREATE TABLE a (id TEXT NOT NULL PRIMARY KEY)"};
  const migrations::Migration m2{2, "two", "CREATE TABLE b (id TEXT NOT NULL PRIMARY KEY)"};
  std::vector<migrations::Migration> v1{m1};
  std::vector<migrations::Migration> v2{m1, m2};

  auto applied = sql::applyMigrations(*db, v1, systemNow());
  ASSERT_TRUE(applied.isOk()) << applied.status().toString();
  EXPECT_EQ(*applied, std::vector<int>{1});
  applied = sql::applyMigrations(*db, v2, systemNow());
  ASSERT_TRUE(applied.isOk());
  EXPECT_EQ(*applied, std::vector<int>{2});
  applied = sql::applyMigrations(*db, v2, systemNow());
  ASSERT_TRUE(applied.isOk());
  EXPECT_TRUE(applied->empty());

  // An older binary must not run against a newer schema, nor an edited list.
  EXPECT_EQ(sql::applyMigrations(*db, v1, systemNow()).status().code(),
            StatusCode::kFailedPrecondition);
  std::vector<migrations::Migration> renamed{m1, {2, "renamed", m2.sql}};
  EXPECT_EQ(sql::applyMigrations(*db, renamed, systemNow()).status().code(), StatusCode::kInternal);
}

TEST_F(SqliteStoreTest, FailedMigrationLeavesNothingBehind) {
  auto db = openDb();
  std::vector<migrations::Migration> broken{
      {1, "one", "CREATE TABLE a (id TEXT NOT NULL PRIMARY KEY)"},
      {2, "two", "CREATE TABLE oops ("}};
  EXPECT_FALSE(sql::applyMigrations(*db, broken, systemNow()).isOk());
  EXPECT_FALSE(db->inTransaction());
  EXPECT_EQ(queryInt("SELECT COUNT(*) FROM sqlite_master WHERE name IN ('a', 'schema_migrations')"),
            0);
}

// The same migrations must run on PostgreSQL next: keep SQLite-only syntax out of them.
TEST_F(SqliteStoreTest, MigrationSqlIsPortable) {
  const char* forbidden[] = {"AUTOINCREMENT",  "OR REPLACE", "INSERT OR", "BLOB",   "WITHOUT ROWID",
                             "STRICT",         "DATETIME",   "STRFTIME",  "PRAGMA", "REPLACE INTO",
                             "COLLATE NOCASE", "GLOB",       "REAL"};
  for (const auto& m : migrations::all()) {
    std::string upper(m.sql);
    for (auto& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    for (const char* word : forbidden)
      EXPECT_EQ(upper.find(word), std::string::npos) << "migration " << m.version << ": " << word;
  }
}

TEST_F(SqliteStoreTest, WriterConnectionIsWalWithFullSync) {
  auto db = openDb();
  auto pragma = [&](const char* sql) {
    auto st = db->prepare(sql);
    EXPECT_TRUE(st.isOk() && st->step().isOk());
    return st->getText(0);
  };
  EXPECT_EQ(pragma("PRAGMA journal_mode"), "wal");
  EXPECT_EQ(pragma("PRAGMA synchronous"), "2");  // FULL
  EXPECT_EQ(pragma("PRAGMA foreign_keys"), "1");
}

TEST_F(SqliteStoreTest, SyncNormalOnlyWhenAskedAndTempStoreInMemory) {
  auto pragma = [](Db& db, const char* sql) {
    auto st = db.prepare(sql);
    EXPECT_TRUE(st.isOk() && st->step().isOk());
    return st->getText(0);
  };
  auto normal = Db::open(path_, Db::Mode::kWriter, Db::Sync::kNormal);
  ASSERT_TRUE(normal.isOk()) << normal.status().toString();
  EXPECT_EQ(pragma(**normal, "PRAGMA synchronous"), "1");  // NORMAL
  EXPECT_EQ(pragma(**normal, "PRAGMA journal_mode"), "wal");
  EXPECT_EQ(pragma(**normal, "PRAGMA temp_store"), "2");  // MEMORY
  auto reader = openDb(Db::Mode::kReader);
  EXPECT_EQ(pragma(*reader, "PRAGMA temp_store"), "2");
  // The store's option maps onto it; the default stays FULL.
  SqliteOptions o;
  EXPECT_TRUE(o.fsyncEveryCommit);
}

TEST_F(SqliteStoreTest, TransactionControlIsPreparedOnce) {
  auto db = openDb();
  ASSERT_TRUE(db->exec("CREATE TABLE t (v BIGINT)").isOk());
  const size_t before = db->cachedStatements();
  for (int i = 0; i < 5; ++i) {
    ASSERT_TRUE(db->run("BEGIN IMMEDIATE").isOk());
    ASSERT_TRUE(db->run("SAVEPOINT unit").isOk());
    ASSERT_TRUE(db->exec("INSERT INTO t (v) VALUES (1)").isOk());
    ASSERT_TRUE(db->run("ROLLBACK TO unit").isOk());
    ASSERT_TRUE(db->run("RELEASE unit").isOk());
    ASSERT_TRUE(db->run("COMMIT").isOk());
    EXPECT_FALSE(db->inTransaction());
  }
  EXPECT_EQ(db->cachedStatements(), before + 5);
  auto st = db->prepare("SELECT COUNT(*) FROM t");
  ASSERT_TRUE(st.isOk() && *st->step());
  EXPECT_EQ(st->getInt(0), 0);  // every insert was rolled back to its savepoint
  EXPECT_FALSE(db->run("RELEASE no_such_savepoint").isOk());
}

TEST_F(SqliteStoreTest, StatementsArePreparedOncePerConnection) {
  auto db = openDb();
  ASSERT_TRUE(db->exec("CREATE TABLE t (v BIGINT)").isOk());
  const size_t before = db->cachedStatements();  // open() prepared a pragma
  for (int i = 0; i < 10; ++i) {
    auto st = db->prepare("INSERT INTO t (v) VALUES (?)");
    ASSERT_TRUE(st.isOk());
    st->bind(int64_t{i});
    ASSERT_TRUE(st->run().isOk());
  }
  EXPECT_EQ(db->cachedStatements(), before + 1);
  {
    // A nested borrow of the same SQL gets its own statement and leaves the cached one intact.
    auto outer = db->prepare("SELECT v FROM t ORDER BY v");
    ASSERT_TRUE(outer.isOk() && *outer->step());
    auto inner = db->prepare("SELECT v FROM t ORDER BY v");
    ASSERT_TRUE(inner.isOk() && *inner->step());
    ASSERT_TRUE(*inner->step());
    EXPECT_EQ(outer->getInt(0), 0);
    EXPECT_EQ(inner->getInt(0), 1);
  }
  EXPECT_EQ(db->cachedStatements(), before + 2);
  for (size_t i = 0; i < sqlite::StatementCache::kMaxEntries + 50; ++i)
    ASSERT_TRUE(db->prepare("SELECT " + std::to_string(i)).isOk());
  EXPECT_LE(db->cachedStatements(), sqlite::StatementCache::kMaxEntries);
}

TEST_F(SqliteStoreTest, ErrorsMapToStatusCodes) {
  EXPECT_EQ(sqlite::sqliteStatus(SQLITE_BUSY, "x").code(), StatusCode::kUnavailable);
  EXPECT_EQ(sqlite::sqliteStatus(SQLITE_LOCKED, "x").code(), StatusCode::kUnavailable);
  EXPECT_EQ(sqlite::sqliteStatus(SQLITE_FULL, "x").code(), StatusCode::kUnavailable);
  EXPECT_EQ(sqlite::sqliteStatus(SQLITE_IOERR_FSYNC, "x").code(), StatusCode::kUnavailable);
  EXPECT_EQ(sqlite::sqliteStatus(SQLITE_CONSTRAINT_UNIQUE, "x").code(), StatusCode::kAlreadyExists);
  EXPECT_EQ(sqlite::sqliteStatus(SQLITE_CONSTRAINT_PRIMARYKEY, "x").code(),
            StatusCode::kAlreadyExists);
  EXPECT_EQ(sqlite::sqliteStatus(SQLITE_CONSTRAINT_FOREIGNKEY, "x").code(),
            StatusCode::kFailedPrecondition);
  EXPECT_EQ(sqlite::sqliteStatus(SQLITE_CORRUPT, "x").code(), StatusCode::kInternal);
  EXPECT_EQ(sqlite::sqliteStatus(SQLITE_MISUSE, "x").code(), StatusCode::kInternal);
}

TEST_F(SqliteStoreTest, ErrorMessagesNeverQuoteBoundValues) {
  auto store = open();
  const std::string secret = "4111111111111111-secret-value";
  ApiKey k{"key_1", "m", secret, "p", {}, systemNow(), false};
  ASSERT_TRUE(writeSync(*store, [&](WriteTx& tx) { return tx.insertApiKey(k); }).isOk());
  k.id = "key_2";
  Status dup = writeSync(*store, [&](WriteTx& tx) { return tx.insertApiKey(k); });
  EXPECT_EQ(dup.code(), StatusCode::kAlreadyExists);
  EXPECT_EQ(dup.message().find(secret), std::string::npos) << dup.message();
}

TEST_F(SqliteStoreTest, SealedBytesAreStoredAsBase64Text) {
  auto store = open();
  CardToken t;
  t.token = "tok";
  t.merchantId = "m";
  t.tokenType = "SINGLE_USE";
  constexpr char kSealed[] = "\x00\xff\x10sealed";
  t.panSealed = std::string(kSealed, sizeof kSealed - 1);
  ASSERT_TRUE(writeSync(*store, [&](WriteTx& tx) { return tx.insertCardToken(t); }).isOk());
  store->close();
  auto db = openDb(Db::Mode::kReader);
  auto st = db->prepare("SELECT typeof(pan_sealed), pan_sealed FROM card_tokens");
  ASSERT_TRUE(st.isOk() && *st->step());
  EXPECT_EQ(st->getText(0), "text");
  EXPECT_EQ(st->getText(1), crypto::base64Encode(t.panSealed));
}

TEST_F(SqliteStoreTest, ReadConnectionsCannotWrite) {
  auto store = open();
  Status s;
  readSync(*store, [&](ReadTx& tx) {
    s = dynamic_cast<WriteTx&>(tx).insertMerchant({"m", "M", systemNow()});
  });
  EXPECT_FALSE(s.isOk());
  Status found;
  readSync(*store, [&](ReadTx& tx) { found = tx.findMerchant("m").status(); });
  EXPECT_EQ(found.code(), StatusCode::kNotFound);
}

TEST_F(SqliteStoreTest, FullWriteQueueShedsLoad) {
  SqliteOptions o;
  o.maxQueuedWrites = 4;
  auto store = open(o);
  // Hold the writer inside a unit so submissions pile up in the queue.
  std::promise<void> entered, release;
  auto releaseF = release.get_future().share();
  std::promise<Status> blockerDone;
  store->submitWrite(
      [&](WriteTx&) {
        entered.set_value();
        releaseF.wait();
        return Status::ok();
      },
      [&](Status s) { blockerDone.set_value(s); });
  entered.get_future().wait();

  std::atomic<int> ok{0};
  for (int i = 0; i < 4; ++i)
    store->submitWrite([](WriteTx&) { return Status::ok(); }, [&](Status s) { ok += s.isOk(); });
  std::optional<Status> rejected;
  store->submitWrite([](WriteTx&) { return Status::ok(); }, [&](Status s) { rejected = s; });
  ASSERT_TRUE(rejected.has_value());  // rejected at once, on this thread
  EXPECT_EQ(rejected->code(), StatusCode::kResourceExhausted);

  release.set_value();
  EXPECT_TRUE(blockerDone.get_future().get().isOk());
  store->close();
  EXPECT_EQ(ok.load(), 4);
}

TEST_F(SqliteStoreTest, ConcurrentWritesShareCommits) {
  auto store = open();
  constexpr int kUnits = 2000;
  std::atomic<int> left{kUnits};
  std::promise<void> all;
  for (int i = 0; i < kUnits; ++i) {
    store->submitWrite(
        [i](WriteTx& tx) {
          return tx.insertMerchant({"m" + std::to_string(i), "M", systemNow()});
        },
        [&](Status s) {
          EXPECT_TRUE(s.isOk());
          if (--left == 0) all.set_value();
        });
  }
  all.get_future().wait();
  auto stats = sql::writerStats(*store);
  ASSERT_TRUE(stats.has_value());
  EXPECT_EQ(stats->units, static_cast<uint64_t>(kUnits));
  EXPECT_LT(stats->batches, static_cast<uint64_t>(kUnits));
  EXPECT_GT(stats->largestBatch, 1u);
  EXPECT_LE(stats->largestBatch, SqliteOptions{}.maxBatch);
}

// Deterministic version of the conformance test: the units are queued behind a blocked writer, so
// they are certain to share one batch (one transaction, one COMMIT).
TEST_F(SqliteStoreTest, FailingUnitRollsBackAloneWithinOneBatch) {
  auto store = open();
  std::promise<void> entered, release;
  auto releaseF = release.get_future().share();
  store->submitWrite(
      [&](WriteTx&) {
        entered.set_value();
        releaseF.wait();
        return Status::ok();
      },
      [](Status) {});
  entered.get_future().wait();
  auto batchesBefore = sql::writerStats(*store)->batches;

  constexpr int kUnits = 10;
  std::vector<std::promise<Status>> results(kUnits);
  for (int i = 0; i < kUnits; ++i) {
    store->submitWrite(
        [i](WriteTx& tx) -> Status {
          SY_RETURN_IF_ERROR(tx.insertMerchant({"m" + std::to_string(i), "M", systemNow()}));
          if (i % 3 == 1) return failedPrecondition("unit fails after writing");
          if (i % 3 == 2) throw std::runtime_error("unit throws after writing");
          return Status::ok();
        },
        [&results, i](Status s) { results[i].set_value(std::move(s)); });
  }
  release.set_value();
  for (int i = 0; i < kUnits; ++i) {
    Status s = results[i].get_future().get();
    EXPECT_EQ(s.code(), i % 3 == 0   ? StatusCode::kOk
                        : i % 3 == 1 ? StatusCode::kFailedPrecondition
                                     : StatusCode::kInternal)
        << i;
  }
  auto stats = sql::writerStats(*store);
  // Batches are counted when they start, so the blocker's is already in batchesBefore.
  EXPECT_EQ(stats->batches - batchesBefore, 1u);
  EXPECT_GE(stats->largestBatch, static_cast<uint64_t>(kUnits));
  for (int i = 0; i < kUnits; ++i) {
    Status found;
    readSync(*store,
             [&](ReadTx& tx) { found = tx.findMerchant("m" + std::to_string(i)).status(); });
    EXPECT_EQ(found.isOk(), i % 3 == 0) << i;
  }
}

TEST_F(SqliteStoreTest, CloseCheckpointsAndRemovesTheWal) {
  auto store = open();
  ASSERT_TRUE(writeSync(*store, [](WriteTx& tx) {
                return tx.insertMerchant({"m", "M", systemNow()});
              }).isOk());
  EXPECT_TRUE(std::filesystem::exists(path_ + "-wal"));
  store->close();
  EXPECT_FALSE(std::filesystem::exists(path_ + "-wal"));
}

TEST_F(SqliteStoreTest, RejectsBadOptions) {
  EXPECT_EQ(openSqliteStore({.path = ""}).status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(openSqliteStore({.path = ":memory:"}).status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(openSqliteStore({.path = path_, .readerThreads = 0}).status().code(),
            StatusCode::kInvalidArgument);
  EXPECT_EQ(openSqliteStore({.path = dir_ + "/missing/dir/x.db"}).status().code(),
            StatusCode::kUnavailable);
}

}  // namespace
}  // namespace sy::store
