// Key rotation over a real store (SQLite and PostgreSQL): every record re-wrapped while cards are
// opened and tokenized at the same time, a stopped rotation resumed, a killed one's lease taken
// over, records written behind the cursor by a node with the old key picked up.
#include "vault/key_rotation.h"

#include <gtest/gtest.h>

#include <atomic>
#include <filesystem>
#include <map>
#include <mutex>
#include <random>
#include <thread>

#include "common/crypto.h"
#include "store/store_test_backends.h"

namespace sy::vault {
namespace {

class ManualClock : public Clock {
 public:
  TimePoint now() const override {
    std::lock_guard lock(mu_);
    return t_;
  }
  void advance(std::chrono::milliseconds d) {
    std::lock_guard lock(mu_);
    t_ += d;
  }

 private:
  mutable std::mutex mu_;
  TimePoint t_ = fromMicros(1'700'000'000'000'000);
};

MasterKey master(const std::string& id) {
  return MasterKey{id, SecretString("master secret of " + id)};
}

KeyRing ring(const std::string& current, std::vector<std::string> previous,
             SecretString legacy = {}) {
  std::vector<MasterKey> prev;
  for (const auto& p : previous) prev.push_back(master(p));
  return KeyRing::fromMasterKeys(master(current), prev, std::move(legacy)).value();
}

// A Luhn-irrelevant, distinct 16-digit number per index (the vault does not check it).
std::string panOf(int i) {
  std::string digits = std::to_string(4000000000000000LL + i);
  return digits;
}

class KeyRotationTest : public ::testing::TestWithParam<store::testing::Backend> {
 protected:
  void SetUp() override {
    std::string tmpl = (std::filesystem::temp_directory_path() / "sy-rotation-XXXXXX").string();
    ASSERT_NE(mkdtemp(tmpl.data()), nullptr);
    dir_ = tmpl;
    auto s = GetParam().open(dir_);
    ASSERT_TRUE(s.isOk()) << s.status().toString();
    store_ = std::move(s).value();
  }
  void TearDown() override {
    if (store_) store_->close();
    store_.reset();
    GetParam().destroy(dir_);
    std::filesystem::remove_all(dir_);
  }

  // Tokenizes `n` cards with `v` and stores them; remembers each PAN.
  void tokenize(const Vault& v, int n) {
    for (int i = 0; i < n; ++i) {
      const int index = static_cast<int>(pans_.size());
      CardInput card{SecretString(panOf(index)), SecretString("123"), "12", "2031", "A B", "VISA"};
      auto t = v.tokenize("m_" + std::to_string(index % 3), "", card);
      ASSERT_TRUE(t.isOk());
      ASSERT_TRUE(store::writeSync(*store_, [&](store::WriteTx& tx) {
                    return tx.insertCardToken(t->token);
                  }).isOk());
      std::lock_guard lock(mu_);
      pans_[t->token.token] = {t->token.merchantId, panOf(index)};
    }
  }

  // Every stored token opens with `v` to its own PAN.
  void expectAllOpen(const Vault& v) {
    std::map<std::string, std::pair<std::string, std::string>> pans;
    {
      std::lock_guard lock(mu_);
      pans = pans_;
    }
    for (const auto& [token, mp] : pans) {
      Result<store::CardToken> t = notFound("");
      store::readSync(*store_, [&](store::ReadTx& tx) { t = tx.findCardToken(mp.first, token); });
      ASSERT_TRUE(t.isOk()) << token;
      auto clear = v.open(*t);
      ASSERT_TRUE(clear.isOk()) << token << ": " << clear.status().message();
      EXPECT_EQ(clear->number.reveal(), mp.second);
    }
  }

  int64_t left(const std::string& kek) {
    Result<int64_t> n = int64_t{-1};
    store::readSync(*store_, [&](store::ReadTx& tx) { n = tx.countCardTokensNotWrappedBy(kek); });
    return n.value();
  }

