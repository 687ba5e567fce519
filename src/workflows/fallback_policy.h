// Fallbacks: after an authorization attempt is refused, should the payment be tried on the next
// connection of its route's fallback list, stop there, or wait?
//
// Rules, in order (see docs/workflows.md, "Fallbacks"):
//  1. An attempt whose outcome is in flight or unknown may still have charged the card: WAIT until
//     it is resolved (recovery sweep / inquiry). No fallback starts meanwhile, whichever attempt it
//     is.
//  2. An attempt that succeeded: STOP, the payment is authorized.
//  3. The latest attempt's refusal is classified (classifyRefusal); when its class is not one the
//     workflow falls back on: STOP, that refusal is the payment's final outcome.
//  4. Otherwise TRY the first connection of [primary, fallbacks...] neither attempted nor skipped
//     yet, or STOP when every one has been tried or skipped. (The engine skips a connection whose
//     circuit breaker is open: it was passed over, not refused, so it changes no decision above.)
// Pure functions of their arguments; safe from any thread.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "domain/payment.h"
#include "domain/status_reason.h"

namespace sy::workflows {

// Why an authorization was refused, as far as trying another processor is concerned.
enum class DeclineClass : uint8_t {
  kSoftDecline,   // the issuer refused for now: funds, limits, do-not-honor, unavailable
  kHardDecline,   // the card data cannot succeed: invalid number, expired, refer to issuer
  kFraudDecline,  // lost or stolen card, suspected fraud: never retried elsewhere
  kAuthenticationRequired,  // the issuer wants 3DS: another processor without it will not help
  kProcessorRejected,       // the processor refused before the issuer (its rules, configuration)
  kProcessorError,          // the processor or Switchyard failed (5xx, unreadable answer)
  kProcessorTimeout,        // the call timed out and was resolved as not charged
};
inline constexpr int kDeclineClassCount = 7;

std::string_view toString(DeclineClass c);  // "SOFT_DECLINE"...
std::optional<DeclineClass> declineClassFrom(std::string_view s);

// A small set of decline classes (a bit mask).
class DeclineClassSet {
 public:
  constexpr DeclineClassSet() = default;
  // Soft declines and processor rejections, errors and timeouts.
  static DeclineClassSet defaults();
  constexpr bool contains(DeclineClass c) const { return bits_ & bit(c); }
  constexpr void insert(DeclineClass c) { bits_ |= bit(c); }
  constexpr bool operator==(const DeclineClassSet&) const = default;

 private:
  static constexpr uint8_t bit(DeclineClass c) { return uint8_t(1u << static_cast<int>(c)); }
  uint8_t bits_ = 0;
};

// The class of a DECLINED or FAILED attempt. Every DeclineCode is mapped explicitly; the codes that
// say nothing (ERROR, UNKNOWN) and reasons without a code are classified by the reason's type.
// `reason` may be null (a refusal that carried none).
DeclineClass classifyRefusal(domain::Outcome outcome, const domain::StatusReason* reason);

// One authorization attempt on the payment, in the order they were made.
struct AttemptRecord {
  std::string_view connection;  // processorMerchantId of the connection tried
  domain::Outcome outcome = domain::Outcome::kInFlight;
  const domain::StatusReason* reason = nullptr;  // for kDeclined / kFailed
};

// Where a route sends an authorization: its primary connection, then its fallbacks in order.
struct AuthorizationPlan {
  std::string_view primary;
  std::span<const std::string> fallbacks;
  DeclineClassSet fallBackOn = DeclineClassSet::defaults();
  // Connections passed over without a call (circuit open): never tried.
  std::vector<std::string_view> skipped;
};

struct NextStep {
  enum class Kind : uint8_t { kTry, kWait, kStop };
  enum class StopReason : uint8_t { kNone, kSucceeded, kNotRetryable, kExhausted };

  Kind kind = Kind::kStop;
  std::string_view connection;  // kTry: the connection to authorize on
  StopReason stopReason = StopReason::kNone;
  size_t waitingOn = 0;  // kWait: index of the unresolved attempt
  // The latest refused attempt's class (kTry after a refusal, kStop kNotRetryable/kExhausted).
  std::optional<DeclineClass> lastRefusal;
};

NextStep nextStep(const AuthorizationPlan& plan, std::span<const AttemptRecord> attempts);

}  // namespace sy::workflows
