// How a payment was routed: the decision trace recorded on each payment (docs/workflows.md,
// "Running workflows"). Written by the engine as the payment moves (evaluation, each attempt, the
// plan's end, captures, status-updated workflows); stored with the payment as JSON and shown as the
// non-spec member `routing` of GET /payments/{id}. Pure data plus its one JSON form, which is both
// the stored and the rendered form.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/clock.h"
#include "common/status.h"

namespace sy::domain {

// Who chose the connection of the payment's first attempt.
enum class RoutingSource {
  kWorkflow,           // the merchant's published PAYMENT_CREATED workflow
  kPinnedConnection,   // the request named processor.processorMerchantId: no workflow ran
  kDefaultConnection,  // no workflow published, or its trigger did not hold
};

// The published workflow version that ran.
struct WorkflowRef {
  std::string id;
  int64_t version = 0;
  std::string name;
};

// One block a workflow run passed through.
struct RoutedBlock {
  std::string id;    // the block's id in the document
  std::string type;  // "CONDITIONS" | "SPLIT"
  std::string route;  // the route taken ("default" style ids for a defaultRoute)
  std::optional<int> bucket;  // SPLIT: the payment's bucket, 0..9999
  // CONDITIONS: the conditions of the route taken, all of which held, as a JSON array in the
  // document's form ("[]" for the default route).
  std::string matchedConditionsJson = "[]";
};

// A NOTIFY action that ran (delivery is the Notifier's: orchestrator/notifier.h).
struct RoutedNotification {
  std::string channel;  // "EMAIL" | "WEBHOOK"
  std::string to;       // EMAIL only
  std::string message;
};

// One evaluation of a workflow for this payment.
struct WorkflowRun {
  WorkflowRef workflow;
  std::string trigger;  // "PAYMENT_CREATED" | "PAYMENT_STATUS_UPDATED"
  std::string status;   // PAYMENT_STATUS_UPDATED: the status that triggered the run
  TimePoint at{};
  bool triggered = false;  // false: the trigger's conditions did not hold, nothing ran
  std::string triggerConditionsJson = "[]";  // the trigger's conditions (held when triggered)
  std::vector<RoutedBlock> blocks;
  std::vector<std::string> actions;  // action types in the order they were decided
  std::vector<RoutedNotification> notifications;
  std::string blockReason;  // BLOCK
};

// One authorization attempt the plan made, and why.
struct RoutedAttempt {
  std::string transactionId;
  std::string processorMerchantId;
  std::string reason;  // "FIRST" | "FALLBACK"
  // FALLBACK: the refusal of the attempt before that made the plan move on.
  std::string afterDeclineClass;  // "SOFT_DECLINE"...
  std::string afterReason;        // its statusReason code, else its type: "INSUFFICIENT_FUNDS"
};

// A connection of the route passed over without a call: its circuit breaker was open
// (orchestrator/circuit_breaker.h). No transaction is made for it, and the route never returns
// to it.
struct RoutedSkip {
  std::string processorMerchantId;
  std::string reason = "CIRCUIT_OPEN";
  TimePoint at{};
};

// Where the payment's authorization goes: the route's connections and when to fall back.
struct AuthorizationRoute {
  std::vector<std::string> connections;  // primary first, then the fallbacks in order
  std::vector<std::string> fallbackOn;   // decline classes ("SOFT_DECLINE"...)
  std::string threeDSecure = "DISABLED";
  std::string threeDSecureProvider = "PROCESSOR";  // or "SWITCHYARD" (its own 3-D Secure server)
  // "RUNNING" while attempts are made; "WAITING" while an attempt's outcome is unknown (no
  // fallback may start; the recovery sweep resolves it and continues); "STOPPED" at the end.
  std::string state = "RUNNING";
  // STOPPED: "SUCCEEDED" | "NOT_RETRYABLE" | "EXHAUSTED" | "CONNECTION_UNAVAILABLE" |
  // "CIRCUIT_OPEN" (every connection left was skipped before any attempt: the payment is DECLINED)
  std::string stopReason;
  std::string stopDeclineClass;  // NOT_RETRYABLE, EXHAUSTED: the last refusal's class
  std::vector<RoutedAttempt> attempts;
  std::vector<RoutedSkip> skipped;  // in the order they were passed over
};

// A CAPTURE action: immediately after authorization, or due at a time.
struct RoutedCapture {
  std::string mode;  // "IMMEDIATE" | "DELAYED"
  int64_t delayHours = 0;
  std::optional<TimePoint> dueAt;  // DELAYED, once authorized
  // "AWAITING_AUTHORIZATION" | "SCHEDULED" | "CAPTURED" | "PENDING" (outcome unknown) | "FAILED" |
  // "SKIPPED" (the payment was not authorized, or was no longer capturable when due)
  std::string state = "AWAITING_AUTHORIZATION";
  std::string detail;  // why FAILED / SKIPPED
};

struct Routing {
  RoutingSource source = RoutingSource::kDefaultConnection;
  std::optional<WorkflowRun> created;  // the PAYMENT_CREATED run, when a workflow was published
  std::optional<AuthorizationRoute> authorization;  // a workflow's AUTHORIZE
  std::optional<RoutedCapture> capture;
  std::vector<WorkflowRun> statusUpdates;  // PAYMENT_STATUS_UPDATED runs, oldest first
};

std::string_view toString(RoutingSource s);

// The JSON form (docs/workflows.md, "The decision trace"). Parsing is lenient about members it does
// not know (rows written by a newer version) and fails only on text that is not a JSON object.
std::string routingToJson(const Routing& r);
Result<Routing> routingFromJson(std::string_view json);

}  // namespace sy::domain
