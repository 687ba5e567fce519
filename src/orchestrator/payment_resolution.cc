// Resolving processor calls whose outcome is not recorded: the crash between call and commit, or
// the timeout that left an attempt unknown. The processor is asked with the call's own key.
#include "common/ids.h"
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

// The attempt key of the void that releases an unwanted charge: derived from the attempt's, so
// every retry (of any process) sends the processor the same key.
std::string voidKeyOf(const domain::Transaction& sale) { return sale.attemptKey + "-void"; }

bool isAutoVoid(const domain::Transaction& sale, const domain::TransactionEvent& e) {
  return e.type == EventType::kCancellationSucceeded && e.attemptKey == voidKeyOf(sale);
}

// A charge on `sale` would be unwanted: the payment was cancelled while the sale's outcome was
// unknown, or the sale is not the payment's active attempt (a later attempt superseded it).
bool unwantedCharge(const Payment& p, const domain::Transaction& sale) {
  return p.status == PaymentStatus::kCancelled || &sale != domain::activeSale(p);
}
}  // namespace

boost::asio::awaitable<Status> PaymentEngine::voidUnwanted(Payment& p, domain::Transaction& sale,
                                                           const Target& target) {
  domain::TransactionEvent* e = nullptr;
  for (auto& ev : sale.events)
    if (isAutoVoid(sale, ev)) e = &ev;
  if (e == nullptr) {
    domain::TransactionEvent added;
    added.id = uuidV4();
    added.type = EventType::kCancellationSucceeded;
    added.attemptKey = voidKeyOf(sale);
    added.outcome = Outcome::kInFlight;
    added.date = clock_.now();
    sale.events.push_back(std::move(added));
    sale.reason = "Released automatically: the payment no longer wants this authorization";
    // The void in flight (with the authorization just learned of), under the caller's lease.
    const Idempotency none;
    const int64_t committedVersion = p.version + 1;
    SY_CO_RETURN_IF_ERROR(co_await commitOutcome(p, none, nullptr, nullptr));
    // Someone else recorded the payment first (`p` is now the stored one; `sale` is gone with the
    // old copy): nothing was sent; the next sweep looks again.
    if (p.version != committedVersion)
      co_return Status(StatusCode::kFailedPrecondition, "the payment changed before its void was sent",
                       "ConcurrentModification");
    for (auto& ev : sale.events)
      if (isAutoVoid(sale, ev)) e = &ev;
  }
  const connectors::CancelRequest req = cancelRequestFor(sale, *e);
  auto r = co_await target.connector->cancel(target.config, req);
  e->outcome = outcomeOf(r.outcome);
  if (!r.processorOperationId.empty()) e->processorEventId = r.processorOperationId;
  if (r.outcome == CallOutcome::kSucceeded) {
    sale.status = PaymentStatus::kCancelled;
    log::info("voided an unwanted charge", {{"payment_id", p.id}, {"transaction_id", sale.id}});
  } else if (r.outcome != CallOutcome::kUnknown) {
    // The processor refused the void (e.g. the authorization expired or was released already):
    // recorded as such, for an operator to look at.
    log::error("the processor refused to void an unwanted charge",
               {{"payment_id", p.id}, {"transaction_id", sale.id},
                {"outcome", std::string(domain::toString(e->outcome))}});
  }
  co_return Status::ok();
}

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
                                                      std::string paymentId, bool* asked) {
  // The payment's lease first: an operation (of any process) holding it may not have sent its
  // call yet, and another sweep holding it is asking already.
  store::Lease lease = paymentLease(paymentId);
  const TimePoint claimedAt = clock_.now();
  Status claimed = co_await store::write(
      store_, [&](store::WriteTx& tx) { return tx.claimLease(lease, claimedAt); });
  if (claimed.reason() == "LeaseHeld") co_return Status::ok();
  SY_CO_RETURN_IF_ERROR(claimed);
  if (asked != nullptr) *asked = true;
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
      recordCall(*target, r);
      if (r.outcome == CallOutcome::kUnknown) continue;  // still unreachable: try next sweep
      // "No such call" settles a call only once it cannot still be under way (chaos suite: a
      // slow answer given up on, the call then processed after the sweep's "not found").
      if (r.outcome == CallOutcome::kNotFound && tooEarlyForNotFound(tx.createdAt)) continue;
      if (tx.type == TransactionType::kSale && unwantedCharge(p, tx)) {
        // What the processor did is recorded on the attempt; the payment keeps its own status.
        const PaymentStatus status = p.status;
        const auto reason = p.statusReason;
        const int64_t authorized = p.amountAuthorized, captured = p.amountCaptured;
        applyAuthorization(p, tx, r);
        p.status = status;
        p.statusReason = reason;
        p.amountAuthorized = authorized;
        p.amountCaptured = captured;
        changed = true;
        if (tx.outcome == Outcome::kSucceeded) {
          SY_CO_RETURN_IF_ERROR(co_await renew());
          SY_CO_RETURN_IF_ERROR(co_await voidUnwanted(p, tx, *target));
        }
      } else if (tx.type == TransactionType::kSale) {
        applyAuthorization(p, tx, r);
      } else {
        applyRefund(p, tx, r);
      }
      changed = true;
      log::info("resolved call", {{"payment_id", p.id},
                                  {"kind", std::string(domain::toString(tx.type))},
                                  {"outcome", std::string(domain::toString(tx.outcome))}});
    }
    for (size_t i = 0; i < tx.events.size(); ++i) {
      auto& e = tx.events[i];
      if (!isUnresolved(e.outcome)) continue;
      if (isAutoVoid(tx, e)) {
        // Sent again with its own key: the processor replays it if it was done.
        SY_CO_RETURN_IF_ERROR(co_await renew());
        SY_CO_RETURN_IF_ERROR(co_await voidUnwanted(p, tx, *target));
        changed = true;
        continue;
      }
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
      recordCall(*target, r);
      if (r.outcome == CallOutcome::kUnknown) continue;
      if (r.outcome == CallOutcome::kNotFound && tooEarlyForNotFound(e.date)) continue;
      e.outcome = outcomeOf(r.outcome);
      if (!r.processorOperationId.empty()) e.processorEventId = r.processorOperationId;
      if (e.outcome == Outcome::kSucceeded) {
        if (e.type == EventType::kCaptureSucceeded) {
          p.amountCaptured += e.amount;
          p.status = r.awaitsConfirmation ? PaymentStatus::kSettling
                                          : domain::statusAfterCapture(p, e.final);
          tx.status = p.status;
        } else {
          tx.status = PaymentStatus::kCancelled;
          if (&tx == domain::activeSale(p)) p.status = PaymentStatus::kCancelled;
        }
      }
      changed = true;
    }
  }
  if (!changed) co_return Status::ok();
  const Idempotency none;
  // A workflow route waiting on this attempt moves on: its next fallback is committed in flight
  // with the resolved refusal and made like any other attempt (authorization_plan.cc), under the
  // lease this resolution holds, which the authorization's final commit releases.
  // A route whose payment was cancelled while it waited ends there (its charge, if any, voided).
  if (planIsActive(p) && p.status == PaymentStatus::kCancelled) {
    p.routing->authorization->state = "STOPPED";
    p.routing->authorization->stopReason = "CANCELLED";
  }
  if (planIsActive(p) && !isUnresolved(domain::activeSale(p)->outcome) &&
      domain::activeSale(p)->outcome != Outcome::kActionRequired) {
    std::optional<Target> next = co_await advanceRoute(p);
    if (next) {
      Status st = co_await commitOutcome(p, none, nullptr, nullptr);
      if (!st) {
        abandonPermit(*next);
        co_return st;
      }
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
