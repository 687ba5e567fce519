// The test processor's books: every payment it authorized or refused and every capture, void and
// refund on them. Tests read it (GET /v1/ledger) to prove that what Switchyard recorded equals what
// the processor charged, after any fault.
//
// Rules (the processor's, independent of Switchyard's own state machine):
// - capture: only an "authorized" payment, at most amount - amount_captured; a final capture (or
//   one that captures everything) makes it "captured" and releases the rest;
// - void: only an "authorized" payment; releases what is not captured ("voided", or "captured"
//   when some of it was already captured);
// - refund: at most amount_captured - amount_refunded.
//
// Not synchronized: the emulator's API layer holds one lock around idempotency lookup, ledger
// change and idempotency store, which makes each call atomic. Bounded: when `capacity` objects
// (payments plus operations) are held, new ones are refused with kResourceExhausted rather than
// older ones forgotten, so the books never silently lose a charge.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "common/status.h"

namespace sy::sandbox::test_processor {

enum class PaymentState { kAuthorized, kCaptured, kVoided, kDeclined, kFailed };
std::string_view toString(PaymentState s);  // "authorized", "captured"...

struct PaymentRecord {
  std::string id;  // "tp_pay_..."; assigned by the ledger
  std::string account;
  std::string idempotencyKey;
  PaymentState state = PaymentState::kAuthorized;
  int64_t amount = 0;
  std::string currency;
  int64_t amountCaptured = 0;
  int64_t amountRefunded = 0;
  int64_t amountReleased = 0;  // given back to the card by a void or a final capture
  std::string reference;
  std::string code;  // decline_code (declined) or failure_code (failed)
  std::string message;
  // External 3-D Secure it was authorized with (eci empty: none), and who initiated it.
  std::string threeDsEci;
  std::string threeDsVersion;
  std::string threeDsTransStatus;
  std::string threeDsTransactionId;
  std::string initiator = "customer";
  bool storedCredential = false;
  std::string brand;
  std::string last4;
  bool cvcProvided = false;  // the card's cvc came with the authorization (card.cvc_check)
  int64_t created = 0;  // Unix seconds; assigned by the ledger
};

enum class OperationKind { kCapture, kVoid, kRefund };
std::string_view toString(OperationKind k);  // "capture", "void", "refund"

struct OperationRecord {
  std::string id;  // "tp_cap_...", "tp_void_...", "tp_re_..."; assigned by the ledger
  std::string account;
  std::string idempotencyKey;
  OperationKind kind = OperationKind::kCapture;
  std::string paymentId;
  int64_t amount = 0;  // captured, released or refunded
  bool final = false;  // captures only
  std::string reason;  // refunds only
  int64_t created = 0;
};

struct LedgerRow {
  std::string paymentId;
  std::string reference;
  std::string currency;
  PaymentState state = PaymentState::kAuthorized;
  int64_t authorized = 0;  // the amount, when the authorization succeeded; else 0
  int64_t captured = 0;
  int64_t refunded = 0;
  int64_t voided = 0;  // released
};

struct LedgerSummary {
  std::vector<LedgerRow> payments;  // in creation order
  int64_t chargeCount = 0;          // successful authorizations (voided ones included)
  int64_t declineCount = 0;         // declined or failed
  int64_t captureCount = 0;
  int64_t voidCount = 0;
  int64_t refundCount = 0;
};

class Ledger {
 public:
  explicit Ledger(size_t capacity);

  // Records a payment as given (state, amounts, code) under a new id.
  Result<const PaymentRecord*> addPayment(PaymentRecord payment);

  // Lookups are per account: another account's objects are invisible. nullptr when absent.
  const PaymentRecord* findPayment(std::string_view account, std::string_view id) const;
  const PaymentRecord* findPaymentByKey(std::string_view account, std::string_view key) const;
  const OperationRecord* findOperationByKey(std::string_view account, std::string_view key) const;

  // Errors carry a Status reason the API sends as the error type: "not_found" (kNotFound),
  // "invalid_state" (kFailedPrecondition), "amount_too_large" / "invalid_request"
  // (kInvalidArgument), "capacity_exceeded" (kResourceExhausted). `amount` nullopt = all of it.
  Result<const OperationRecord*> capture(std::string_view account, std::string_view paymentId,
                                         std::optional<int64_t> amount, bool final,
                                         std::string idempotencyKey);
  Result<const OperationRecord*> voidPayment(std::string_view account, std::string_view paymentId,
                                             std::string idempotencyKey);
  Result<const OperationRecord*> refund(std::string_view account, std::string_view paymentId,
                                        std::optional<int64_t> amount, std::string reason,
                                        std::string idempotencyKey);

  LedgerSummary summary() const;
  size_t objectCount() const { return payments_.size() + operations_.size(); }

 private:
  Result<PaymentRecord*> modifiable(std::string_view account, std::string_view paymentId);
  Status checkCapacity() const;
  const OperationRecord* addOperation(OperationRecord op);
  static std::string scoped(std::string_view account, std::string_view key);

  size_t capacity_;
  // Node-based maps: pointers handed out stay valid, nothing is ever erased.
  std::unordered_map<std::string, PaymentRecord> payments_;    // by id
  std::vector<const PaymentRecord*> order_;                    // creation order
  std::unordered_map<std::string, std::string> paymentByKey_;  // scoped key -> id
  std::unordered_map<std::string, OperationRecord> operations_;
  std::unordered_map<std::string, std::string> operationByKey_;
  int64_t captureCount_ = 0, voidCount_ = 0, refundCount_ = 0;
};

}  // namespace sy::sandbox::test_processor
