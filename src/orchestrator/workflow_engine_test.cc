// The engine running workflows against the sandbox emulators over loopback: routing, BLOCK,
// fallbacks per decline class, unknown outcomes that hold a fallback back until the recovery sweep
// resolves them, captures (immediate and delayed) and PAYMENT_STATUS_UPDATED workflows. Each test
// checks what Switchyard recorded against what the emulators' ledgers saw.
#include <gtest/gtest.h>

#include "orchestrator/testing/engine_fixture.h"

namespace sy::orchestrator {
namespace {
using domain::PaymentStatus;
using testing::EngineFixture;

// Stripe's test cards (src/sandbox/stripe/magic_cards.cc); Adyen's emulator approves them.
constexpr const char* kApproved = "4242424242424242";
constexpr const char* kInsufficientFunds = "4000000000009995";  // soft decline
constexpr const char* kExpired = "4000000000000069";            // hard decline
constexpr const char* kStolen = "4000000000009979";             // fraud decline
constexpr const char* kProcessingError = "4000000000000119";    // processor rejected
constexpr const char* kGenericDecline = "4000000000000002";     // soft decline

// Stripe first, Adyen as fallback, on the default decline classes unless `fallback` says.
std::string stripeThenAdyen(const std::string& fallback = "", const std::string& extraSteps = "") {
  return R"({"schemaVersion": 1, "name": "Stripe then Adyen",
             "trigger": {"event": "PAYMENT_CREATED"},)" +
         (fallback.empty() ? "" : R"("fallback": {"declineClasses": )" + fallback + "},") +
         R"("steps": [{"type": "AUTHORIZE", "connection": "stripe-main",
                        "fallbackConnections": ["adyen-main"]})" +
         extraSteps + "]}";
}

class WorkflowEngine : public EngineFixture {};

TEST_F(WorkflowEngine, WithoutAWorkflowTheDefaultConnectionAuthorizes) {
  auto p = pay(kApproved);
  ASSERT_TRUE(p) << p.status().toString();
  EXPECT_EQ(p->status, PaymentStatus::kAuthorized);
  EXPECT_EQ(attemptedConnections(*p), std::vector<std::string>{"stripe-main"});
  ASSERT_TRUE(p->routing);
  EXPECT_EQ(p->routing->source, domain::RoutingSource::kDefaultConnection);
  EXPECT_FALSE(p->routing->created);
  // What the engine answered is what it stored.
  EXPECT_EQ(domain::routingToJson(*load(p->id)->routing), domain::routingToJson(*p->routing));
}

TEST_F(WorkflowEngine, ConditionsRouteByCurrencyAndRecordTheMatchedConditions) {
  publish("wf_route", R"({
    "schemaVersion": 1, "name": "Euros to Adyen",
    "trigger": {"event": "PAYMENT_CREATED"},
    "steps": [{"type": "CONDITIONS", "id": "currency",
               "routes": [{"id": "euros",
                           "conditions": [{"field": "currency", "operator": "EQUALS", "value": "EUR"}],
                           "steps": [{"type": "AUTHORIZE", "connection": "adyen-main"}]}],
               "defaultRoute": {"steps": [{"type": "AUTHORIZE", "connection": "tp-main"}]}}]})");
  PaymentInput euros;
  euros.card.number = kApproved;
  auto eu = pay(euros);
  ASSERT_TRUE(eu) << eu.status().toString();
  EXPECT_EQ(eu->status, PaymentStatus::kAuthorized);
  EXPECT_EQ(attemptedConnections(*eu), std::vector<std::string>{"adyen-main"});
  ASSERT_TRUE(eu->routing && eu->routing->created);
  EXPECT_EQ(eu->routing->source, domain::RoutingSource::kWorkflow);
  const domain::WorkflowRun& run = *eu->routing->created;
  EXPECT_EQ(run.workflow.id, "wf_route");
  EXPECT_EQ(run.workflow.version, 1);
  ASSERT_EQ(run.blocks.size(), 1u);
  EXPECT_EQ(run.blocks[0].id, "currency");
  EXPECT_EQ(run.blocks[0].route, "euros");
  EXPECT_EQ(run.blocks[0].matchedConditionsJson,
            R"([{"field":"currency","operator":"EQUALS","value":"EUR"}])");
  EXPECT_EQ(route(*eu).attempts.at(0).reason, "FIRST");
  EXPECT_EQ(route(*eu).stopReason, "SUCCEEDED");

  PaymentInput dollars = euros;
  dollars.currency = "USD";
  auto us = pay(dollars);
  ASSERT_TRUE(us) << us.status().toString();
  EXPECT_EQ(attemptedConnections(*us), std::vector<std::string>{"tp-main"});
  EXPECT_EQ(us->routing->created->blocks.at(0).route, "default");
  EXPECT_EQ(us->routing->created->blocks.at(0).matchedConditionsJson, "[]");
}