  std::string dir_;
  std::unique_ptr<store::Store> store_;
  ManualClock clock_;
  std::mutex mu_;
  std::map<std::string, std::pair<std::string, std::string>> pans_;  // token -> merchant, PAN
};

TEST_P(KeyRotationTest, RewrapsEveryRecordWhileCardsAreOpenedAndTokenized) {
  const SecretString legacy(std::string(32, 'L'));
  // Records of the single-key format, then records under k1.
  for (int i = 0; i < 20; ++i) {
    store::CardToken t;
    t.token = "pmt_legacy_" + std::to_string(i);
    t.merchantId = "m_0";
    t.tokenType = "SINGLE_USE";
    t.panSealed = crypto::aesGcmEncrypt(legacy, panOf(9000 + i), t.token).value();
    t.createdAt = clock_.now();
    t.expiresAt = clock_.now() + std::chrono::hours(1);
    ASSERT_TRUE(store::writeSync(*store_, [&](store::WriteTx& tx) {
                  return tx.insertCardToken(t);
                }).isOk());
    pans_[t.token] = {"m_0", panOf(9000 + i)};
  }
  Vault before(ring("k1", {}, legacy), clock_, std::chrono::hours(1));
  tokenize(before, 300);

  // Every node now has k2 as current and k1 (and the legacy key) as previous.
  Vault during(ring("k2", {"k1"}, legacy), clock_, std::chrono::hours(1));
  std::atomic<bool> stop{false};
  std::atomic<int> opened{0}, failures{0};
  std::thread traffic([&] {
    std::mt19937 rng(7);
    while (!stop) {
      std::vector<std::pair<std::string, std::string>> sample;
      {
        std::lock_guard lock(mu_);
        auto it = pans_.begin();
        std::advance(it, static_cast<long>(rng() % pans_.size()));
        sample.emplace_back(it->first, it->second.first);
      }
      for (const auto& [token, merchant] : sample) {
        Result<store::CardToken> t = notFound("");
        store::readSync(*store_, [&](store::ReadTx& tx) { t = tx.findCardToken(merchant, token); });
        if (!t || !during.open(*t)) ++failures;
        ++opened;
      }
      tokenize(during, 1);  // new cards keep arriving during the rotation
    }
  });
  RotationOptions options;
  options.batchSize = 17;
  KeyRotation rotation(*store_, during, clock_, options);
  int reports = 0;
  auto done = rotation.run([&](const store::VaultRotation&) { ++reports; });
  // Let the traffic see the rotated records too, then stop it.
  while (opened < 200) std::this_thread::yield();
  stop = true;
  traffic.join();
  ASSERT_TRUE(done.isOk()) << done.status().message();
  EXPECT_TRUE(done->finishedAt.has_value());
  EXPECT_GE(done->rewrapped, 320);
  EXPECT_GT(reports, 320 / 17);
  EXPECT_EQ(failures.load(), 0);
  EXPECT_EQ(left("k2"), 0);
  // The old key and the legacy key can now be removed: every card still opens.
  Vault after(ring("k2", {}), clock_, std::chrono::hours(1));
  expectAllOpen(after);
}

TEST_P(KeyRotationTest, AStoppedRotationResumesFromItsCursor) {
  Vault before(ring("k1", {}), clock_, std::chrono::hours(1));
  tokenize(before, 50);
  Vault during(ring("k2", {"k1"}), clock_, std::chrono::hours(1));
  RotationOptions options;
  options.batchSize = 10;
  options.stopAfterBatches = 2;
  auto first = KeyRotation(*store_, during, clock_, options).run([](const auto&) {});
  ASSERT_TRUE(first.isOk()) << first.status().message();
  EXPECT_FALSE(first->finishedAt.has_value());
  EXPECT_EQ(first->rewrapped, 20);
  EXPECT_EQ(first->total, 50);
  EXPECT_EQ(left("k2"), 30);

  options.stopAfterBatches = -1;
  std::vector<int64_t> seen;
  auto second = KeyRotation(*store_, during, clock_, options).run([&](const auto& r) {
    seen.push_back(r.rewrapped);
  });
  ASSERT_TRUE(second.isOk()) << second.status().message();
  ASSERT_FALSE(seen.empty());
  EXPECT_EQ(seen.front(), 20);  // resumed, not restarted
  EXPECT_EQ(second->rewrapped, 50);
  EXPECT_TRUE(second->finishedAt.has_value());
  expectAllOpen(Vault(ring("k2", {}), clock_, std::chrono::hours(1)));
}

TEST_P(KeyRotationTest, AKilledRotationsLeaseKeepsOthersOutUntilItExpires) {
  Vault before(ring("k1", {}), clock_, std::chrono::hours(1));
  tokenize(before, 12);
  Vault during(ring("k2", {"k1"}), clock_, std::chrono::hours(1));
  // A rotation that died mid-way still holds the lease.
  const store::Lease dead{kRotationLease, "dead-node", "token-of-the-dead",
                          clock_.now() + std::chrono::seconds(60)};
  ASSERT_TRUE(store::writeSync(*store_, [&](store::WriteTx& tx) {
                return tx.claimLease(dead, clock_.now());
              }).isOk());
  RotationOptions options;
  options.batchSize = 5;
  auto refused = KeyRotation(*store_, during, clock_, options).run([](const auto&) {});
  ASSERT_FALSE(refused.isOk());
  EXPECT_EQ(refused.status().reason(), "RotationRunning");
  EXPECT_EQ(left("k2"), 12);
  clock_.advance(std::chrono::seconds(61));
  auto taken = KeyRotation(*store_, during, clock_, options).run([](const auto&) {});
  ASSERT_TRUE(taken.isOk()) << taken.status().message();
  EXPECT_EQ(left("k2"), 0);
  // Finished: the lease is released for the next rotation.
  Result<store::Lease> lease = notFound("");
  store::readSync(*store_, [&](store::ReadTx& tx) { lease = tx.findLease(kRotationLease); });
  EXPECT_EQ(lease.status().code(), StatusCode::kNotFound);
}

TEST_P(KeyRotationTest, RecordsWrittenBehindTheCursorWithTheOldKeyArePickedUp) {
  Vault oldNode(ring("k1", {}), clock_, std::chrono::hours(1));
  tokenize(oldNode, 30);
  Vault during(ring("k2", {"k1"}), clock_, std::chrono::hours(1));
  RotationOptions options;
  options.batchSize = 10;
  bool added = false;
  auto done = KeyRotation(*store_, during, clock_, options).run([&](const store::VaultRotation& r) {
    // A node not yet given k2 tokenizes while the rotation is past the start.
    if (!added && r.rewrapped >= 10) {
      added = true;
      tokenize(oldNode, 5);
    }
  });
  ASSERT_TRUE(done.isOk()) << done.status().message();
  EXPECT_EQ(left("k2"), 0);
  expectAllOpen(Vault(ring("k2", {}), clock_, std::chrono::hours(1)));
}

TEST_P(KeyRotationTest, ARecordWrappedByAnUnconfiguredKekStopsTheRotationWithItsName) {
  Vault other(ring("k0", {}), clock_, std::chrono::hours(1));
  tokenize(other, 1);
  Vault during(ring("k2", {"k1"}), clock_, std::chrono::hours(1));
  auto r = KeyRotation(*store_, during, clock_, RotationOptions{}).run([](const auto&) {});
  ASSERT_FALSE(r.isOk());
  EXPECT_NE(r.status().message().find("'k0'"), std::string::npos) << r.status().message();
  // It released its lease: a later run (with the key configured) may proceed.
  Result<store::Lease> lease = notFound("");
  store::readSync(*store_, [&](store::ReadTx& tx) { lease = tx.findLease(kRotationLease); });
  EXPECT_EQ(lease.status().code(), StatusCode::kNotFound);
}

INSTANTIATE_TEST_SUITE_P(Backends, KeyRotationTest,
                         ::testing::ValuesIn(store::testing::backends()),
                         [](const auto& info) { return info.param.name; });

}  // namespace
}  // namespace sy::vault
