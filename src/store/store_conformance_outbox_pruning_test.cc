// The store conformance suite (store_conformance.h): outbox retention (pruneWebhookOutbox).
#include "store/store_conformance.h"

namespace sy::store {
namespace {

using namespace conformance;  // NOLINT: the suite's fixture and helpers

class OutboxPruning : public StoreConformance {
 protected:
  void addEvent(const std::string& id, int64_t created) {
    NotificationEvent e{id, "m_a", "PAYMENT.STATUS", "pay_1", R"({"id":"pay_1"})", at(created)};
    ASSERT_TRUE(write([&](WriteTx& tx) { return tx.insertNotificationEvent(e); }).isOk()) << id;
  }
  void addDelivery(const std::string& eventId, DeliveryState state, int64_t created) {
    NotificationDelivery d;
    d.id = "dlv_" + eventId;
    d.eventId = eventId;
    d.merchantId = "m_a";
    d.configId = "nc_1";
    d.state = state;
    d.nextAttemptAt = d.createdAt = d.updatedAt = at(created);
    ASSERT_TRUE(write([&](WriteTx& tx) { return tx.insertNotificationDelivery(d); }).isOk());
  }
  // A delivery that went through the dispatcher's claim and one delivered attempt.
  void deliverOnce(const std::string& eventId, int64_t created) {
    addDelivery(eventId, DeliveryState::kPending, created);
    DeliveryClaim claim{"node-a:1", at(created + 1), at(created + 60'000'000), 100, 100};
    Result<std::vector<NotificationDelivery>> claimed = internalError("not run");
    ASSERT_TRUE(write([&](WriteTx& tx) -> Status {
                  claimed = tx.claimDeliveries(claim);
                  return claimed.status();
                }).isOk());
    DeliveryResult r;
    r.deliveryId = "dlv_" + eventId;
    r.owner = "node-a:1";
    r.state = DeliveryState::kDelivered;
    r.attempt = DeliveryAttempt{r.deliveryId, 1, at(created + 1), 1000, 200, true, ""};
    ASSERT_TRUE(write([&](WriteTx& tx) { return tx.finishDeliveryAttempt(r); }).isOk());
  }
  OutboxPruned prune(int64_t deliveredBefore, int64_t deadBefore, int limit) {
    Result<OutboxPruned> out = internalError("not run");
    EXPECT_TRUE(write([&](WriteTx& tx) -> Status {
                  out = tx.pruneWebhookOutbox({at(deliveredBefore), at(deadBefore), limit});
                  return out.status();
                }).isOk())
        << out.status().toString();
    return out.isOk() ? *out : OutboxPruned{-1, -1};
  }
  bool exists(const std::string& eventId) {
    return read([&](ReadTx& tx) { return tx.findNotificationEvent("m_a", eventId); }).isOk();
  }
};

TEST_P(OutboxPruning, DeletesOldSettledEventsInBatchesAndNeverAPendingOne) {
  const int64_t hour = 3'600'000'000;
  addEvent("evt_dead_ancient", kT0 - 100 * hour);
  addDelivery("evt_dead_ancient", DeliveryState::kDead, kT0 - 100 * hour);
  addEvent("evt_delivered", kT0);
  deliverOnce("evt_delivered", kT0);
  addEvent("evt_unsubscribed", kT0 + 1);  // no delivery at all
  addEvent("evt_pending", kT0 + 2);
  addDelivery("evt_pending", DeliveryState::kPending, kT0 + 2);
  addEvent("evt_dead_recent", kT0 + 3);
  addDelivery("evt_dead_recent", DeliveryState::kDead, kT0 + 3);
  addEvent("evt_new", kT0 + 10 * hour);
  deliverOnce("evt_new", kT0 + 10 * hour);

  const int64_t deliveredBefore = kT0 + hour, deadBefore = kT0 - 50 * hour;
  EXPECT_EQ(prune(deliveredBefore, deadBefore, 1).events, 1);  // the oldest first
  EXPECT_FALSE(exists("evt_dead_ancient"));
  EXPECT_TRUE(exists("evt_delivered"));
  EXPECT_EQ(prune(deliveredBefore, deadBefore, 10).events, 2);
  EXPECT_EQ(prune(deliveredBefore, deadBefore, 10).events, 0);  // idempotent
  EXPECT_FALSE(exists("evt_delivered"));
  EXPECT_FALSE(exists("evt_unsubscribed"));
  EXPECT_TRUE(exists("evt_pending"));
  EXPECT_TRUE(exists("evt_dead_recent"));
  EXPECT_TRUE(exists("evt_new"));
  auto attempts = read([](ReadTx& tx) { return tx.listDeliveryAttempts("m_a", "evt_delivered"); });
  ASSERT_TRUE(attempts.isOk());
  EXPECT_TRUE(attempts->empty());
  auto kept = read([](ReadTx& tx) { return tx.listDeliveryAttempts("m_a", "evt_new"); });
  ASSERT_TRUE(kept.isOk());
  EXPECT_EQ(kept->size(), 1u);
  // Dead letters go once older than their own, longer retention; pending ones never.
  EXPECT_EQ(prune(kT0 + 1000 * hour, kT0 + hour, 10).events, 2);  // evt_dead_recent, evt_new
  EXPECT_TRUE(exists("evt_pending"));
}

TEST_P(OutboxPruning, DeletesOldProcessorNotificationReceipts) {
  const ProcessorWebhookReceipt old{"conn_1", "evt_old", "pay_1", at(kT0)};
  const ProcessorWebhookReceipt recent{"conn_1", "evt_recent", "pay_1", at(kT0 + 1000)};
  for (const auto* r : {&old, &recent})
    ASSERT_TRUE(write([&](WriteTx& tx) { return tx.insertProcessorWebhookReceipt(*r); }).isOk());
  EXPECT_EQ(prune(kT0 + 500, kT0, 10).receipts, 1);
  EXPECT_TRUE(write([&](WriteTx& tx) { return tx.insertProcessorWebhookReceipt(old); }).isOk());
  EXPECT_EQ(write([&](WriteTx& tx) { return tx.insertProcessorWebhookReceipt(recent); }).code(),
            StatusCode::kAlreadyExists);
}

INSTANTIATE_TEST_SUITE_P(Backends, OutboxPruning, ::testing::ValuesIn(backends()),
                         [](const auto& info) { return info.param.name; });

}  // namespace
}  // namespace sy::store
