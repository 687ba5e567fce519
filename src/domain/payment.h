// The unified payment model: a Payment, its Transactions (one per processor attempt or refund) and
// the events on them (captures, cancellations). Pure data; rules live in state_machine.h.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/clock.h"
#include "domain/routing.h"
#include "domain/status_reason.h"
#include "domain/three_d_secure.h"

namespace sy::domain {

// Primer's PaymentStatus.
enum class PaymentStatus {
  kPending,
  kFailed,
  kAuthorized,
  kSettling,
  kPartiallySettled,
  kSettled,
  kDeclined,
  kCancelled,
};
inline constexpr PaymentStatus kAllPaymentStatuses[] = {
    PaymentStatus::kPending,          PaymentStatus::kFailed,   PaymentStatus::kAuthorized,
    PaymentStatus::kSettling,         PaymentStatus::kPartiallySettled,
    PaymentStatus::kSettled,          PaymentStatus::kDeclined, PaymentStatus::kCancelled};

enum class TransactionType { kSale, kRefund };

// Where one processor call stands. Durability rule: a call is committed as kInFlight before it is
// sent; a timeout or dropped connection makes it kUnknown (never a decline) until an inquiry
// resolves it.
// kActionRequired: the processor answered that the customer must authenticate (3-D Secure) first;
// the attempt waits for POST /payments/{id}/resume (no call is in flight meanwhile).
enum class Outcome { kInFlight, kUnknown, kSucceeded, kDeclined, kFailed, kActionRequired };

enum class EventType { kAuthorizationSucceeded, kCaptureSucceeded, kCancellationSucceeded };

struct CardSummary {
  std::string first6;
  std::string last4;
  std::string expirationMonth;  // "01".."12"
  std::string expirationYear;   // "2030"
  std::string cardholderName;
  std::string network;  // Primer CardNetworkEnum: VISA, MASTERCARD, AMEX...
};

// A capture or cancellation on a SALE transaction: itself a processor call with its own key.
struct TransactionEvent {
  std::string id;  // uuid
  EventType type = EventType::kCaptureSucceeded;
  Outcome outcome = Outcome::kInFlight;
  std::string attemptKey;  // idempotency key sent to the processor
  int64_t amount = 0;
  bool final = false;
  std::string processorEventId;
  TimePoint date{};
};

struct Transaction {
  std::string id;
  TransactionType type = TransactionType::kSale;
  PaymentStatus status = PaymentStatus::kPending;  // processorStatus
  Outcome outcome = Outcome::kInFlight;
  std::string attemptKey;  // idempotency key sent to the processor for this attempt
  std::string connectionId;
  std::string processorName;        // "TEST_PROCESSOR", "STRIPE"...
  std::string processorMerchantId;  // the connection's display name
  std::string processorTransactionId;
  int64_t amount = 0;
  std::string currencyCode;
  std::string orderId;
  std::string reason;  // refund/cancel reason
  std::optional<StatusReason> statusReason;
  std::vector<TransactionEvent> events;  // SALE only
  TimePoint createdAt{};
  TimePoint updatedAt{};
};

struct Payment {
  std::string id;
  std::string merchantId;
  TimePoint createdAt{};
  TimePoint updatedAt{};
  PaymentStatus status = PaymentStatus::kPending;
  std::string orderId;
  int64_t amount = 0;
  std::string currencyCode;
  std::string customerId;
  std::string customerEmail;  // copied out of `customer` for filtering
  std::string paymentMethodToken;
  std::optional<CardSummary> card;
  // Request objects echoed back verbatim (already validated against the spec), as JSON text.
  std::string customerJson;
  std::string orderJson;
  std::string metadataJson;
  std::string paymentMethodJson;  // the request's paymentMethod options
  // The connection that holds the authorization (empty until an attempt is made).
  std::string connectionId;
  std::string processorName;
  std::string processorMerchantId;
  int64_t amountAuthorized = 0;
  int64_t amountCaptured = 0;
  int64_t amountRefunded = 0;
  std::optional<StatusReason> statusReason;
  std::vector<Transaction> transactions;  // in creation order
  // How the payment was routed (workflow, trace, attempts and why); absent for payments created
  // before routing was recorded.
  std::optional<Routing> routing;
  // A workflow's delayed capture is due at this time (cleared once it ran or no longer applies).
  std::optional<TimePoint> captureDueAt;
  // 3-D Secure: a challenge the customer must complete, and the authentication's result.
  ThreeDs threeDs;
  int64_t version = 0;                    // optimistic concurrency: bumped on every update
};

std::string_view toString(PaymentStatus s);
std::optional<PaymentStatus> paymentStatusFrom(std::string_view s);
std::string_view toString(TransactionType t);
std::string_view toString(Outcome o);
std::optional<Outcome> outcomeFrom(std::string_view s);
std::string_view toString(EventType t);
std::optional<EventType> eventTypeFrom(std::string_view s);

// The SALE transaction currently holding the payment's authorization, if any.
Transaction* activeSale(Payment& p);
const Transaction* activeSale(const Payment& p);

}  // namespace sy::domain
