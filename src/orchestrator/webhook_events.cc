#include "orchestrator/webhook_events.h"

#include <algorithm>

#include "common/ids.h"
#include "domain/state_machine.h"

namespace sy::orchestrator {
namespace {
using connectors::WebhookEvent;
using connectors::WebhookEventKind;
using domain::EventType;
using domain::Outcome;
using domain::Payment;
using domain::PaymentStatus;
using domain::Transaction;
using domain::TransactionEvent;
using domain::TransactionType;

EventApplication unchanged() { return {EventEffect::kUnchanged, false, std::nullopt}; }
EventApplication unmatched() { return {EventEffect::kUnmatched, false, std::nullopt}; }
EventApplication busy() { return {EventEffect::kBusy, false, std::nullopt}; }
EventApplication applied() { return {EventEffect::kApplied, true, std::nullopt}; }

domain::StatusReason refusal(const WebhookEvent& e) {
  if (e.reason) return *e.reason;
  domain::StatusReason r;
  r.type = domain::ReasonType::kGatewayRejected;
  r.processorCode = e.rawType;
  return r;
}

Transaction* saleOf(Payment& p, const WebhookEvent& e) {
  Transaction* found = nullptr;
  for (auto& t : p.transactions)
    if (t.type == TransactionType::kSale && !e.processorTransactionId.empty() &&
        t.processorTransactionId == e.processorTransactionId)
      found = &t;
  return found;
}

// Our record of the operation the event is about: by the processor's id of it, else by the
// reference we sent (the call's attempt key, which the processor echoes).
template <class T>
bool sameOperation(const T& ours, const std::string& ourProcessorId, const WebhookEvent& e) {
  return (!e.processorOperationId.empty() && ourProcessorId == e.processorOperationId) ||
         (!e.merchantReference.empty() && ours.attemptKey == e.merchantReference);
}

// Whether a capture (events) or refund (transactions) is still in flight or unknown without the
// processor's id for it: a confirmation we cannot match may be about it, so it waits (the
// processor redelivers) until the call's answer or an inquiry tells us that id.
bool awaitsProcessorId(const std::vector<TransactionEvent>& events) {
  for (const auto& ev : events)
    if (ev.type == EventType::kCaptureSucceeded && ev.processorEventId.empty() &&
        (ev.outcome == Outcome::kInFlight || ev.outcome == Outcome::kUnknown))
      return true;
  return false;
}
bool awaitsProcessorId(const std::vector<Transaction>& transactions) {
  for (const auto& t : transactions)
    if (t.type == TransactionType::kRefund && t.processorTransactionId.empty() &&
        (t.outcome == Outcome::kInFlight || t.outcome == Outcome::kUnknown))
      return true;
  return false;
}

EventApplication authorization(Payment& p, Transaction& sale, const WebhookEvent& e,
                               TimePoint now) {
  if (sale.outcome == Outcome::kInFlight) return busy();
  if (sale.outcome != Outcome::kUnknown) return unchanged();
  // A charge nobody wants any more (cancelled meanwhile, or a superseded attempt) is left to the
  // recovery sweep, which records it and voids it (payment_resolution.cc).
  if (p.status == PaymentStatus::kCancelled || &sale != domain::activeSale(p)) return unchanged();
  sale.updatedAt = now;
  if (e.success) {
    sale.outcome = Outcome::kSucceeded;
    sale.status = PaymentStatus::kAuthorized;
    sale.statusReason.reset();
    p.status = PaymentStatus::kAuthorized;
    p.statusReason.reset();
    p.amountAuthorized = p.amount;
    TransactionEvent ev;
    ev.id = uuidV4();
    ev.type = EventType::kAuthorizationSucceeded;
    ev.outcome = Outcome::kSucceeded;
    ev.amount = p.amount;
    ev.processorEventId = e.processorEventId;
    ev.date = now;
    sale.events.push_back(std::move(ev));
  } else {
    sale.outcome = Outcome::kDeclined;
    sale.status = PaymentStatus::kDeclined;
    sale.statusReason = refusal(e);
    p.status = PaymentStatus::kDeclined;
    p.statusReason = sale.statusReason;
  }
  // The completion of a 3-D Secure challenge whose answer was lost: the processor's word ends the
  // challenge too, so a resume with its token answers the payment and the sweep lets it be.
  if (p.threeDs.challenge && p.threeDs.challenge->transactionId == sale.id) {
    p.threeDs.lastResumeToken = p.threeDs.challenge->resumeToken;
    p.threeDs.challenge.reset();
    if (!e.success && sale.statusReason && sale.statusReason->code &&
        *sale.statusReason->code == domain::DeclineCode::kAuthenticationRequired)
      p.threeDs.result = domain::ThreeDsAuthentication{"AUTH_FAILED", "CARD_AUTHENTICATION_FAILED",
                                                       "", "", true};
  }
  return applied();
}

EventApplication capture(Payment& p, Transaction& sale, const WebhookEvent& e, TimePoint now) {
  TransactionEvent* ours = nullptr;
  const TransactionEvent* latest = nullptr;
  for (auto& ev : sale.events) {
    if (ev.type != EventType::kCaptureSucceeded) continue;
    latest = &ev;
    if (sameOperation(ev, ev.processorEventId, e)) ours = &ev;
  }
  if (!ours && awaitsProcessorId(sale.events)) return busy();
  if (!ours) {
    // The automatic capture of an authorize-and-capture: the sale itself was left SETTLING.
    if (latest || p.status != PaymentStatus::kSettling || sale.status != PaymentStatus::kSettling)
      return unmatched();
    sale.updatedAt = now;
    if (e.success) {
      p.amountCaptured = p.amountAuthorized;
      p.status = sale.status = PaymentStatus::kSettled;
    } else {
      p.status = sale.status = PaymentStatus::kFailed;
      p.statusReason = refusal(e);
    }
    return applied();
  }
  if (ours->outcome == Outcome::kInFlight) return busy();
  if (ours->outcome == Outcome::kUnknown) {  // the call's answer was lost: this is it
    ours->outcome = e.success ? Outcome::kSucceeded : Outcome::kFailed;
    if (!e.processorOperationId.empty()) ours->processorEventId = e.processorOperationId;
    if (e.success) {
      p.amountCaptured += ours->amount;
      p.status = sale.status = domain::statusAfterCapture(p, ours->final);
    }
    sale.updatedAt = now;
    return applied();
  }
  if (ours->outcome != Outcome::kSucceeded || p.status != PaymentStatus::kSettling)
    return unchanged();
  sale.updatedAt = now;
  if (!e.success) {
    ours->outcome = Outcome::kFailed;
    p.amountCaptured -= ours->amount;
    if (p.amountCaptured <= 0) {
      p.amountCaptured = 0;
      p.status = sale.status = PaymentStatus::kFailed;
      p.statusReason = refusal(e);
    } else {
      p.status = sale.status = domain::statusAfterCapture(p, false);
    }
    return applied();
  }
  // An earlier capture confirmed while a later one is still settling: the later one decides.
  if (ours != latest) return unchanged();
  p.status = sale.status = domain::statusAfterCapture(p, ours->final);
  return applied();
}

EventApplication refund(Payment& p, const WebhookEvent& e, TimePoint now) {
  Transaction* ours = nullptr;
  for (auto& t : p.transactions)
    if (t.type == TransactionType::kRefund && sameOperation(t, t.processorTransactionId, e))
      ours = &t;
  if (!ours && awaitsProcessorId(p.transactions)) return busy();
  if (!ours) return unmatched();
  if (ours->outcome == Outcome::kInFlight) return busy();
  const bool requested = ours->outcome == Outcome::kSucceeded && ours->status == PaymentStatus::kPending;
  if (!requested && ours->outcome != Outcome::kUnknown) return unchanged();
  ours->updatedAt = now;
  if (e.success) {
    ours->outcome = Outcome::kSucceeded;
    ours->status = PaymentStatus::kSettled;
    p.amountRefunded += ours->amount;
  } else {
    ours->outcome = Outcome::kFailed;
    ours->status = PaymentStatus::kFailed;
    ours->statusReason = refusal(e);
  }
  if (!e.processorOperationId.empty()) ours->processorTransactionId = e.processorOperationId;
  return applied();
}

// A reversal the processor decided on: cancelled while nothing was captured, else a refund of
// what was captured and not yet refunded (recorded as a settled refund with the processor's id,
// so a redelivery under another id finds it and changes nothing).
EventApplication cancelOrRefund(Payment& p, Transaction& sale, const WebhookEvent& e,
                                TimePoint now) {
  for (auto& t : p.transactions)
    if (t.type == TransactionType::kRefund && sameOperation(t, t.processorTransactionId, e))
      return refund(p, e, now);
  if (!e.success) return unchanged();  // nothing was reversed
  for (const auto& ev : sale.events)
    if (ev.type == EventType::kCancellationSucceeded && ev.processorEventId == e.processorOperationId)
      return unchanged();
  if (p.status == PaymentStatus::kAuthorized && p.amountCaptured == 0) {
    TransactionEvent ev;
    ev.id = uuidV4();
    ev.type = EventType::kCancellationSucceeded;
    ev.outcome = Outcome::kSucceeded;
    ev.processorEventId = e.processorOperationId;
    ev.amount = p.amountAuthorized;
    ev.date = now;
    sale.events.push_back(std::move(ev));
    sale.status = PaymentStatus::kCancelled;
    sale.updatedAt = now;
    p.status = PaymentStatus::kCancelled;
    return applied();
  }
  const bool captured = p.status == PaymentStatus::kSettled ||
                        p.status == PaymentStatus::kPartiallySettled ||
                        p.status == PaymentStatus::kSettling;
  int64_t pending = 0;  // requested refunds not yet confirmed already count against the rest
  for (const auto& t : p.transactions)
    if (t.type == TransactionType::kRefund && t.status == PaymentStatus::kPending) pending += t.amount;
  const int64_t refundable = p.amountCaptured - p.amountRefunded - pending;
  if (!captured || refundable <= 0) return unchanged();
  Transaction r;
  r.id = uuidV4();
  r.type = TransactionType::kRefund;
  r.status = PaymentStatus::kSettled;
  r.outcome = Outcome::kSucceeded;
  r.connectionId = sale.connectionId;
  r.processorName = sale.processorName;
  r.processorMerchantId = sale.processorMerchantId;
  r.processorTransactionId = e.processorOperationId;
  r.amount = e.amount ? std::min(*e.amount, refundable) : refundable;
  r.currencyCode = p.currencyCode;
  r.orderId = p.orderId;
  r.reason = "CANCEL_OR_REFUND at the processor";
  r.createdAt = r.updatedAt = now;
  p.amountRefunded += r.amount;
  p.transactions.push_back(std::move(r));
  return applied();
}

}  // namespace

EventApplication applyProcessorEvent(Payment& p, const WebhookEvent& e, TimePoint now) {
  Transaction* sale = saleOf(p, e);
  switch (e.kind) {
    case WebhookEventKind::kAuthorization:
      return sale ? authorization(p, *sale, e, now) : unmatched();
    case WebhookEventKind::kCapture:
      return sale ? capture(p, *sale, e, now) : unmatched();
    case WebhookEventKind::kRefund:
      return refund(p, e, now);
    case WebhookEventKind::kChargeback: {
      if (!sale || !e.success) return unmatched();
      EventApplication a{EventEffect::kApplied, false, DisputeReport{}};
      DisputeReport& d = *a.dispute;
      d.processor = sale->processorName;
      d.processorDisputeId =
          !e.processorOperationId.empty() ? e.processorOperationId : e.processorEventId;
      d.transactionId = sale->id;
      d.processorMerchantId = sale->processorMerchantId;
      d.amount = e.amount;
      d.currencyCode = e.currencyCode;
      d.reason = e.dispute.processorReason;
      if (d.reason.empty() && e.reason) d.reason = e.reason->message;
      d.reasonCode = e.dispute.reasonCode;
      d.status = e.dispute.status;
      d.type = e.dispute.type;
      d.occurredAt = e.occurredAt;
      return a;
    }
    case WebhookEventKind::kCancel:
      return sale ? unchanged() : unmatched();
    case WebhookEventKind::kCancelOrRefund:
      return sale ? cancelOrRefund(p, *sale, e, now) : unmatched();
    case WebhookEventKind::kOther:
      return unmatched();
  }
  return unmatched();
}

}  // namespace sy::orchestrator
