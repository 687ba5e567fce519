// What workflows do after a payment's authorization: PAYMENT_STATUS_UPDATED workflows (run after
// an operation changed the status, with the status as a fact), their capture/cancel/refund
// actions, NOTIFY hand-over, and delayed captures when they fall due (driven by the recovery
// sweep). See docs/workflows.md, "Running workflows".
#include "common/log.h"
#include "domain/state_machine.h"
#include "orchestrator/payment_engine.h"
#include "orchestrator/routing_trace.h"
#include "store/awaitable.h"
#include "workflows/facts_from_payment.h"

namespace sy::orchestrator {
namespace {
using domain::Payment;
using domain::PaymentStatus;

// Status-updated runs kept per payment (oldest dropped): the trace stays bounded.
constexpr size_t kMaxStatusUpdateRuns = 16;
constexpr int kConcurrentModificationRetries = 3;
}  // namespace

void PaymentEngine::notify(const Payment& p, const domain::WorkflowRun& run) {
  for (const domain::RoutedNotification& n : run.notifications) {
    Notification out;
    out.merchantId = p.merchantId;
    out.paymentId = p.id;
    out.workflowId = run.workflow.id;
    out.workflowVersion = run.workflow.version;
    out.trigger = run.trigger;
    out.status = std::string(domain::toString(p.status));
    out.channel = n.channel;
    out.to = n.to;
    out.message = n.message;
    notifier_->notify(out);
  }
}

boost::asio::awaitable<void> PaymentEngine::afterStatusChange(Payment p, PaymentStatus before) {
  if (workflows_ == nullptr || p.status == before) co_return;
  auto current =
      co_await workflows_->current(p.merchantId, workflows::TriggerEvent::kPaymentStatusUpdated);
  if (!current) {
    log::warn("status-updated workflow unavailable",
              {{"payment_id", p.id}, {"error", current.status().toString()}});
    co_return;
  }
  const std::shared_ptr<const workflows::PublishedWorkflow> workflow = std::move(*current);
  if (!workflow) co_return;
  const PaymentStatus status = p.status;
  const workflows::PaymentFactsHolder facts(p, workflows::binDataOf(p), status);
  const workflows::Decision d = workflow->compiled.evaluate(facts.facts());
  if (!d.triggered) co_return;  // not recorded: the trace lists the runs that did something

  // Record the run (and a delayed capture's due time) on the payment first, so the trace shows
  // what the workflow decided even when an action is then refused.
  const domain::WorkflowRun run = recordRun(*workflow, d, status, clock_.now());
  for (int attempt = 0;; ++attempt) {
    if (attempt > 0) {
      auto reloaded = co_await load(p.merchantId, p.id);
      if (!reloaded) co_return;
      p = std::move(*reloaded);
    }
    if (!p.routing) p.routing.emplace();
    auto& runs = p.routing->statusUpdates;
    runs.push_back(run);
    if (runs.size() > kMaxStatusUpdateRuns) runs.erase(runs.begin());
    if (d.capture && d.capture->captureMode == workflows::CaptureMode::kDelayed &&
        !p.captureDueAt && domain::capturableAmount(p) > 0) {
      domain::RoutedCapture c;
      c.mode = "DELAYED";
      c.delayHours = d.capture->delayHours.value_or(0);
      c.dueAt = clock_.now() + std::chrono::hours(c.delayHours);
      c.state = "SCHEDULED";
      p.captureDueAt = c.dueAt;
      p.routing->capture = std::move(c);
    }
    const Idempotency none;
    Status st = co_await commitOutcome(p, none, nullptr, nullptr);
    if (st) break;
    if (st.reason() != "ConcurrentModification" || attempt + 1 >= kConcurrentModificationRetries) {
      log::warn("status-updated workflow run not recorded",
                {{"payment_id", p.id}, {"error", st.toString()}});
      co_return;
    }
  }
  notify(p, run);

  // Actions, as the workflow's own operations (they do not trigger status-updated runs again).
  const Idempotency none;
  const std::string merchantId = p.merchantId;
  const std::string paymentId = p.id;
  if (d.capture && d.capture->captureMode == workflows::CaptureMode::kImmediate) {
    const std::optional<int64_t> all;
    auto r = co_await capture(merchantId, paymentId, all, true, none, Origin::kWorkflow);
    if (!r) log::warn("workflow capture refused", {{"payment_id", paymentId},
                                                   {"error", r.status().toString()}});
  }
  if (d.cancel) {
    const std::string reason = d.cancel->reason;
    auto r = co_await cancel(merchantId, paymentId, reason, none, Origin::kWorkflow);
    if (!r) log::warn("workflow cancellation refused", {{"payment_id", paymentId},
                                                        {"error", r.status().toString()}});
  }
  if (d.refund) {
    const std::optional<int64_t> all;
    const std::string orderId;
    const std::string reason = d.refund->reason;
    auto r = co_await refund(merchantId, paymentId, all, orderId, reason, none, Origin::kWorkflow);
    if (!r) log::warn("workflow refund refused", {{"payment_id", paymentId},
                                                  {"error", r.status().toString()}});
  }
}

boost::asio::awaitable<Status> PaymentEngine::captureDue(std::string merchantId,
                                                         std::string paymentId) {
  auto loaded = co_await load(merchantId, paymentId);
  if (!loaded) co_return loaded.status();
  Payment p = std::move(*loaded);
  if (!p.captureDueAt || *p.captureDueAt > clock_.now()) co_return Status::ok();
  const int64_t amount = domain::capturableAmount(p);
  if (p.status == PaymentStatus::kAuthorized && amount > 0 && !domain::hasUnresolvedCall(p)) {
    const Idempotency none;
    const std::optional<int64_t> all;
    auto r = co_await capture(merchantId, paymentId, all, true, none, Origin::kWorkflow);
    if (r) co_return Status::ok();
    log::warn("scheduled capture refused", {{"payment_id", paymentId},
                                            {"error", r.status().toString()}});
    // Refused before the call (the payment changed meanwhile): record why below.
    auto again = co_await load(merchantId, paymentId);
    if (!again) co_return again.status();
    p = std::move(*again);
    if (!p.captureDueAt) co_return Status::ok();  // the capture was made and refused
  } else if (domain::hasUnresolvedCall(p)) {
    co_return Status::ok();  // resolved first by the sweep; due again on its next pass
  }
  p.captureDueAt.reset();
  if (p.routing && p.routing->capture) {
    p.routing->capture->state = "SKIPPED";
    p.routing->capture->detail = "The payment was " + std::string(domain::toString(p.status)) +
                                 " with nothing to capture when the capture was due";
  }
  const Idempotency none;
  co_return co_await commitOutcome(p, none, nullptr, nullptr);
}

}  // namespace sy::orchestrator
