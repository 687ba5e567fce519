#include "domain/state_machine.h"

#include <string>

namespace sy::domain {
namespace {
using S = PaymentStatus;

Status invalidStatus(const Payment& p, const char* operation) {
  return Status(StatusCode::kFailedPrecondition,
                std::string("A ") + std::string(toString(p.status)) + " payment cannot be " +
                    operation,
                "InvalidPaymentStatus");
}

Status callInProgress() {
  return Status(StatusCode::kFailedPrecondition,
                "A processor call of this payment is still being resolved; retry shortly",
                "PaymentOperationInProgress");
}
}  // namespace

bool isLegalTransition(PaymentStatus from, PaymentStatus to) {
  switch (from) {
    case S::kPending:
      return to == S::kAuthorized || to == S::kDeclined || to == S::kFailed ||
             to == S::kCancelled || to == S::kSettled || to == S::kSettling;
    case S::kAuthorized:
      return to == S::kSettling || to == S::kPartiallySettled || to == S::kSettled ||
             to == S::kCancelled;
    case S::kSettling:
      return to == S::kSettled || to == S::kPartiallySettled || to == S::kFailed;
    case S::kPartiallySettled:
      return to == S::kSettling || to == S::kPartiallySettled || to == S::kSettled;
    case S::kSettled:
    case S::kDeclined:
    case S::kFailed:
    case S::kCancelled:
      return false;
  }
  return false;
}

bool isFinal(PaymentStatus s) {
  return s == S::kSettled || s == S::kDeclined || s == S::kFailed || s == S::kCancelled;
}

bool hasUnresolvedCall(const Payment& p) {
  for (const auto& t : p.transactions) {
    if (t.outcome == Outcome::kInFlight || t.outcome == Outcome::kUnknown) return true;
    for (const auto& e : t.events)
      if (e.outcome == Outcome::kInFlight || e.outcome == Outcome::kUnknown) return true;
  }
  return false;
}

bool hasCallInFlight(const Payment& p) {
  for (const auto& t : p.transactions) {
    if (t.outcome == Outcome::kInFlight) return true;
    for (const auto& e : t.events)
      if (e.outcome == Outcome::kInFlight) return true;
  }
  return false;
}

int64_t capturableAmount(const Payment& p) {
  int64_t pending = 0;
  if (const Transaction* sale = activeSale(p)) {
    for (const auto& e : sale->events)
      if (e.type == EventType::kCaptureSucceeded &&
          (e.outcome == Outcome::kInFlight || e.outcome == Outcome::kUnknown))
        pending += e.amount;
  }
  return p.amountAuthorized - p.amountCaptured - pending;
}

int64_t refundableAmount(const Payment& p) {
  int64_t pending = 0;
  for (const auto& t : p.transactions)
    if (t.type == TransactionType::kRefund &&
        (t.outcome == Outcome::kInFlight || t.outcome == Outcome::kUnknown ||
         (t.outcome == Outcome::kSucceeded && t.status == PaymentStatus::kPending)))
      pending += t.amount;  // sent, or accepted and awaiting the processor's confirmation
  return p.amountCaptured - p.amountRefunded - pending;
}

Status checkAuthorize(const Payment& p) {
  if (p.status == S::kAuthorized || p.status == S::kPartiallySettled)
    return Status(StatusCode::kFailedPrecondition, "The payment has already been authorized",
                  "PaymentAlreadyAuthorized");
  if (p.status != S::kPending) return invalidStatus(p, "authorized");
  if (hasUnresolvedCall(p)) return callInProgress();
  return Status::ok();
}

Status checkCapture(const Payment& p, int64_t amount) {
  if (p.status != S::kAuthorized && p.status != S::kPartiallySettled)
    return invalidStatus(p, "captured");
  int64_t capturable = capturableAmount(p);
  if (amount > capturable)
    return Status(StatusCode::kFailedPrecondition,
                  "Cannot capture " + std::to_string(amount) +
                      ": the amount still capturable is " + std::to_string(capturable),
                  "UnprocessableCaptureAmount");
  return Status::ok();
}

Status checkCancel(const Payment& p) {
  if (p.status == S::kAuthorized) {
    if (p.amountCaptured > 0 || capturableAmount(p) != p.amountAuthorized) return callInProgress();
    return Status::ok();
  }
  if (p.status == S::kPending) {
    // An authorization whose answer was lost (unknown) does not hold the cancellation up: the
    // payment is cancelled now, and should the processor turn out to have authorized it, the
    // recovery sweep voids that charge (orchestrator/payment_resolution.cc). A call still in
    // flight does: its outcome is about to be recorded.
    if (hasCallInFlight(p)) return callInProgress();
    return Status::ok();
  }
  return invalidStatus(p, "cancelled");
}

Status checkRefund(const Payment& p, int64_t amount) {
  if (p.status != S::kSettled && p.status != S::kPartiallySettled && p.status != S::kSettling)
    return invalidStatus(p, "refunded");
  if (p.amountCaptured > 0 && p.amountRefunded >= p.amountCaptured)
    return Status(StatusCode::kFailedPrecondition,
                  "Cannot refund this payment because the payment has already been fully refunded.",
                  "PaymentAlreadyRefunded");
  int64_t refundable = refundableAmount(p);
  if (amount > refundable)
    return Status(StatusCode::kFailedPrecondition,
                  "Cannot refund this payment with the amount " + std::to_string(amount) +
                      ". The refund amount must be less than or equal to the amount still "
                      "refundable (" +
                      std::to_string(refundable) + ").",
                  "UnprocessableRefundAmount");
  return Status::ok();
}

PaymentStatus statusAfterCapture(const Payment& p, bool final) {
  if (final || p.amountCaptured >= p.amountAuthorized) return S::kSettled;
  return S::kPartiallySettled;
}

}  // namespace sy::domain
