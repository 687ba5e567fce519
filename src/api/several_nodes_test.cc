// Several nodes on one store: two engines, each with its own store instance on the same database
// (SQLite file or PostgreSQL database; both backends), its own vault object (same key) and its
// own clock, calling one test processor emulator over loopback. What the issue "several stateless
// nodes" promises, shown at the level of the engine and the API's idempotency layer:
// - the same idempotency key sent to both nodes at once executes once;
// - a node's recovery sweep leaves another node's call in flight alone;
// - a call left in flight by a node that died is finished by another once its lease expires, and
//   the merchant's retry of the abandoned key is then answered;
// - a card tokenized on one node is paid on the other with its CVV.
#include <gtest/gtest.h>

#include <atomic>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/address.hpp>
#include <boost/asio/use_future.hpp>
#include <boost/json/parse.hpp>
#include <filesystem>
#include <future>
#include <thread>

#include "api/admin_records.h"
#include "api/idempotency.h"
#include "common/crypto.h"
#include "connectors/test_processor/test_processor_connector.h"
#include "domain/state_machine.h"
#include "orchestrator/payment_engine.h"
#include "sandbox/test_processor/emulator.h"
#include "store/store_test_backends.h"
#include "vault/testing/dev_key_ring.h"
#include "vault/vault.h"

namespace sy::api {
namespace {

using orchestrator::Idempotency;
using orchestrator::NewPayment;
using orchestrator::PaymentEngine;

// The system clock, moved forward on demand (a node whose leases must look expired).
class ShiftedClock final : public Clock {
 public:
  TimePoint now() const override { return SystemClock().now() + shift.load(); }
  std::atomic<std::chrono::microseconds> shift{std::chrono::microseconds(0)};
};

constexpr char kMerchant[] = "m_nodes";
constexpr auto kLeaseTtl = std::chrono::milliseconds(5000);

// The response a node gives: the payment's id and status, or the error's reason.
std::pair<unsigned, std::string> render(const Result<domain::Payment>& r) {
  if (!r)
    return {r.status().code() == StatusCode::kAlreadyExists ? 409u : 400u,
            R"({"error":")" + r.status().reason() + "\"}"};
  return {200u, R"({"id":")" + r->id + R"(","status":")" +
                    std::string(domain::toString(r->status)) + "\"}"};
}

class SeveralNodes : public ::testing::TestWithParam<store::testing::Backend> {
 protected:
  struct Node {
    std::unique_ptr<store::Store> store;
    ShiftedClock clock;
    std::unique_ptr<vault::Vault> vault;
    std::unique_ptr<PaymentEngine> engine;
  };

  void SetUp() override {
    std::string tmpl = (std::filesystem::temp_directory_path() / "sy-nodes-XXXXXX").string();
    ASSERT_NE(mkdtemp(tmpl.data()), nullptr);
    dir_ = tmpl;
    emulator_ = std::make_unique<sandbox::test_processor::TestProcessorEmulator>(
        ioc_, sandbox::test_processor::TestProcessorOptions{});
    ASSERT_TRUE(emulator_->listen({boost::asio::ip::make_address("127.0.0.1"), 0}).isOk());
    emulator_->start();
    registry_.add(std::make_unique<connectors::test_processor::TestProcessorConnector>(client_));
    for (int i = 0; i < 2; ++i) threads_.emplace_back([this] { ioc_.run(); });
    for (const char* id : {"node-a", "node-b"}) {
      auto node = std::make_unique<Node>();
      auto opened = GetParam().open(dir_);
      ASSERT_TRUE(opened.isOk()) << opened.status().toString();
      node->store = std::move(*opened);
      // Both nodes configured alike: the same master key (and the same legacy key).
      node->vault = std::make_unique<vault::Vault>(
          vault::testing::devKeyRing(crypto::deriveKey("vault")), node->clock,
          std::chrono::seconds(900));
      orchestrator::EngineOptions o;
      o.processorTimeout = std::chrono::milliseconds(3000);
      o.nodeId = id;
      o.leaseTtl = kLeaseTtl;
      o.outcomeRetryFor = std::chrono::milliseconds(0);
      node->engine = std::make_unique<PaymentEngine>(
          *node->store, *node->vault, registry_, crypto::deriveKey("credentials"), node->clock, o);
      nodes_.push_back(std::move(node));
    }
    ConnectionSpec spec{"TEST_PROCESSOR", "tp", emulator_->baseUrl(), R"({"apiKey":"nodes"})",
                        true};
    auto conn = makeConnection(*a().engine, registry_.names(), kMerchant, spec, a().clock.now());
    ASSERT_TRUE(conn.isOk()) << conn.status().toString();
    ASSERT_TRUE(store::writeSync(*a().store, [&](store::WriteTx& tx) -> Status {
                  SY_RETURN_IF_ERROR(
                      tx.insertMerchant(store::Merchant{kMerchant, "Nodes", a().clock.now()}));
                  return tx.insertConnection(*conn);
                }).isOk());
  }

