// The store conformance suite (store_conformance.h): webhooks, outbound and inbound.
#include "store/store_conformance.h"

namespace sy::store {
namespace {

using namespace conformance;  // NOLINT: the suite's fixture and helpers
using domain::Payment;
using domain::Transaction;
using domain::TransactionEvent;

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

}  // namespace
}  // namespace sy::store
