// Manual authorization, capture, cancel and refund: each one a processor call under the
// durability rule (see payment_engine.h).
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <chrono>

#include "common/ids.h"
#include "common/log.h"
#include "common/money.h"
#include "domain/state_machine.h"
#include "orchestrator/call_results.h"
#include "orchestrator/capabilities.h"
#include "orchestrator/payment_engine.h"
#include "orchestrator/processor_requests.h"
#include "store/awaitable.h"

namespace sy::orchestrator {
namespace {
using domain::EventType;
using domain::Outcome;
using domain::Payment;
using domain::PaymentStatus;
using domain::Transaction;
using domain::TransactionEvent;
using domain::TransactionType;

constexpr int kConcurrentModificationRetries = 3;
// A lease held by someone else is usually a glance that ends at once: the processor's webhook for
// the call just made being applied, or the recovery sweep, which listed the payment while its call
// was in flight and claimed the lease a moment after the operation released it. Wait that out,
// 20+40+80+160+320 ms, before answering 409.
constexpr int kLeaseHeldWaits = 5;
constexpr std::chrono::milliseconds kFirstLeaseHeldWait{20};

// Ends a workflow's scheduled capture (captureDueAt) with `state`: the capture now running is the
// scheduled one (PENDING), or the payment no longer needs it (SKIPPED, with why).
void settleScheduledCapture(Payment& p, const char* state, const std::string& detail) {
  if (!p.captureDueAt) return;
  p.captureDueAt.reset();
  if (p.routing && p.routing->capture) {
    p.routing->capture->state = state;
    p.routing->capture->detail = detail;
  }
}
}  // namespace

// Loads the payment, lets `prepare` check it and add its in-flight call, and commits that together
// with the idempotency record and, when a call is now in flight, the payment's lease. Retried when
// another request changed the payment meanwhile, and after a short wait while another holds the
// lease (see kLeaseHeldWaits).
boost::asio::awaitable<Result<Payment>> PaymentEngine::beginCall(
    const std::string& merchantId, const std::string& paymentId, const Idempotency& idem,
    const std::function<Status(Payment&)>& prepare, const store::Lease& lease) {
  int leaseWaits = 0;
  for (int attempt = 0;; ++attempt) {
    auto loaded = co_await load(merchantId, paymentId);
    if (!loaded) co_return loaded.status();
    Payment p = std::move(*loaded);
    SY_CO_RETURN_IF_ERROR(prepare(p));
    p.version += 1;
    p.updatedAt = clock_.now();
    // Also leased: a payment with an unknown call that the operation records something about
    // (a cancellation while the authorization is unknown), so that no sweep resolves it meanwhile.
    const bool calls = domain::hasUnresolvedCall(p);
    const TimePoint now = p.updatedAt;
    Status st = co_await store::write(store_, [&](store::WriteTx& tx) -> Status {
      if (idem.record) {
        store::IdempotencyRecord rec = *idem.record;
        rec.paymentId = paymentId;
        Status s = tx.insertIdempotency(rec);
        if (s.code() == StatusCode::kAlreadyExists)
          return Status(StatusCode::kAlreadyExists, "idempotency key used concurrently",
                        "IdempotencyRace");
        SY_RETURN_IF_ERROR(s);
      }
      if (calls) {
        Status claimed = tx.claimLease(lease, now);
        if (claimed.reason() == "LeaseHeld")
          return Status(StatusCode::kFailedPrecondition,
                        "Another operation on this payment is in progress; retry shortly",
                        "PaymentOperationInProgress");
        SY_RETURN_IF_ERROR(claimed);
      }
      SY_RETURN_IF_ERROR(observeWrite(tx, p, false));
      return tx.updatePayment(p);
    });
    if (st.isOk()) co_return p;
    if (st.reason() == "PaymentOperationInProgress" && leaseWaits < kLeaseHeldWaits) {
      const std::chrono::milliseconds wait = kFirstLeaseHeldWait * (1 << leaseWaits);
      boost::asio::steady_timer timer(co_await boost::asio::this_coro::executor, wait);
      co_await timer.async_wait(boost::asio::use_awaitable);
      ++leaseWaits;
      --attempt;  // not a concurrent modification
      continue;
    }
    if (st.reason() != "ConcurrentModification" || attempt + 1 >= kConcurrentModificationRetries)
      co_return st;
  }
}

boost::asio::awaitable<Result<PaymentEngine::Target>> PaymentEngine::targetOf(
    const std::string& merchantId, const std::string& connectionId) {
  Result<store::Connection> c = internalError("not read");
  co_await store::read(store_, [&](store::ReadTx& tx) {
    c = tx.findConnection(merchantId, connectionId);
  });
  if (!c) co_return c.status();
  co_return targetFor(*c);
}

boost::asio::awaitable<Result<Payment>> PaymentEngine::authorize(std::string merchantId,
                                                                 std::string paymentId,
                                                                 std::string processorMerchantId,
                                                                 Idempotency idem) {
  auto target = co_await findTarget(merchantId, processorMerchantId);
  if (!target) co_return target.status();
  const std::function<Status(Payment&)> prepare = [&](Payment& p) -> Status {
    SY_RETURN_IF_ERROR(domain::checkAuthorize(p));
    // An open circuit sends nothing and changes nothing: the payment stays PENDING for a retry.
    // (Asked once: `prepare` runs again when the payment changed meanwhile.)
    if (!target->permit.granted && !admit(*target))
      return Status(StatusCode::kUnavailable,
                    "Not sent: the processor of connection " +
                        target->connection.processorMerchantId +
                        " is failing (circuit breaker open). The payment is unchanged; retry later.",
                    "ProcessorUnavailable");
    addSaleAttempt(p, *target);
    p.statusReason.reset();
    return Status::ok();
  };
  const store::Lease lease = paymentLease(paymentId);
  auto begun = co_await beginCall(merchantId, paymentId, idem, prepare, lease);
  if (!begun) {
    abandonPermit(*target);
    co_return begun.status();
  }
  co_return co_await runAuthorization(std::move(*begun), std::move(*target), std::move(idem),
                                      lease);
}

boost::asio::awaitable<Result<Payment>> PaymentEngine::capture(std::string merchantId,
                                                               std::string paymentId,
                                                               std::optional<int64_t> amount,
                                                               bool final, Idempotency idem,
                                                               Origin origin) {
  const store::Lease lease = paymentLease(paymentId);
  std::string eventId;
  PaymentStatus before = PaymentStatus::kPending;
  // The processor's capabilities, from the connection holding the authorization.
  auto current = co_await load(merchantId, paymentId);
  if (!current) co_return current.status();
  auto holder = co_await targetOf(merchantId, current->connectionId);
  if (!holder && !current->connectionId.empty()) co_return holder.status();
  const std::function<Status(Payment&)> prepare = [&](Payment& p) -> Status {
    int64_t amt = amount.value_or(domain::capturableAmount(p));
    SY_RETURN_IF_ERROR(domain::checkCapture(p, amt));
    if (holder)
      SY_RETURN_IF_ERROR(checkCaptureCapability(holder->connector->capabilities(),
                                                holder->connection.processor, p, amt, final));
    if (amt <= 0)
      return Status(StatusCode::kFailedPrecondition, "Nothing is left to capture",
                    "UnprocessableCaptureAmount");
    before = p.status;
    // A workflow's delayed capture is settled by this one: run now (due) or overtaken (merchant).
    settleScheduledCapture(p, origin == Origin::kWorkflow ? "PENDING" : "SKIPPED",
                           origin == Origin::kWorkflow
                               ? ""
                               : "The merchant captured the payment before the capture was due");
    TransactionEvent e;
    e.id = eventId = uuidV4();
    e.type = EventType::kCaptureSucceeded;
    e.attemptKey = newId("att", 24);
    e.amount = amt;
    e.final = final;
    e.date = clock_.now();
    domain::activeSale(p)->events.push_back(std::move(e));
    return Status::ok();
  };
  auto begun = co_await beginCall(merchantId, paymentId, idem, prepare, lease);
  if (!begun) co_return begun.status();
  Payment p = std::move(*begun);
  auto target = co_await targetOf(p.merchantId, p.connectionId);
  if (!target) co_return target.status();
  Transaction* sale = domain::activeSale(p);
  TransactionEvent& e = sale->events.back();
  const connectors::CaptureRequest req = captureRequestFor(p, *sale, e);
  auto r = co_await target->connector->capture(target->config, req);
  recordCall(*target, r);
  Status failure;
  applyCapture(p, *sale, e, r);
  if (r.outcome != connectors::CallOutcome::kSucceeded &&
      r.outcome != connectors::CallOutcome::kUnknown)
    failure = refusedBy("capture", r);
  Status st = co_await commitOutcome(p, idem, failure.isOk() ? nullptr : &failure, &lease);
  if (!st) co_return st;
  if (origin == Origin::kMerchant) co_await afterStatusChange(p, before);
  if (!failure.isOk()) co_return failure;
  co_return p;
}

void PaymentEngine::applyCapture(Payment& p, Transaction& sale, TransactionEvent& e,
                                 const connectors::CallResult& r) {
  e.outcome = outcomeOf(r.outcome);
  e.processorEventId = r.processorOperationId;
  if (r.outcome == connectors::CallOutcome::kSucceeded) {
    p.amountCaptured += e.amount;
    // Requested, not yet confirmed: SETTLING until the processor's webhook (payment_webhooks.cc).
    p.status = r.awaitsConfirmation ? PaymentStatus::kSettling : domain::statusAfterCapture(p, e.final);
    sale.status = p.status;
  }
  // The workflow's capture, when this is it, records how it went.
  if (p.routing && p.routing->capture && p.routing->capture->state == "PENDING") {
    domain::RoutedCapture& c = *p.routing->capture;
    if (e.outcome == Outcome::kSucceeded) {
      c.state = "CAPTURED";
    } else if (e.outcome != Outcome::kUnknown) {
      c.state = "FAILED";
      c.detail = r.reason && !r.reason->message.empty() ? r.reason->message
                                                        : "The processor refused the capture";
    }
  }
}

boost::asio::awaitable<Result<Payment>> PaymentEngine::cancel(std::string merchantId,
                                                              std::string paymentId,
                                                              std::string reason,
                                                              Idempotency idem, Origin origin) {
  const store::Lease lease = paymentLease(paymentId);
  bool callProcessor = false;
  PaymentStatus before = PaymentStatus::kPending;
  const std::function<Status(Payment&)> prepare = [&](Payment& p) -> Status {
    SY_RETURN_IF_ERROR(domain::checkCancel(p));
    before = p.status;
    settleScheduledCapture(p, "SKIPPED", "The payment was cancelled before the capture was due");
    Transaction* sale = domain::activeSale(p);
    callProcessor = sale && sale->outcome == Outcome::kSucceeded;
    if (!callProcessor) {  // nothing was authorized anywhere: cancelling is only bookkeeping
      p.status = PaymentStatus::kCancelled;
      return Status::ok();
    }
    sale->reason = reason;
    TransactionEvent e;
    e.id = uuidV4();
    e.type = EventType::kCancellationSucceeded;
    e.attemptKey = newId("att", 24);
    e.date = clock_.now();
    sale->events.push_back(std::move(e));
    return Status::ok();
  };
  auto begun = co_await beginCall(merchantId, paymentId, idem, prepare, lease);
  if (!begun) co_return begun.status();
  Payment p = std::move(*begun);
  if (!callProcessor) {
    // Cancelled while the authorization's outcome is unknown: the payment was leased with the
    // cancellation (beginCall) and is given back here; the sweep resolves the authorization and
    // voids it if it was a charge (payment_resolution.cc).
    const bool leased = domain::hasUnresolvedCall(p);
    if (idem.record || leased) {
      Status st = co_await commitOutcome(p, idem, nullptr, leased ? &lease : nullptr);
      if (!st) co_return st;
    }
    if (origin == Origin::kMerchant) co_await afterStatusChange(p, before);
    co_return p;
  }
  auto target = co_await targetOf(p.merchantId, p.connectionId);
  if (!target) co_return target.status();
  Transaction* sale = domain::activeSale(p);
  TransactionEvent& e = sale->events.back();
  const connectors::CancelRequest req = cancelRequestFor(*sale, e);
  auto r = co_await target->connector->cancel(target->config, req);
  recordCall(*target, r);
  Status failure;
  e.outcome = outcomeOf(r.outcome);
  e.processorEventId = r.processorOperationId;
  if (r.outcome == connectors::CallOutcome::kSucceeded) {
    p.status = PaymentStatus::kCancelled;
    sale->status = PaymentStatus::kCancelled;
  } else if (r.outcome != connectors::CallOutcome::kUnknown) {
    failure = refusedBy("cancellation", r);
  }
  Status st = co_await commitOutcome(p, idem, failure.isOk() ? nullptr : &failure, &lease);
  if (!st) co_return st;
  if (origin == Origin::kMerchant) co_await afterStatusChange(p, before);
  if (!failure.isOk()) co_return failure;
  co_return p;
}

boost::asio::awaitable<Result<Payment>> PaymentEngine::refund(std::string merchantId,
                                                              std::string paymentId,
                                                              std::optional<int64_t> amount,
                                                              std::string orderId,
                                                              std::string reason,
                                                              Idempotency idem, Origin origin) {
  const store::Lease lease = paymentLease(paymentId);
  PaymentStatus before = PaymentStatus::kPending;
  auto current = co_await load(merchantId, paymentId);
  if (!current) co_return current.status();
  auto holder = co_await targetOf(merchantId, current->connectionId);
  if (!holder && !current->connectionId.empty()) co_return holder.status();
  const std::function<Status(Payment&)> prepare = [&](Payment& p) -> Status {
    int64_t amt = amount.value_or(domain::refundableAmount(p));
    SY_RETURN_IF_ERROR(domain::checkRefund(p, amt));
    if (holder)
      SY_RETURN_IF_ERROR(checkRefundCapability(holder->connector->capabilities(),
                                               holder->connection.processor, p, amt));
    if (amt <= 0)
      return Status(StatusCode::kFailedPrecondition, "Nothing is left to refund",
                    "PaymentAlreadyRefunded");
    before = p.status;
    const Transaction* sale = domain::activeSale(p);
    Transaction r;
    r.id = uuidV4();
    r.type = TransactionType::kRefund;
    r.attemptKey = newId("att", 24);
    r.connectionId = sale->connectionId;
    r.processorName = sale->processorName;
    r.processorMerchantId = sale->processorMerchantId;
    r.amount = amt;
    r.currencyCode = p.currencyCode;
    r.orderId = orderId.empty() ? p.orderId : orderId;
    r.reason = reason;
    r.createdAt = r.updatedAt = clock_.now();
    p.transactions.push_back(std::move(r));
    return Status::ok();
  };
  auto begun = co_await beginCall(merchantId, paymentId, idem, prepare, lease);
  if (!begun) co_return begun.status();
  Payment p = std::move(*begun);
  auto target = co_await targetOf(p.merchantId, p.connectionId);
  if (!target) co_return target.status();
  Transaction& refundTx = p.transactions.back();
  const Transaction* sale = domain::activeSale(p);
  const connectors::RefundRequest req = refundRequestFor(p, *sale, refundTx);
  auto r = co_await target->connector->refund(target->config, req);
  recordCall(*target, r);
  applyRefund(p, refundTx, r);
  Status failure;
  if (r.outcome == connectors::CallOutcome::kDeclined ||
      r.outcome == connectors::CallOutcome::kFailed)
    failure = refusedBy("refund", r);
  Status st = co_await commitOutcome(p, idem, failure.isOk() ? nullptr : &failure, &lease);
  if (!st) co_return st;
  if (origin == Origin::kMerchant) co_await afterStatusChange(p, before);
  if (!failure.isOk()) co_return failure;
  co_return p;
}

void PaymentEngine::applyRefund(Payment& p, Transaction& refundTx,
                                const connectors::CallResult& r) {
  refundTx.updatedAt = clock_.now();
  refundTx.outcome = outcomeOf(r.outcome);
  if (!r.processorOperationId.empty()) refundTx.processorTransactionId = r.processorOperationId;
  switch (r.outcome) {
    case connectors::CallOutcome::kSucceeded:
      if (r.awaitsConfirmation) {  // requested: settled (and counted) when the webhook confirms
        refundTx.status = PaymentStatus::kPending;
        return;
      }
      refundTx.status = PaymentStatus::kSettled;
      p.amountRefunded += refundTx.amount;
      return;
    case connectors::CallOutcome::kUnknown:
      refundTx.status = PaymentStatus::kPending;
      return;
    case connectors::CallOutcome::kDeclined:
    case connectors::CallOutcome::kFailed:
    case connectors::CallOutcome::kNotFound:
      refundTx.status = r.outcome == connectors::CallOutcome::kDeclined ? PaymentStatus::kDeclined
                                                                        : PaymentStatus::kFailed;
      if (r.reason) refundTx.statusReason = r.reason;
      return;
  }
}

}  // namespace sy::orchestrator