  void TearDown() override {
    for (auto& n : nodes_)
      if (n->store) n->store->close();
    if (emulator_) {
      std::promise<void> drained;
      emulator_->stop([&] { drained.set_value(); });
      drained.get_future().wait_for(std::chrono::seconds(5));
    }
    work_.reset();
    ioc_.stop();
    for (auto& t : threads_) t.join();
    nodes_.clear();
    GetParam().destroy(dir_);
    std::filesystem::remove_all(dir_);
  }

  Node& a() { return *nodes_[0]; }
  Node& b() { return *nodes_[1]; }

  // A card tokenized on `node`, with its CVV hold, as POST /checkout/tokenize stores it.
  std::string tokenize(Node& node, const std::string& cvv = "123",
                       const std::string& number = "4111111111111111") {
    vault::CardInput card{SecretString(number), SecretString(cvv), "12", "2035", "Ada Lovelace",
                          "VISA"};
    auto t = node.vault->tokenize(kMerchant, "", card);
    EXPECT_TRUE(t.isOk());
    EXPECT_TRUE(store::writeSync(*node.store, [&](store::WriteTx& tx) -> Status {
                  SY_RETURN_IF_ERROR(tx.insertCardToken(t->token));
                  return t->cvvHold ? tx.insertCvvHold(*t->cvvHold) : Status::ok();
                }).isOk());
    return t->token.token;
  }

  template <class T>
  T await(boost::asio::awaitable<T> coroutine) {
    auto f = boost::asio::co_spawn(ioc_, std::move(coroutine), boost::asio::use_future);
    EXPECT_EQ(f.wait_for(std::chrono::seconds(30)), std::future_status::ready);
    return f.get();
  }

