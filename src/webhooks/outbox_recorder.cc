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
}  // namespace

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
                                     const orchestrator::DisputeReport& dispute) {
  auto configs = tx.listNotificationConfigs(payment.merchantId);
  if (!configs) return configs.status();
  if (!anySubscribed(*configs, {kDisputeOpened})) return Status::ok();
  // DisputeOpenWebhookPayload's members, plus the amount and reason when the processor said.
  boost::json::object members{{"processorId", dispute.processor},
                              {"processorDisputeId", dispute.processorDisputeId},
                              {"paymentId", payment.id},
                              {"transactionId", dispute.transactionId},
                              {"orderId", payment.orderId},
                              {"primerAccountId", payment.merchantId}};
  if (dispute.amount) members["amount"] = *dispute.amount;
  if (!dispute.currencyCode.empty()) members["currency"] = dispute.currencyCode;
  if (!dispute.reason.empty()) members["processorReason"] = dispute.reason;
  if (!dispute.processorMerchantId.empty()) members["merchantId"] = dispute.processorMerchantId;
  store::NotificationEvent e{newId("evt", 24), payment.merchantId, std::string(kDisputeOpened),
                             payment.id, boost::json::serialize(members), clock_.now()};
  SY_RETURN_IF_ERROR(record(tx, *configs, std::move(e)));
  if (onRecorded_) onRecorded_();
  return Status::ok();
}

}  // namespace sy::webhooks
