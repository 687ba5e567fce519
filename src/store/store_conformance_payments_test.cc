// The store conformance suite (store_conformance.h): payments, listing, the sweep's queries, routing.
#include "store/store_conformance.h"

namespace sy::store {
namespace {

using namespace conformance;  // NOLINT: the suite's fixture and helpers
using domain::Payment;
using domain::Transaction;
using domain::TransactionEvent;

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

}  // namespace
}  // namespace sy::store