TEST_F(WorkflowEngine, APinnedConnectionBypassesTheWorkflow) {
  publish("wf_pin", stripeThenAdyen());
  PaymentInput in;
  in.card.number = kInsufficientFunds;
  in.pin = "tp-main";
  auto p = pay(in);
  ASSERT_TRUE(p) << p.status().toString();
  EXPECT_EQ(attemptedConnections(*p), std::vector<std::string>{"tp-main"});
  EXPECT_EQ(p->routing->source, domain::RoutingSource::kPinnedConnection);
  EXPECT_FALSE(p->routing->created);
  EXPECT_FALSE(p->routing->authorization);
}

TEST_F(WorkflowEngine, ASoftDeclineFallsBackAndTheNextConnectionAuthorizes) {
  publish("wf_fb", stripeThenAdyen());
  auto p = pay(kInsufficientFunds);
  ASSERT_TRUE(p) << p.status().toString();
  EXPECT_EQ(p->status, PaymentStatus::kAuthorized);
  EXPECT_FALSE(p->statusReason);
  ASSERT_EQ(p->transactions.size(), 2u);
  EXPECT_EQ(p->transactions[0].processorMerchantId, "stripe-main");
  EXPECT_EQ(p->transactions[0].status, PaymentStatus::kDeclined);
  EXPECT_EQ(p->transactions[0].statusReason->code, domain::DeclineCode::kInsufficientFunds);
  EXPECT_EQ(p->transactions[1].processorMerchantId, "adyen-main");
  EXPECT_EQ(p->transactions[1].status, PaymentStatus::kAuthorized);
  EXPECT_EQ(p->processorMerchantId, "adyen-main");
  const auto& r = route(*p);
  ASSERT_EQ(r.attempts.size(), 2u);
  EXPECT_EQ(r.attempts[1].reason, "FALLBACK");
  EXPECT_EQ(r.attempts[1].afterDeclineClass, "SOFT_DECLINE");
  EXPECT_EQ(r.attempts[1].afterReason, "INSUFFICIENT_FUNDS");
  EXPECT_EQ(r.attempts[1].transactionId, p->transactions[1].id);
  EXPECT_EQ(r.state, "STOPPED");
  EXPECT_EQ(r.stopReason, "SUCCEEDED");
  EXPECT_EQ(ledger(*stripe_).declines, 1);
  EXPECT_EQ(ledger(*stripe_).charges, 0);
  EXPECT_EQ(ledger(*adyen_).charges, 1);
  // Stored as answered.
  auto stored = load(p->id);
  ASSERT_TRUE(stored);
  EXPECT_EQ(stored->transactions.size(), 2u);
  EXPECT_EQ(domain::routingToJson(*stored->routing), domain::routingToJson(*p->routing));
}

