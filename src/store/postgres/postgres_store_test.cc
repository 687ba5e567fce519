// PostgreSQL-specific behaviour: placeholder numbering, error mapping, lost connections,
// concurrent migrations, prepared statements, password hygiene. Behaviour every backend shares is
// in store/store_conformance*_test.cc.
#include "store/postgres/postgres_store.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <mutex>
#include <set>
#include <thread>

#include "store/migrations/migrations.h"
#include "store/postgres/pg_connection.h"
#include "store/postgres/pg_errors.h"
#include "store/postgres/placeholders.h"
#include "store/postgres/testing/test_postgres.h"
#include "store/store_test_backends.h"

namespace sy::store {
namespace {

using postgres::PgConnection;
using testing::TestPostgres;

TEST(PostgresPlaceholders, NumbersQuestionMarksOutsideQuotes) {
  auto n = postgres::numberPlaceholders("SELECT '?', \"a?\" FROM t WHERE a = ? AND b IN (?, ?)");
  EXPECT_EQ(n.text, "SELECT '?', \"a?\" FROM t WHERE a = $1 AND b IN ($2, $3)");
  EXPECT_EQ(n.params, 3);
  auto quoted = postgres::numberPlaceholders("SELECT 'it''s ?' WHERE x = ?");
  EXPECT_EQ(quoted.text, "SELECT 'it''s ?' WHERE x = $1");
  EXPECT_EQ(quoted.params, 1);
}

TEST(PostgresErrors, SqlStatesMapToCodes) {
  EXPECT_EQ(postgres::codeForSqlState("23505"), StatusCode::kAlreadyExists);
  EXPECT_EQ(postgres::codeForSqlState("23503"), StatusCode::kFailedPrecondition);
  EXPECT_EQ(postgres::codeForSqlState("08006"), StatusCode::kUnavailable);
  EXPECT_EQ(postgres::codeForSqlState("57P01"), StatusCode::kUnavailable);
  EXPECT_EQ(postgres::codeForSqlState("53100"), StatusCode::kUnavailable);
  EXPECT_EQ(postgres::codeForSqlState("40001"), StatusCode::kUnavailable);
  EXPECT_EQ(postgres::codeForSqlState("42601"), StatusCode::kInternal);
}

TEST(PostgresConnect, ErrorsNeverQuoteThePassword) {
  // Port 1 on loopback refuses connections.
  auto conn = PgConnection::open(SecretString("postgresql://sy:hunter2secret@127.0.0.1:1/none"));
  ASSERT_FALSE(conn.isOk());
  EXPECT_EQ(conn.status().code(), StatusCode::kUnavailable);
  EXPECT_EQ(conn.status().message().find("hunter2secret"), std::string::npos)
      << conn.status().message();
  auto bad =
      PgConnection::open(SecretString("postgresql://sy:hunter2secret@127.0.0.1:1/x?bogus=1"));
  ASSERT_FALSE(bad.isOk());
  EXPECT_EQ(bad.status().message().find("hunter2secret"), std::string::npos)
      << bad.status().message();
}

class PostgresStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto server = TestPostgres::shared();
    ASSERT_TRUE(server.isOk()) << server.status().toString();
    server_ = *server;
    std::string tmpl = (std::filesystem::temp_directory_path() / "sy-pg-XXXXXX").string();
    ASSERT_NE(mkdtemp(tmpl.data()), nullptr);
    dir_ = tmpl;
    database_ = testing::databaseFor(dir_);
    auto url = server_->ensureDatabase(database_);
    ASSERT_TRUE(url.isOk()) << url.status().toString();
    url_ = std::move(url).value();
  }
  void TearDown() override {
    (void)server_->dropDatabase(database_);
    std::filesystem::remove_all(dir_);
  }

  std::unique_ptr<Store> open() {
    PostgresOptions o;
    o.url = url_;
    auto s = openPostgresStore(o);
    EXPECT_TRUE(s.isOk()) << s.status().toString();
    return s.isOk() ? std::move(s).value() : nullptr;
  }
  // Ends every other session on the test database, as a server restart or a network cut would.
  void cutConnections() {
    ASSERT_TRUE(server_
                    ->adminQuery("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE "
                                 "datname = '" +
                                     database_ + "' AND pid <> pg_backend_pid()",
                                 nullptr)
                    .isOk());
  }
  std::string scalar(const std::string& sql) {
    auto conn = PgConnection::open(url_);
    EXPECT_TRUE(conn.isOk()) << conn.status().toString();
    auto st = (*conn)->prepareStatement(sql);
    EXPECT_TRUE(st.isOk()) << st.status().toString();
    auto row = (*st)->step();
    EXPECT_TRUE(row.isOk() && *row) << sql;
    return (*st)->getText(0);
  }

