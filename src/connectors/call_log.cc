#include "connectors/call_log.h"

#include "common/log.h"

namespace sy::connectors {

std::string_view outcomeName(CallOutcome o) {
  switch (o) {
    case CallOutcome::kSucceeded:
      return "succeeded";
    case CallOutcome::kDeclined:
      return "declined";
    case CallOutcome::kFailed:
      return "failed";
    case CallOutcome::kUnknown:
      return "unknown";
    case CallOutcome::kNotFound:
      return "not_found";
  }
  return "unknown";
}

CallResult notSent(std::string message) {
  CallResult r;
  r.outcome = CallOutcome::kFailed;
  r.status = domain::PaymentStatus::kFailed;
  domain::StatusReason reason;
  reason.type = domain::ReasonType::kApplicationError;
  reason.message = std::move(message);
  r.reason = std::move(reason);
  return r;
}

CallResult unknownOutcome(std::string_view why) {
  domain::StatusReason reason;
  reason.type = domain::ReasonType::kGatewayTimeout;
  reason.message = "outcome unknown: " + std::string(why);
  CallResult r;
  r.outcome = CallOutcome::kUnknown;
  r.status = domain::PaymentStatus::kPending;
  r.reason = std::move(reason);
  return r;
}

void logCall(std::string_view message, std::string_view operation, const std::string& attemptKey,
             unsigned httpStatus, std::chrono::steady_clock::duration elapsed,
             const CallResult& r) {
  int64_t ms = std::chrono::duration_cast<std::chrono::milliseconds>(elapsed).count();
  std::string_view code = r.reason ? std::string_view(r.reason->processorCode) : "";
  std::string_view why = r.reason ? std::string_view(r.reason->message) : "";
  auto level = r.outcome == CallOutcome::kUnknown ? log::Level::kWarn : log::Level::kInfo;
  log::write(level, message,
             {{"operation", operation},
              {"attempt_key", attemptKey},
              {"http_status", static_cast<int>(httpStatus)},
              {"outcome", outcomeName(r.outcome)},
              {"processor_transaction_id", r.processorTransactionId},
              {"processor_operation_id", r.processorOperationId},
              {"processor_code", code},
              {"reason", r.outcome == CallOutcome::kUnknown ? why : std::string_view()},
              {"duration_ms", ms}});
}

}  // namespace sy::connectors