TEST_F(WorkflowEngine, AHardDeclineStopsAfterOneAttempt) {
  publish("wf_hard", stripeThenAdyen());
  auto p = pay(kExpired);
  ASSERT_TRUE(p) << p.status().toString();
  EXPECT_EQ(p->status, PaymentStatus::kDeclined);
  EXPECT_EQ(p->statusReason->code, domain::DeclineCode::kExpiredCard);
  EXPECT_EQ(attemptedConnections(*p), std::vector<std::string>{"stripe-main"});
  EXPECT_EQ(route(*p).stopReason, "NOT_RETRYABLE");
  EXPECT_EQ(route(*p).stopDeclineClass, "HARD_DECLINE");
  EXPECT_EQ(ledger(*adyen_).charges + ledger(*adyen_).declines, 0);
}

TEST_F(WorkflowEngine, AFraudDeclineNeverFallsBack) {
  publish("wf_fraud", stripeThenAdyen());
  auto p = pay(kStolen);
  ASSERT_TRUE(p) << p.status().toString();
  EXPECT_EQ(p->status, PaymentStatus::kDeclined);
  EXPECT_EQ(attemptedConnections(*p), std::vector<std::string>{"stripe-main"});
  EXPECT_EQ(route(*p).stopDeclineClass, "FRAUD_DECLINE");
}

TEST_F(WorkflowEngine, AProcessorRejectionFallsBackByDefault) {
  publish("wf_rejected", stripeThenAdyen());
  auto p = pay(kProcessingError);
  ASSERT_TRUE(p) << p.status().toString();
  EXPECT_EQ(p->status, PaymentStatus::kAuthorized);
  EXPECT_EQ(attemptedConnections(*p), (std::vector<std::string>{"stripe-main", "adyen-main"}));
  EXPECT_EQ(route(*p).attempts.at(1).afterDeclineClass, "PROCESSOR_REJECTED");
}

TEST_F(WorkflowEngine, TheWorkflowsDeclineClassesDecideWhatFallsBack) {
  // Only processor errors fall back here: a soft decline is final.
  publish("wf_classes", stripeThenAdyen(R"(["PROCESSOR_ERROR"])"));
  auto p = pay(kInsufficientFunds);
  ASSERT_TRUE(p) << p.status().toString();
  EXPECT_EQ(p->status, PaymentStatus::kDeclined);
  EXPECT_EQ(attemptedConnections(*p), std::vector<std::string>{"stripe-main"});
  EXPECT_EQ(route(*p).stopReason, "NOT_RETRYABLE");
  EXPECT_EQ(route(*p).stopDeclineClass, "SOFT_DECLINE");
  EXPECT_EQ(route(*p).fallbackOn, std::vector<std::string>{"PROCESSOR_ERROR"});
}

TEST_F(WorkflowEngine, WhenEveryConnectionRefusesTheLastRefusalIsTheOutcome) {
  publish("wf_exhausted", stripeThenAdyen());
  PaymentInput in;
  in.card.number = kGenericDecline;
  in.card.holder = "NOT_ENOUGH_BALANCE";  // Adyen's refusal testing by holder name
  auto p = pay(in);
  ASSERT_TRUE(p) << p.status().toString();
  EXPECT_EQ(p->status, PaymentStatus::kDeclined);
  EXPECT_EQ(attemptedConnections(*p), (std::vector<std::string>{"stripe-main", "adyen-main"}));
  EXPECT_EQ(p->statusReason->code, domain::DeclineCode::kInsufficientFunds);  // Adyen's
  EXPECT_EQ(route(*p).stopReason, "EXHAUSTED");
  EXPECT_EQ(route(*p).stopDeclineClass, "SOFT_DECLINE");
}