  // POST /payments with `key` on `node`, through the API's idempotency layer.
  boost::asio::awaitable<http::Response> pay(Node& node, std::string key, std::string token,
                                             std::string orderId) {
    http::Request req;
    req.headers.set("X-Idempotency-Key", key);
    req.body = R"({"paymentMethodToken":")" + token + R"(","orderId":")" + orderId + "\"}";
    req.requestId = "req-" + key;
    NewPayment np;
    np.merchantId = kMerchant;
    np.paymentMethodToken = token;
    np.orderId = orderId;
    np.amount = 1500;
    np.currencyCode = "EUR";
    PaymentEngine& engine = *node.engine;
    const PaymentOperation op = [&engine, np](Idempotency idem) {
      return engine.create(np, std::move(idem));
    };
    const orchestrator::ResponseRenderer renderer = render;
    co_return co_await runIdempotent(*node.store, node.clock, req, kMerchant, "POST /payments",
                                     renderer, op);
  }

  int64_t charges() {
    auto body = emulator_->api().ledger().response.body;
    return boost::json::parse(body).as_object().at("charge_count").as_int64();
  }
  std::vector<domain::Payment> paymentsForOrder(const std::string& orderId) {
    store::PaymentFilter f;
    f.orderId = orderId;
    std::vector<domain::Payment> out;
    store::readSync(*b().store, [&](store::ReadTx& tx) {
      if (auto page = tx.listPayments(kMerchant, f)) out = page->payments;
    });
    return out;
  }
  Result<domain::Payment> find(Node& node, const std::string& id) {
    Result<domain::Payment> p = internalError("not read");
    store::readSync(*node.store, [&](store::ReadTx& tx) { p = tx.findPayment(kMerchant, id); });
    return p;
  }
  static std::string field(const std::string& json, const char* name) {
    auto v = boost::json::parse(json).as_object();
    return v.contains(name) && v.at(name).is_string() ? std::string(v.at(name).as_string()) : "";
  }
  // The errorId of an API error body ({"error": {"errorId": ...}}).
  static std::string errorId(const std::string& json) {
    auto v = boost::json::parse(json).as_object();
    if (!v.contains("error") || !v.at("error").is_object()) return "";
    return std::string(v.at("error").as_object().at("errorId").as_string());
  }

  std::string dir_;
  boost::asio::io_context ioc_;
  boost::asio::executor_work_guard<boost::asio::io_context::executor_type> work_ =
      boost::asio::make_work_guard(ioc_);
  std::vector<std::thread> threads_;
  std::unique_ptr<sandbox::test_processor::TestProcessorEmulator> emulator_;
  http::HttpClient client_{ioc_.get_executor()};
  connectors::ConnectorRegistry registry_;
  std::vector<std::unique_ptr<Node>> nodes_;
};

TEST_P(SeveralNodes, TheSameKeyOnTwoNodesAtOnceExecutesOnce) {
  // A little latency keeps the first call in flight while the second request arrives.
  ASSERT_TRUE(emulator_->faults().apply(R"({"latencyMs": 50})").isOk());
  constexpr int kRounds = 8;
  for (int i = 0; i < kRounds; ++i) {
    const std::string key = "race-" + std::to_string(i), order = "order-race-" + std::to_string(i);
    const std::string token = tokenize(i % 2 ? b() : a());
    auto fa = boost::asio::co_spawn(ioc_, pay(a(), key, token, order), boost::asio::use_future);
    auto fb = boost::asio::co_spawn(ioc_, pay(b(), key, token, order), boost::asio::use_future);
    http::Response ra = fa.get(), rb = fb.get();
    int executed = 0;
    for (const auto* r : {&ra, &rb}) {
      ASSERT_TRUE(r->status == 200 || r->status == 409) << r->status << " " << r->body;
      if (r->status == 409) {
        EXPECT_EQ(errorId(r->body), "IdempotencyKeyInUse") << r->body;
      }
      if (r->status == 200) {
        EXPECT_EQ(field(r->body, "status"), "AUTHORIZED");
        bool replayed = false;
        for (const auto& [h, v] : r->headers) replayed |= h == "X-Idempotent-Replayed";
        executed += !replayed;
      }
    }
    EXPECT_EQ(executed, 1) << key;
    // Retries, on either node, are answered from the one execution.
    http::Response again = await(pay(b(), key, token, order));
    ASSERT_EQ(again.status, 200u) << again.body;
    auto stored = paymentsForOrder(order);
    ASSERT_EQ(stored.size(), 1u) << order;
    EXPECT_EQ(field(again.body, "id"), stored[0].id);
    EXPECT_EQ(field(await(pay(a(), key, token, order)).body, "id"), stored[0].id);
  }
  EXPECT_EQ(charges(), kRounds);
}