  TestPostgres* server_ = nullptr;
  std::string dir_;
  std::string database_;
  SecretString url_;
};

TEST_F(PostgresStoreTest, LostConnectionFailsTheWorkItInterruptsThenReconnects) {
  constexpr int kConnections = 2;
  PostgresOptions o;
  o.url = url_;
  o.writerConnections = kConnections;
  o.readerConnections = kConnections;
  auto opened = openPostgresStore(o);
  ASSERT_TRUE(opened.isOk()) << opened.status().toString();
  std::unique_ptr<Store> store = std::move(opened).value();
  ASSERT_NE(store, nullptr);
  Merchant m{"m_1", "One", fromMicros(1)};
  ASSERT_TRUE(writeSync(*store, [&](WriteTx& tx) { return tx.insertMerchant(m); }).isOk());

  cutConnections();
  // Every writer's connection is gone: the unit each writer runs next fails (never reports
  // success), and the writer reconnects for the one after.
  int lost = 0;
  std::vector<std::string> written;
  for (int i = 0; i < 2 * kConnections; ++i) {
    std::string id = "m_after_" + std::to_string(i);
    Status s = writeSync(*store, [&](WriteTx& tx) {
      return tx.insertMerchant({id, "After", fromMicros(2)});
    });
    if (s.isOk()) {
      written.push_back(id);
    } else {
      EXPECT_EQ(s.code(), StatusCode::kUnavailable) << s.toString();
      ++lost;
    }
  }
  EXPECT_GE(lost, 1);
  EXPECT_LE(lost, kConnections);  // at most once per writer connection
  Status next = writeSync(*store, [&](WriteTx& tx) {
    return tx.insertMerchant({"m_3", "Three", fromMicros(3)});
  });
  EXPECT_TRUE(next.isOk()) << next.toString();

  // Readers too: every reader thread fails once, then reads again.
  cutConnections();
  int failed = 0, found = 0;
  for (int i = 0; i < 8; ++i) {
    readSync(*store, [&](ReadTx& tx) {
      auto r = tx.findMerchant("m_3");
      if (r.isOk()) {
        ++found;
      } else {
        EXPECT_EQ(r.status().code(), StatusCode::kUnavailable) << r.status().toString();
        ++failed;
      }
    });
  }
  EXPECT_LE(failed, kConnections);  // at most once per reader connection
  EXPECT_GE(found, 8 - kConnections);
  std::set<std::string> stored;
  readSync(*store, [&](ReadTx& tx) {
    Result<std::vector<Merchant>> all = tx.listMerchants();
    ASSERT_TRUE(all.isOk()) << all.status().toString();
    for (const auto& m : *all) stored.insert(m.id);
  });
  std::set<std::string> expected{"m_1", "m_3"};
  expected.insert(written.begin(), written.end());
  EXPECT_EQ(stored, expected);
  store->close();
}

TEST_F(PostgresStoreTest, AUnitThatIgnoresAFailedStatementDoesNotCommit) {
  auto store = open();
  ASSERT_NE(store, nullptr);
  // PostgreSQL rejects text that is not UTF-8 and then refuses the rest of the transaction.
  Status s = writeSync(*store, [&](WriteTx& tx) {
    (void)tx.insertMerchant({"m_bad", "\xff\xfe", fromMicros(1)});
    return tx.insertMerchant({"m_after", "After", fromMicros(2)});
  });
  EXPECT_FALSE(s.isOk());
  // Units of the same batch and later ones are unaffected.
  ASSERT_TRUE(writeSync(*store, [&](WriteTx& tx) {
                return tx.insertMerchant({"m_ok", "Ok", fromMicros(3)});
              }).isOk());
  std::vector<Merchant> all;
  readSync(*store, [&](ReadTx& tx) { all = tx.listMerchants().value(); });
  ASSERT_EQ(all.size(), 1u);
  EXPECT_EQ(all[0].id, "m_ok");
  store->close();
}

TEST_F(PostgresStoreTest, ConcurrentOpenersMigrateOnce) {
  std::vector<std::thread> openers;
  std::atomic<int> ok{0};
  for (int i = 0; i < 4; ++i) {
    openers.emplace_back([&] {
      PostgresOptions o;
      o.url = url_;
      auto s = openPostgresStore(o);
      if (s.isOk()) {
        ++ok;
        (*s)->close();
      } else {
        ADD_FAILURE() << s.status().toString();
      }
    });
  }
  for (auto& t : openers) t.join();
  EXPECT_EQ(ok.load(), 4);
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM schema_migrations"),
            std::to_string(migrations::all().size()));
}