TEST_F(WorkflowEngine, AnUnknownOutcomeHoldsTheFallbackUntilTheSweepResolvesIt) {
  publish("wf_unknown", stripeThenAdyen());
  // Stripe processes the authorization (a decline) but its answer, and the inquiry's, are lost.
  setFaults(*stripe_, R"({"dropNext": 2, "phase": "after"})");
  auto p = pay(kInsufficientFunds);
  ASSERT_TRUE(p) << p.status().toString();
  EXPECT_EQ(p->status, PaymentStatus::kPending);
  ASSERT_EQ(p->transactions.size(), 1u);
  EXPECT_EQ(p->transactions[0].outcome, domain::Outcome::kUnknown);
  EXPECT_EQ(route(*p).state, "WAITING");
  EXPECT_EQ(ledger(*stripe_).declines, 1);
  EXPECT_EQ(ledger(*adyen_).charges + ledger(*adyen_).declines, 0);  // no fallback meanwhile

  // The sweep learns it was declined and continues the route on Adyen.
  EXPECT_GE(sweep(), 1);
  auto after = load(p->id);
  ASSERT_TRUE(after) << after.status().toString();
  EXPECT_EQ(after->status, PaymentStatus::kAuthorized);
  EXPECT_EQ(attemptedConnections(*after),
            (std::vector<std::string>{"stripe-main", "adyen-main"}));
  EXPECT_EQ(after->transactions[0].status, PaymentStatus::kDeclined);
  EXPECT_EQ(route(*after).attempts.at(1).afterReason, "INSUFFICIENT_FUNDS");
  EXPECT_EQ(route(*after).stopReason, "SUCCEEDED");
  EXPECT_EQ(ledger(*adyen_).charges, 1);
  EXPECT_EQ(sweep(), 0);  // nothing left to resolve
}

TEST_F(WorkflowEngine, AnUnknownOutcomeThatChargedStopsTheRoute) {
  publish("wf_charged", stripeThenAdyen());
  setFaults(*stripe_, R"({"dropNext": 2, "phase": "after"})");
  auto p = pay(kApproved);
  ASSERT_TRUE(p) << p.status().toString();
  EXPECT_EQ(p->status, PaymentStatus::kPending);
  EXPECT_EQ(route(*p).state, "WAITING");
  sweep();
  auto after = load(p->id);
  ASSERT_TRUE(after);
  EXPECT_EQ(after->status, PaymentStatus::kAuthorized);
  EXPECT_EQ(attemptedConnections(*after), std::vector<std::string>{"stripe-main"});
  EXPECT_EQ(route(*after).stopReason, "SUCCEEDED");
  EXPECT_EQ(ledger(*stripe_).charges, 1);
  EXPECT_EQ(ledger(*adyen_).charges, 0);
}

TEST_F(WorkflowEngine, ACallTheProcessorNeverSawWaitsForTheSweepThenFallsBackAsATimeout) {
  publish("wf_lost", stripeThenAdyen());
  // The call never reaches Stripe's books. "Not found" at once is not trusted (the processor could
  // still be working on it): the route waits, and the sweep's later inquiry settles it.
  setFaults(*stripe_, R"({"dropNext": 1, "phase": "before"})");
  auto p = pay(kApproved);
  ASSERT_TRUE(p) << p.status().toString();
  EXPECT_EQ(p->status, PaymentStatus::kPending);
  EXPECT_EQ(route(*p).state, "WAITING");
  EXPECT_EQ(ledger(*adyen_).charges, 0);
  // The sweep's first inquiry comes too soon for "not found" to be conclusive (the call could
  // still be under way, as a slow answer the client gave up on is): still waiting, no fallback.
  // (The chaos suite found this for captures: a capture given up on after a slow answer was
  // recorded FAILED on the sweep's "not found", then processed by the processor.)
  sweep();
  auto early = load(p->id);
  ASSERT_TRUE(early);
  EXPECT_EQ(early->status, PaymentStatus::kPending);
  EXPECT_EQ(ledger(*adyen_).charges, 0);
  // Once the attempt is older than 3 processor timeouts, "not found" settles it.
  clock_.advance(std::chrono::seconds(16));
  EXPECT_GE(sweep(), 1);
  auto after = load(p->id);
  ASSERT_TRUE(after) << after.status().toString();
  EXPECT_EQ(after->status, PaymentStatus::kAuthorized);
  EXPECT_EQ(attemptedConnections(*after),
            (std::vector<std::string>{"stripe-main", "adyen-main"}));
  EXPECT_EQ(after->transactions[0].status, PaymentStatus::kFailed);
  EXPECT_EQ(route(*after).attempts.at(1).afterDeclineClass, "PROCESSOR_TIMEOUT");
  EXPECT_EQ(ledger(*stripe_).charges, 0);
  EXPECT_EQ(ledger(*adyen_).charges, 1);
}

