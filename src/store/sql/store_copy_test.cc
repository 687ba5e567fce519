// Copying a store between backends (SQLite -> PostgreSQL, and back) and verifying the copy.
#include "store/sql/store_copy.h"

#include <gtest/gtest.h>

#include <deque>
#include <filesystem>
#include <map>
#include <set>

#include "store/migrations/tables.h"
#include "store/sql/table_scan.h"
#include "store/store_test_backends.h"
#include "store/store_url.h"

namespace sy::store {
namespace {

using testing::Backend;

// A store of `backend` kept for a temporary directory, with a raw connection next to it.
struct Side {
  const Backend* backend;
  std::string dir;
  StoreUrl url;
};

class StoreCopy : public ::testing::Test {
 protected:
  void TearDown() override {
    for (auto& s : sides_) {
      s.backend->destroy(s.dir);
      std::filesystem::remove_all(s.dir);
    }
  }

  // Opens (creating and migrating) an empty store of the named backend.
  Side& make(const std::string& name) {
    static const std::vector<Backend> all = testing::backends();
    const Backend* b = nullptr;
    for (const auto& x : all)
      if (x.name == name) b = &x;
    std::string tmpl = (std::filesystem::temp_directory_path() / "sy-copy-XXXXXX").string();
    EXPECT_NE(mkdtemp(tmpl.data()), nullptr);
    sides_.push_back(Side{b, tmpl, {}});
    Side& side = sides_.back();
    auto opened = b->open(side.dir);
    EXPECT_TRUE(opened.isOk()) << opened.status().toString();
    store_ = std::move(opened).value();
    if (name == "Sqlite") {
      side.url = parseStoreUrl("sqlite://" + side.dir + "/store.db").value();
    } else {
      auto server = testing::TestPostgres::shared().value();
      side.url =
          parseStoreUrl(server->ensureDatabase(testing::databaseFor(side.dir))->reveal()).value();
    }
    return side;
  }

  // A few rows in every table, including NULLs, quotes and non-ASCII text.
  void fill(Store& store, int n) {
    for (int i = 0; i < n; ++i) {
      std::string id = std::to_string(i);
      Status s = writeSync(store, [&](WriteTx& tx) -> Status {
        SY_RETURN_IF_ERROR(tx.insertMerchant({"m" + id, "Merchant 'ü' " + id, fromMicros(i)}));
        SY_RETURN_IF_ERROR(tx.insertApiKey(
            {"k" + id, "m" + id, std::string(64, 'a' + i % 6) + id, "sk_", {"a", "b"}, {}, false}));
        SY_RETURN_IF_ERROR(tx.insertConnection({"c" + id,
                                                "m" + id,
                                                "STRIPE",
                                                "main",
                                                "http://x",
                                                std::string("\0\xff", 2),
                                                true,
                                                {}}));
        ClientSession cs;
        cs.id = "cs" + id;
        cs.merchantId = "m" + id;
        cs.tokenHash = "th" + id;
        if (i % 2 == 0) cs.amount = 100 + i;  // NULL otherwise
        SY_RETURN_IF_ERROR(tx.insertClientSession(cs));
        CardToken t;
        t.token = "tok" + id;
        t.merchantId = "m" + id;
        t.panSealed = "sealed";
        if (i % 3 == 0) t.usedAt = fromMicros(7);
        SY_RETURN_IF_ERROR(tx.insertCardToken(t));
        domain::Payment p;
        p.id = "p" + id;
        p.merchantId = "m" + id;
        p.amount = 1000 + i;
        p.currencyCode = "EUR";
        p.version = 1;
        domain::Transaction t1;
        t1.id = "t" + id;
        t1.attemptKey = "a" + id;
        t1.events.push_back({"e" + id, domain::EventType::kAuthorizationSucceeded,
                             domain::Outcome::kSucceeded, "k", 5, true, "pe", fromMicros(9)});
        p.transactions.push_back(t1);
        SY_RETURN_IF_ERROR(tx.insertPayment(p));
        return tx.insertIdempotency({"m" + id, "POST /payments", "key" + id, "h",
                                     IdempotencyState::kInProgress, 0, "", "", fromMicros(i)});
      });
      ASSERT_TRUE(s.isOk()) << s.toString();
    }
  }

  // Every table's digest, by name.
  std::map<std::string, sql::TableDigest> digests(const Side& side) {
    auto conn = openConnection(side.url, false);
    EXPECT_TRUE(conn.isOk()) << conn.status().toString();
    std::map<std::string, sql::TableDigest> out;
    for (const auto& t : migrations::tables()) {
      auto d = sql::digestTable(**conn, t, 7);
      EXPECT_TRUE(d.isOk()) << d.status().toString();
      out[std::string(t.name)] = *d;
    }
    return out;
  }

