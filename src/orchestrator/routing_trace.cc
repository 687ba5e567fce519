#include "orchestrator/routing_trace.h"

namespace sy::orchestrator {
namespace {
using workflows::TraceEntry;
}

domain::WorkflowRun recordRun(const workflows::PublishedWorkflow& workflow,
                              const workflows::Decision& d,
                              std::optional<domain::PaymentStatus> status, TimePoint at) {
  const workflows::CompiledWorkflow& w = workflow.compiled;
  domain::WorkflowRun run;
  run.workflow = {workflow.workflowId, workflow.version, w.name()};
  run.trigger = std::string(workflows::toString(w.trigger()));
  if (status) run.status = std::string(domain::toString(*status));
  run.at = at;
  run.triggered = d.triggered;
  run.triggerConditionsJson = std::string(w.triggerConditionsJson());
  if (!d.triggered) return run;
  for (const TraceEntry& e : d.trace()) {
    domain::RoutedBlock b;
    b.id = std::string(w.blockId(e.block));
    b.type = std::string(workflows::toString(w.blockType(e.block)));
    b.route = std::string(w.routeId(e.block, e.route));
    if (w.blockType(e.block) == workflows::BlockType::kSplit) {
      b.bucket = e.bucket;
    } else {
      b.matchedConditionsJson = std::string(w.routeConditionsJson(e.block, e.route));
    }
    run.blocks.push_back(std::move(b));
  }
  // The order actions run in: notifications, then block or authorize, capture, cancel, refund.
  for (const workflows::Action* n : d.notifications()) {
    run.actions.emplace_back("NOTIFY");
    run.notifications.push_back({std::string(workflows::toString(n->channel)),
                                 n->channel == workflows::NotifyChannel::kEmail ? n->to : "",
                                 n->message});
  }
  if (d.block) {
    run.actions.emplace_back("BLOCK");
    run.blockReason = d.block->reason;
  }
  if (d.authorize) run.actions.emplace_back("AUTHORIZE");
  if (d.capture) run.actions.emplace_back("CAPTURE");
  if (d.cancel) run.actions.emplace_back("CANCEL");
  if (d.refund) run.actions.emplace_back("REFUND");
  return run;
}

domain::AuthorizationRoute routeOf(const workflows::CompiledWorkflow& w,
                                   const workflows::Action& authorize) {
  domain::AuthorizationRoute r;
  r.connections.push_back(authorize.connection);
  for (const auto& f : authorize.fallbackConnections) r.connections.push_back(f);
  const workflows::DeclineClassSet on = w.fallBackOn();
  for (int i = 0; i < workflows::kDeclineClassCount; ++i) {
    const auto c = static_cast<workflows::DeclineClass>(i);
    if (on.contains(c)) r.fallbackOn.emplace_back(workflows::toString(c));
  }
  r.threeDSecure = std::string(workflows::toString(authorize.threeDSecure));
  r.threeDSecureProvider = std::string(workflows::toString(authorize.threeDSecureProvider));
  r.state = "RUNNING";
  return r;
}

workflows::AuthorizationPlan planOf(const domain::AuthorizationRoute& route) {
  workflows::AuthorizationPlan plan;
  if (!route.connections.empty()) {
    plan.primary = route.connections.front();
    plan.fallbacks = std::span<const std::string>(route.connections).subspan(1);
  }
  workflows::DeclineClassSet on;
  for (const auto& name : route.fallbackOn)
    if (auto c = workflows::declineClassFrom(name)) on.insert(*c);
  plan.fallBackOn = on;
  for (const auto& skip : route.skipped) plan.skipped.push_back(skip.processorMerchantId);
  return plan;
}

std::vector<workflows::AttemptRecord> attemptsOf(const domain::Payment& p,
                                                 const domain::AuthorizationRoute& route) {
  std::vector<workflows::AttemptRecord> out;
  out.reserve(route.attempts.size());
  for (const domain::RoutedAttempt& a : route.attempts) {
    workflows::AttemptRecord rec;
    rec.connection = a.processorMerchantId;
    for (const domain::Transaction& t : p.transactions) {
      if (t.id != a.transactionId) continue;
      rec.outcome = t.outcome;
      rec.reason = t.statusReason ? &*t.statusReason : nullptr;
    }
    out.push_back(rec);
  }
  return out;
}

bool planIsActive(const domain::Payment& p) {
  if (!p.routing || !p.routing->authorization) return false;
  const domain::AuthorizationRoute& r = *p.routing->authorization;
  if (r.state == "STOPPED" || r.attempts.empty()) return false;
  const domain::Transaction* sale = domain::activeSale(p);
  return sale != nullptr && sale->id == r.attempts.back().transactionId;
}

std::string refusalName(const domain::StatusReason* reason) {
  if (reason == nullptr) return "NONE";
  if (reason->code && *reason->code != domain::DeclineCode::kError &&
      *reason->code != domain::DeclineCode::kUnknown)
    return std::string(domain::toString(*reason->code));
  return std::string(domain::toString(reason->type));
}

void stopRoute(domain::AuthorizationRoute& route, const workflows::NextStep& step) {
  using Stop = workflows::NextStep::StopReason;
  route.state = "STOPPED";
  switch (step.stopReason) {
    case Stop::kSucceeded: route.stopReason = "SUCCEEDED"; break;
    case Stop::kNotRetryable: route.stopReason = "NOT_RETRYABLE"; break;
    case Stop::kExhausted: route.stopReason = "EXHAUSTED"; break;
    case Stop::kNone: route.stopReason = "NONE"; break;
  }
  if (step.lastRefusal) route.stopDeclineClass = std::string(workflows::toString(*step.lastRefusal));
}

domain::StatusReason blockedReason(const std::string& reason) {
  domain::StatusReason r;
  r.type = domain::ReasonType::kGatewayRejected;
  r.advisedAction = domain::AdvisedAction::kDoNotRetry;
  r.message = "Blocked by workflow: " + reason;
  return r;
}

}  // namespace sy::orchestrator