TEST_F(WorkflowEngine, AnAnswerLostAfterAChargeIsSettledInlineWithoutAFallback) {
  publish("wf_inline", stripeThenAdyen());
  // Only the authorization's answer is lost; the inline inquiry finds Stripe's charge.
  setFaults(*stripe_, R"({"dropNext": 1, "phase": "after"})");
  auto p = pay(kApproved);
  ASSERT_TRUE(p) << p.status().toString();
  EXPECT_EQ(p->status, PaymentStatus::kAuthorized);
  EXPECT_EQ(attemptedConnections(*p), std::vector<std::string>{"stripe-main"});
  EXPECT_EQ(route(*p).stopReason, "SUCCEEDED");
  EXPECT_EQ(ledger(*stripe_).charges, 1);
  EXPECT_EQ(ledger(*adyen_).charges, 0);
}

TEST_F(WorkflowEngine, BlockDeclinesWithoutCallingAProcessorAndNotifies) {
  publish("wf_block", R"({
    "schemaVersion": 1, "name": "Block large payments",
    "trigger": {"event": "PAYMENT_CREATED"},
    "steps": [{"type": "CONDITIONS", "id": "size",
               "routes": [{"id": "large",
                           "conditions": [{"field": "amount", "operator": "GREATER_THAN_OR_EQUAL", "value": 50000}],
                           "steps": [{"type": "NOTIFY", "channel": "EMAIL", "to": "risk@example.com",
                                      "message": "Blocked a large payment"},
                                     {"type": "BLOCK", "reason": "Amounts from 500.00 need review"}]}],
               "defaultRoute": {"steps": [{"type": "AUTHORIZE", "connection": "stripe-main"}]}}]})");
  auto p = pay(kApproved, 60000);
  ASSERT_TRUE(p) << p.status().toString();
  EXPECT_EQ(p->status, PaymentStatus::kDeclined);
  EXPECT_TRUE(p->transactions.empty());
  ASSERT_TRUE(p->statusReason);
  EXPECT_EQ(p->statusReason->type, domain::ReasonType::kGatewayRejected);
  EXPECT_EQ(p->statusReason->advisedAction, domain::AdvisedAction::kDoNotRetry);
  EXPECT_EQ(p->statusReason->message, "Blocked by workflow: Amounts from 500.00 need review");
  EXPECT_EQ(p->routing->created->blockReason, "Amounts from 500.00 need review");
  EXPECT_EQ(p->routing->created->actions, (std::vector<std::string>{"NOTIFY", "BLOCK"}));
  EXPECT_EQ(ledger(*stripe_).charges + ledger(*stripe_).declines, 0);
  auto seen = notifier_.seen();
  ASSERT_EQ(seen.size(), 1u);
  EXPECT_EQ(seen[0].paymentId, p->id);
  EXPECT_EQ(seen[0].channel, "EMAIL");
  EXPECT_EQ(seen[0].to, "risk@example.com");
  EXPECT_EQ(seen[0].message, "Blocked a large payment");
  EXPECT_EQ(seen[0].workflowId, "wf_block");
  EXPECT_EQ(load(p->id)->status, PaymentStatus::kDeclined);

  auto small = pay(kApproved, 100);
  ASSERT_TRUE(small);
  EXPECT_EQ(small->status, PaymentStatus::kAuthorized);
  EXPECT_EQ(notifier_.seen().size(), 1u);
}