TEST_P(SeveralNodes, ASweepOnAnotherNodeLeavesACallInFlightAlone) {
  // The processor takes its time, so node A's call is in flight while node B sweeps.
  ASSERT_TRUE(emulator_->faults().apply(R"({"latencyMs": 800})").isOk());
  const std::string token = tokenize(a());
  auto paying = boost::asio::co_spawn(ioc_, pay(a(), "slow-1", token, "order-slow-1"),
                                      boost::asio::use_future);
  std::vector<store::UnresolvedPayment> unresolved;
  for (int i = 0; i < 500 && unresolved.empty(); ++i) {
    store::readSync(*b().store, [&](store::ReadTx& tx) {
      if (auto u = tx.listUnresolved(b().clock.now(), 10)) unresolved = *u;
    });
    if (unresolved.empty()) std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  ASSERT_EQ(unresolved.size(), 1u);
  const std::string id = unresolved[0].paymentId;
  EXPECT_TRUE(await(b().engine->resolve(kMerchant, id)).isOk());
  // B neither asked nor recorded: the call is still A's, in flight.
  auto during = find(b(), id);
  ASSERT_TRUE(during.isOk());
  EXPECT_EQ(during->version, 1);
  EXPECT_TRUE(domain::hasCallInFlight(*during));
  Result<store::Lease> lease = internalError("not read");
  store::readSync(*b().store, [&](store::ReadTx& tx) { lease = tx.findLease("payment:" + id); });
  ASSERT_TRUE(lease.isOk());
  EXPECT_EQ(lease->holder, "node-a");

  http::Response r = paying.get();
  ASSERT_EQ(r.status, 200u) << r.body;
  EXPECT_EQ(field(r.body, "status"), "AUTHORIZED");
  EXPECT_EQ(charges(), 1);
  // The outcome's commit released the lease.
  store::readSync(*b().store, [&](store::ReadTx& tx) { lease = tx.findLease("payment:" + id); });
  EXPECT_EQ(lease.status().code(), StatusCode::kNotFound);
}

TEST_P(SeveralNodes, ANodeThatDiesMidCallHasItsPaymentFinishedByAnother) {
  ASSERT_TRUE(emulator_->faults().apply(R"({"latencyMs": 400})").isOk());
  const std::string token = tokenize(a());
  auto paying = boost::asio::co_spawn(ioc_, pay(a(), "dies-1", token, "order-dies-1"),
                                      boost::asio::use_future);
  std::vector<domain::Payment> inFlight;
  for (int i = 0; i < 500 && inFlight.empty(); ++i) {
    inFlight = paymentsForOrder("order-dies-1");
    if (inFlight.empty()) std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  ASSERT_EQ(inFlight.size(), 1u);
  const std::string id = inFlight[0].id;
  // Node A loses its database while its call is at the processor: whatever the processor says,
  // A records nothing (as if killed), and its lease stays behind.
  a().store->close();
  http::Response lost = paying.get();
  EXPECT_EQ(lost.status, 400u) << lost.body;  // the store's error, as this test renders it
  EXPECT_EQ(charges(), 1);

  // Before A's lease expires, B leaves the payment alone and the key is still in use.
  EXPECT_TRUE(await(b().engine->resolve(kMerchant, id)).isOk());
  EXPECT_TRUE(domain::hasCallInFlight(*find(b(), id)));
  http::Response early = await(pay(b(), "dies-1", token, "order-dies-1"));
  EXPECT_EQ(early.status, 409u) << early.body;
  EXPECT_EQ(errorId(early.body), "IdempotencyKeyInUse");

  // Once it has expired, B's sweep claims the payment and asks the processor.
  b().clock.shift =
      std::chrono::duration_cast<std::chrono::microseconds>(kLeaseTtl) + std::chrono::seconds(1);
  EXPECT_TRUE(await(b().engine->resolve(kMerchant, id)).isOk());
  auto resolved = find(b(), id);
  ASSERT_TRUE(resolved.isOk());
  EXPECT_EQ(resolved->status, domain::PaymentStatus::kAuthorized);
  EXPECT_FALSE(domain::hasCallInFlight(*resolved));
  EXPECT_EQ(charges(), 1);

  // The merchant's retry gets the outcome, once and for good.
  http::Response answered = await(pay(b(), "dies-1", token, "order-dies-1"));
  ASSERT_EQ(answered.status, 200u) << answered.body;
  EXPECT_EQ(field(answered.body, "id"), id);
  EXPECT_EQ(field(answered.body, "status"), "AUTHORIZED");
  http::Response replayed = await(pay(b(), "dies-1", token, "order-dies-1"));
  EXPECT_EQ(replayed.body, answered.body);
  EXPECT_EQ(paymentsForOrder("order-dies-1").size(), 1u);
}

// Node A's answer arrives after its lease ran out (from B's clock) and B's sweep recorded the
// outcome first: A's request answers with that record instead of a conflict.
TEST_P(SeveralNodes, AnOutcomeAnotherNodeRecordedFirstIsTheAnswer) {
  // The slow card is authorized at once but answered late: A is still waiting when B asks.
  ASSERT_TRUE(emulator_->faults().apply(R"({"slowResponseMs": 1500})").isOk());
  const std::string token = tokenize(a(), "123", "4000000000000259");
  auto paying = boost::asio::co_spawn(ioc_, pay(a(), "late-1", token, "order-late-1"),
                                      boost::asio::use_future);
  std::vector<domain::Payment> inFlight;
  for (int i = 0; i < 500 && inFlight.empty(); ++i) {
    inFlight = paymentsForOrder("order-late-1");
    if (inFlight.empty()) std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  ASSERT_EQ(inFlight.size(), 1u);
  const std::string id = inFlight[0].id;
  b().clock.shift =
      std::chrono::duration_cast<std::chrono::microseconds>(kLeaseTtl) + std::chrono::seconds(1);
  EXPECT_TRUE(await(b().engine->resolve(kMerchant, id)).isOk());
  auto recorded = find(b(), id);
  ASSERT_TRUE(recorded.isOk());
  ASSERT_EQ(recorded->status, domain::PaymentStatus::kAuthorized);
  ASSERT_EQ(recorded->version, 2);  // B's record, made while A still waits

  http::Response r = paying.get();
  ASSERT_EQ(r.status, 200u) << r.body;
  EXPECT_EQ(field(r.body, "id"), id);
  EXPECT_EQ(field(r.body, "status"), "AUTHORIZED");
  http::Response replayed = await(pay(a(), "late-1", token, "order-late-1"));
  EXPECT_EQ(replayed.body, r.body);
  EXPECT_EQ(find(a(), id)->version, 2);
  EXPECT_EQ(charges(), 1);
  Result<store::Lease> lease = internalError("not read");
  store::readSync(*a().store, [&](store::ReadTx& tx) { lease = tx.findLease("payment:" + id); });
  EXPECT_EQ(lease.status().code(), StatusCode::kNotFound);
}

TEST_P(SeveralNodes, ACardTokenizedOnOneNodeIsPaidOnTheOtherWithItsCvv) {
  // The emulator refuses a malformed CVC (3-4 digits): a CVV that reaches it from node A's hold
  // through node B shows by that refusal. (The API's codec would refuse it at tokenization.)
  const std::string malformed = tokenize(a(), "1");
  http::Response refused = await(pay(b(), "cvv-0", malformed, "order-cvv-0"));
  ASSERT_EQ(refused.status, 200u) << refused.body;
  EXPECT_EQ(field(refused.body, "status"), "FAILED");

  const std::string token = tokenize(a(), "987");
  http::Response r = await(pay(b(), "cvv-1", token, "order-cvv-1"));
  ASSERT_EQ(r.status, 200u) << r.body;
  EXPECT_EQ(field(r.body, "status"), "AUTHORIZED");
  // The hold went with the token's use.
  Result<store::CvvHold> hold = internalError("not run");
  ASSERT_TRUE(store::writeSync(*a().store, [&](store::WriteTx& tx) {
                hold = tx.takeCvvHold(kMerchant, token);
                return Status::ok();
              }).isOk());
  EXPECT_EQ(hold.status().code(), StatusCode::kNotFound);
}

INSTANTIATE_TEST_SUITE_P(Backends, SeveralNodes, ::testing::ValuesIn(store::testing::backends()),
                         [](const auto& info) { return info.param.name; });

}  // namespace
}  // namespace sy::api
