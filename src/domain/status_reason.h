// Primer's statusReason decline taxonomy: why a payment or transaction is DECLINED, FAILED or unresolved.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace sy::domain {

enum class ReasonType { kApplicationError, kGatewayRejected, kGatewayTimeout, kIssuerDeclined };
enum class DeclineType { kSoft, kHard };
// Primer's TransactionDeclineReasonV2Enum.
enum class DeclineCode {
  kError,
  kInvalidCardNumber,
  kExpiredCard,
  kLostOrStolenCard,
  kSuspectedFraud,
  kUnknown,
  kDeclined,
  kReferToCardIssuer,
  kDoNotHonor,
  kInsufficientFunds,
  kWithdrawalLimitExceeded,
  kIssuerTemporarilyUnavailable,
  kAuthenticationRequired,
};
enum class AdvisedAction { kRetryLater, kUpdateData, kDoNotRetry, kStopAllPayments };

struct StatusReason {
  ReasonType type = ReasonType::kApplicationError;
  std::optional<DeclineType> declineType;
  std::optional<DeclineCode> code;
  std::optional<AdvisedAction> advisedAction;
  std::string message;      // the processor's human-readable message, if any
  std::string processorCode;  // the processor's raw code, preserved as received
};

// The taxonomy's default for an issuer decline code: soft/hard and the advised action.
StatusReason issuerDecline(DeclineCode code, std::string message = {}, std::string rawCode = {});

std::string_view toString(ReasonType v);
std::string_view toString(DeclineType v);
std::string_view toString(DeclineCode v);
std::string_view toString(AdvisedAction v);
std::optional<ReasonType> reasonTypeFrom(std::string_view s);
std::optional<DeclineType> declineTypeFrom(std::string_view s);
std::optional<DeclineCode> declineCodeFrom(std::string_view s);
std::optional<AdvisedAction> advisedActionFrom(std::string_view s);

}  // namespace sy::domain