TEST_F(WorkflowEngine, ATriggerThatDoesNotHoldLeavesTheDefaultConnection) {
  publish("wf_trigger", R"({
    "schemaVersion": 1, "name": "Only euros",
    "trigger": {"event": "PAYMENT_CREATED",
                "conditions": [{"field": "currency", "operator": "EQUALS", "value": "EUR"}]},
    "steps": [{"type": "AUTHORIZE", "connection": "adyen-main"}]})");
  PaymentInput in;
  in.currency = "USD";
  auto p = pay(in);
  ASSERT_TRUE(p) << p.status().toString();
  EXPECT_EQ(attemptedConnections(*p), std::vector<std::string>{"stripe-main"});
  EXPECT_EQ(p->routing->source, domain::RoutingSource::kDefaultConnection);
  ASSERT_TRUE(p->routing->created);
  EXPECT_FALSE(p->routing->created->triggered);
  EXPECT_EQ(p->routing->created->workflow.id, "wf_trigger");
}

TEST_F(WorkflowEngine, AnImmediateCaptureFollowsTheAuthorization) {
  publish("wf_capture", stripeThenAdyen("", R"(, {"type": "CAPTURE", "mode": "IMMEDIATE"})"));
  auto p = pay(kApproved, 2500);
  ASSERT_TRUE(p) << p.status().toString();
  EXPECT_EQ(p->status, PaymentStatus::kSettled);
  EXPECT_EQ(p->amountCaptured, 2500);
  EXPECT_EQ(p->routing->capture->state, "CAPTURED");
  EXPECT_EQ(ledger(*stripe_).captures, 1);
  EXPECT_EQ(load(p->id)->status, PaymentStatus::kSettled);
}

TEST_F(WorkflowEngine, ADeclinedPaymentIsNotCaptured) {
  publish("wf_capture_declined",
          stripeThenAdyen("", R"(, {"type": "CAPTURE", "mode": "IMMEDIATE"})"));
  auto p = pay(kExpired);
  ASSERT_TRUE(p) << p.status().toString();
  EXPECT_EQ(p->status, PaymentStatus::kDeclined);
  EXPECT_EQ(p->routing->capture->state, "SKIPPED");
  EXPECT_EQ(ledger(*stripe_).captures, 0);
}

TEST_F(WorkflowEngine, ADelayedCaptureRunsWhenDue) {
  publish("wf_delayed",
          stripeThenAdyen("", R"(, {"type": "CAPTURE", "mode": "DELAYED", "delayHours": 2})"));
  const TimePoint created = clock_.now();
  auto p = pay(kApproved, 3000);
  ASSERT_TRUE(p) << p.status().toString();
  EXPECT_EQ(p->status, PaymentStatus::kAuthorized);
  ASSERT_TRUE(p->captureDueAt);
  EXPECT_EQ(*p->captureDueAt, created + std::chrono::hours(2));
  EXPECT_EQ(p->routing->capture->state, "SCHEDULED");

  clock_.advance(std::chrono::minutes(119));
  EXPECT_EQ(sweep(), 0);
  EXPECT_EQ(load(p->id)->status, PaymentStatus::kAuthorized);

  clock_.advance(std::chrono::minutes(1));
  EXPECT_EQ(sweep(), 1);
  auto after = load(p->id);
  ASSERT_TRUE(after);
  EXPECT_EQ(after->status, PaymentStatus::kSettled);
  EXPECT_EQ(after->amountCaptured, 3000);
  EXPECT_FALSE(after->captureDueAt);
  EXPECT_EQ(after->routing->capture->state, "CAPTURED");
  EXPECT_EQ(ledger(*stripe_).captures, 1);
  EXPECT_EQ(sweep(), 0);
}

