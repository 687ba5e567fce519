// Resolving processor calls whose outcome is not recorded: the crash between call and commit, or
// the timeout that left an attempt unknown. The processor is asked with the call's own key.
#include "common/log.h"
#include "domain/state_machine.h"
#include "orchestrator/call_results.h"
#include "orchestrator/payment_engine.h"
#include "orchestrator/processor_requests.h"
#include "orchestrator/routing_trace.h"
#include "store/awaitable.h"

namespace sy::orchestrator {
namespace {
using connectors::CallOutcome;
using connectors::InquiryRequest;
using domain::EventType;
using domain::Outcome;
using domain::Payment;
using domain::PaymentStatus;
using domain::TransactionType;

bool isUnresolved(Outcome o) { return o == Outcome::kInFlight || o == Outcome::kUnknown; }
}  // namespace

boost::asio::awaitable<std::optional<vault::ClearCard>> PaymentEngine::replayableCard(
    const Payment& p) {
  Result<store::CardToken> token = Status(StatusCode::kNotFound, "not read");
  co_await store::read(store_, [&](store::ReadTx& tx) {
    token = tx.findCardToken(p.merchantId, p.paymentMethodToken);
  });
  if (!token) co_return std::nullopt;
  // Without a CVV hold: a replay never carries a CVV (the first attempt's hold was taken with
  // the token and deleted).
  auto clear = vault_.open(*token);
  if (!clear) co_return std::nullopt;
  co_return std::move(*clear);
}

boost::asio::awaitable<Status> PaymentEngine::resolve(std::string merchantId,
                                                      std::string paymentId) {
  // The payment's lease first: an operation (of any process) holding it may not have sent its
  // call yet, and another sweep holding it is asking already.
  store::Lease lease = paymentLease(paymentId);
  const TimePoint claimedAt = clock_.now();
  Status claimed = co_await store::write(
      store_, [&](store::WriteTx& tx) { return tx.claimLease(lease, claimedAt); });
  if (claimed.reason() == "LeaseHeld") co_return Status::ok();
  SY_CO_RETURN_IF_ERROR(claimed);
  bool released = false;  // by the unit that recorded what the processor said
  Status resolved = co_await resolveLeased(merchantId, paymentId, lease, released);
  if (resolved.reason() == "LeaseLost") co_return Status::ok();  // taken over: nothing committed
  if (!released) {
    // Nothing was recorded (or the commit failed): give the payment back at once, so the next
    // sweep of any process may try again without waiting for the lease to expire.
    Status released = co_await store::write(
        store_, [&](store::WriteTx& tx) { return tx.releaseLease(lease.name, lease.token); });
    if (!released) log::warn("could not release a payment lease", {{"payment_id", paymentId}});
  }
  co_return resolved;
}

boost::asio::awaitable<Status> PaymentEngine::resolveLeased(const std::string& merchantId,
                                                            const std::string& paymentId,
                                                            store::Lease& lease, bool& released) {
  auto loaded = co_await load(merchantId, paymentId);
  if (!loaded) co_return loaded.status();
  Payment p = std::move(*loaded);
  const PaymentStatus before = p.status;
  bool changed = false;
  // Before each inquiry (each may take up to a processor timeout) the lease is extended, so it
  // cannot run out while this process still asks; a lease lost meanwhile ends the resolution.
  auto renew = [&]() -> boost::asio::awaitable<Status> {
    lease.expiresAt = clock_.now() + options_.leaseTtl;
    co_return co_await store::write(store_, [&](store::WriteTx& tx) {
      return tx.renewLease(lease.name, lease.token, lease.expiresAt);
    });
  };

  for (auto& tx : p.transactions) {
    auto target = co_await targetOf(p.merchantId, tx.connectionId);
    if (!target) {
      log::warn("cannot resolve: connection unavailable", {{"payment_id", p.id}});
      continue;
    }
    if (isUnresolved(tx.outcome)) {
      InquiryRequest q;
      q.attemptKey = tx.attemptKey;
      if (tx.type == TransactionType::kSale) {
        q.kind = InquiryRequest::Kind::kAuthorize;
        q.processorTransactionId = tx.processorTransactionId;
        if (target->connector->capabilities().inquiryByReplay) {
          auto card = co_await replayableCard(p);
          if (card) q.original = authorizeRequest(p, tx, std::move(*card));
        }
      } else {
        q.kind = InquiryRequest::Kind::kRefund;
        if (const auto* sale = domain::activeSale(p)) {
          q.processorTransactionId = sale->processorTransactionId;
          q.original = refundRequestFor(p, *sale, tx);
        }
      }
      SY_CO_RETURN_IF_ERROR(co_await renew());
      auto r = co_await target->connector->inquire(target->config, q);
      if (r.outcome == CallOutcome::kUnknown) continue;  // still unreachable: try next sweep
      if (tx.type == TransactionType::kSale) {
        applyAuthorization(p, tx, r);
      } else {
        applyRefund(p, tx, r);
      }
      changed = true;
      log::info("resolved call", {{"payment_id", p.id},
                                  {"kind", std::string(domain::toString(tx.type))},
                                  {"outcome", std::string(domain::toString(tx.outcome))}});
    }
    for (auto& e : tx.events) {
      if (!isUnresolved(e.outcome)) continue;
      InquiryRequest q;
      q.kind = e.type == EventType::kCancellationSucceeded ? InquiryRequest::Kind::kCancel
                                                           : InquiryRequest::Kind::kCapture;
      q.attemptKey = e.attemptKey;
      q.processorTransactionId = tx.processorTransactionId;
      if (q.kind == InquiryRequest::Kind::kCancel)
        q.original = cancelRequestFor(tx, e);
      else
        q.original = captureRequestFor(p, tx, e);
      SY_CO_RETURN_IF_ERROR(co_await renew());
      auto r = co_await target->connector->inquire(target->config, q);
      if (r.outcome == CallOutcome::kUnknown) continue;
      e.outcome = outcomeOf(r.outcome);
      if (!r.processorOperationId.empty()) e.processorEventId = r.processorOperationId;
      if (e.outcome == Outcome::kSucceeded) {
        if (e.type == EventType::kCaptureSucceeded) {
          p.amountCaptured += e.amount;
          p.status = r.awaitsConfirmation ? PaymentStatus::kSettling
                                          : domain::statusAfterCapture(p, e.final);
        } else {
          p.status = PaymentStatus::kCancelled;
        }
        tx.status = p.status;
      }
      changed = true;
    }
  }
  if (!changed) co_return Status::ok();
  const Idempotency none;
  // A workflow route waiting on this attempt moves on: its next fallback is committed in flight
  // with the resolved refusal and made like any other attempt (authorization_plan.cc), under the
  // lease this resolution holds, which the authorization's final commit releases.
  if (planIsActive(p) && !isUnresolved(domain::activeSale(p)->outcome) &&
      domain::activeSale(p)->outcome != Outcome::kActionRequired) {
    std::optional<Target> next = co_await advanceRoute(p);
    if (next) {
      Status st = co_await commitOutcome(p, none, nullptr, nullptr);
      if (!st) co_return st;
      released = true;  // handed to runAuthorization
      auto ran = co_await runAuthorization(std::move(p), std::move(*next), none, lease);
      co_return ran.status();
    }
    scheduleCapture(p);
    if (p.routing->capture && p.routing->capture->mode == "IMMEDIATE" &&
        p.status == PaymentStatus::kAuthorized) {
      Status st = co_await captureNow(p);
      if (!st) co_return st;
    }
  }
  Status st = co_await commitOutcome(p, none, nullptr, &lease);
  released = st.isOk();
  if (!st) co_return st;
  co_await afterStatusChange(p, before);
  co_return Status::ok();
}

}  // namespace sy::orchestrator
