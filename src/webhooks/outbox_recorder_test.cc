// The outbox recorder against a real SQLite store: which events a payment change causes, that
// they commit with the change or not at all, and one delivery per subscribed configuration.
#include "webhooks/outbox_recorder.h"

#include <boost/json.hpp>

#include <gtest/gtest.h>

#include <atomic>
#include <filesystem>

#include "store/sqlite/sqlite_store.h"
#include "webhooks/event_types.h"

namespace sy::webhooks {
namespace {
using domain::Payment;
using domain::PaymentStatus;
using domain::Transaction;
using domain::TransactionType;

// Each reading is one microsecond later than the previous one: events get distinct times.
class SteppingClock final : public Clock {
 public:
  TimePoint now() const override { return fromMicros(1'700'000'000'000'000 + ++ticks_); }

 private:
  mutable std::atomic<int64_t> ticks_{0};
};

Payment payment(PaymentStatus status) {
  Payment p;
  p.id = "pay_1";
  p.merchantId = "m_a";
  p.status = status;
  p.orderId = "order-1";
  p.amount = 500;
  p.currencyCode = "EUR";
  p.version = 1;
  return p;
}

Transaction refund(const std::string& id, PaymentStatus status) {
  Transaction t;
  t.id = id;
  t.type = TransactionType::kRefund;
  t.status = status;
  t.amount = 100;
  return t;
}

TEST(EventTypesFor, StatusChangesAndRefundsThatBecomeFinal) {
  Payment created = payment(PaymentStatus::kPending);
  EXPECT_EQ(eventTypesFor(nullptr, created), std::vector<std::string_view>{kPaymentStatus});
  Payment authorized = payment(PaymentStatus::kAuthorized);
  EXPECT_EQ(eventTypesFor(&created, authorized), std::vector<std::string_view>{kPaymentStatus});
  EXPECT_TRUE(eventTypesFor(&authorized, authorized).empty());

  Payment settled = payment(PaymentStatus::kSettled);
  Payment refunding = settled;
  refunding.transactions.push_back(refund("r1", PaymentStatus::kPending));
  EXPECT_TRUE(eventTypesFor(&settled, refunding).empty());  // not final yet
  Payment refunded = settled;
  refunded.transactions.push_back(refund("r1", PaymentStatus::kSettled));
  EXPECT_EQ(eventTypesFor(&refunding, refunded), std::vector<std::string_view>{kPaymentRefund});
  EXPECT_TRUE(eventTypesFor(&refunded, refunded).empty());  // once
  Payment second = refunded;
  second.transactions.push_back(refund("r2", PaymentStatus::kFailed));
  EXPECT_EQ(eventTypesFor(&refunded, second), std::vector<std::string_view>{kPaymentRefund});
}

class OutboxRecorderTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("sy-outbox-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
    store::SqliteOptions o;
    o.path = (dir_ / "store.db").string();
    auto s = store::openSqliteStore(o);
    ASSERT_TRUE(s.isOk()) << s.status().toString();
    store_ = std::move(*s);
  }
  void TearDown() override {
    store_->close();
    std::filesystem::remove_all(dir_);
  }
  void addConfig(const std::string& id, std::vector<std::string> types) {
    store::NotificationConfig c;
    c.id = id;
    c.merchantId = "m_a";
    c.url = "http://127.0.0.1:1/" + id;
    c.eventTypes = std::move(types);
    c.secretSealed = "sealed";
    ASSERT_TRUE(store::writeSync(*store_, [&](store::WriteTx& tx) {
                  return tx.insertNotificationConfig(c);
                }).isOk());
  }
  std::vector<store::NotificationEvent> events() {
    std::vector<store::NotificationEvent> out;
    store::readSync(*store_, [&](store::ReadTx& tx) {
      out = *tx.listNotificationEvents("m_a", store::NotificationEventFilter{});
    });
    return out;
  }
  size_t deliveriesOf(const std::string& eventId) {
    size_t n = 0;
    store::readSync(*store_, [&](store::ReadTx& tx) { n = tx.listDeliveries("m_a", eventId)->size(); });
    return n;
  }

  std::filesystem::path dir_;
  std::unique_ptr<store::Store> store_;
  SteppingClock clock_;
  int wakes_ = 0;
  OutboxRecorder recorder_{[](const Payment& p) {
                             return R"({"id":")" + p.id + R"(","status":")" +
                                    std::string(domain::toString(p.status)) + R"("})";
                           },
                           clock_, [this] { ++wakes_; }};
};

TEST_F(OutboxRecorderTest, RecordsNothingWithoutASubscribedConfiguration) {
  addConfig("nc_disputes", {"DISPUTE.OPENED"});
  Payment p = payment(PaymentStatus::kPending);
  ASSERT_TRUE(store::writeSync(*store_, [&](store::WriteTx& tx) -> Status {
                SY_RETURN_IF_ERROR(recorder_.beforePaymentWrite(tx, p, true));
                return tx.insertPayment(p);
              }).isOk());
  EXPECT_TRUE(events().empty());
  EXPECT_EQ(wakes_, 0);
}

