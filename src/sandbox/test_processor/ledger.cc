#include "sandbox/test_processor/ledger.h"

#include <chrono>

#include "common/clock.h"
#include "common/ids.h"

namespace sy::sandbox::test_processor {
namespace {
int64_t nowSeconds() {
  return std::chrono::duration_cast<std::chrono::seconds>(systemNow().time_since_epoch()).count();
}

Status withReason(StatusCode code, std::string message, std::string reason) {
  return Status(code, std::move(message), std::move(reason));
}

OperationRecord newOperation(OperationKind kind, std::string_view account, std::string key,
                             const std::string& paymentId, int64_t amount) {
  OperationRecord op;
  op.kind = kind;
  op.account = std::string(account);
  op.idempotencyKey = std::move(key);
  op.paymentId = paymentId;
  op.amount = amount;
  return op;
}

bool authorizationSucceeded(PaymentState s) {
  return s == PaymentState::kAuthorized || s == PaymentState::kCaptured ||
         s == PaymentState::kVoided;
}
}  // namespace

std::string_view toString(PaymentState s) {
  switch (s) {
    case PaymentState::kAuthorized:
      return "authorized";
    case PaymentState::kCaptured:
      return "captured";
    case PaymentState::kVoided:
      return "voided";
    case PaymentState::kDeclined:
      return "declined";
    case PaymentState::kFailed:
      return "failed";
  }
  return "failed";
}

std::string_view toString(OperationKind k) {
  switch (k) {
    case OperationKind::kCapture:
      return "capture";
    case OperationKind::kVoid:
      return "void";
    case OperationKind::kRefund:
      return "refund";
  }
  return "capture";
}

Ledger::Ledger(size_t capacity) : capacity_(capacity == 0 ? 1 : capacity) {}

std::string Ledger::scoped(std::string_view account, std::string_view key) {
  std::string s(account);
  s.push_back('\n');
  s.append(key);
  return s;
}

Status Ledger::checkCapacity() const {
  if (objectCount() >= capacity_)
    return withReason(StatusCode::kResourceExhausted, "the test processor's ledger is full",
                      "capacity_exceeded");
  return Status::ok();
}

Result<const PaymentRecord*> Ledger::addPayment(PaymentRecord payment) {
  SY_RETURN_IF_ERROR(checkCapacity());
  payment.id = newId("tp_pay", 20);
  payment.created = nowSeconds();
  if (!payment.idempotencyKey.empty())
    paymentByKey_.emplace(scoped(payment.account, payment.idempotencyKey), payment.id);
  std::string id = payment.id;
  auto [it, inserted] = payments_.emplace(std::move(id), std::move(payment));
  order_.push_back(&it->second);
  return static_cast<const PaymentRecord*>(&it->second);
}

const PaymentRecord* Ledger::findPayment(std::string_view account, std::string_view id) const {
  auto it = payments_.find(std::string(id));
  if (it == payments_.end() || it->second.account != account) return nullptr;
  return &it->second;
}

const PaymentRecord* Ledger::findPaymentByKey(std::string_view account,
                                              std::string_view key) const {
  auto it = paymentByKey_.find(scoped(account, key));
  return it == paymentByKey_.end() ? nullptr : findPayment(account, it->second);
}

const OperationRecord* Ledger::findOperationByKey(std::string_view account,
                                                  std::string_view key) const {
  auto it = operationByKey_.find(scoped(account, key));
  if (it == operationByKey_.end()) return nullptr;
  auto op = operations_.find(it->second);
  return op == operations_.end() ? nullptr : &op->second;
}

Result<PaymentRecord*> Ledger::modifiable(std::string_view account, std::string_view paymentId) {
  auto it = payments_.find(std::string(paymentId));
  if (it == payments_.end() || it->second.account != account)
    return withReason(StatusCode::kNotFound, "no such payment: " + std::string(paymentId),
                      "not_found");
  return &it->second;
}

const OperationRecord* Ledger::addOperation(OperationRecord op) {
  const char* prefix = op.kind == OperationKind::kCapture ? "tp_cap"
                       : op.kind == OperationKind::kVoid  ? "tp_void"
                                                          : "tp_re";
  op.id = newId(prefix, 20);
  op.created = nowSeconds();
  if (!op.idempotencyKey.empty())
    operationByKey_.emplace(scoped(op.account, op.idempotencyKey), op.id);
  std::string id = op.id;
  return &operations_.emplace(std::move(id), std::move(op)).first->second;
}

Result<const OperationRecord*> Ledger::capture(std::string_view account, std::string_view paymentId,
                                               std::optional<int64_t> amount, bool final,
                                               std::string idempotencyKey) {
  auto found = modifiable(account, paymentId);
  if (!found) return found.status();
  PaymentRecord& p = **found;
  if (p.state != PaymentState::kAuthorized)
    return withReason(StatusCode::kFailedPrecondition,
                      "a payment that is " + std::string(toString(p.state)) + " cannot be captured",
                      "invalid_state");
  const int64_t capturable = p.amount - p.amountCaptured;
  const int64_t n = amount.value_or(capturable);
  if (n <= 0)
    return withReason(StatusCode::kInvalidArgument, "amount must be a positive integer",
                      "invalid_request");
  if (n > capturable)
    return withReason(StatusCode::kInvalidArgument,
                      "amount exceeds the capturable amount of " + std::to_string(capturable),
                      "amount_too_large");
  SY_RETURN_IF_ERROR(checkCapacity());
  p.amountCaptured += n;
  if (final || p.amountCaptured == p.amount) {
    p.amountReleased = p.amount - p.amountCaptured;
    p.state = PaymentState::kCaptured;
  }
  ++captureCount_;
  OperationRecord op =
      newOperation(OperationKind::kCapture, account, std::move(idempotencyKey), p.id, n);
  op.final = final;
  return addOperation(std::move(op));
}

Result<const OperationRecord*> Ledger::voidPayment(std::string_view account,
                                                   std::string_view paymentId,
                                                   std::string idempotencyKey) {
  auto found = modifiable(account, paymentId);
  if (!found) return found.status();
  PaymentRecord& p = **found;
  if (p.state != PaymentState::kAuthorized)
    return withReason(StatusCode::kFailedPrecondition,
                      "a payment that is " + std::string(toString(p.state)) + " cannot be voided",
                      "invalid_state");
  SY_RETURN_IF_ERROR(checkCapacity());
  p.amountReleased = p.amount - p.amountCaptured;
  // Releasing the uncaptured rest of a partly captured payment leaves it captured, not voided.
  p.state = p.amountCaptured > 0 ? PaymentState::kCaptured : PaymentState::kVoided;
  ++voidCount_;
  return addOperation(newOperation(OperationKind::kVoid, account, std::move(idempotencyKey), p.id,
                                   p.amountReleased));
}

Result<const OperationRecord*> Ledger::refund(std::string_view account, std::string_view paymentId,
                                              std::optional<int64_t> amount, std::string reason,
                                              std::string idempotencyKey) {
  auto found = modifiable(account, paymentId);
  if (!found) return found.status();
  PaymentRecord& p = **found;
  const int64_t refundable = p.amountCaptured - p.amountRefunded;
  if (refundable == 0)
    return withReason(StatusCode::kFailedPrecondition,
                      p.amountCaptured == 0 ? "a payment with nothing captured cannot be refunded"
                                            : "the payment is already fully refunded",
                      "invalid_state");
  const int64_t n = amount.value_or(refundable);
  if (n <= 0)
    return withReason(StatusCode::kInvalidArgument, "amount must be a positive integer",
                      "invalid_request");
  if (n > refundable)
    return withReason(StatusCode::kInvalidArgument,
                      "amount exceeds the refundable amount of " + std::to_string(refundable),
                      "amount_too_large");
  SY_RETURN_IF_ERROR(checkCapacity());
  p.amountRefunded += n;
  ++refundCount_;
  OperationRecord op =
      newOperation(OperationKind::kRefund, account, std::move(idempotencyKey), p.id, n);
  op.reason = std::move(reason);
  return addOperation(std::move(op));
}

LedgerSummary Ledger::summary() const {
  LedgerSummary s;
  s.payments.reserve(order_.size());
  for (const PaymentRecord* p : order_) {
    const bool charged = authorizationSucceeded(p->state);
    if (charged) {
      ++s.chargeCount;
    } else {
      ++s.declineCount;
    }
    LedgerRow& row = s.payments.emplace_back();
    row.paymentId = p->id;
    row.reference = p->reference;
    row.currency = p->currency;
    row.state = p->state;
    row.authorized = charged ? p->amount : 0;
    row.captured = p->amountCaptured;
    row.refunded = p->amountRefunded;
    row.voided = p->amountReleased;
  }
  s.captureCount = captureCount_;
  s.voidCount = voidCount_;
  s.refundCount = refundCount_;
  return s;
}

}  // namespace sy::sandbox::test_processor
