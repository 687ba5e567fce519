#include "workflows/workflow_simulation.h"

#include <limits>

namespace sy::workflows {
namespace {

void addAmount(AmountsByCurrency& to, const std::string& currency, int64_t amount) {
  int64_t& total = to[currency];
  if (__builtin_add_overflow(total, amount, &total)) total = std::numeric_limits<int64_t>::max();
}

void count(std::map<std::string, ConnectionVolume>& volume, const std::string& connection,
           const domain::Payment& p) {
  ConnectionVolume& v = volume[connection];
  ++v.payments;
  addAmount(v.amounts, p.currencyCode, p.amount);
}

bool reachedAuthorization(domain::PaymentStatus s) {
  using S = domain::PaymentStatus;
  return s == S::kAuthorized || s == S::kSettling || s == S::kPartiallySettled ||
         s == S::kSettled || s == S::kCancelled;
}

}  // namespace

WorkflowSimulation::WorkflowSimulation(const CompiledWorkflow& workflow,
                                       std::string defaultConnection, size_t sampleSize)
    : workflow_(workflow),
      defaultConnection_(std::move(defaultConnection)),
      sampleSize_(sampleSize) {
  for (size_t b = 0; b < workflow_.blockCount(); ++b) {
    const auto block = static_cast<uint16_t>(b);
    BlockRouteCounts counts;
    counts.blockId = std::string(workflow_.blockId(block));
    counts.type = workflow_.blockType(block);
    for (size_t r = 0; r < workflow_.routeCount(block); ++r)
      counts.routes.push_back(
          {std::string(workflow_.routeId(block, static_cast<uint16_t>(r))), false, 0});
    if (counts.type == BlockType::kConditions)
      counts.routes.push_back(
          {std::string(workflow_.routeId(block, TraceEntry::kDefaultRoute)), true, 0});
    report_.blocks.push_back(std::move(counts));
  }
}

std::string WorkflowSimulation::routeOf(const Decision& d) const {
  std::string out;
  for (const TraceEntry& e : d.trace()) {
    if (!out.empty()) out += " > ";
    out += workflow_.blockId(e.block);
    out += ':';
    out += workflow_.routeId(e.block, e.route);
  }
  return out;
}

void WorkflowSimulation::addPast(const domain::Payment& p, const BinData& bin) {
  add(p, bin, true);
}

void WorkflowSimulation::addHypothetical(const domain::Payment& p, const BinData& bin) {
  add(p, bin, false);
}

void WorkflowSimulation::add(const domain::Payment& p, const BinData& bin, bool past) {
  const bool onStatus = workflow_.trigger() == TriggerEvent::kPaymentStatusUpdated;
  const PaymentFactsHolder holder(
      p, bin, onStatus ? std::optional<domain::PaymentStatus>(p.status) : std::nullopt);
  const Decision d = workflow_.evaluate(holder.facts());
  SimulationReport& r = report_;
  ++r.payments;
  if (past) ++r.pastPayments;

  for (const TraceEntry& e : d.trace()) {
    auto& routes = r.blocks[e.block].routes;
    const size_t slot = e.route == TraceEntry::kDefaultRoute ? routes.size() - 1 : e.route;
    if (slot < routes.size()) ++routes[slot].payments;
  }
  if (!d.triggered) ++r.notTriggered;
  if (d.authorize) ++r.authorized;
  if (d.block) ++r.blocked;
  if (d.capture) ++r.captured;
  if (d.cancel) ++r.cancelled;
  if (d.refund) ++r.refunded;
  if (!d.notifications().empty()) ++r.notified;
  // Routing is what PAYMENT_CREATED workflows decide; status workflows only act on payments.
  if (onStatus) return;

  std::string simulated;
  if (d.authorize) {
    simulated = d.authorize->connection;
  } else if (!d.triggered) {
    simulated = defaultConnection_;
  }
  count(r.simulatedVolume, simulated, p);

  SampledPayment sample;
  sample.paymentId = p.id;
  sample.amount = p.amount;
  sample.currency = p.currencyCode;
  sample.status = past ? std::string(domain::toString(p.status)) : std::string();
  sample.route = routeOf(d);
  sample.simulatedConnection = simulated;

  // The payment's authorization attempts, in order.
  std::vector<AttemptRecord> attempts;
  for (const domain::Transaction& t : p.transactions) {
    if (t.type != domain::TransactionType::kSale) continue;
    attempts.push_back(
        {t.processorMerchantId, t.outcome, t.statusReason ? &*t.statusReason : nullptr});
  }
  if (past && !attempts.empty()) sample.actualConnection = std::string(attempts.front().connection);

  if (d.block) {
    sample.blockReason = d.block->reason;
    if (past && reachedAuthorization(p.status)) {
      ++r.blockedThatWereAuthorized;
      addAmount(r.blockedAuthorizedAmounts, p.currencyCode, p.amount);
    }
    if (r.blockedSample.size() < sampleSize_) r.blockedSample.push_back(sample);
  }
  if (!past) return;

  count(r.actualVolume, sample.actualConnection, p);
  if (sample.actualConnection != simulated) {
    ++r.routeChanges;
    if (r.routeChangeSample.size() < sampleSize_) r.routeChangeSample.push_back(sample);
  }

  const bool refused =
      p.status == domain::PaymentStatus::kDeclined || p.status == domain::PaymentStatus::kFailed;
  if (!refused || attempts.empty()) return;
  const AttemptRecord& last = attempts.back();
  if (last.outcome != domain::Outcome::kDeclined && last.outcome != domain::Outcome::kFailed)
    return;
  ++r.refusals;
  if (!d.authorize) return;  // blocked (counted above) or not triggered
  const AuthorizationPlan plan = workflow_.authorizationPlan(*d.authorize);
  bool inPlan = last.connection == plan.primary;
  for (const std::string& f : plan.fallbacks) inPlan = inPlan || last.connection == f;
  if (!inPlan) {
    ++r.refusedOutsidePlan;
    return;
  }
  const NextStep next = nextStep(plan, attempts);
  const DeclineClass cls = next.lastRefusal.value_or(classifyRefusal(last.outcome, last.reason));
  if (next.kind != NextStep::Kind::kTry) {
    const std::string why = next.kind == NextStep::Kind::kWait ? "UNRESOLVED_ATTEMPT"
                            : next.stopReason == NextStep::StopReason::kExhausted
                                ? "ALL_CONNECTIONS_TRIED"
                                : std::string(toString(cls));
    ++r.notRetried[why];
    return;
  }
  ++r.retried;
  addAmount(r.retriedAmounts, p.currencyCode, p.amount);
  ++r.retriedByNextConnection[std::string(next.connection)];
  sample.declineClass = std::string(toString(cls));
  sample.nextConnection = std::string(next.connection);
  if (r.retrySample.size() < sampleSize_) r.retrySample.push_back(sample);
}

}  // namespace sy::workflows
