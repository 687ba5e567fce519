// POST /workflows/{id}/simulate (Switchyard, docs/workflows.md "Simulation"): the request, and the
// report written from a workflows::SimulationReport.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "api/codec/validation.h"
#include "common/clock.h"
#include "domain/payment.h"
#include "workflows/facts_from_payment.h"
#include "workflows/workflow_simulation.h"

namespace sy::api::codec {

inline constexpr int kDefaultSimulationLimit = 1000;
inline constexpr size_t kMaxHypotheticalPayments = 1000;

// A posted payment that never happened: what a workflow reads of it.
struct HypotheticalPayment {
  domain::Payment payment;  // id, amount, currency, customer, order, metadata, paymentMethod
  workflows::BinData bin;   // from `card`
};

struct SimulationRequest {
  std::optional<int64_t> version;  // absent: the draft, else the live version, else the latest
  // Past payments (when `hypothetical` is empty): the newest `limit` created in [from, to].
  std::optional<TimePoint> from, to;
  int limit = kDefaultSimulationLimit;
  std::vector<HypotheticalPayment> hypothetical;
  bool useHypothetical = false;  // `payments` was given
  size_t sampleSize = 10;
};

// Validated like POST /payments: every error with its path (`$.payments[2].currencyCode`).
// `payments` and `from`/`to`/`limit` exclude each other. An empty body simulates the newest 1,000
// past payments.
Decoded<SimulationRequest> decodeSimulationRequest(std::string_view body);

// What was simulated, written at the top of the report.
struct SimulationSubject {
  std::string workflowId;
  int64_t version = 0;
  std::string versionState;  // "DRAFT" | "PUBLISHED"
  bool live = false;
  std::string triggerEvent;
  const SimulationRequest* request = nullptr;
  bool moreInRange = false;  // past payments: older ones in the range were left out (limit)
};

std::string writeSimulationReport(const SimulationSubject& subject,
                                  const workflows::SimulationReport& report);

}  // namespace sy::api::codec
