#include "webhooks/outbox_recorder.h"

#include <algorithm>
#include <boost/json.hpp>

#include "common/ids.h"
#include "webhooks/event_types.h"

namespace sy::webhooks {
namespace {
using domain::Payment;
using domain::PaymentStatus;
using domain::Transaction;

bool finalRefund(const Transaction& t) {
  return t.type == domain::TransactionType::kRefund &&
         (t.status == PaymentStatus::kSettled || t.status == PaymentStatus::kFailed ||
          t.status == PaymentStatus::kDeclined);
}

bool subscribed(const store::NotificationConfig& c, std::string_view type) {
  return std::find(c.eventTypes.begin(), c.eventTypes.end(), type) != c.eventTypes.end();
}

bool anySubscribed(const std::vector<store::NotificationConfig>& configs,
                   const std::vector<std::string_view>& types) {
  for (const auto& c : configs)
    for (auto t : types)
      if (subscribed(c, t)) return true;
  return false;
}
// The processor's merchant id of the disputed transaction, when we know it.
std::string processorMerchantOf(const Payment& p, const std::string& transactionId) {
  for (const Transaction& t : p.transactions)
    if (t.id == transactionId) return t.processorMerchantId;
  return {};
}

// The members both dispute payloads carry beyond the spec's (amount and reason when the processor
// said them): the spec's schemas are open.
void addDisputeDetails(boost::json::object& o, const Payment& p, const store::Dispute& d) {
  if (d.amount) o["amount"] = *d.amount;
  if (!d.currencyCode.empty()) o["currency"] = d.currencyCode;
  if (!d.processorReason.empty()) o["processorReason"] = d.processorReason;
  if (!d.reasonCode.empty()) o["reasonCode"] = d.reasonCode;
  std::string processorMerchant = processorMerchantOf(p, d.transactionId);
  if (!processorMerchant.empty()) o["merchantId"] = processorMerchant;
}

}  // namespace

std::string disputeOpenedPayload(const Payment& p, const store::Dispute& d) {
  // DisputeOpenWebhookPayload's members, plus the details.
  boost::json::object o{{"processorId", d.processor},
                        {"processorDisputeId", d.processorDisputeId},
                        {"paymentId", p.id},
                        {"transactionId", d.transactionId},
                        {"orderId", p.orderId},
                        {"primerAccountId", p.merchantId}};
  addDisputeDetails(o, p, d);
  return boost::json::serialize(o);
}

std::string disputeStatusPayload(const Payment& p, const store::Dispute& d) {
  // DisputeStatusWebhookPayload's members. Its `processor` enum names only ADYEN and BRAINTREE:
  // other processors are named by `processorId` alone (as in DISPUTE.OPENED).
  boost::json::object o{{"type", d.type},
                        {"status", d.status},
                        {"primerAccountId", p.merchantId},
                        {"transactionId", d.transactionId},
                        {"orderId", p.orderId},
                        {"paymentId", p.id},
                        {"processorId", d.processor},
                        {"processorDisputeId", d.processorDisputeId},
                        {"receivedAt", formatTimestamp(d.updatedAt)}};
  if (d.processor == "ADYEN" || d.processor == "BRAINTREE") o["processor"] = d.processor;
  if (p.card) {
    boost::json::object method{{"paymentMethodType", "PAYMENT_CARD"}};
    if (!p.card->network.empty())
      method["paymentMethodData"] = boost::json::object{{"network", p.card->network}};
    o["paymentMethod"] = std::move(method);
  }
  addDisputeDetails(o, p, d);
  return boost::json::serialize(o);
}

std::vector<std::string_view> eventTypesFor(const Payment* before, const Payment& after) {
  std::vector<std::string_view> out;
  if (!before || before->status != after.status) out.push_back(kPaymentStatus);
  for (const Transaction& t : after.transactions) {
    if (!finalRefund(t)) continue;
    bool wasFinal = false;
    if (before) {
      for (const Transaction& old : before->transactions)
        if (old.id == t.id) wasFinal = finalRefund(old);
    }
    if (!wasFinal) out.push_back(kPaymentRefund);
  }
  return out;
}

OutboxRecorder::OutboxRecorder(PaymentRenderer render, const Clock& clock,
                               std::function<void()> onRecorded)
    : render_(std::move(render)), clock_(clock), onRecorded_(std::move(onRecorded)) {}

Status OutboxRecorder::record(store::WriteTx& tx,
                              const std::vector<store::NotificationConfig>& configs,
                              store::NotificationEvent event) {
  SY_RETURN_IF_ERROR(tx.insertNotificationEvent(event));
  for (const auto& c : configs) {
    if (!subscribed(c, event.eventType)) continue;
    store::NotificationDelivery d;
    d.id = newId("dlv", 20);
    d.eventId = event.id;
    d.merchantId = event.merchantId;
    d.configId = c.id;
    d.nextAttemptAt = d.createdAt = d.updatedAt = event.createdAt;
    SY_RETURN_IF_ERROR(tx.insertNotificationDelivery(d));
  }
  return Status::ok();
}

Status OutboxRecorder::beforePaymentWrite(store::WriteTx& tx, const Payment& after, bool inserted) {
  auto configs = tx.listNotificationConfigs(after.merchantId);
  if (!configs) return configs.status();
  if (!anySubscribed(*configs, {kPaymentStatus, kPaymentRefund})) return Status::ok();
  std::optional<Payment> before;
  if (!inserted) {
    auto stored = tx.findPayment(after.merchantId, after.id);
    if (stored) {
      before = std::move(*stored);
    } else if (stored.status().code() != StatusCode::kNotFound) {
      return stored.status();
    }
  }
  std::vector<std::string_view> types = eventTypesFor(before ? &*before : nullptr, after);
  if (types.empty() || !anySubscribed(*configs, types)) return Status::ok();
  const std::string payload = render_(after);
  const TimePoint now = clock_.now();
  for (auto type : types) {
    if (!anySubscribed(*configs, {type})) continue;
    store::NotificationEvent e{newId("evt", 24), after.merchantId, std::string(type), after.id,
                               payload, now};
    SY_RETURN_IF_ERROR(record(tx, *configs, std::move(e)));
  }
  if (onRecorded_) onRecorded_();
  return Status::ok();
}

Status OutboxRecorder::disputeOpened(store::WriteTx& tx, const Payment& payment,
                                     const store::Dispute& dispute) {
  return recordDispute(tx, payment, kDisputeOpened, disputeOpenedPayload(payment, dispute));
}

Status OutboxRecorder::disputeStatusChanged(store::WriteTx& tx, const Payment& payment,
                                            const store::Dispute& dispute) {
  return recordDispute(tx, payment, kDisputeStatus, disputeStatusPayload(payment, dispute));
}

Status OutboxRecorder::recordDispute(store::WriteTx& tx, const Payment& payment,
                                     std::string_view type, std::string payload) {
  auto configs = tx.listNotificationConfigs(payment.merchantId);
  if (!configs) return configs.status();
  if (!anySubscribed(*configs, {type})) return Status::ok();
  store::NotificationEvent e{newId("evt", 24), payment.merchantId, std::string(type), payment.id,
                             std::move(payload), clock_.now()};
  SY_RETURN_IF_ERROR(record(tx, *configs, std::move(e)));
  if (onRecorded_) onRecorded_();
  return Status::ok();
}

}  // namespace sy::webhooks
