// The store conformance suite (store_conformance.h): records, several nodes, units of work; payments
// and webhooks are in store_conformance_payments_test.cc and store_conformance_webhooks_test.cc.
#include "store/store_conformance.h"

namespace sy::store {
namespace {

using namespace conformance;  // NOLINT: the suite's fixture and helpers
using domain::Payment;
using domain::Transaction;
using domain::TransactionEvent;

// ---- records ----

TEST_P(StoreConformance, MerchantsRoundTrip) {
  Merchant a{"m_a", "Alpha", at(kT0)};
  Merchant b{"m_b", "Beta", at(kT0 + 1)};
  ASSERT_TRUE(write([&](WriteTx& tx) {
                SY_RETURN_IF_ERROR(tx.insertMerchant(a));
                return tx.insertMerchant(b);
              }).isOk());
  auto found = read([](ReadTx& tx) { return tx.findMerchant("m_b"); });
  ASSERT_TRUE(found.isOk());
  EXPECT_EQ(found->id, "m_b");
  EXPECT_EQ(found->name, "Beta");
  EXPECT_EQ(found->createdAt, b.createdAt);
  auto all = read([](ReadTx& tx) { return tx.listMerchants(); });
  ASSERT_TRUE(all.isOk());
  ASSERT_EQ(all->size(), 2u);
  EXPECT_EQ((*all)[0].id, "m_a");
  EXPECT_EQ((*all)[1].id, "m_b");
  EXPECT_EQ(write([&](WriteTx& tx) { return tx.insertMerchant(a); }).code(),
            StatusCode::kAlreadyExists);
  EXPECT_EQ(read([](ReadTx& tx) { return tx.findMerchant("nope"); }).status().code(),
            StatusCode::kNotFound);
}

TEST_P(StoreConformance, ApiKeysByHashIgnoreRevoked) {
  ApiKey k{"key_1", "m_a", std::string(64, 'a'), "sk_live_", {"payments:read", "payments:write"},
           at(kT0), false};
  ApiKey revoked{"key_2", "m_a", std::string(64, 'b'), "sk_old__", {}, at(kT0), true};
  ASSERT_TRUE(write([&](WriteTx& tx) {
                SY_RETURN_IF_ERROR(tx.insertApiKey(k));
                return tx.insertApiKey(revoked);
              }).isOk());
  auto found = read([&](ReadTx& tx) { return tx.findApiKeyByHash(k.keyHash); });
  ASSERT_TRUE(found.isOk()) << found.status().toString();
  EXPECT_EQ(found->id, "key_1");
  EXPECT_EQ(found->merchantId, "m_a");
  EXPECT_EQ(found->keyHash, k.keyHash);
  EXPECT_EQ(found->prefix, "sk_live_");
  EXPECT_EQ(found->scopes, k.scopes);
  EXPECT_EQ(found->createdAt, k.createdAt);
  EXPECT_FALSE(found->revoked);
  EXPECT_EQ(read([&](ReadTx& tx) { return tx.findApiKeyByHash(revoked.keyHash); }).status().code(),
            StatusCode::kNotFound);
  ApiKey dup = k;
  dup.id = "key_3";
  EXPECT_EQ(write([&](WriteTx& tx) { return tx.insertApiKey(dup); }).code(),
            StatusCode::kAlreadyExists);
}

TEST_P(StoreConformance, ConnectionsScopedUniqueAndSingleDefault) {
  Connection c1{"conn_1", "m_a", "STRIPE", "stripe-main", "http://127.0.0.1:1",
                kBinary,  true,  at(kT0)};
  Connection c2{"conn_2",  "m_a", "TEST_PROCESSOR", "tp", "http://127.0.0.1:2",
                "sealed2", true,  at(kT0 + 1)};
  Connection other{"conn_3", "m_b", "STRIPE", "stripe-main", "http://x", "s3", false, at(kT0)};
  ASSERT_TRUE(write([&](WriteTx& tx) { return tx.insertConnection(c1); }).isOk());
  ASSERT_TRUE(write([&](WriteTx& tx) { return tx.insertConnection(c2); }).isOk());
  // Same display name under another merchant is fine; under the same merchant it is not.
  ASSERT_TRUE(write([&](WriteTx& tx) { return tx.insertConnection(other); }).isOk());
  Connection dup = c1;
  dup.id = "conn_4";
  EXPECT_EQ(write([&](WriteTx& tx) { return tx.insertConnection(dup); }).code(),
            StatusCode::kAlreadyExists);

  auto listed = read([](ReadTx& tx) { return tx.listConnections("m_a"); });
  ASSERT_TRUE(listed.isOk());
  ASSERT_EQ(listed->size(), 2u);
  Connection c1AfterDefaultMoved = c1;
  c1AfterDefaultMoved.isDefault = false;  // c2 was inserted as default later
  EXPECT_EQ(dump((*listed)[0]), dump(c1AfterDefaultMoved));
  EXPECT_EQ(dump((*listed)[1]), dump(c2));
  EXPECT_EQ(read([](ReadTx& tx) { return tx.findConnection("m_b", "conn_1"); }).status().code(),
            StatusCode::kNotFound);
  auto found = read([](ReadTx& tx) { return tx.findConnection("m_a", "conn_1"); });
  ASSERT_TRUE(found.isOk());
  EXPECT_EQ(found->credentialsSealed, kBinary);
  EXPECT_TRUE(read([](ReadTx& tx) { return tx.findConnection("m_b", "conn_3"); })->isDefault ==
              false);
}

TEST_P(StoreConformance, ClientSessionsRoundTripAndUpdate) {
  ClientSession s;
  s.id = "cs_1";
  s.merchantId = "m_a";
  s.tokenHash = std::string(64, 'c');
  s.orderId = "o1";
  s.currencyCode = "GBP";
  s.amount = 500;
  s.customerId = "cust";
  s.customerJson = R"({"a":1})";
  s.orderJson = R"({"b":2})";
  s.metadataJson = R"({"c":3})";
  s.paymentMethodJson = R"({"d":4})";
  s.createdAt = at(kT0);
  s.updatedAt = at(kT0 + 1);
  s.expiresAt = at(kT0 + 3'600'000'000);
  ClientSession noAmount = s;
  noAmount.id = "cs_2";
  noAmount.tokenHash = std::string(64, 'd');
  noAmount.amount.reset();
  ASSERT_TRUE(write([&](WriteTx& tx) {
                SY_RETURN_IF_ERROR(tx.insertClientSession(s));
                return tx.insertClientSession(noAmount);
              }).isOk());

  auto byHash = read([&](ReadTx& tx) { return tx.findClientSessionByTokenHash(s.tokenHash); });
  ASSERT_TRUE(byHash.isOk());
  EXPECT_EQ(dump(*byHash), dump(s));
  auto second = read([](ReadTx& tx) { return tx.findClientSession("m_a", "cs_2"); });
  ASSERT_TRUE(second.isOk());
  EXPECT_EQ(dump(*second), dump(noAmount));
  EXPECT_EQ(read([](ReadTx& tx) { return tx.findClientSession("m_b", "cs_1"); }).status().code(),
            StatusCode::kNotFound);

  ClientSession changed = s;
  changed.amount = 999;
  changed.orderJson = R"({"b":3})";
  changed.updatedAt = at(kT0 + 50);
  ASSERT_TRUE(write([&](WriteTx& tx) { return tx.updateClientSession(changed); }).isOk());
  EXPECT_EQ(dump(*read([](ReadTx& tx) { return tx.findClientSession("m_a", "cs_1"); })),
            dump(changed));
  ClientSession foreign = changed;
  foreign.merchantId = "m_b";
  EXPECT_EQ(write([&](WriteTx& tx) { return tx.updateClientSession(foreign); }).code(),
            StatusCode::kNotFound);
}

TEST_P(StoreConformance, CardTokensSingleUse) {
  CardToken t;
  t.token = "tok_1";
  t.merchantId = "m_a";
  t.clientSessionId = "cs_1";
  t.tokenType = "SINGLE_USE";
  t.panSealed = kBinary;
  t.card = {"424242", "4242", "12", "2031", "John Smith", "VISA"};
  t.createdAt = at(kT0);
  t.expiresAt = at(kT0 + 900'000'000);
  ASSERT_TRUE(write([&](WriteTx& tx) { return tx.insertCardToken(t); }).isOk());
  auto found = read([](ReadTx& tx) { return tx.findCardToken("m_a", "tok_1"); });
  ASSERT_TRUE(found.isOk()) << found.status().toString();
  EXPECT_EQ(dump(*found), dump(t));
  EXPECT_EQ(read([](ReadTx& tx) { return tx.findCardToken("m_b", "tok_1"); }).status().code(),
            StatusCode::kNotFound);

  EXPECT_EQ(
      write([](WriteTx& tx) { return tx.markCardTokenUsed("m_b", "tok_1", at(kT0 + 1)); }).code(),
      StatusCode::kNotFound);
  ASSERT_TRUE(
      write([](WriteTx& tx) { return tx.markCardTokenUsed("m_a", "tok_1", at(kT0 + 2)); }).isOk());
  Status again =
      write([](WriteTx& tx) { return tx.markCardTokenUsed("m_a", "tok_1", at(kT0 + 3)); });
  EXPECT_EQ(again.code(), StatusCode::kFailedPrecondition);
  EXPECT_EQ(again.reason(), "TokenAlreadyUsed");
  EXPECT_EQ(write([](WriteTx& tx) { return tx.markCardTokenUsed("m_a", "nope", at(kT0)); }).code(),
            StatusCode::kNotFound);
  t.usedAt = at(kT0 + 2);
  EXPECT_EQ(dump(*read([](ReadTx& tx) { return tx.findCardToken("m_a", "tok_1"); })), dump(t));
}

TEST_P(StoreConformance, IdempotencyKeys) {
  IdempotencyRecord r{
      "m_a", "POST /payments", "key-1", std::string(64, 'e'), IdempotencyState::kInProgress, 0, "",
      "",    at(kT0)};
  ASSERT_TRUE(write([&](WriteTx& tx) { return tx.insertIdempotency(r); }).isOk());
  EXPECT_EQ(write([&](WriteTx& tx) { return tx.insertIdempotency(r); }).code(),
            StatusCode::kAlreadyExists);
  IdempotencyRecord sameKeyOtherScope = r;
  sameKeyOtherScope.scope = "POST /payments/{id}/capture";
  EXPECT_TRUE(write([&](WriteTx& tx) { return tx.insertIdempotency(sameKeyOtherScope); }).isOk());
  auto found =
      read([](ReadTx& tx) { return tx.findIdempotency("m_a", "POST /payments", "key-1"); });
  ASSERT_TRUE(found.isOk());
  EXPECT_EQ(dump(*found), dump(r));
  EXPECT_EQ(read([](ReadTx& tx) { return tx.findIdempotency("m_b", "POST /payments", "key-1"); })
                .status()
                .code(),
            StatusCode::kNotFound);

  IdempotencyRecord done = r;
  done.state = IdempotencyState::kCompleted;
  done.responseStatus = 201;
  done.responseBody = R"({"id":"pay_1"})";
  done.paymentId = "pay_1";
  ASSERT_TRUE(write([&](WriteTx& tx) { return tx.completeIdempotency(done); }).isOk());
  EXPECT_EQ(
      dump(*read([](ReadTx& tx) { return tx.findIdempotency("m_a", "POST /payments", "key-1"); })),
      dump(done));

  ASSERT_TRUE(write([](WriteTx& tx) {
                return tx.deleteIdempotency("m_a", "POST /payments", "key-1");
              }).isOk());
  EXPECT_EQ(read([](ReadTx& tx) { return tx.findIdempotency("m_a", "POST /payments", "key-1"); })
                .status()
                .code(),
            StatusCode::kNotFound);
  // Completing a missing record is an error; the key can be reused after deletion.
  EXPECT_EQ(write([&](WriteTx& tx) { return tx.completeIdempotency(done); }).code(),
            StatusCode::kNotFound);
  EXPECT_TRUE(write([&](WriteTx& tx) { return tx.insertIdempotency(r); }).isOk());
}

TEST_P(StoreConformance, AbandonedIdempotencyKeyCompletesOnlyWhileInProgress) {
  IdempotencyRecord r{
      "m_a", "POST /payments", "key-1", std::string(64, 'e'), IdempotencyState::kInProgress, 0,
      "",    "pay_1",          at(kT0)};
  ASSERT_TRUE(write([&](WriteTx& tx) { return tx.insertIdempotency(r); }).isOk());
  IdempotencyRecord done = r;
  done.state = IdempotencyState::kCompleted;
  done.responseStatus = 200;
  done.responseBody = R"({"id":"pay_1"})";
  ASSERT_TRUE(write([&](WriteTx& tx) { return tx.completeIdempotencyIfInProgress(done); }).isOk());
  EXPECT_EQ(
      dump(*read([](ReadTx& tx) { return tx.findIdempotency("m_a", "POST /payments", "key-1"); })),
      dump(done));
  // The first completion wins: a second one (another node finishing it too) changes nothing.
  IdempotencyRecord other = done;
  other.responseBody = R"({"id":"other"})";
  Status again = write([&](WriteTx& tx) { return tx.completeIdempotencyIfInProgress(other); });
  EXPECT_EQ(again.code(), StatusCode::kFailedPrecondition);
  EXPECT_EQ(again.reason(), "IdempotencyCompleted");
  EXPECT_EQ(read([](ReadTx& tx) {
              return tx.findIdempotency("m_a", "POST /payments", "key-1");
            })->responseBody,
            done.responseBody);
  IdempotencyRecord absent = done;
  absent.key = "key-2";
  EXPECT_EQ(write([&](WriteTx& tx) { return tx.completeIdempotencyIfInProgress(absent); }).code(),
            StatusCode::kNotFound);
}

// ---- several nodes: leases, CVV holds ----

TEST_P(StoreConformance, LeasesAreExclusiveUntilReleasedOrExpired) {
  const Lease a{"payment:pay_1", "node-a", "tok-a", at(kT0 + 1000)};
  ASSERT_TRUE(write([&](WriteTx& tx) { return tx.claimLease(a, at(kT0)); }).isOk());
  auto held = read([](ReadTx& tx) { return tx.findLease("payment:pay_1"); });
  ASSERT_TRUE(held.isOk()) << held.status().toString();
  EXPECT_EQ(held->holder, "node-a");
  EXPECT_EQ(held->token, "tok-a");
  EXPECT_EQ(held->expiresAt, at(kT0 + 1000));

  // Held: another claim fails without voiding its unit (the unit goes on and commits).
  const Lease b{"payment:pay_1", "node-b", "tok-b", at(kT0 + 2000)};
  Status afterRefusal = write([&](WriteTx& tx) -> Status {
    Status s = tx.claimLease(b, at(kT0 + 999));
    EXPECT_EQ(s.code(), StatusCode::kFailedPrecondition);
    EXPECT_EQ(s.reason(), "LeaseHeld");
    return tx.claimLease(Lease{"other", "node-b", "tok-o", at(kT0 + 5)}, at(kT0));
  });
  EXPECT_TRUE(afterRefusal.isOk()) << afterRefusal.toString();
  EXPECT_EQ(read([](ReadTx& tx) { return tx.findLease("other"); })->token, "tok-o");
  // The same token does not get a second claim either: a claim is a new piece of work.
  EXPECT_EQ(write([&](WriteTx& tx) { return tx.claimLease(a, at(kT0 + 1)); }).reason(),
            "LeaseHeld");

  // Renewal needs the token; the renewed lease is held longer.
  EXPECT_EQ(write([&](WriteTx& tx) {
              return tx.renewLease("payment:pay_1", "tok-b", at(kT0 + 5000));
            }).reason(),
            "LeaseLost");
  ASSERT_TRUE(write([&](WriteTx& tx) {
                return tx.renewLease("payment:pay_1", "tok-a", at(kT0 + 3000));
              }).isOk());
  EXPECT_EQ(write([&](WriteTx& tx) { return tx.claimLease(b, at(kT0 + 2999)); }).reason(),
            "LeaseHeld");

  // Expired: the next claimer takes it over, and the old holder can neither renew nor release it.
  ASSERT_TRUE(write([&](WriteTx& tx) { return tx.claimLease(b, at(kT0 + 3000)); }).isOk());
  EXPECT_EQ(read([](ReadTx& tx) { return tx.findLease("payment:pay_1"); })->holder, "node-b");
  EXPECT_EQ(write([&](WriteTx& tx) {
              return tx.renewLease("payment:pay_1", "tok-a", at(kT0 + 9000));
            }).reason(),
            "LeaseLost");
  ASSERT_TRUE(write([&](WriteTx& tx) { return tx.releaseLease("payment:pay_1", "tok-a"); }).isOk());
  EXPECT_EQ(read([](ReadTx& tx) { return tx.findLease("payment:pay_1"); })->token, "tok-b");

  // Released: gone, and free for anyone at once.
  ASSERT_TRUE(write([&](WriteTx& tx) { return tx.releaseLease("payment:pay_1", "tok-b"); }).isOk());
  EXPECT_EQ(read([](ReadTx& tx) { return tx.findLease("payment:pay_1"); }).status().code(),
            StatusCode::kNotFound);
  const Lease c{"payment:pay_1", "node-c", "tok-c", at(kT0 + 10)};
  EXPECT_TRUE(write([&](WriteTx& tx) { return tx.claimLease(c, at(kT0)); }).isOk());
}

// Two store instances on one database stand for two nodes: of many claims of one name made at
// once from both, exactly one wins.
TEST_P(StoreConformance, ConcurrentLeaseClaimsFromTwoStoresHaveOneWinner) {
  auto second = GetParam().open(dir_);
  ASSERT_TRUE(second.isOk()) << second.status().toString();
  Store* stores[] = {store_.get(), second->get()};
  constexpr int kRounds = 20, kClaimers = 8;
  for (int round = 0; round < kRounds; ++round) {
    const std::string name = "work:" + std::to_string(round);
    std::atomic<int> won{0}, refused{0}, failed{0};
    std::vector<std::thread> threads;
    for (int i = 0; i < kClaimers; ++i) {
      threads.emplace_back([&, i] {
        Lease l{name, "node-" + std::to_string(i % 2), "tok-" + std::to_string(i), at(kT0 + 1000)};
        Status s =
            writeSync(*stores[i % 2], [&](WriteTx& tx) { return tx.claimLease(l, at(kT0)); });
        if (s.isOk())
          ++won;
        else if (s.reason() == "LeaseHeld")
          ++refused;
        else
          ++failed;
      });
    }
    for (auto& t : threads) t.join();
    EXPECT_EQ(won.load(), 1) << name;
    EXPECT_EQ(refused.load(), kClaimers - 1) << name;
    EXPECT_EQ(failed.load(), 0) << name;
  }
  (*second)->close();
}

TEST_P(StoreConformance, CvvHoldsAreTakenOnceAndExpire) {
  const CvvHold h{"pmt_1", "m_a", kBinary, at(kT0 + 900)};
  const CvvHold old{"pmt_2", "m_a", "sealed2", at(kT0 + 10)};
  ASSERT_TRUE(write([&](WriteTx& tx) {
                SY_RETURN_IF_ERROR(tx.insertCvvHold(h));
                return tx.insertCvvHold(old);
              }).isOk());
  EXPECT_EQ(write([&](WriteTx& tx) { return tx.insertCvvHold(h); }).code(),
            StatusCode::kAlreadyExists);
  // Scoped by merchant.
  Result<CvvHold> otherMerchant = notFound("not run");
  ASSERT_TRUE(write([&](WriteTx& tx) {
                otherMerchant = tx.takeCvvHold("m_b", "pmt_1");
                return Status::ok();
              }).isOk());
  EXPECT_EQ(otherMerchant.status().code(), StatusCode::kNotFound);

  Result<CvvHold> taken = notFound("not run");
  ASSERT_TRUE(write([&](WriteTx& tx) {
                taken = tx.takeCvvHold("m_a", "pmt_1");
                return taken.status();
              }).isOk());
  EXPECT_EQ(taken->cvvSealed, kBinary);
  EXPECT_EQ(taken->expiresAt, h.expiresAt);
  EXPECT_EQ(taken->merchantId, "m_a");
  Result<CvvHold> again = notFound("not run");
  ASSERT_TRUE(write([&](WriteTx& tx) {
                again = tx.takeCvvHold("m_a", "pmt_1");
                return Status::ok();
              }).isOk());
  EXPECT_EQ(again.status().code(), StatusCode::kNotFound);

  // A take rolled back with its unit leaves the hold in place.
  EXPECT_FALSE(write([&](WriteTx& tx) -> Status {
                 SY_RETURN_IF_ERROR(tx.takeCvvHold("m_a", "pmt_2").status());
                 return internalError("roll back");
               }).isOk());
  Result<int64_t> purged = int64_t{-1};
  ASSERT_TRUE(write([&](WriteTx& tx) {
                purged = tx.deleteExpiredCvvHolds(at(kT0 + 9));
                return purged.status();
              }).isOk());
  EXPECT_EQ(*purged, 0);
  ASSERT_TRUE(write([&](WriteTx& tx) {
                purged = tx.deleteExpiredCvvHolds(at(kT0 + 10));
                return purged.status();
              }).isOk());
  EXPECT_EQ(*purged, 1);
  ASSERT_TRUE(write([&](WriteTx& tx) {
                again = tx.takeCvvHold("m_a", "pmt_2");
                return Status::ok();
              }).isOk());
  EXPECT_EQ(again.status().code(), StatusCode::kNotFound);
}

TEST_P(StoreConformance, ConcurrentCvvTakesFromTwoStoresGetItOnce) {
  auto second = GetParam().open(dir_);
  ASSERT_TRUE(second.isOk()) << second.status().toString();
  Store* stores[] = {store_.get(), second->get()};
  constexpr int kHolds = 20;
  for (int i = 0; i < kHolds; ++i)
    ASSERT_TRUE(
        write([&](WriteTx& tx) {
          return tx.insertCvvHold(CvvHold{"pmt_" + std::to_string(i), "m_a", "cvv", at(kT0 + 900)});
        }).isOk());
  std::atomic<int> got{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kHolds; ++i) {
        Result<CvvHold> h = notFound("not run");
        Status s = writeSync(*stores[t % 2], [&](WriteTx& tx) {
          h = tx.takeCvvHold("m_a", "pmt_" + std::to_string(i));
          return Status::ok();
        });
        if (s.isOk() && h.isOk()) ++got;
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(got.load(), kHolds);
  (*second)->close();
}

// Two nodes adding a default connection for one merchant at once leave exactly one default.
TEST_P(StoreConformance, ConcurrentDefaultConnectionsFromTwoStoresLeaveOneDefault) {
  auto second = GetParam().open(dir_);
  ASSERT_TRUE(second.isOk()) << second.status().toString();
  Store* stores[] = {store_.get(), second->get()};
  ASSERT_TRUE(write([](WriteTx& tx) {
                return tx.insertMerchant(Merchant{"m_a", "A", at(kT0)});
              }).isOk());
  constexpr int kConnections = 16;
  std::atomic<int> ok{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < kConnections; ++i) {
    threads.emplace_back([&, i] {
      Connection c{"conn_" + std::to_string(i),
                   "m_a",
                   "TEST_PROCESSOR",
                   "tp-" + std::to_string(i),
                   "http://127.0.0.1:1",
                   "sealed",
                   true,
                   at(kT0 + i)};
      if (writeSync(*stores[i % 2], [&](WriteTx& tx) { return tx.insertConnection(c); }).isOk())
        ++ok;
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(ok.load(), kConnections);
  auto listed = read([](ReadTx& tx) { return tx.listConnections("m_a"); });
  ASSERT_TRUE(listed.isOk());
  EXPECT_EQ(listed->size(), static_cast<size_t>(kConnections));
  int defaults = 0;
  for (const auto& c : *listed) defaults += c.isDefault;
  EXPECT_EQ(defaults, 1);
  (*second)->close();
}

// ---- units of work ----

TEST_P(StoreConformance, FailingUnitsRollBackAloneWhileOthersCommit) {
  // Several threads submit concurrently so units share batches; every third unit writes and then
  // fails (by returning an error, by a constraint violation, or by throwing).
  constexpr int kThreads = 6;
  constexpr int kPerThread = 150;
  std::atomic<int> pending{kThreads * kPerThread};
  std::promise<void> allDone;
  std::vector<std::vector<Status>> results(kThreads, std::vector<Status>(kPerThread));
  insert(listed("m_a", "dup", kT0));
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kPerThread; ++i) {
        std::string id = "pay_" + std::to_string(t) + "_" + std::to_string(i);
        int mode = i % 3 == 2 ? (i / 3) % 3 : -1;
        store_->submitWrite(
            [id, mode](WriteTx& tx) -> Status {
              SY_RETURN_IF_ERROR(tx.insertPayment(listed("m_a", id, kT0 + 1)));
              if (mode == 0) return invalidArgument("unit chose to fail");
              if (mode == 1) return tx.insertPayment(listed("m_a", "dup", kT0));
              if (mode == 2) throw std::runtime_error("boom");
              return Status::ok();
            },
            [&, t, i](Status s) {
              results[t][i] = std::move(s);
              if (--pending == 0) allDone.set_value();
            });
      }
    });
  }
  for (auto& th : threads) th.join();
  allDone.get_future().get();

  for (int t = 0; t < kThreads; ++t) {
    for (int i = 0; i < kPerThread; ++i) {
      std::string id = "pay_" + std::to_string(t) + "_" + std::to_string(i);
      int mode = i % 3 == 2 ? (i / 3) % 3 : -1;
      const Status& s = results[t][i];
      switch (mode) {
        case -1:
          EXPECT_TRUE(s.isOk()) << id << " " << s.toString();
          break;
        case 0:
          EXPECT_EQ(s.code(), StatusCode::kInvalidArgument) << id;
          break;
        case 1:
          EXPECT_EQ(s.code(), StatusCode::kAlreadyExists) << id;
          break;
        case 2:
          EXPECT_EQ(s.code(), StatusCode::kInternal) << id;
          break;
      }
      EXPECT_EQ(find("m_a", id).isOk(), mode == -1) << id;
    }
  }
}

TEST_P(StoreConformance, ReadsSeeOneSnapshot) {
  insert(listed("m_a", "pay_1", kT0));
  // While a read holds its snapshot, a committed write must not become visible to it.
  std::promise<void> readStarted, writeDone;
  auto writeDoneF = writeDone.get_future().share();
  std::optional<std::string> firstOrder, secondOrder;
  std::promise<void> readFinished;
  store_->submitRead(
      [&](ReadTx& tx) {
        firstOrder = tx.findPayment("m_a", "pay_1")->orderId;
        readStarted.set_value();
        writeDoneF.wait();
        secondOrder = tx.findPayment("m_a", "pay_1")->orderId;
      },
      [&] { readFinished.set_value(); });
  readStarted.get_future().wait();
  Payment changed = listed("m_a", "pay_1", kT0);
  changed.orderId = "changed";
  changed.version = 2;
  ASSERT_TRUE(write([&](WriteTx& tx) { return tx.updatePayment(changed); }).isOk());
  writeDone.set_value();
  readFinished.get_future().wait();
  EXPECT_EQ(firstOrder, "");
  EXPECT_EQ(secondOrder, "");
  EXPECT_EQ(find("m_a", "pay_1")->orderId, "changed");
}

TEST_P(StoreConformance, ReopenKeepsData) {
  Payment p = fullPayment("m_a", "pay_1", kT0);
  insert(p);
  ASSERT_TRUE(write([](WriteTx& tx) {
                return tx.insertMerchant({"m_a", "Alpha", at(kT0)});
              }).isOk());
  reopen();
  reopen();
  EXPECT_EQ(dump(*find("m_a", "pay_1")), dump(p));
  EXPECT_EQ(read([](ReadTx& tx) { return tx.listMerchants(); })->size(), 1u);
  insert(fullPayment("m_a", "pay_2", kT0 + 1));
  EXPECT_TRUE(find("m_a", "pay_2").isOk());
}

TEST_P(StoreConformance, CloseFinishesQueuedWorkThenRejects) {
  constexpr int kUnits = 500;
  std::atomic<int> ok{0};
  for (int i = 0; i < kUnits; ++i) {
    store_->submitWrite(
        [i](WriteTx& tx) { return tx.insertPayment(listed("m_a", "p" + std::to_string(i), kT0)); },
        [&](Status s) { ok += s.isOk(); });
  }
  store_->close();
  EXPECT_EQ(ok.load(), kUnits);
  store_->close();  // idempotent

  EXPECT_EQ(writeSync(*store_, [](WriteTx&) { return Status::ok(); }).code(),
            StatusCode::kUnavailable);
  std::optional<Status> readStatus;
  readSync(*store_, [&](ReadTx& tx) { readStatus = tx.findMerchant("m_a").status(); });
  ASSERT_TRUE(readStatus.has_value());
  EXPECT_EQ(readStatus->code(), StatusCode::kUnavailable);

  reopen();
  PaymentFilter all;
  all.limit = 1000;
  auto page = list("m_a", all);
  ASSERT_TRUE(page.isOk());
  EXPECT_EQ(page->payments.size(), static_cast<size_t>(kUnits));
}

INSTANTIATE_TEST_SUITE_P(Backends, StoreConformance, ::testing::ValuesIn(backends()),
                         [](const auto& info) { return info.param.name; });

}  // namespace
}  // namespace sy::store
