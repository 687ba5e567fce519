// Pure translations between the workflow core (src/workflows/) and what a payment records of its
// routing (domain/routing.h): the trace of one evaluation, the authorization route a decision
// picks, and the attempts fallback_policy's nextStep() reads back from a stored payment. The
// stored route, not the workflow, drives fallbacks after the first call (the recovery sweep may
// continue a plan after the workflow was republished).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "common/clock.h"
#include "domain/payment.h"
#include "workflows/compiled_workflow.h"
#include "workflows/fallback_policy.h"
#include "workflows/published_workflow.h"

namespace sy::orchestrator {

// What one evaluation did: workflow version, blocks and routes (with the conditions that held),
// actions, notifications and the BLOCK reason.
domain::WorkflowRun recordRun(const workflows::PublishedWorkflow& workflow,
                              const workflows::Decision& decision,
                              std::optional<domain::PaymentStatus> status, TimePoint at);

// The route of an AUTHORIZE decision: its connections in order and the decline classes that fall
// back, state RUNNING and no attempts yet.
domain::AuthorizationRoute routeOf(const workflows::CompiledWorkflow& workflow,
                                   const workflows::Action& authorize);

// The plan nextStep() takes, viewing into `route` (which must outlive it). Decline classes the
// route names but this version does not know are ignored.
workflows::AuthorizationPlan planOf(const domain::AuthorizationRoute& route);

// The route's attempts as nextStep() reads them, pointing into `p` (which must outlive them and
// not change). An attempt whose transaction is missing counts as in flight: never fall back past
// what cannot be seen.
std::vector<workflows::AttemptRecord> attemptsOf(const domain::Payment& p,
                                                 const domain::AuthorizationRoute& route);

// True while the payment's route may still make attempts: a workflow route not STOPPED whose
// latest attempt is the payment's active SALE.
bool planIsActive(const domain::Payment& p);

// How a refusal is named in the trace: its decline code, else its type ("INSUFFICIENT_FUNDS",
// "APPLICATION_ERROR"); "NONE" without a reason.
std::string refusalName(const domain::StatusReason* reason);

// Ends the route with nextStep()'s kStop answer.
void stopRoute(domain::AuthorizationRoute& route, const workflows::NextStep& step);

// The statusReason of a payment refused by a workflow's BLOCK (docs/workflows.md): Primer's
// taxonomy has no "blocked by a rule", so it is GATEWAY_REJECTED — refused before any issuer saw
// it — with DO_NOT_RETRY and the workflow's reason as the message.
domain::StatusReason blockedReason(const std::string& reason);

}  // namespace sy::orchestrator