TEST_F(PostgresStoreTest, StatementsArePreparedOncePerConnection) {
  open()->close();  // migrated
  auto conn = PgConnection::open(url_);
  ASSERT_TRUE(conn.isOk());
  for (int i = 0; i < 3; ++i) {
    auto st = (*conn)->prepareStatement("SELECT COUNT(*) FROM merchants WHERE id <> ?");
    ASSERT_TRUE(st.isOk()) << st.status().toString();
    (*st)->bind("x");
    auto row = (*st)->step();
    ASSERT_TRUE(row.isOk() && *row) << row.status().toString();
    EXPECT_EQ((*st)->getInt(0), 0);
  }
  EXPECT_EQ((*conn)->preparedStatements(), 1u);
}

TEST_F(PostgresStoreTest, TextWithANulByteIsRefusedNotTruncated) {
  auto store = open();
  ASSERT_NE(store, nullptr);
  const std::string name("a\0b", 3);
  Status s = writeSync(*store, [&](WriteTx& tx) { return tx.insertMerchant({"m_nul", name, {}}); });
  EXPECT_EQ(s.code(), StatusCode::kInvalidArgument) << s.toString();
  store->close();
}

TEST_F(PostgresStoreTest, CommitsAreSynchronous) {
  auto conn = PgConnection::open(url_);
  ASSERT_TRUE(conn.isOk());
  auto st = (*conn)->prepareStatement("SELECT current_setting('synchronous_commit')");
  ASSERT_TRUE(st.isOk() && *(*st)->step());
  EXPECT_EQ((*st)->getText(0), "on");
  EXPECT_EQ(scalar("SELECT current_setting('fsync')"), "on");
}

// The server crashes (immediate shutdown: no checkpoint, WAL replay at start) while writers keep
// going: every unit acknowledged before the crash is there afterwards, and the same store object
// carries on once the server is back.
TEST(PostgresDurability, AcknowledgedWritesSurviveAServerCrash) {
  auto server = TestPostgres::startPrivate("crash");
  ASSERT_TRUE(server.isOk()) << server.status().toString();
  auto url = (*server)->ensureDatabase("sy_crash");
  ASSERT_TRUE(url.isOk()) << url.status().toString();
  PostgresOptions o;
  o.url = *url;
  auto opened = openPostgresStore(o);
  ASSERT_TRUE(opened.isOk()) << opened.status().toString();
  std::unique_ptr<Store> store = std::move(opened).value();

  std::mutex mu;
  std::vector<std::string> acked;
  std::atomic<bool> stop{false};
  std::atomic<int> failures{0};
  std::vector<std::thread> writers;
  for (int t = 0; t < 4; ++t) {
    writers.emplace_back([&, t] {
      for (int i = 0; !stop; ++i) {
        std::string id = "w" + std::to_string(t) + "_" + std::to_string(i);
        Status s = writeSync(*store, [&](WriteTx& tx) {
          return tx.insertMerchant({id, "crash test", fromMicros(i)});
        });
        if (s.isOk()) {
          std::lock_guard lock(mu);
          acked.push_back(id);
        } else {
          EXPECT_EQ(s.code(), StatusCode::kUnavailable) << s.toString();
          ++failures;
          std::this_thread::sleep_for(std::chrono::milliseconds(20));  // server restarting
        }
      }
    });
  }
  // Waits (bounded, so a broken store fails instead of hanging) until `n` units are acknowledged.
  auto waitForAcks = [&](size_t n) {
    for (int tries = 0; tries < 6000; ++tries) {
      {
        std::lock_guard lock(mu);
        if (acked.size() >= n) return true;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    return false;
  };
  bool before = waitForAcks(200);
  Status crashed = before ? (*server)->crashAndRestart() : Status::ok();
  size_t atRestart = 0;
  {
    std::lock_guard lock(mu);
    atRestart = acked.size();
  }
  bool after = before && crashed.isOk() && waitForAcks(atRestart + 200);
  stop = true;
  for (auto& w : writers) w.join();
  store->close();
  ASSERT_TRUE(before) << "no writes acknowledged before the crash";
  ASSERT_TRUE(crashed.isOk()) << crashed.toString();
  EXPECT_TRUE(after) << "the store did not recover after the server restarted";

  auto reopened = openPostgresStore(o);
  ASSERT_TRUE(reopened.isOk()) << reopened.status().toString();
  std::set<std::string> stored;
  readSync(**reopened, [&](ReadTx& tx) {
    Result<std::vector<Merchant>> all = tx.listMerchants();
    ASSERT_TRUE(all.isOk()) << all.status().toString();
    for (const auto& m : *all) stored.insert(m.id);
  });
  (*reopened)->close();
  size_t lost = 0;
  for (const auto& id : acked) lost += stored.count(id) == 0;
  EXPECT_EQ(lost, 0u) << "acknowledged writes lost in the crash";
  std::printf(
      "[server crash] %zu acknowledged (%zu before the crash), %d failed while it was down\n",
      acked.size(), atRestart, failures.load());
}

}  // namespace
}  // namespace sy::store
