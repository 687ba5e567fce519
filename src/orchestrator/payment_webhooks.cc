// Inbound processor webhooks: authenticate with the connection's own secret, then apply each
// event to its payment (webhook_events.h) and commit the change together with a receipt of the
// event, so a redelivered notification is recognised and changes nothing twice.
#include "common/crypto.h"
#include "common/log.h"
#include "common/ids.h"
#include "orchestrator/dispute_updates.h"
#include "orchestrator/payment_engine.h"
#include "orchestrator/webhook_events.h"
#include "store/awaitable.h"

namespace sy::orchestrator {
namespace {
constexpr int kConcurrentModificationRetries = 3;

Status paymentBusy() {
  return Status(StatusCode::kUnavailable,
                "An operation on the payment is being recorded; deliver the notification again",
                "PaymentBusy");
}
// Applies a dispute event to the merchant's record of the dispute (dispute_updates.h) and tells
// the observer (the outbox) in the same unit. Whether anything changed.
Result<bool> recordDispute(store::WriteTx& tx, PaymentWriteObserver* observer,
                           const domain::Payment& p, const DisputeReport& report,
                           const std::string& newDisputeId, TimePoint now) {
  std::optional<store::Dispute> stored;
  auto found = tx.findDispute(p.merchantId, report.processor, report.processorDisputeId);
  if (found) {
    stored = std::move(*found);
  } else if (found.status().code() != StatusCode::kNotFound) {
    return found.status();
  }
  DisputeDecision d = decideDispute(stored, report, p.merchantId, p.id, newDisputeId, now);
  switch (d.action) {
    case DisputeDecision::Action::kNone:
      return false;
    case DisputeDecision::Action::kOpen:
      if (Status inserted = tx.insertDispute(d.dispute); !inserted.isOk()) {
        // Another node opened it since we looked: run the unit again to apply this event to it.
        if (inserted.code() == StatusCode::kAlreadyExists)
          return Status(StatusCode::kFailedPrecondition, "the dispute was opened meanwhile",
                        "ConcurrentModification");
        return inserted;
      }
      if (observer) SY_RETURN_IF_ERROR(observer->disputeOpened(tx, p, d.dispute));
      break;
    case DisputeDecision::Action::kChange:
      SY_RETURN_IF_ERROR(tx.updateDispute(d.dispute));
      break;
  }
  if (d.statusChanged && observer)
    SY_RETURN_IF_ERROR(observer->disputeStatusChanged(tx, p, d.dispute));
  return true;
}

}  // namespace

boost::asio::awaitable<Result<WebhookReceipt>> PaymentEngine::receiveWebhook(
    std::string connectionId, connectors::InboundWebhook webhook) {
  Result<store::Connection> conn = internalError("not read");
  co_await store::read(store_, [&](store::ReadTx& tx) { conn = tx.findConnectionById(connectionId); });
  if (!conn) {
    if (conn.status().code() == StatusCode::kNotFound)
      co_return Status(StatusCode::kNotFound, "No processor connection has this id",
                       "ConnectionNotFound");
    co_return conn.status();
  }
  connectors::Connector* connector = registry_.find(conn->processor);
  if (!connector)
    co_return Status(StatusCode::kNotFound, "No connector for processor " + conn->processor,
                     "ProcessorNotSupported");
  connectors::ConnectionConfig config;
  config.processorMerchantId = conn->processorMerchantId;
  config.credentialsJson = SecretString("{}");
  if (!conn->credentialsSealed.empty()) {
    auto creds = crypto::aesGcmDecrypt(credentialsKey_, conn->credentialsSealed, conn->id);
    if (!creds) co_return internalError("connection credentials could not be decrypted");
    config.credentialsJson = std::move(*creds);
  }
  auto events = connector->parseWebhook(config, webhook, clock_.now());
  if (!events) co_return events.status();

  WebhookReceipt receipt;
  receipt.events = static_cast<int>(events->size());
  for (const connectors::WebhookEvent& e : *events) {
    auto applied = co_await applyWebhookEvent(*conn, e);
    // The processor redelivers the whole request; the events applied so far are then duplicates.
    if (!applied) co_return applied.status();
    switch (*applied) {
      case Applied::kApplied: receipt.applied += 1; break;
      case Applied::kDuplicate: receipt.duplicates += 1; break;
      case Applied::kUnchanged: receipt.unchanged += 1; break;
      case Applied::kUnmatched: receipt.unmatched += 1; break;
    }
    log::info("processor webhook event",
              {{"connection_id", conn->id},
               {"kind", std::string(connectors::toString(e.kind))},
               {"raw_type", e.rawType},
               {"success", e.success},
               {"processor_event_id", e.processorEventId},
               {"result", *applied == Applied::kApplied     ? "applied"
                          : *applied == Applied::kDuplicate ? "duplicate"
                          : *applied == Applied::kUnchanged ? "unchanged"
                                                            : "unmatched"}});
  }
  co_return receipt;
}

boost::asio::awaitable<Result<PaymentEngine::Applied>> PaymentEngine::applyWebhookEvent(
    const store::Connection& connection, const connectors::WebhookEvent& event) {
  if (event.kind == connectors::WebhookEventKind::kOther) co_return Applied::kUnmatched;
  Result<std::string> paymentId = internalError("not read");
  co_await store::read(store_, [&](store::ReadTx& tx) {
    paymentId = tx.findPaymentIdByProcessorTransaction(connection.merchantId,
                                                       event.processorTransactionId);
  });
  if (!paymentId) {
    if (paymentId.status().code() == StatusCode::kNotFound) co_return Applied::kUnmatched;
    co_return paymentId.status();
  }
  // Applied only while no operation or sweep (of any node) holds the payment's lease: its call's
  // outcome is about to be committed, and the processor redelivers this notification later. The
  // lease is claimed and released in the unit that applies the event.
  const store::Lease lease = paymentLease(*paymentId);

  for (int attempt = 0;; ++attempt) {
    auto loaded = co_await load(connection.merchantId, *paymentId);
    if (!loaded) co_return loaded.status();
    domain::Payment p = std::move(*loaded);
    // The event must concern a transaction made on this very connection.
    bool onConnection = false;
    for (const auto& t : p.transactions)
      onConnection = onConnection || t.connectionId == connection.id;
    if (!onConnection) co_return Applied::kUnmatched;

    const TimePoint now = clock_.now();
    EventApplication a = applyProcessorEvent(p, event, now);
    if (a.effect == EventEffect::kBusy) co_return paymentBusy();
    if (a.effect == EventEffect::kUnchanged) co_return Applied::kUnchanged;
    if (a.effect == EventEffect::kUnmatched) co_return Applied::kUnmatched;
    if (a.paymentChanged) {
      p.version += 1;
      p.updatedAt = now;
    }
    const store::ProcessorWebhookReceipt receipt{connection.id,
                                                 event.processorEventId.empty()
                                                     ? std::string(connectors::toString(event.kind)) +
                                                           ":" + event.processorOperationId
                                                     : event.processorEventId,
                                                 p.id, now};
    const std::string disputeId = newId("dsp", 20);
    bool disputeUnchanged = false;
    Status st = co_await store::write(store_, [&](store::WriteTx& tx) -> Status {
      Status claimed = tx.claimLease(lease, now);
      if (claimed.reason() == "LeaseHeld") return paymentBusy();
      SY_RETURN_IF_ERROR(claimed);
      SY_RETURN_IF_ERROR(tx.releaseLease(lease.name, lease.token));
      Status fresh = tx.insertProcessorWebhookReceipt(receipt);
      if (fresh.code() == StatusCode::kAlreadyExists)
        return Status(StatusCode::kAlreadyExists, "notification already applied", "DuplicateWebhook");
      SY_RETURN_IF_ERROR(fresh);
      if (a.dispute) {
        Result<bool> changed = recordDispute(tx, observer_, p, *a.dispute, disputeId, now);
        if (!changed) return changed.status();
        disputeUnchanged = !*changed;
      }
      if (!a.paymentChanged) return Status::ok();
      SY_RETURN_IF_ERROR(observeWrite(tx, p, false));
      return tx.updatePayment(p);
    });
    if (st.isOk()) co_return disputeUnchanged ? Applied::kUnchanged : Applied::kApplied;
    if (st.reason() == "DuplicateWebhook") co_return Applied::kDuplicate;
    if (st.reason() != "ConcurrentModification" || attempt + 1 >= kConcurrentModificationRetries)
      co_return st;
  }
}

}  // namespace sy::orchestrator