  void copy(const Side& from, const Side& to, Status expected = Status::ok()) {
    auto source = openConnection(from.url, false);
    auto target = openConnection(to.url, true);
    ASSERT_TRUE(source.isOk() && target.isOk());
    std::vector<sql::CopyProgress> seen;
    Status s = sql::copyStore(**source, **target, 7,
                              [&](const sql::CopyProgress& p) { seen.push_back(p); });
    EXPECT_EQ(s.code(), expected.code()) << s.toString();
    if (s.isOk()) {
      ASSERT_FALSE(seen.empty());
      EXPECT_EQ(seen.back().table, migrations::tables().back().name);
      EXPECT_EQ(seen.back().copied, seen.back().total);
    }
  }

  std::deque<Side> sides_;  // stable references across make()
  std::unique_ptr<Store> store_;
};

TEST_F(StoreCopy, SqliteToPostgresAndBackIsExact) {
  Side& sqlite = make("Sqlite");
  fill(*store_, 23);  // three batches of 7 and a partial one
  store_->close();
  Side& pg = make("Postgres");
  store_->close();
  copy(sqlite, pg);
  auto want = digests(sqlite);
  EXPECT_EQ(want["payments"].rows, 23);
  EXPECT_EQ(digests(pg).size(), want.size());
  for (const auto& [table, d] : digests(pg)) {
    EXPECT_EQ(d.rows, want[table].rows) << table;
    EXPECT_EQ(d.checksum, want[table].checksum) << table;
  }
  // The copy is a working store: payments read back the same through the store interface.
  {
    auto reopened = openStore(pg.url);
    ASSERT_TRUE(reopened.isOk());
    Result<domain::Payment> p = internalError("unread");
    readSync(**reopened, [&](ReadTx& tx) { p = tx.findPayment("m5", "p5"); });
    ASSERT_TRUE(p.isOk()) << p.status().toString();
    EXPECT_EQ(p->amount, 1005);
    ASSERT_EQ(p->transactions.size(), 1u);
    EXPECT_EQ(p->transactions[0].events.size(), 1u);
    (*reopened)->close();
  }

  Side& back = make("Sqlite");
  store_->close();
  copy(pg, back);
  for (const auto& [table, d] : digests(back)) EXPECT_EQ(d.checksum, want[table].checksum) << table;
}

TEST_F(StoreCopy, RefusesANonEmptyTargetAndWritesNothing) {
  Side& sqlite = make("Sqlite");
  fill(*store_, 3);
  store_->close();
  Side& pg = make("Postgres");
  ASSERT_TRUE(writeSync(*store_, [](WriteTx& tx) {
                return tx.insertMerchant({"already", "There", {}});
              }).isOk());
  store_->close();
  copy(sqlite, pg, failedPrecondition(""));
  EXPECT_EQ(digests(pg)["merchants"].rows, 1);
  EXPECT_EQ(digests(pg)["payments"].rows, 0);
}

TEST_F(StoreCopy, ChecksumsTellContentsApart) {
  Side& a = make("Sqlite");
  fill(*store_, 2);
  ASSERT_TRUE(writeSync(*store_, [](WriteTx& tx) {
                return tx.insertMerchant({"x", "", {}});
              }).isOk());
  store_->close();
  Side& b = make("Sqlite");
  fill(*store_, 2);
  ASSERT_TRUE(writeSync(*store_, [](WriteTx& tx) {
                return tx.insertMerchant({"x", "changed", {}});
              }).isOk());
  store_->close();
  auto da = digests(a), db = digests(b);
  EXPECT_EQ(da["merchants"].rows, db["merchants"].rows);
  EXPECT_NE(da["merchants"].checksum, db["merchants"].checksum);
  EXPECT_EQ(da["payments"].checksum, db["payments"].checksum);
}

TEST_F(StoreCopy, TableListMatchesTheSchema) {
  Side& side = make("Sqlite");
  store_->close();
  auto conn = openConnection(side.url, false);
  ASSERT_TRUE(conn.isOk());
  auto st = (*conn)->prepareStatement(
      "SELECT name FROM sqlite_master WHERE type = 'table' AND name <> 'schema_migrations'");
  ASSERT_TRUE(st.isOk());
  std::set<std::string> schema, listed;
  while (*(*st)->step()) schema.insert((*st)->getText(0));
  for (const auto& t : migrations::tables()) listed.insert(std::string(t.name));
  EXPECT_EQ(listed, schema);
}

}  // namespace
}  // namespace sy::store
