// The store conformance suite's fixture and helpers, shared by its files (store_conformance*_test.cc):
// every store::Store backend must pass the suite unchanged. It is value-parameterized over the
// backends of store/store_test_backends.h (SQLite and PostgreSQL).
#pragma once

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

namespace sy::store::conformance {

using domain::Payment;
using domain::Transaction;
using domain::TransactionEvent;

using testing::Backend;
using testing::backends;

// Timestamps are stored with microsecond precision, so fixtures use whole microseconds.
inline TimePoint at(int64_t micros) {
  return fromMicros(micros);
}
constexpr int64_t kT0 = 1'700'000'000'000'000;

// ---- canonical dumps: one line per field, so a failed comparison shows which field differs ----

inline std::string dump(const std::optional<domain::StatusReason>& r) {
  if (!r) return "none";
  std::ostringstream o;
  o << domain::toString(r->type) << "|"
    << (r->declineType ? domain::toString(*r->declineType) : "-") << "|"
    << (r->code ? domain::toString(*r->code) : "-") << "|"
    << (r->advisedAction ? domain::toString(*r->advisedAction) : "-") << "|" << r->message << "|"
    << r->processorCode;
  return o.str();
}

inline std::string dump(const domain::CardSummary& c) {
  return c.first6 + "|" + c.last4 + "|" + c.expirationMonth + "|" + c.expirationYear + "|" +
         c.cardholderName + "|" + c.network;
}

inline std::string dump(const Payment& p) {
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
    << "\ncaptureDue=" << (p.captureDueAt ? std::to_string(toMicros(*p.captureDueAt)) : "none")
    << "\nthreeDs=" << domain::threeDsToJson(p.threeDs);
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

inline std::string dump(const CardToken& t) {
  std::ostringstream o;
  o << t.token << "|" << t.merchantId << "|" << t.clientSessionId << "|" << t.tokenType << "|"
    << t.panSealed << "|" << dump(t.card) << "|" << toMicros(t.createdAt) << "|"
    << toMicros(t.expiresAt) << "|" << (t.usedAt ? std::to_string(toMicros(*t.usedAt)) : "-")
    << "|" << t.dekWrapped << "|" << t.kekId << "|" << t.customerId << "|" << t.isDefault << "|"
    << (t.deletedAt ? std::to_string(toMicros(*t.deletedAt)) : "-") << "|" << t.vaultedFrom;
  return o.str();
}

inline std::string dump(const ClientSession& s) {
  std::ostringstream o;
  o << s.id << "|" << s.merchantId << "|" << s.tokenHash << "|" << s.orderId << "|"
    << s.currencyCode << "|" << (s.amount ? std::to_string(*s.amount) : "-") << "|" << s.customerId
    << "|" << s.customerJson << "|" << s.orderJson << "|" << s.metadataJson << "|"
    << s.paymentMethodJson << "|" << toMicros(s.createdAt) << "|" << toMicros(s.updatedAt) << "|"
    << toMicros(s.expiresAt);
  return o.str();
}

inline std::string dump(const Connection& c) {
  std::ostringstream o;
  o << c.id << "|" << c.merchantId << "|" << c.processor << "|" << c.processorMerchantId << "|"
    << c.baseUrl << "|" << c.credentialsSealed << "|" << c.isDefault << "|"
    << toMicros(c.createdAt);
  return o.str();
}

inline std::string dump(const IdempotencyRecord& r) {
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
inline Payment fullPayment(const std::string& merchant, const std::string& id, int64_t created) {
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
inline Payment listed(const std::string& merchant, const std::string& id, int64_t created) {
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

inline std::vector<std::string> ids(const PaymentPage& page) {
  std::vector<std::string> out;
  for (const auto& p : page.payments) out.push_back(p.id);
  return out;
}

}  // namespace sy::store::conformance
