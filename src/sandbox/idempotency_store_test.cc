#include "sandbox/idempotency_store.h"

#include <gtest/gtest.h>

namespace sy::sandbox {
namespace {

TEST(IdempotencyStoreTest, SameRequestReplaysStoredResponse) {
  IdempotencyStore store(10);
  auto fp = store.fingerprint("POST", "/v1/payments", R"({"amount":1})");
  EXPECT_EQ(store.find("acct", "k1", fp).match, IdempotencyStore::Match::kNone);
  store.remember("acct", "k1", fp, {201, "body"});
  auto hit = store.find("acct", "k1", fp);
  ASSERT_EQ(hit.match, IdempotencyStore::Match::kSame);
  EXPECT_EQ(hit.response->status, 201u);
  EXPECT_EQ(hit.response->body, "body");
}

TEST(IdempotencyStoreTest, DifferentRequestUnderSameKeyConflicts) {
  IdempotencyStore store(10);
  store.remember("acct", "k1", store.fingerprint("POST", "/a", "x"), {201, "b"});
  EXPECT_EQ(store.find("acct", "k1", store.fingerprint("POST", "/a", "y")).match,
            IdempotencyStore::Match::kConflict);
  EXPECT_EQ(store.find("acct", "k1", store.fingerprint("POST", "/b", "x")).match,
            IdempotencyStore::Match::kConflict);
}

TEST(IdempotencyStoreTest, SameEndpointRuleIgnoresTheBodyButNotTheEndpoint) {
  IdempotencyStore store(10, ReplayRule::kSameEndpoint);
  store.remember("acct", "k1", store.fingerprint("POST", "/a", R"({"cvc":"737"})"), {201, "b"});
  auto replay = store.find("acct", "k1", store.fingerprint("POST", "/a", "{}"));
  ASSERT_EQ(replay.match, IdempotencyStore::Match::kSame);
  EXPECT_EQ(replay.response->body, "b");
  EXPECT_EQ(store.find("acct", "k1", store.fingerprint("POST", "/b", "{}")).match,
            IdempotencyStore::Match::kConflict);
}

TEST(IdempotencyStoreTest, KeysAreScopedPerAccount) {
  IdempotencyStore store(10);
  auto fp = store.fingerprint("POST", "/a", "x");
  store.remember("acct1", "k", fp, {201, "one"});
  EXPECT_EQ(store.find("acct2", "k", fp).match, IdempotencyStore::Match::kNone);
}

TEST(IdempotencyStoreTest, FingerprintPartsCannotBleedIntoEachOther) {
  IdempotencyStore store(10);
  EXPECT_NE(store.fingerprint("POST", "/ab", "c"), store.fingerprint("POST", "/a", "bc"));
}

TEST(IdempotencyStoreTest, FirstResponseWinsAndOldestIsEvictedWhenFull) {
  IdempotencyStore store(2);
  store.remember("a", "k1", "f1", {201, "first"});
  store.remember("a", "k1", "f1", {500, "second"});
  EXPECT_EQ(store.find("a", "k1", "f1").response->body, "first");
  store.remember("a", "k2", "f2", {201, "2"});
  store.remember("a", "k3", "f3", {201, "3"});
  EXPECT_EQ(store.size(), 2u);
  EXPECT_EQ(store.find("a", "k1", "f1").match, IdempotencyStore::Match::kNone);
  EXPECT_EQ(store.find("a", "k3", "f3").match, IdempotencyStore::Match::kSame);
}

}  // namespace
}  // namespace sy::sandbox
