// Small shared translations from a connector's CallResult to the engine's records and errors.
#pragma once

#include <string>

#include "common/money.h"
#include "common/status.h"
#include "connectors/connector.h"
#include "domain/payment.h"

namespace sy::orchestrator {

inline domain::Outcome outcomeOf(connectors::CallOutcome o) {
  switch (o) {
    case connectors::CallOutcome::kSucceeded: return domain::Outcome::kSucceeded;
    case connectors::CallOutcome::kDeclined: return domain::Outcome::kDeclined;
    case connectors::CallOutcome::kFailed:
    case connectors::CallOutcome::kNotFound: return domain::Outcome::kFailed;
    case connectors::CallOutcome::kUnknown: return domain::Outcome::kUnknown;
  }
  return domain::Outcome::kUnknown;
}

// The error a merchant gets when the processor refused a capture, cancellation or refund.
inline Status refusedBy(const char* operation, const connectors::CallResult& r) {
  std::string msg = std::string("The processor refused the ") + operation;
  if (r.reason && !r.reason->message.empty()) msg += ": " + r.reason->message;
  return Status(StatusCode::kFailedPrecondition, msg, "PaymentError");
}

inline int exponentOf(const std::string& currency) {
  auto c = findCurrency(currency);
  return c ? c->exponent : 2;
}

}  // namespace sy::orchestrator
