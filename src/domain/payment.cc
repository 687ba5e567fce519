#include "domain/payment.h"

namespace sy::domain {

std::string_view toString(PaymentStatus s) {
  switch (s) {
    case PaymentStatus::kPending: return "PENDING";
    case PaymentStatus::kFailed: return "FAILED";
    case PaymentStatus::kAuthorized: return "AUTHORIZED";
    case PaymentStatus::kSettling: return "SETTLING";
    case PaymentStatus::kPartiallySettled: return "PARTIALLY_SETTLED";
    case PaymentStatus::kSettled: return "SETTLED";
    case PaymentStatus::kDeclined: return "DECLINED";
    case PaymentStatus::kCancelled: return "CANCELLED";
  }
  return "PENDING";
}

std::optional<PaymentStatus> paymentStatusFrom(std::string_view s) {
  for (PaymentStatus p : kAllPaymentStatuses)
    if (toString(p) == s) return p;
  return std::nullopt;
}

std::string_view toString(TransactionType t) {
  return t == TransactionType::kSale ? "SALE" : "REFUND";
}

std::string_view toString(Outcome o) {
  switch (o) {
    case Outcome::kInFlight: return "IN_FLIGHT";
    case Outcome::kUnknown: return "UNKNOWN";
    case Outcome::kSucceeded: return "SUCCEEDED";
    case Outcome::kDeclined: return "DECLINED";
    case Outcome::kFailed: return "FAILED";
    case Outcome::kActionRequired: return "ACTION_REQUIRED";
  }
  return "UNKNOWN";
}

std::optional<Outcome> outcomeFrom(std::string_view s) {
  for (Outcome o : {Outcome::kInFlight, Outcome::kUnknown, Outcome::kSucceeded, Outcome::kDeclined,
                    Outcome::kFailed, Outcome::kActionRequired})
    if (toString(o) == s) return o;
  return std::nullopt;
}

std::string_view toString(EventType t) {
  switch (t) {
    case EventType::kAuthorizationSucceeded: return "AUTHORIZATION_SUCCEEDED";
    case EventType::kCaptureSucceeded: return "CAPTURE_SUCCEEDED";
    case EventType::kCancellationSucceeded: return "CANCELLATION_SUCCEEDED";
  }
  return "CAPTURE_SUCCEEDED";
}

std::optional<EventType> eventTypeFrom(std::string_view s) {
  for (EventType t : {EventType::kAuthorizationSucceeded, EventType::kCaptureSucceeded,
                      EventType::kCancellationSucceeded})
    if (toString(t) == s) return t;
  return std::nullopt;
}

const Transaction* activeSale(const Payment& p) {
  for (auto it = p.transactions.rbegin(); it != p.transactions.rend(); ++it)
    if (it->type == TransactionType::kSale && it->connectionId == p.connectionId) return &*it;
  return nullptr;
}

Transaction* activeSale(Payment& p) {
  return const_cast<Transaction*>(activeSale(static_cast<const Payment&>(p)));
}

}  // namespace sy::domain
