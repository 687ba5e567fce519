#include "workflows/fallback_policy.h"

#include <algorithm>
#include <array>
#include <utility>

namespace sy::workflows {
namespace {

using domain::DeclineCode;
using domain::Outcome;
using domain::ReasonType;

constexpr std::array<std::pair<DeclineClass, std::string_view>, kDeclineClassCount> kNames{{
    {DeclineClass::kSoftDecline, "SOFT_DECLINE"},
    {DeclineClass::kHardDecline, "HARD_DECLINE"},
    {DeclineClass::kFraudDecline, "FRAUD_DECLINE"},
    {DeclineClass::kAuthenticationRequired, "AUTHENTICATION_REQUIRED"},
    {DeclineClass::kProcessorRejected, "PROCESSOR_REJECTED"},
    {DeclineClass::kProcessorError, "PROCESSOR_ERROR"},
    {DeclineClass::kProcessorTimeout, "PROCESSOR_TIMEOUT"},
}};

// The class a decline code decides by itself; nullopt for the codes that carry no information.
// Note DO_NOT_HONOR and DECLINED: the taxonomy calls them hard (do not retry the same card at the
// same processor), but they are the issuer's generic refusal, which often depends on the acquirer
// (its country, MCC, risk signals), so another connection is worth one try.
std::optional<DeclineClass> classOfCode(DeclineCode code) {
  switch (code) {
    case DeclineCode::kInsufficientFunds:
    case DeclineCode::kWithdrawalLimitExceeded:
    case DeclineCode::kDoNotHonor:
    case DeclineCode::kDeclined:
    case DeclineCode::kIssuerTemporarilyUnavailable:
      return DeclineClass::kSoftDecline;
    case DeclineCode::kInvalidCardNumber:
    case DeclineCode::kExpiredCard:
    case DeclineCode::kReferToCardIssuer:  // the cardholder must call the issuer first
      return DeclineClass::kHardDecline;
    case DeclineCode::kLostOrStolenCard:
    case DeclineCode::kSuspectedFraud:
      return DeclineClass::kFraudDecline;
    case DeclineCode::kAuthenticationRequired:
      return DeclineClass::kAuthenticationRequired;
    case DeclineCode::kError:
    case DeclineCode::kUnknown:
      return std::nullopt;
  }
  return std::nullopt;
}

DeclineClass classOfType(ReasonType type) {
  switch (type) {
    case ReasonType::kIssuerDeclined:
      return DeclineClass::kSoftDecline;
    case ReasonType::kGatewayRejected:
      return DeclineClass::kProcessorRejected;
    case ReasonType::kApplicationError:
      return DeclineClass::kProcessorError;
    case ReasonType::kGatewayTimeout:
      return DeclineClass::kProcessorTimeout;
  }
  return DeclineClass::kProcessorError;
}

// Attempted, or skipped: either way not to be tried (again).
bool passed(std::string_view connection, const AuthorizationPlan& plan,
            std::span<const AttemptRecord> attempts) {
  return std::any_of(attempts.begin(), attempts.end(),
                     [&](const AttemptRecord& a) { return a.connection == connection; }) ||
         std::find(plan.skipped.begin(), plan.skipped.end(), connection) != plan.skipped.end();
}

}  // namespace

std::string_view toString(DeclineClass c) {
  for (const auto& [v, name] : kNames)
    if (v == c) return name;
  return "UNKNOWN";
}

std::optional<DeclineClass> declineClassFrom(std::string_view s) {
  for (const auto& [v, name] : kNames)
    if (name == s) return v;
  return std::nullopt;
}

DeclineClassSet DeclineClassSet::defaults() {
  DeclineClassSet s;
  s.insert(DeclineClass::kSoftDecline);
  s.insert(DeclineClass::kProcessorRejected);
  s.insert(DeclineClass::kProcessorError);
  s.insert(DeclineClass::kProcessorTimeout);
  return s;
}

DeclineClass classifyRefusal(Outcome outcome, const domain::StatusReason* reason) {
  if (reason == nullptr) {
    return outcome == Outcome::kDeclined ? DeclineClass::kSoftDecline
                                         : DeclineClass::kProcessorError;
  }
  if (reason->code) {
    if (std::optional<DeclineClass> c = classOfCode(*reason->code)) return *c;
  }
  return classOfType(reason->type);
}

NextStep nextStep(const AuthorizationPlan& plan, std::span<const AttemptRecord> attempts) {
  NextStep step;
  for (size_t i = 0; i < attempts.size(); ++i) {
    const Outcome o = attempts[i].outcome;
    // An attempt waiting for the customer's 3-D Secure challenge may still authorize: no fallback.
    if (o == Outcome::kInFlight || o == Outcome::kUnknown || o == Outcome::kActionRequired) {
      step.kind = NextStep::Kind::kWait;
      step.waitingOn = i;
      return step;
    }
  }
  for (const AttemptRecord& a : attempts) {
    if (a.outcome == Outcome::kSucceeded) {
      step.stopReason = NextStep::StopReason::kSucceeded;
      return step;
    }
  }
  if (!attempts.empty()) {
    const AttemptRecord& last = attempts.back();
    step.lastRefusal = classifyRefusal(last.outcome, last.reason);
    if (!plan.fallBackOn.contains(*step.lastRefusal)) {
      step.stopReason = NextStep::StopReason::kNotRetryable;
      return step;
    }
  }
  if (!passed(plan.primary, plan, attempts)) {
    step.kind = NextStep::Kind::kTry;
    step.connection = plan.primary;
    return step;
  }
  for (const std::string& fallback : plan.fallbacks) {
    if (!passed(fallback, plan, attempts)) {
      step.kind = NextStep::Kind::kTry;
      step.connection = fallback;
      return step;
    }
  }
  step.stopReason = NextStep::StopReason::kExhausted;
  return step;
}

}  // namespace sy::workflows
