// Conformance suite for store::Store backends: every backend must pass it unchanged. It is
// value-parameterized over the backends of store/store_test_backends.h (SQLite and PostgreSQL).
#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <filesystem>
#include <future>
#include <set>
#include <sstream>
#include <thread>

#include "store/store.h"
#include "store/store_test_backends.h"

namespace sy::store {
namespace {

using domain::Payment;
using domain::Transaction;
using domain::TransactionEvent;

using testing::Backend;
using testing::backends;

// Timestamps are stored with microsecond precision, so fixtures use whole microseconds.
TimePoint at(int64_t micros) {
  return fromMicros(micros);
}
constexpr int64_t kT0 = 1'700'000'000'000'000;

// ---- canonical dumps: one line per field, so a failed comparison shows which field differs ----

std::string dump(const std::optional<domain::StatusReason>& r) {
  if (!r) return "none";
  std::ostringstream o;
  o << domain::toString(r->type) << "|"
    << (r->declineType ? domain::toString(*r->declineType) : "-") << "|"
    << (r->code ? domain::toString(*r->code) : "-") << "|"
    << (r->advisedAction ? domain::toString(*r->advisedAction) : "-") << "|" << r->message << "|"
    << r->processorCode;
  return o.str();
}

std::string dump(const domain::CardSummary& c) {
  return c.first6 + "|" + c.last4 + "|" + c.expirationMonth + "|" + c.expirationYear + "|" +
         c.cardholderName + "|" + c.network;
}

std::string dump(const Payment& p) {
  std::ostringstream o;
  o << "id=" << p.id << "\nmerchant=" << p.merchantId << "\ncreated=" << toMicros(p.createdAt)
    << "\nupdated=" << toMicros(p.updatedAt) << "\nstatus=" << domain::toString(p.status)
    << "\norder=" << p.orderId << "\namount=" << p.amount << "\ncurrency=" << p.currencyCode
    << "\ncustomer=" << p.customerId << "\nemail=" << p.customerEmail
    << "\npmToken=" << p.paymentMethodToken << "\ncard=" << (p.card ? dump(*p.card) : "none")
    << "\ncustomerJson=" << p.customerJson << "\norderJson=" << p.orderJson
    << "\nmetadataJson=" << p.metadataJson << "\npmJson=" << p.paymentMethodJson
    << "\nconnection=" << p.connectionId << "\nprocessor=" << p.processorName
    << "\nprocessorMerchant=" << p.processorMerchantId << "\nauthorized=" << p.amountAuthorized
    << "\ncaptured=" << p.amountCaptured << "\nrefunded=" << p.amountRefunded
    << "\nreason=" << dump(p.statusReason) << "\nversion=" << p.version
    << "\nrouting=" << (p.routing ? domain::routingToJson(*p.routing) : "none")
    << "\ncaptureDue=" << (p.captureDueAt ? std::to_string(toMicros(*p.captureDueAt)) : "none");
  for (const auto& t : p.transactions) {
    o << "\n  tx id=" << t.id << " type=" << domain::toString(t.type)
      << " status=" << domain::toString(t.status) << " outcome=" << domain::toString(t.outcome)
      << " key=" << t.attemptKey << " conn=" << t.connectionId << " proc=" << t.processorName
      << " procMerchant=" << t.processorMerchantId << " procTx=" << t.processorTransactionId
      << " amount=" << t.amount << " currency=" << t.currencyCode << " order=" << t.orderId
      << " reason=" << t.reason << " sr=" << dump(t.statusReason)
      << " created=" << toMicros(t.createdAt) << " updated=" << toMicros(t.updatedAt);
    for (const auto& e : t.events)
      o << "\n    ev id=" << e.id << " type=" << domain::toString(e.type)
        << " outcome=" << domain::toString(e.outcome) << " key=" << e.attemptKey
        << " amount=" << e.amount << " final=" << e.final << " procEv=" << e.processorEventId
        << " date=" << toMicros(e.date);
  }
  return o.str();
}

std::string dump(const CardToken& t) {
  std::ostringstream o;
  o << t.token << "|" << t.merchantId << "|" << t.clientSessionId << "|" << t.tokenType << "|"
    << t.panSealed << "|" << dump(t.card) << "|" << toMicros(t.createdAt) << "|"
    << toMicros(t.expiresAt) << "|" << (t.usedAt ? std::to_string(toMicros(*t.usedAt)) : "-");
  return o.str();
}

std::string dump(const ClientSession& s) {
  std::ostringstream o;
  o << s.id << "|" << s.merchantId << "|" << s.tokenHash << "|" << s.orderId << "|"
    << s.currencyCode << "|" << (s.amount ? std::to_string(*s.amount) : "-") << "|" << s.customerId
    << "|" << s.customerJson << "|" << s.orderJson << "|" << s.metadataJson << "|"
    << s.paymentMethodJson << "|" << toMicros(s.createdAt) << "|" << toMicros(s.updatedAt) << "|"
    << toMicros(s.expiresAt);
  return o.str();
}

std::string dump(const Connection& c) {
  std::ostringstream o;
  o << c.id << "|" << c.merchantId << "|" << c.processor << "|" << c.processorMerchantId << "|"
    << c.baseUrl << "|" << c.credentialsSealed << "|" << c.isDefault << "|"
    << toMicros(c.createdAt);
  return o.str();
}

std::string dump(const IdempotencyRecord& r) {
  std::ostringstream o;
  o << r.merchantId << "|" << r.scope << "|" << r.key << "|" << r.requestHash << "|"
    << (r.state == IdempotencyState::kCompleted ? "C" : "P") << "|" << r.responseStatus << "|"
    << r.responseBody << "|" << r.paymentId << "|" << toMicros(r.createdAt);
  return o.str();
}

// ---- fixtures ----

// Bytes a sealed value may hold: NUL, high bytes, quotes.
constexpr char kBinaryBytes[] = "\x00\x01\xff\xfe'\"\n\\ sealed";
const std::string kBinary(kBinaryBytes, sizeof kBinaryBytes - 1);

// A payment with two SALE transactions (the first declined, the second authorized and captured),
// events, status reasons, a card summary and JSON columns.
Payment fullPayment(const std::string& merchant, const std::string& id, int64_t created) {
  Payment p;
  p.id = id;
  p.merchantId = merchant;
  p.createdAt = at(created);
  p.updatedAt = at(created + 5);
  p.status = domain::PaymentStatus::kSettled;
  p.orderId = "order-" + id;
  p.amount = 1234;
  p.currencyCode = "EUR";
  p.customerId = "cust-1";
  p.customerEmail = "jane@example.com";
  p.paymentMethodToken = "tok_" + id;
  p.card = domain::CardSummary{"411111", "1111", "03", "2030", "Jane Doe", "VISA"};
  p.customerJson = R"({"emailAddress":"jane@example.com","name":"Ja'ne \"D\""})";
  p.orderJson = R"({"lineItems":[{"amount":1234}]})";
  p.metadataJson = R"({"k":"v","unicode":"ü€"})";
  p.paymentMethodJson = R"({"vaultOnSuccess":false})";
  p.connectionId = "conn-2";
  p.processorName = "TEST_PROCESSOR";
  p.processorMerchantId = "tp-main";
  p.amountAuthorized = 1234;
  p.amountCaptured = 1000;
  p.amountRefunded = 0;
  p.statusReason = domain::StatusReason{domain::ReasonType::kIssuerDeclined,
                                        domain::DeclineType::kSoft,
                                        domain::DeclineCode::kInsufficientFunds,
                                        domain::AdvisedAction::kRetryLater,
                                        "Insufficient funds",
                                        "51"};
  p.version = 1;
  // A routing trace with every part (domain/routing.h), stored as JSON with the workflow in
  // columns of its own.
  domain::Routing routing;
  routing.source = domain::RoutingSource::kWorkflow;
  domain::WorkflowRun run;
  run.workflow = {"wf_" + id, 7, "Cards \"EU\""};
  run.trigger = "PAYMENT_CREATED";
  run.at = at(created);
  run.triggered = true;
  run.blocks.push_back({"region", "CONDITIONS", "eu", std::nullopt,
                        R"([{"field":"currency","operator":"EQUALS","value":"EUR"}])"});
  run.blocks.push_back({"ab", "SPLIT", "a", 1234, "[]"});
  run.actions = {"AUTHORIZE", "CAPTURE"};
  routing.created = run;
  domain::AuthorizationRoute route;
  route.connections = {"stripe-main", "tp-main"};
  route.fallbackOn = {"SOFT_DECLINE"};
  route.state = "STOPPED";
  route.stopReason = "SUCCEEDED";
  route.attempts.push_back({id + "-tx1", "stripe-main", "FIRST", "", ""});
  route.attempts.push_back({id + "-tx2", "tp-main", "FALLBACK", "PROCESSOR_REJECTED", "ERROR"});
  routing.authorization = route;
  domain::RoutedCapture capture;
  capture.mode = "DELAYED";
  capture.delayHours = 2;
  capture.dueAt = at(created + 7'200'000'000);
  capture.state = "SCHEDULED";
  routing.capture = capture;
  p.routing = routing;
  p.captureDueAt = capture.dueAt;

  Transaction t1;
  t1.id = id + "-tx1";
  t1.type = domain::TransactionType::kSale;
  t1.status = domain::PaymentStatus::kDeclined;
  t1.outcome = domain::Outcome::kDeclined;
  t1.attemptKey = id + "-att1";
  t1.connectionId = "conn-1";
  t1.processorName = "STRIPE";
  t1.processorMerchantId = "stripe-main";
  t1.processorTransactionId = "ch_1";
  t1.amount = 1234;
  t1.currencyCode = "EUR";
  t1.orderId = p.orderId;
  t1.statusReason = domain::StatusReason{domain::ReasonType::kGatewayRejected,
                                         std::nullopt,
                                         domain::DeclineCode::kError,
                                         std::nullopt,
                                         "",
                                         "E42"};
  t1.createdAt = at(created + 1);
  t1.updatedAt = at(created + 2);

  Transaction t2;
  t2.id = id + "-tx2";
  t2.type = domain::TransactionType::kSale;
  t2.status = domain::PaymentStatus::kSettled;
  t2.outcome = domain::Outcome::kSucceeded;
  t2.attemptKey = id + "-att2";
  t2.connectionId = "conn-2";
  t2.processorName = "TEST_PROCESSOR";
  t2.processorMerchantId = "tp-main";
  t2.processorTransactionId = "tp_2";
  t2.amount = 1234;
  t2.currencyCode = "EUR";
  t2.orderId = p.orderId;
  t2.reason = "";
  t2.createdAt = at(created + 3);
  t2.updatedAt = at(created + 4);
  t2.events.push_back(TransactionEvent{id + "-ev1", domain::EventType::kAuthorizationSucceeded,
                                       domain::Outcome::kSucceeded, id + "-eva", 1234, false,
                                       "pe_1", at(created + 3)});
  t2.events.push_back(TransactionEvent{id + "-ev2", domain::EventType::kCaptureSucceeded,
                                       domain::Outcome::kSucceeded, id + "-evc", 1000, true, "pe_2",
                                       at(created + 4)});
  p.transactions = {t1, t2};
  return p;
}

// A bare payment for listing tests: no transactions.
Payment listed(const std::string& merchant, const std::string& id, int64_t created) {
  Payment p;
  p.id = id;
  p.merchantId = merchant;
  p.createdAt = at(created);
  p.updatedAt = at(created);
  p.amount = 100;
  p.currencyCode = "USD";
  p.version = 1;
  return p;
}

class StoreConformance : public ::testing::TestWithParam<Backend> {
 protected:
  void SetUp() override {
    std::string tmpl = (std::filesystem::temp_directory_path() / "sy-store-XXXXXX").string();
    ASSERT_NE(mkdtemp(tmpl.data()), nullptr);
    dir_ = tmpl;
    open();
  }
  void TearDown() override {
    if (store_) store_->close();
    store_.reset();
    GetParam().destroy(dir_);
    std::filesystem::remove_all(dir_);
  }

  void open() {
    auto s = GetParam().open(dir_);
    ASSERT_TRUE(s.isOk()) << s.status().toString();
    store_ = std::move(s).value();
  }
  void reopen() {
    store_->close();
    store_.reset();
    open();
  }

  Status write(const Store::WriteWork& w) { return writeSync(*store_, w); }

  // Runs `f(tx)` on a read snapshot and returns its result.
  template <class F>
  auto read(F f) {
    std::optional<decltype(f(std::declval<ReadTx&>()))> out;
    readSync(*store_, [&](ReadTx& tx) { out.emplace(f(tx)); });
    return std::move(*out);
  }

  Result<Payment> find(const std::string& merchant, const std::string& id) {
    return read([&](ReadTx& tx) { return tx.findPayment(merchant, id); });
  }
  Result<PaymentPage> list(const std::string& merchant, const PaymentFilter& f) {
    return read([&](ReadTx& tx) { return tx.listPayments(merchant, f); });
  }
  void insert(const Payment& p) {
    ASSERT_TRUE(write([&](WriteTx& tx) { return tx.insertPayment(p); }).isOk()) << p.id;
  }

  std::string dir_;
  std::unique_ptr<Store> store_;
};

std::vector<std::string> ids(const PaymentPage& page) {
  std::vector<std::string> out;
  for (const auto& p : page.payments) out.push_back(p.id);
  return out;
}

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

// ---- payments ----

TEST_P(StoreConformance, PaymentRoundTripsEveryField) {
  Payment p = fullPayment("m_a", "pay_1", kT0);
  insert(p);
  auto found = find("m_a", "pay_1");
  ASSERT_TRUE(found.isOk()) << found.status().toString();
  EXPECT_EQ(dump(*found), dump(p));
}

TEST_P(StoreConformance, PaymentWithoutOptionalsRoundTrips) {
  Payment p = listed("m_a", "pay_bare", kT0);
  insert(p);
  auto found = find("m_a", "pay_bare");
  ASSERT_TRUE(found.isOk());
  EXPECT_FALSE(found->card.has_value());
  EXPECT_FALSE(found->statusReason.has_value());
  EXPECT_EQ(dump(*found), dump(p));
}

TEST_P(StoreConformance, PaymentsAreScopedByMerchant) {
  insert(fullPayment("m_a", "pay_1", kT0));
  EXPECT_EQ(find("m_b", "pay_1").status().code(), StatusCode::kNotFound);
  Payment stolen = fullPayment("m_b", "pay_1", kT0);
  stolen.version = 2;
  EXPECT_EQ(write([&](WriteTx& tx) { return tx.updatePayment(stolen); }).code(),
            StatusCode::kNotFound);
  PaymentFilter f;
  auto page = list("m_b", f);
  ASSERT_TRUE(page.isOk());
  EXPECT_TRUE(page->payments.empty());
  EXPECT_EQ(find("m_a", "pay_1")->merchantId, "m_a");
}

TEST_P(StoreConformance, UpdatePaymentRewritesRowAndUpsertsTransactions) {
  Payment p = fullPayment("m_a", "pay_1", kT0);
  insert(p);

  Payment next = p;
  next.version = 2;
  next.status = domain::PaymentStatus::kPartiallySettled;
  next.amountRefunded = 200;
  next.updatedAt = at(kT0 + 100);
  next.statusReason.reset();
  next.card.reset();
  next.transactions[1].events[1].amount = 900;  // changed event
  next.transactions[1].events.push_back(
      TransactionEvent{"pay_1-ev3", domain::EventType::kCaptureSucceeded,
                       domain::Outcome::kSucceeded, "k3", 100, true, "pe_3", at(kT0 + 90)});
  Transaction refund;
  refund.id = "pay_1-tx3";
  refund.type = domain::TransactionType::kRefund;
  refund.status = domain::PaymentStatus::kSettled;
  refund.outcome = domain::Outcome::kSucceeded;
  refund.attemptKey = "rk";
  refund.amount = 200;
  refund.currencyCode = "EUR";
  refund.reason = "customer asked";
  refund.createdAt = at(kT0 + 95);
  refund.updatedAt = at(kT0 + 96);
  next.transactions.push_back(refund);
  ASSERT_TRUE(write([&](WriteTx& tx) { return tx.updatePayment(next); }).isOk());
  EXPECT_EQ(dump(*find("m_a", "pay_1")), dump(next));
}

TEST_P(StoreConformance, UpdatePaymentDetectsConcurrentModification) {
  Payment p = fullPayment("m_a", "pay_1", kT0);
  insert(p);
  Payment first = p;
  first.version = 2;
  first.orderId = "first";
  Payment second = p;  // also read at version 1
  second.version = 2;
  second.orderId = "second";
  ASSERT_TRUE(write([&](WriteTx& tx) { return tx.updatePayment(first); }).isOk());
  Status conflict = write([&](WriteTx& tx) { return tx.updatePayment(second); });
  EXPECT_EQ(conflict.code(), StatusCode::kFailedPrecondition);
  EXPECT_EQ(conflict.reason(), "ConcurrentModification");
  EXPECT_EQ(find("m_a", "pay_1")->orderId, "first");
  EXPECT_EQ(find("m_a", "pay_1")->version, 2);
}

TEST_P(StoreConformance, TransactionIdsCannotMoveBetweenPayments) {
  insert(fullPayment("m_a", "pay_1", kT0));
  Payment other = fullPayment("m_a", "pay_2", kT0 + 10);
  other.transactions[0].id = "pay_1-tx1";  // already belongs to pay_1
  EXPECT_EQ(write([&](WriteTx& tx) { return tx.insertPayment(other); }).code(),
            StatusCode::kAlreadyExists);
  EXPECT_EQ(find("m_a", "pay_2").status().code(), StatusCode::kNotFound);  // rolled back whole
  EXPECT_EQ(dump(*find("m_a", "pay_1")), dump(fullPayment("m_a", "pay_1", kT0)));
}

TEST_P(StoreConformance, ListPaymentsHonorsEveryFilter) {
  // Six payments of m_a at kT0 + i, plus one of m_b that no filter may return.
  std::vector<Payment> ps;
  for (int i = 0; i < 6; ++i) {
    Payment p = listed("m_a", "pay_" + std::to_string(i), kT0 + i * 1000);
    p.status = i % 2 == 0 ? domain::PaymentStatus::kSettled : domain::PaymentStatus::kDeclined;
    p.currencyCode = i < 3 ? "EUR" : "USD";
    p.processorName = i < 2 ? "STRIPE" : "TEST_PROCESSOR";
    p.customerId = "cust_" + std::to_string(i % 3);
    p.customerEmail = "c" + std::to_string(i % 3) + "@example.com";
    if (i != 5)
      p.card = domain::CardSummary{"411111", i == 1 ? "0005" : "1111", "01", "2030", "", "VISA"};
    p.orderId = i == 4 ? "special" : "order_" + std::to_string(i);
    p.amount = 100 * (i + 1);
    ps.push_back(p);
    insert(p);
  }
  Payment foreign = ps[0];
  foreign.id = "pay_other";
  foreign.merchantId = "m_b";
  insert(foreign);

  auto check = [&](const char* name, PaymentFilter f, std::vector<std::string> want) {
    auto page = list("m_a", f);
    ASSERT_TRUE(page.isOk()) << name << ": " << page.status().toString();
    EXPECT_EQ(ids(*page), want) << name;
  };
  PaymentFilter f;
  check("none", f, {"pay_5", "pay_4", "pay_3", "pay_2", "pay_1", "pay_0"});
  f = {};
  f.statuses = {domain::PaymentStatus::kDeclined};
  check("statuses", f, {"pay_5", "pay_3", "pay_1"});
  f = {};
  f.statuses = {domain::PaymentStatus::kDeclined, domain::PaymentStatus::kSettled};
  f.currencies = {"EUR"};
  check("statuses+currencies", f, {"pay_2", "pay_1", "pay_0"});
  f = {};
  f.processors = {"STRIPE"};
  check("processors", f, {"pay_1", "pay_0"});
  f = {};
  f.customerIds = {"cust_0", "cust_2"};
  check("customerIds", f, {"pay_5", "pay_3", "pay_2", "pay_0"});
  f = {};
  f.customerEmails = {"c1@example.com"};
  check("customerEmails", f, {"pay_4", "pay_1"});
  f = {};
  f.last4Digits = {"0005"};
  check("last4", f, {"pay_1"});
  f = {};
  f.orderId = "special";
  check("orderId", f, {"pay_4"});
  f = {};
  f.minAmount = 200;
  f.maxAmount = 400;
  check("amount range inclusive", f, {"pay_3", "pay_2", "pay_1"});
  f = {};
  f.fromDate = at(kT0 + 1000);
  f.toDate = at(kT0 + 3000);
  check("date range inclusive", f, {"pay_3", "pay_2", "pay_1"});
  f = {};
  f.currencies = {"JPY"};
  check("no match", f, {});
  f = {};
  f.statuses = {domain::PaymentStatus::kSettled};
  f.processors = {"TEST_PROCESSOR"};
  f.customerIds = {"cust_1", "cust_2"};
  check("combined", f, {"pay_4", "pay_2"});

  // Transactions come back with listed payments too.
  insert(fullPayment("m_a", "pay_full", kT0 + 10'000));
  f = {};
  f.limit = 1;
  auto page = list("m_a", f);
  ASSERT_TRUE(page.isOk());
  ASSERT_EQ(page->payments.size(), 1u);
  EXPECT_EQ(dump(page->payments[0]), dump(fullPayment("m_a", "pay_full", kT0 + 10'000)));
}

TEST_P(StoreConformance, ListPaymentsPagesBothWaysVisitingEachOnce) {
  // 23 payments; some share a created_at so the id breaks ties.
  std::vector<std::string> newestFirst;
  for (int i = 0; i < 23; ++i) {
    std::string id = "pay_" + std::string(1, static_cast<char>('a' + i));
    insert(listed("m_a", id, kT0 + (i / 3) * 10));
  }
  for (int i = 22; i >= 0; --i)
    newestFirst.push_back("pay_" + std::string(1, static_cast<char>('a' + i)));
  insert(listed("m_b", "pay_zz", kT0 + 5));

  auto keyOf = [](const Payment& p) { return PageKey{toMicros(p.createdAt), p.id}; };
  PaymentFilter f;
  f.limit = 5;
  std::vector<std::string> seen;
  std::vector<PaymentPage> pages;
  while (true) {
    auto page = list("m_a", f);
    ASSERT_TRUE(page.isOk()) << page.status().toString();
    EXPECT_EQ(page->hasNewer, !pages.empty());
    for (const auto& p : page->payments) seen.push_back(p.id);
    pages.push_back(*page);
    if (!page->hasOlder) break;
    f.olderThan = keyOf(page->payments.back());
    ASSERT_LT(pages.size(), 10u);
  }
  EXPECT_EQ(seen, newestFirst);
  EXPECT_EQ(pages.size(), 5u);
  EXPECT_EQ(pages.back().payments.size(), 3u);

  // Back again from the last page with newerThan: the same pages, in reverse.
  f.olderThan.reset();
  f.newerThan = keyOf(pages.back().payments.front());
  std::vector<std::string> back;
  for (int i = static_cast<int>(pages.size()) - 2; i >= 0; --i) {
    auto page = list("m_a", f);
    ASSERT_TRUE(page.isOk());
    EXPECT_EQ(ids(*page), ids(pages[i])) << "page " << i;
    EXPECT_TRUE(page->hasOlder);
    EXPECT_EQ(page->hasNewer, i > 0);
    for (auto it = page->payments.rbegin(); it != page->payments.rend(); ++it)
      back.push_back(it->id);
    f.newerThan = keyOf(page->payments.front());
  }
  std::vector<std::string> expectedBack(newestFirst.rbegin() + 3, newestFirst.rend());
  EXPECT_EQ(back, expectedBack);

  // Past either end: an empty page that points back.
  PaymentFilter past;
  past.newerThan = keyOf(pages[0].payments.front());
  auto beyond = list("m_a", past);
  ASSERT_TRUE(beyond.isOk());
  EXPECT_TRUE(beyond->payments.empty());
  EXPECT_FALSE(beyond->hasNewer);
  EXPECT_TRUE(beyond->hasOlder);

  PaymentFilter bad;
  bad.olderThan = PageKey{kT0, "x"};
  bad.newerThan = PageKey{kT0, "y"};
  EXPECT_EQ(list("m_a", bad).status().code(), StatusCode::kInvalidArgument);
}

TEST_P(StoreConformance, ListUnresolvedFindsInFlightAndUnknown) {
  Payment done = fullPayment("m_a", "pay_done", kT0);  // every outcome SUCCEEDED/DECLINED
  Payment inFlight = fullPayment("m_a", "pay_inflight", kT0);
  inFlight.updatedAt = at(kT0 + 20);
  inFlight.transactions[1].outcome = domain::Outcome::kInFlight;
  Payment unknownEvent = fullPayment("m_b", "pay_unknown_ev", kT0);
  unknownEvent.updatedAt = at(kT0 + 10);
  unknownEvent.transactions[1].events[1].outcome = domain::Outcome::kUnknown;
  Payment recent = fullPayment("m_a", "pay_recent", kT0);
  recent.updatedAt = at(kT0 + 1'000'000);
  recent.transactions[0].outcome = domain::Outcome::kUnknown;
  for (const auto& p : {done, inFlight, unknownEvent, recent}) insert(p);

  auto found = read([](ReadTx& tx) { return tx.listUnresolved(at(kT0 + 100), 10); });
  ASSERT_TRUE(found.isOk()) << found.status().toString();
  ASSERT_EQ(found->size(), 2u);
  EXPECT_EQ((*found)[0].paymentId, "pay_unknown_ev");  // oldest first
  EXPECT_EQ((*found)[0].merchantId, "m_b");
  EXPECT_EQ((*found)[1].paymentId, "pay_inflight");
  EXPECT_EQ(read([](ReadTx& tx) { return tx.listUnresolved(at(kT0 + 100), 1); })->size(), 1u);

  // Resolving the outcome takes it off the list.
  Payment resolved = inFlight;
  resolved.version = 2;
  resolved.transactions[1].outcome = domain::Outcome::kSucceeded;
  ASSERT_TRUE(write([&](WriteTx& tx) { return tx.updatePayment(resolved); }).isOk());
  found = read([](ReadTx& tx) { return tx.listUnresolved(at(kT0 + 2'000'000), 10); });
  ASSERT_TRUE(found.isOk());
  std::set<std::string> left;
  for (const auto& u : *found) left.insert(u.paymentId);
  EXPECT_EQ(left, (std::set<std::string>{"pay_unknown_ev", "pay_recent"}));
}

TEST_P(StoreConformance, ListCapturesDueFindsScheduledCapturesEarliestFirst) {
  Payment none = fullPayment("m_a", "pay_none", kT0);
  none.captureDueAt.reset();
  Payment later = fullPayment("m_a", "pay_later", kT0);
  later.captureDueAt = at(kT0 + 500);
  Payment sooner = fullPayment("m_b", "pay_sooner", kT0);
  sooner.captureDueAt = at(kT0 + 100);
  Payment future = fullPayment("m_a", "pay_future", kT0);
  future.captureDueAt = at(kT0 + 10'000);
  for (const auto& p : {none, later, sooner, future}) insert(p);

  auto due = read([](ReadTx& tx) { return tx.listCapturesDue(at(kT0 + 500), 10); });
  ASSERT_TRUE(due.isOk()) << due.status().toString();
  ASSERT_EQ(due->size(), 2u);
  EXPECT_EQ((*due)[0].paymentId, "pay_sooner");
  EXPECT_EQ((*due)[0].merchantId, "m_b");
  EXPECT_EQ((*due)[1].paymentId, "pay_later");
  EXPECT_EQ(read([](ReadTx& tx) { return tx.listCapturesDue(at(kT0 + 500), 1); })->size(), 1u);

  // Clearing the due time (the capture ran) takes it off the list.
  Payment captured = sooner;
  captured.version = 2;
  captured.captureDueAt.reset();
  ASSERT_TRUE(write([&](WriteTx& tx) { return tx.updatePayment(captured); }).isOk());
  due = read([](ReadTx& tx) { return tx.listCapturesDue(at(kT0 + 500), 10); });
  ASSERT_TRUE(due.isOk());
  ASSERT_EQ(due->size(), 1u);
  EXPECT_EQ((*due)[0].paymentId, "pay_later");
  EXPECT_FALSE(find("m_b", "pay_sooner")->captureDueAt.has_value());
}

TEST_P(StoreConformance, RoutingIsUpdatedWithThePayment) {
  Payment p = listed("m_a", "pay_r", kT0);
  insert(p);
  EXPECT_FALSE(find("m_a", "pay_r")->routing.has_value());
  Payment next = fullPayment("m_a", "pay_r", kT0);
  next.transactions.clear();
  next.version = 2;
  ASSERT_TRUE(write([&](WriteTx& tx) { return tx.updatePayment(next); }).isOk());
  auto found = find("m_a", "pay_r");
  ASSERT_TRUE(found.isOk()) << found.status().toString();
  ASSERT_TRUE(found->routing.has_value());
  EXPECT_EQ(found->routing->created->workflow.version, 7);
  EXPECT_EQ(dump(*found), dump(next));
}

// ---- webhooks ----

NotificationConfig config(const std::string& merchant, const std::string& id, int64_t created) {
  NotificationConfig c;
  c.id = id;
  c.merchantId = merchant;
  c.url = "http://127.0.0.1:9/hooks/" + id;
  c.description = "orders service";
  c.eventTypes = {"PAYMENT.STATUS", "PAYMENT.REFUND"};
  c.secretSealed = kBinary;
  c.createdAt = c.updatedAt = at(created);
  return c;
}

NotificationEvent event(const std::string& merchant, const std::string& id, int64_t created,
                        const std::string& paymentId = "pay_1") {
  return NotificationEvent{id, merchant, "PAYMENT.STATUS", paymentId,
                           R"({"id":")" + paymentId + R"(","status":"AUTHORIZED"})", at(created)};
}

NotificationDelivery delivery(const NotificationEvent& e, const std::string& id,
                              const std::string& configId, int64_t due) {
  NotificationDelivery d;
  d.id = id;
  d.eventId = e.id;
  d.merchantId = e.merchantId;
  d.configId = configId;
  d.nextAttemptAt = at(due);
  d.createdAt = d.updatedAt = e.createdAt;
  return d;
}

std::string dump(const NotificationConfig& c) {
  std::ostringstream o;
  o << c.id << "|" << c.merchantId << "|" << c.url << "|" << c.description << "|";
  for (const auto& t : c.eventTypes) o << t << ",";
  o << "|" << c.secretSealed << "|" << c.previousSecretSealed << "|"
    << (c.previousSecretExpiresAt ? std::to_string(toMicros(*c.previousSecretExpiresAt)) : "-")
    << "|" << toMicros(c.createdAt) << "|" << toMicros(c.updatedAt);
  return o.str();
}

std::vector<std::string> deliveryIds(const std::vector<NotificationDelivery>& ds) {
  std::vector<std::string> out;
  for (const auto& d : ds) out.push_back(d.id);
  std::sort(out.begin(), out.end());
  return out;
}

TEST_P(StoreConformance, NotificationConfigsRoundTripScopedUpdateAndDelete) {
  NotificationConfig a = config("m_a", "nc_1", kT0);
  NotificationConfig b = config("m_a", "nc_2", kT0 + 1);
  b.eventTypes = {"PAYMENT.STATUS"};
  NotificationConfig other = config("m_b", "nc_3", kT0);
  for (const auto* c : {&a, &b, &other})
    ASSERT_TRUE(write([&](WriteTx& tx) { return tx.insertNotificationConfig(*c); }).isOk());
  EXPECT_EQ(write([&](WriteTx& tx) { return tx.insertNotificationConfig(a); }).code(),
            StatusCode::kAlreadyExists);

  auto listed = read([](ReadTx& tx) { return tx.listNotificationConfigs("m_a"); });
  ASSERT_TRUE(listed.isOk()) << listed.status().toString();
  ASSERT_EQ(listed->size(), 2u);
  EXPECT_EQ(dump((*listed)[0]), dump(a));
  EXPECT_EQ(dump((*listed)[1]), dump(b));
  EXPECT_EQ(read([](ReadTx& tx) { return tx.findNotificationConfig("m_b", "nc_1"); })
                .status()
                .code(),
            StatusCode::kNotFound);

  // A rotation: the new secret, the previous one with its expiry.
  NotificationConfig rotated = a;
  rotated.previousSecretSealed = a.secretSealed;
  rotated.secretSealed = "new-sealed-secret";
  rotated.previousSecretExpiresAt = at(kT0 + 86'400'000'000);
  rotated.url = "https://example.com/hooks";
  rotated.updatedAt = at(kT0 + 7);
  ASSERT_TRUE(write([&](WriteTx& tx) { return tx.updateNotificationConfig(rotated); }).isOk());
  auto found = read([](ReadTx& tx) { return tx.findNotificationConfig("m_a", "nc_1"); });
  ASSERT_TRUE(found.isOk());
  EXPECT_EQ(dump(*found), dump(rotated));
  NotificationConfig foreign = rotated;
  foreign.merchantId = "m_b";
  EXPECT_EQ(write([&](WriteTx& tx) { return tx.updateNotificationConfig(foreign); }).code(),
            StatusCode::kNotFound);

  EXPECT_EQ(write([&](WriteTx& tx) { return tx.deleteNotificationConfig("m_b", "nc_1", at(kT0)); })
                .code(),
            StatusCode::kNotFound);
  ASSERT_TRUE(
      write([&](WriteTx& tx) { return tx.deleteNotificationConfig("m_a", "nc_1", at(kT0)); }).isOk());
  EXPECT_EQ(read([](ReadTx& tx) { return tx.listNotificationConfigs("m_a"); })->size(), 1u);
}

TEST_P(StoreConformance, OutboxEventsAndDeliveriesAreScopedAndListed) {
  NotificationEvent e1 = event("m_a", "evt_1", kT0, "pay_1");
  NotificationEvent e2 = event("m_a", "evt_2", kT0 + 10, "pay_2");
  NotificationEvent e3 = event("m_a", "evt_3", kT0 + 20, "pay_1");
  NotificationEvent foreign = event("m_b", "evt_4", kT0 + 5, "pay_9");
  ASSERT_TRUE(write([&](WriteTx& tx) -> Status {
                for (const auto* e : {&e1, &e2, &e3, &foreign})
                  SY_RETURN_IF_ERROR(tx.insertNotificationEvent(*e));
                SY_RETURN_IF_ERROR(tx.insertNotificationDelivery(delivery(e1, "dl_1", "nc_1", kT0)));
                return tx.insertNotificationDelivery(delivery(e1, "dl_2", "nc_2", kT0));
              }).isOk());
  EXPECT_EQ(write([&](WriteTx& tx) { return tx.insertNotificationEvent(e1); }).code(),
            StatusCode::kAlreadyExists);

  auto found = read([](ReadTx& tx) { return tx.findNotificationEvent("m_a", "evt_1"); });
  ASSERT_TRUE(found.isOk());
  EXPECT_EQ(found->payloadJson, e1.payloadJson);
  EXPECT_EQ(found->eventType, "PAYMENT.STATUS");
  EXPECT_EQ(found->paymentId, "pay_1");
  EXPECT_EQ(found->createdAt, e1.createdAt);
  EXPECT_EQ(read([](ReadTx& tx) { return tx.findNotificationEvent("m_b", "evt_1"); })
                .status()
                .code(),
            StatusCode::kNotFound);

  auto ids = [](const Result<std::vector<NotificationEvent>>& r) {
    std::vector<std::string> out;
    for (const auto& e : *r) out.push_back(e.id);
    return out;
  };
  NotificationEventFilter all;
  EXPECT_EQ(ids(read([&](ReadTx& tx) { return tx.listNotificationEvents("m_a", all); })),
            (std::vector<std::string>{"evt_1", "evt_2", "evt_3"}));
  NotificationEventFilter range;
  range.from = at(kT0 + 10);
  range.to = at(kT0 + 20);
  EXPECT_EQ(ids(read([&](ReadTx& tx) { return tx.listNotificationEvents("m_a", range); })),
            (std::vector<std::string>{"evt_2", "evt_3"}));
  NotificationEventFilter byPayment;
  byPayment.paymentId = "pay_1";
  byPayment.limit = 1;
  EXPECT_EQ(ids(read([&](ReadTx& tx) { return tx.listNotificationEvents("m_a", byPayment); })),
            (std::vector<std::string>{"evt_1"}));

  auto ds = read([](ReadTx& tx) { return tx.listDeliveries("m_a", "evt_1"); });
  ASSERT_TRUE(ds.isOk());
  EXPECT_EQ(deliveryIds(*ds), (std::vector<std::string>{"dl_1", "dl_2"}));
  EXPECT_EQ((*ds)[0].state, DeliveryState::kPending);
  EXPECT_TRUE(read([](ReadTx& tx) { return tx.listDeliveries("m_b", "evt_1"); })->empty());
}

TEST_P(StoreConformance, ClaimsAreExclusiveExpireAndBoundEachReceiver) {
  NotificationEvent e = event("m_a", "evt_1", kT0);
  ASSERT_TRUE(write([&](WriteTx& tx) -> Status {
                SY_RETURN_IF_ERROR(tx.insertNotificationEvent(e));
                // Receiver nc_slow has five due deliveries, nc_fast two; one is not due yet.
                for (int i = 0; i < 5; ++i)
                  SY_RETURN_IF_ERROR(tx.insertNotificationDelivery(
                      delivery(e, "dl_slow_" + std::to_string(i), "nc_slow", kT0 + i)));
                SY_RETURN_IF_ERROR(tx.insertNotificationDelivery(delivery(e, "dl_fast_0", "nc_fast", kT0 + 3)));
                SY_RETURN_IF_ERROR(tx.insertNotificationDelivery(delivery(e, "dl_fast_1", "nc_fast", kT0 + 4)));
                return tx.insertNotificationDelivery(delivery(e, "dl_later", "nc_fast", kT0 + 1'000'000));
              }).isOk());
  auto claim = [&](const std::string& owner, int64_t now, int limit, int perReceiver) {
    DeliveryClaim c{owner, at(now), at(now + 60'000'000), limit, perReceiver};
    Result<std::vector<NotificationDelivery>> out = internalError("not run");
    Status st = write([&](WriteTx& tx) -> Status {
      out = tx.claimDeliveries(c);
      return out.status();
    });
    EXPECT_TRUE(st.isOk()) << st.toString();
    return out;
  };

  auto first = claim("node-a:1", kT0 + 100, 10, 2);
  ASSERT_TRUE(first.isOk()) << first.status().toString();
  // At most two per receiver, oldest due first; the future one is not due.
  EXPECT_EQ(deliveryIds(*first),
            (std::vector<std::string>{"dl_fast_0", "dl_fast_1", "dl_slow_0", "dl_slow_1"}));
  // Another owner gets nothing: every receiver is at its bound, counting node-a's claims.
  EXPECT_TRUE(claim("node-b:1", kT0 + 200, 10, 2)->empty());
  // With a higher bound node-b gets the rest of the slow receiver, never a claimed one.
  EXPECT_EQ(deliveryIds(*claim("node-b:2", kT0 + 300, 10, 5)),
            (std::vector<std::string>{"dl_slow_2", "dl_slow_3", "dl_slow_4"}));

  // Finishing needs the claim: a stranger writes nothing.
  DeliveryResult r;
  r.deliveryId = "dl_fast_0";
  r.owner = "node-b:2";
  r.state = DeliveryState::kDelivered;
  r.attempt = DeliveryAttempt{"dl_fast_0", 1, at(kT0 + 400), 1500, 204, true, ""};
  Status lost = write([&](WriteTx& tx) { return tx.finishDeliveryAttempt(r); });
  EXPECT_EQ(lost.reason(), "DeliveryClaimLost");
  r.owner = "node-a:1";
  ASSERT_TRUE(write([&](WriteTx& tx) { return tx.finishDeliveryAttempt(r); }).isOk());
  // A failed attempt goes back to pending with its next time; the claim is released.
  DeliveryResult retry;
  retry.deliveryId = "dl_slow_0";
  retry.owner = "node-a:1";
  retry.state = DeliveryState::kPending;
  retry.nextAttemptAt = at(kT0 + 500);
  retry.attempt = DeliveryAttempt{"dl_slow_0", 1, at(kT0 + 400), 10'000'000, std::nullopt, false,
                                  "timed out"};
  ASSERT_TRUE(write([&](WriteTx& tx) { return tx.finishDeliveryAttempt(retry); }).isOk());

  auto ds = read([](ReadTx& tx) { return tx.listDeliveries("m_a", "evt_1"); });
  ASSERT_TRUE(ds.isOk());
  for (const auto& d : *ds) {
    if (d.id == "dl_fast_0") {
      EXPECT_EQ(d.state, DeliveryState::kDelivered);
      EXPECT_EQ(d.attempts, 1);
      EXPECT_EQ(d.lastStatusCode, std::optional<int64_t>(204));
    }
    if (d.id == "dl_slow_0") {
      EXPECT_EQ(d.state, DeliveryState::kPending);
      EXPECT_EQ(d.attempts, 1);
      EXPECT_EQ(d.nextAttemptAt, at(kT0 + 500));
      EXPECT_EQ(d.lastError, "timed out");
      EXPECT_FALSE(d.lastStatusCode.has_value());
    }
  }
  auto attempts = read([](ReadTx& tx) { return tx.listDeliveryAttempts("m_a", "evt_1"); });
  ASSERT_TRUE(attempts.isOk()) << attempts.status().toString();
  ASSERT_EQ(attempts->size(), 2u);
  EXPECT_TRUE(read([](ReadTx& tx) { return tx.listDeliveryAttempts("m_b", "evt_1"); })->empty());

  // Claims expire: after the lease every undelivered one is claimable again, once.
  auto again = claim("node-c:1", kT0 + 61'000'000, 20, 10);
  EXPECT_EQ(deliveryIds(*again),
            (std::vector<std::string>{"dl_fast_1", "dl_later", "dl_slow_0", "dl_slow_1",
                                      "dl_slow_2", "dl_slow_3", "dl_slow_4"}));
  // The old owner lost it.
  DeliveryResult stale = retry;
  stale.deliveryId = "dl_slow_1";
  stale.attempt.deliveryId = "dl_slow_1";
  EXPECT_EQ(write([&](WriteTx& tx) { return tx.finishDeliveryAttempt(stale); }).reason(),
            "DeliveryClaimLost");

  // Deleting the configuration dead-letters what it still had pending.
  ASSERT_TRUE(write([&](WriteTx& tx) -> Status {
                SY_RETURN_IF_ERROR(tx.insertNotificationConfig(config("m_a", "nc_slow", kT0)));
                return tx.deleteNotificationConfig("m_a", "nc_slow", at(kT0 + 62'000'000));
              }).isOk());
  auto afterDelete = read([](ReadTx& tx) { return tx.listDeliveries("m_a", "evt_1"); });
  ASSERT_TRUE(afterDelete.isOk());
  for (const auto& d : *afterDelete) {
    if (d.configId == "nc_slow") {
      EXPECT_EQ(d.state, DeliveryState::kDead) << d.id;
      EXPECT_EQ(d.lastError, "notification configuration deleted");
    }
  }
}

TEST_P(StoreConformance, InboundLookupsAndReceipts) {
  Connection c{"conn_x", "m_a", "ADYEN", "adyen-main", "", "sealed", true, at(kT0)};
  ASSERT_TRUE(write([&](WriteTx& tx) { return tx.insertConnection(c); }).isOk());
  auto conn = read([](ReadTx& tx) { return tx.findConnectionById("conn_x"); });
  ASSERT_TRUE(conn.isOk());
  EXPECT_EQ(conn->merchantId, "m_a");
  EXPECT_EQ(read([](ReadTx& tx) { return tx.findConnectionById("conn_y"); }).status().code(),
            StatusCode::kNotFound);

  insert(fullPayment("m_a", "pay_1", kT0));  // its transactions: ch_1 and tp_2
  auto id = read([](ReadTx& tx) { return tx.findPaymentIdByProcessorTransaction("m_a", "tp_2"); });
  ASSERT_TRUE(id.isOk());
  EXPECT_EQ(*id, "pay_1");
  EXPECT_EQ(read([](ReadTx& tx) { return tx.findPaymentIdByProcessorTransaction("m_b", "tp_2"); })
                .status()
                .code(),
            StatusCode::kNotFound);
  EXPECT_EQ(read([](ReadTx& tx) { return tx.findPaymentIdByProcessorTransaction("m_a", ""); })
                .status()
                .code(),
            StatusCode::kNotFound);

  ProcessorWebhookReceipt r{"conn_x", "CAPTURE:psp1:true", "pay_1", at(kT0)};
  ASSERT_TRUE(write([&](WriteTx& tx) { return tx.insertProcessorWebhookReceipt(r); }).isOk());
  EXPECT_EQ(write([&](WriteTx& tx) { return tx.insertProcessorWebhookReceipt(r); }).code(),
            StatusCode::kAlreadyExists);
  r.connectionId = "conn_other";
  EXPECT_TRUE(write([&](WriteTx& tx) { return tx.insertProcessorWebhookReceipt(r); }).isOk());
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