TEST_F(WorkflowEngine, ACancelledPaymentSkipsItsDelayedCapture) {
  publish("wf_delayed_cancel",
          stripeThenAdyen("", R"(, {"type": "CAPTURE", "mode": "DELAYED", "delayHours": 1})"));
  auto p = pay(kApproved);
  ASSERT_TRUE(p) << p.status().toString();
  auto cancelled = cancel(p->id);
  ASSERT_TRUE(cancelled) << cancelled.status().toString();
  EXPECT_EQ(cancelled->status, PaymentStatus::kCancelled);
  EXPECT_FALSE(cancelled->captureDueAt);
  EXPECT_EQ(cancelled->routing->capture->state, "SKIPPED");
  clock_.advance(std::chrono::hours(2));
  EXPECT_EQ(sweep(), 0);
  EXPECT_EQ(ledger(*stripe_).captures, 0);
}

TEST_F(WorkflowEngine, StatusUpdatedWorkflowsRunOnTheStatusTheyNameOnly) {
  publish("wf_declines", R"({
    "schemaVersion": 1, "name": "Tell ops about declines",
    "trigger": {"event": "PAYMENT_STATUS_UPDATED",
                "conditions": [{"field": "status", "operator": "ONE_OF", "values": ["DECLINED", "FAILED"]}]},
    "steps": [{"type": "NOTIFY", "channel": "WEBHOOK", "message": "A payment was declined"}]})");
  auto ok = pay(kApproved);
  ASSERT_TRUE(ok) << ok.status().toString();
  EXPECT_TRUE(load(ok->id)->routing->statusUpdates.empty());
  EXPECT_TRUE(notifier_.seen().empty());

  auto declined = pay(kExpired);
  ASSERT_TRUE(declined) << declined.status().toString();
  auto stored = load(declined->id);
  ASSERT_TRUE(stored);
  ASSERT_EQ(stored->routing->statusUpdates.size(), 1u);
  const domain::WorkflowRun& run = stored->routing->statusUpdates[0];
  EXPECT_EQ(run.workflow.id, "wf_declines");
  EXPECT_EQ(run.trigger, "PAYMENT_STATUS_UPDATED");
  EXPECT_EQ(run.status, "DECLINED");
  EXPECT_EQ(run.actions, std::vector<std::string>{"NOTIFY"});
  auto seen = notifier_.seen();
  ASSERT_EQ(seen.size(), 1u);
  EXPECT_EQ(seen[0].paymentId, declined->id);
  EXPECT_EQ(seen[0].trigger, "PAYMENT_STATUS_UPDATED");
  EXPECT_EQ(seen[0].status, "DECLINED");
  EXPECT_EQ(seen[0].channel, "WEBHOOK");
}

TEST_F(WorkflowEngine, AStatusUpdatedWorkflowCapturesAuthorizedPayments) {
  publish("wf_capture_on_auth", R"({
    "schemaVersion": 1, "name": "Capture what is authorized",
    "trigger": {"event": "PAYMENT_STATUS_UPDATED",
                "conditions": [{"field": "status", "operator": "EQUALS", "value": "AUTHORIZED"}]},
    "steps": [{"type": "CAPTURE", "mode": "IMMEDIATE"}]})");
  auto p = pay(kApproved, 1200);
  ASSERT_TRUE(p) << p.status().toString();
  auto after = load(p->id);
  ASSERT_TRUE(after);
  EXPECT_EQ(after->status, PaymentStatus::kSettled);
  EXPECT_EQ(after->amountCaptured, 1200);
  ASSERT_EQ(after->routing->statusUpdates.size(), 1u);  // the capture did not trigger it again
  EXPECT_EQ(after->routing->statusUpdates[0].status, "AUTHORIZED");
  EXPECT_EQ(ledger(*stripe_).captures, 1);
}

}  // namespace
}  // namespace sy::orchestrator
