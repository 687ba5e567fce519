// Simulation: run a compiled workflow over payments without calling any processor, and report
// what it would do (docs/workflows.md, "Simulation"). Pure: the caller pages payments in (past
// ones from the store, or hypothetical ones from a request) and renders the report.
//
// For each payment the workflow is evaluated on the facts PaymentFactsHolder builds (the same the
// engine uses). For past payments the report also compares with what happened:
// - the connection first tried: the first SALE transaction's, versus the draft's AUTHORIZE
//   primary (or the merchant's default connection when the trigger's conditions do not hold);
// - fallbacks: a past DECLINED/FAILED payment counts as *retried* when its last refusal happened
//   on a connection of the draft's plan for it ([primary, fallbacks...]) and nextStep(), given the
//   recorded attempts, says TRY: the named connection is one the payment was never tried on;
// - blocks: payments the draft would BLOCK, and how many of them were authorized in fact.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "domain/payment.h"
#include "workflows/compiled_workflow.h"
#include "workflows/facts_from_payment.h"

namespace sy::workflows {

// Amounts in minor units, per currency code (saturating at INT64_MAX).
using AmountsByCurrency = std::map<std::string, int64_t>;

struct ConnectionVolume {
  int64_t payments = 0;
  AmountsByCurrency amounts;
};

// One block and how many payments took each of its routes.
struct BlockRouteCounts {
  std::string blockId;
  BlockType type = BlockType::kConditions;
  struct Route {
    std::string id;
    bool isDefault = false;
    int64_t payments = 0;
  };
  std::vector<Route> routes;  // in document order; a CONDITIONS block's default route last
};

// One payment in a sample list.
struct SampledPayment {
  std::string paymentId;
  int64_t amount = 0;
  std::string currency;
  std::string status;               // the payment's recorded status ("" for hypothetical payments)
  std::string route;                // the draft's route, "block:route > block:route"
  std::string actualConnection;     // first connection tried in fact ("" when none)
  std::string simulatedConnection;  // first connection under the draft ("" when blocked)
  std::string declineClass;         // retries: the class of the last refusal
  std::string nextConnection;       // retries: the connection the draft would try next
  std::string blockReason;          // blocked payments
};

struct SimulationReport {
  int64_t payments = 0;      // evaluated
  int64_t pastPayments = 0;  // of which past (compared with what happened)
  int64_t notTriggered = 0;  // the trigger's conditions did not hold
  // Payments per action the workflow decided.
  int64_t authorized = 0, blocked = 0, captured = 0, cancelled = 0, refunded = 0, notified = 0;
  std::vector<BlockRouteCounts> blocks;
  // First connection per payment, by name ("" = none: blocked, or never attempted).
  std::map<std::string, ConnectionVolume> simulatedVolume;
  std::map<std::string, ConnectionVolume> actualVolume;  // past payments only
  // Past payments whose first connection would change.
  int64_t routeChanges = 0;
  std::vector<SampledPayment> routeChangeSample;
  // Past DECLINED/FAILED payments with at least one refused attempt.
  int64_t refusals = 0;
  int64_t retried = 0;  // of which the draft's fallbacks would retry
  AmountsByCurrency retriedAmounts;
  std::map<std::string, int64_t> retriedByNextConnection;
  // Refused on a connection of the plan but not retried, by why: the decline class the draft does
  // not fall back on, "ALL_CONNECTIONS_TRIED", or "UNRESOLVED_ATTEMPT".
  std::map<std::string, int64_t> notRetried;
  int64_t refusedOutsidePlan = 0;  // refused on a connection the draft would not use for them
  std::vector<SampledPayment> retrySample;
  // Blocked payments.
  int64_t blockedThatWereAuthorized = 0;  // past payments that in fact reached AUTHORIZED or later
  AmountsByCurrency blockedAuthorizedAmounts;
  std::vector<SampledPayment> blockedSample;
};

class WorkflowSimulation {
 public:
  // `defaultConnection`: the merchant's default connection's name, which gets the payments the
  // workflow does not trigger for ("" when it has none). Each sample keeps at most `sampleSize`.
  WorkflowSimulation(const CompiledWorkflow& workflow, std::string defaultConnection,
                     size_t sampleSize);

  // A past payment: evaluated, then compared with its recorded transactions.
  void addPast(const domain::Payment& p, const BinData& bin);
  // A hypothetical payment (no history): evaluated only.
  void addHypothetical(const domain::Payment& p, const BinData& bin);

  const SimulationReport& report() const { return report_; }

 private:
  void add(const domain::Payment& p, const BinData& bin, bool past);
  std::string routeOf(const Decision& d) const;

  const CompiledWorkflow& workflow_;
  std::string defaultConnection_;
  size_t sampleSize_;
  SimulationReport report_;  // report_.blocks[i] is block i of the workflow
};

}  // namespace sy::workflows
