#include "domain/status_reason.h"

#include <array>
#include <utility>

namespace sy::domain {
namespace {
template <class E, size_t N>
std::string_view nameOf(const std::array<std::pair<E, std::string_view>, N>& table, E v) {
  for (const auto& [e, s] : table)
    if (e == v) return s;
  return "UNKNOWN";
}
template <class E, size_t N>
std::optional<E> valueOf(const std::array<std::pair<E, std::string_view>, N>& table,
                         std::string_view s) {
  for (const auto& [e, name] : table)
    if (name == s) return e;
  return std::nullopt;
}

constexpr std::array<std::pair<ReasonType, std::string_view>, 4> kReasonTypes{{
    {ReasonType::kApplicationError, "APPLICATION_ERROR"},
    {ReasonType::kGatewayRejected, "GATEWAY_REJECTED"},
    {ReasonType::kGatewayTimeout, "GATEWAY_TIMEOUT"},
    {ReasonType::kIssuerDeclined, "ISSUER_DECLINED"},
}};
constexpr std::array<std::pair<DeclineType, std::string_view>, 2> kDeclineTypes{{
    {DeclineType::kSoft, "SOFT_DECLINE"},
    {DeclineType::kHard, "HARD_DECLINE"},
}};
constexpr std::array<std::pair<DeclineCode, std::string_view>, 13> kDeclineCodes{{
    {DeclineCode::kError, "ERROR"},
    {DeclineCode::kInvalidCardNumber, "INVALID_CARD_NUMBER"},
    {DeclineCode::kExpiredCard, "EXPIRED_CARD"},
    {DeclineCode::kLostOrStolenCard, "LOST_OR_STOLEN_CARD"},
    {DeclineCode::kSuspectedFraud, "SUSPECTED_FRAUD"},
    {DeclineCode::kUnknown, "UNKNOWN"},
    {DeclineCode::kDeclined, "DECLINED"},
    {DeclineCode::kReferToCardIssuer, "REFER_TO_CARD_ISSUER"},
    {DeclineCode::kDoNotHonor, "DO_NOT_HONOR"},
    {DeclineCode::kInsufficientFunds, "INSUFFICIENT_FUNDS"},
    {DeclineCode::kWithdrawalLimitExceeded, "WITHDRAWAL_LIMIT_EXCEEDED"},
    {DeclineCode::kIssuerTemporarilyUnavailable, "ISSUER_TEMPORARILY_UNAVAILABLE"},
    {DeclineCode::kAuthenticationRequired, "AUTHENTICATION_REQUIRED"},
}};
constexpr std::array<std::pair<AdvisedAction, std::string_view>, 4> kAdvisedActions{{
    {AdvisedAction::kRetryLater, "RETRY_LATER"},
    {AdvisedAction::kUpdateData, "UPDATE_DATA"},
    {AdvisedAction::kDoNotRetry, "DO_NOT_RETRY"},
    {AdvisedAction::kStopAllPayments, "STOP_ALL_PAYMENTS"},
}};
}  // namespace

StatusReason issuerDecline(DeclineCode code, std::string message, std::string rawCode) {
  StatusReason r;
  r.type = ReasonType::kIssuerDeclined;
  r.code = code;
  r.message = std::move(message);
  r.processorCode = std::move(rawCode);
  switch (code) {
    // Temporary conditions: the same card may succeed later or elsewhere.
    case DeclineCode::kInsufficientFunds:
    case DeclineCode::kWithdrawalLimitExceeded:
    case DeclineCode::kIssuerTemporarilyUnavailable:
    case DeclineCode::kError:
    case DeclineCode::kUnknown:
      r.declineType = DeclineType::kSoft;
      r.advisedAction = AdvisedAction::kRetryLater;
      break;
    case DeclineCode::kAuthenticationRequired:
      r.declineType = DeclineType::kSoft;
      r.advisedAction = AdvisedAction::kUpdateData;
      break;
    // Card data is wrong or outdated: retrying the same data cannot succeed.
    case DeclineCode::kExpiredCard:
    case DeclineCode::kInvalidCardNumber:
      r.declineType = DeclineType::kHard;
      r.advisedAction = AdvisedAction::kUpdateData;
      break;
    // The issuer says stop using this card.
    case DeclineCode::kLostOrStolenCard:
    case DeclineCode::kSuspectedFraud:
      r.declineType = DeclineType::kHard;
      r.advisedAction = AdvisedAction::kStopAllPayments;
      break;
    case DeclineCode::kDoNotHonor:
    case DeclineCode::kDeclined:
    case DeclineCode::kReferToCardIssuer:
      r.declineType = DeclineType::kHard;
      r.advisedAction = AdvisedAction::kDoNotRetry;
      break;
  }
  return r;
}

std::string_view toString(ReasonType v) { return nameOf(kReasonTypes, v); }
std::string_view toString(DeclineType v) { return nameOf(kDeclineTypes, v); }
std::string_view toString(DeclineCode v) { return nameOf(kDeclineCodes, v); }
std::string_view toString(AdvisedAction v) { return nameOf(kAdvisedActions, v); }
std::optional<ReasonType> reasonTypeFrom(std::string_view s) { return valueOf(kReasonTypes, s); }
std::optional<DeclineType> declineTypeFrom(std::string_view s) { return valueOf(kDeclineTypes, s); }
std::optional<DeclineCode> declineCodeFrom(std::string_view s) { return valueOf(kDeclineCodes, s); }
std::optional<AdvisedAction> advisedActionFrom(std::string_view s) {
  return valueOf(kAdvisedActions, s);
}

}  // namespace sy::domain