TEST_F(OutboxRecorderTest, EventsCommitWithTheChangeOneDeliveryPerSubscriber) {
  addConfig("nc_all", {"PAYMENT.STATUS", "PAYMENT.REFUND"});
  addConfig("nc_status", {"PAYMENT.STATUS"});
  addConfig("nc_other", {"DISPUTE.OPENED"});
  Payment p = payment(PaymentStatus::kPending);
  ASSERT_TRUE(store::writeSync(*store_, [&](store::WriteTx& tx) -> Status {
                SY_RETURN_IF_ERROR(recorder_.beforePaymentWrite(tx, p, true));
                return tx.insertPayment(p);
              }).isOk());
  Payment authorized = p;
  authorized.status = PaymentStatus::kAuthorized;
  authorized.version = 2;
  ASSERT_TRUE(store::writeSync(*store_, [&](store::WriteTx& tx) -> Status {
                SY_RETURN_IF_ERROR(recorder_.beforePaymentWrite(tx, authorized, false));
                return tx.updatePayment(authorized);
              }).isOk());
  // A unit that fails after recording rolls its events back with it.
  Payment settled = authorized;
  settled.status = PaymentStatus::kSettled;
  settled.version = 3;
  Status failed = store::writeSync(*store_, [&](store::WriteTx& tx) -> Status {
    SY_RETURN_IF_ERROR(recorder_.beforePaymentWrite(tx, settled, false));
    return internalError("the payment write failed");
  });
  EXPECT_FALSE(failed.isOk());

  auto recorded = events();
  ASSERT_EQ(recorded.size(), 2u);
  EXPECT_EQ(recorded[0].eventType, "PAYMENT.STATUS");
  EXPECT_EQ(recorded[0].payloadJson, R"({"id":"pay_1","status":"PENDING"})");
  EXPECT_EQ(recorded[1].payloadJson, R"({"id":"pay_1","status":"AUTHORIZED"})");
  EXPECT_NE(recorded[0].id, recorded[1].id);
  EXPECT_EQ(deliveriesOf(recorded[0].id), 2u);  // nc_all and nc_status
  EXPECT_EQ(wakes_, 3);
}

store::Dispute dispute() {
  store::Dispute d;
  d.id = "dsp_1";
  d.merchantId = "m_a";
  d.processor = "ADYEN";
  d.processorDisputeId = "psp_cb_1";
  d.paymentId = "pay_1";
  d.transactionId = "tx_1";
  d.type = "DISPUTE";
  d.status = "OPEN";
  d.amount = 500;
  d.currencyCode = "EUR";
  return d;
}

TEST_F(OutboxRecorderTest, DisputesGoOnlyToTheirSubscribers) {
  addConfig("nc_status", {"PAYMENT.STATUS"});
  addConfig("nc_disputes", {"DISPUTE.OPENED"});
  Payment p = payment(PaymentStatus::kSettled);
  store::Dispute d = dispute();
  ASSERT_TRUE(store::writeSync(*store_, [&](store::WriteTx& tx) {
                SY_RETURN_IF_ERROR(recorder_.disputeOpened(tx, p, d));
                // Nobody subscribed to DISPUTE.STATUS: nothing recorded for it.
                return recorder_.disputeStatusChanged(tx, p, d);
              }).isOk());
  auto recorded = events();
  ASSERT_EQ(recorded.size(), 1u);
  EXPECT_EQ(recorded[0].eventType, "DISPUTE.OPENED");
  EXPECT_NE(recorded[0].payloadJson.find(R"("processorDisputeId":"psp_cb_1")"), std::string::npos);
  EXPECT_NE(recorded[0].payloadJson.find(R"("primerAccountId":"m_a")"), std::string::npos);
  EXPECT_EQ(deliveriesOf(recorded[0].id), 1u);
}

TEST_F(OutboxRecorderTest, ADisputeStatusCarriesPrimersMembers) {
  addConfig("nc_disputes", {"DISPUTE.OPENED", "DISPUTE.STATUS"});
  Payment p = payment(PaymentStatus::kSettled);
  store::Dispute d = dispute();
  d.status = "WON";
  ASSERT_TRUE(store::writeSync(*store_, [&](store::WriteTx& tx) {
                return recorder_.disputeStatusChanged(tx, p, d);
              }).isOk());
  auto recorded = events();
  ASSERT_EQ(recorded.size(), 1u);
  EXPECT_EQ(recorded[0].eventType, "DISPUTE.STATUS");
  boost::json::object o = boost::json::parse(recorded[0].payloadJson).as_object();
  EXPECT_EQ(o.at("status"), "WON");
  EXPECT_EQ(o.at("type"), "DISPUTE");
  EXPECT_EQ(o.at("processor"), "ADYEN");  // in the spec's enum
  EXPECT_EQ(o.at("processorDisputeId"), "psp_cb_1");
  EXPECT_EQ(o.at("paymentId").as_string(), p.id);
  EXPECT_EQ(o.at("transactionId"), "tx_1");
  EXPECT_EQ(o.at("amount"), 500);
  EXPECT_EQ(o.at("currency"), "EUR");
  EXPECT_TRUE(o.contains("receivedAt"));

  // A processor outside the spec's enum is named by processorId only.
  d.processor = "STRIPE";
  boost::json::object stripe = boost::json::parse(disputeStatusPayload(p, d)).as_object();
  EXPECT_FALSE(stripe.contains("processor"));
  EXPECT_EQ(stripe.at("processorId"), "STRIPE");
}

}  // namespace
}  // namespace sy::webhooks
