// The authorization of a payment, attempt by attempt: the active SALE attempt (already committed in
// flight), then — when a workflow route is active — its fallbacks, driven by
// workflows::nextStep(). Durability: each refusal is committed together with the next attempt in
// flight before that attempt is sent, so a crash always leaves an in-flight attempt for the
// recovery sweep, which resolves it and continues the route (payment_resolution.cc). A route never
// moves on while an attempt's outcome is unknown.
#include "common/ids.h"
#include "common/log.h"
#include "domain/state_machine.h"
#include "orchestrator/call_results.h"
#include "orchestrator/capabilities.h"
#include "orchestrator/payment_engine.h"
#include "orchestrator/processor_requests.h"
#include "orchestrator/routing_trace.h"
#include "store/awaitable.h"

namespace sy::orchestrator {
namespace {
using domain::Outcome;
using domain::Payment;
using domain::PaymentStatus;
using domain::Transaction;

connectors::CallResult cardUnreadable() {
  connectors::CallResult r;
  r.outcome = connectors::CallOutcome::kFailed;
  domain::StatusReason reason;
  reason.type = domain::ReasonType::kApplicationError;
  reason.message = "The card data could not be read";
  r.reason = reason;
  return r;
}

}  // namespace

boost::asio::awaitable<Result<Payment>> PaymentEngine::runAuthorization(
    Payment p, Target target, Idempotency idem, store::Lease lease, const store::CardToken* card,
    std::string cvvSealed) {
  const PaymentStatus before = p.status;
  Result<store::CardToken> token = internalError("not read");
  if (card != nullptr) {
    token = *card;
  } else {
    co_await store::read(store_, [&](store::ReadTx& tx) {
      token = tx.findCardToken(p.merchantId, p.paymentMethodToken);
    });
  }
  // Opened once: every attempt of this run (fallbacks included) sends the same card, CVV and all;
  // the CVV hold was taken (and so is gone from the store) when create() or the resume of
  // Switchyard's own challenge used the token.
  std::optional<store::CvvHold> hold;
  if (token && !cvvSealed.empty())
    hold = store::CvvHold{token->token, p.merchantId, std::move(cvvSealed), token->expiresAt};
  std::optional<vault::ClearCard> clear;
  if (token) {
    auto opened = vault_.open(*token, hold ? &*hold : nullptr);
    if (opened) clear = std::move(*opened);
  }
  if (!clear) log::error("card could not be opened", {{"payment_id", p.id}});

  for (;;) {
    Transaction* sale = domain::activeSale(p);
    connectors::CallResult r;
    // Switchyard's own 3-D Secure runs once, before the route's first processor call; its
    // result serves every attempt after it (own_three_d_secure.cc).
    OwnAuthentication own;
    if (clear && usesOwnThreeDs(p) && !p.threeDs.server && !p.threeDs.result)
      own = co_await authenticateOwn(p, *clear);
    if (own.decided) {
      abandonPermit(target);  // no processor call
      r = *own.decided;
    } else if (clear) {
      const connectors::AuthorizeRequest req = authorizeRequest(p, *sale, *clear);
      r = co_await target.connector->authorize(target.config, req);
      recordCall(target, r);
    } else {
      abandonPermit(target);
      r = cardUnreadable();
    }
    applyAuthorization(p, *sale, r);
    if (p.threeDs.challenge && p.threeDs.challenge->transactionId == sale->id)
      p.threeDs.challenge->threeDsServerTransactionId = own.threeDsServerTransactionId;
    log::info("authorization", {{"payment_id", p.id},
                                {"processor", target.connection.processor},
                                {"outcome", std::string(domain::toString(sale->outcome))},
                                {"status", std::string(domain::toString(p.status))}});
    // Waiting for the customer's 3-D Secure challenge: the payment stays PENDING with its
    // requiredAction until POST /payments/{id}/resume (or the challenge expires).
    if (sale->outcome == Outcome::kActionRequired) break;
    if (!planIsActive(p)) break;
    if (sale->outcome == Outcome::kUnknown)
      co_await inquireInline(p, target, clear ? &*clear : nullptr);
    std::optional<Target> next = co_await advanceRoute(p);
    if (!next) break;
    // Each attempt may take up to a processor timeout: the lease is extended before the next one.
    // If it was lost, another node's sweep owns the payment and continues the route itself.
    lease.expiresAt = clock_.now() + options_.leaseTtl;
    Status renewed = co_await store::write(store_, [&](store::WriteTx& tx) {
      return tx.renewLease(lease.name, lease.token, lease.expiresAt);
    });
    if (!renewed) {
      abandonPermit(*next);
      co_return renewed;
    }
    // The refusal and the next attempt, in flight, in one commit (see the file comment); the
    // payment stays leased to this process.
    const Idempotency none;
    Status st = co_await commitOutcome(p, none, nullptr, nullptr);
    if (!st) {
      abandonPermit(*next);
      co_return st;
    }
    target = std::move(*next);
  }

  if (hold) co_await keepCvvForOwnChallenge(p, *hold);
  co_return co_await finishAuthorization(std::move(p), before, idem, lease, true);
}

boost::asio::awaitable<Result<Payment>> PaymentEngine::finishAuthorization(
    Payment p, PaymentStatus before, const Idempotency& idem, const store::Lease& lease,
    bool settled) {
  endOwnThreeDs(p);
  if (settled) {
    co_await vaultOnSuccess(p);
    scheduleCapture(p);
    if (p.routing && p.routing->capture && p.routing->capture->mode == "IMMEDIATE" &&
        p.status == PaymentStatus::kAuthorized) {
      Status st = co_await captureNow(p);
      if (!st) co_return st;
    }
  }
  Status st = co_await commitOutcome(p, idem, nullptr, &lease);
  if (!st) co_return st;
  co_await afterStatusChange(p, before);
  co_return p;
}

boost::asio::awaitable<void> PaymentEngine::inquireInline(Payment& p, Target& target,
                                                          const vault::ClearCard* card) {
  Transaction* sale = domain::activeSale(p);
  for (int i = 0; i < options_.inlineInquiries && sale->outcome == Outcome::kUnknown; ++i) {
    connectors::InquiryRequest q;
    q.kind = connectors::InquiryRequest::Kind::kAuthorize;
    q.attemptKey = sale->attemptKey;
    q.processorTransactionId = sale->processorTransactionId;
    if (card != nullptr && target.connector->capabilities().inquiryByReplay) {
      vault::ClearCard replay = *card;
      replay.cvv = SecretString();  // a replay never carries the CVV (payment_resolution.cc)
      q.original = authorizeRequest(p, *sale, std::move(replay));
    }
    auto r = co_await target.connector->inquire(target.config, q);
    recordCall(target, r);
    // Only a processor's record of the attempt settles it here. "Not found" a moment after a
    // timeout is not conclusive (the processor may still be working on the call, and a fallback
    // would then charge twice): that answer is left to the recovery sweep, which asks later.
    if (r.outcome == connectors::CallOutcome::kUnknown ||
        r.outcome == connectors::CallOutcome::kNotFound)
      continue;
    applyAuthorization(p, *sale, r);
    log::info("resolved lost authorization inline",
              {{"payment_id", p.id}, {"outcome", std::string(domain::toString(sale->outcome))}});
  }
}

boost::asio::awaitable<std::optional<PaymentEngine::Target>> PaymentEngine::advanceRoute(
    Payment& p) {
  domain::AuthorizationRoute& route = *p.routing->authorization;
  // Once per connection passed over because its circuit breaker is open, then once more.
  for (;;) {
    const std::vector<workflows::AttemptRecord> attempts = attemptsOf(p, route);
    const workflows::NextStep step = workflows::nextStep(planOf(route), attempts);
    switch (step.kind) {
      case workflows::NextStep::Kind::kWait:
        // An outcome is unknown: it may have charged. The payment stays PENDING; the recovery sweep
        // resolves the attempt and calls this again.
        route.state = "WAITING";
        co_return std::nullopt;
      case workflows::NextStep::Kind::kStop:
        stopRoute(route, step);
        co_return std::nullopt;
      case workflows::NextStep::Kind::kTry:
        break;
    }
    const std::string connection(step.connection);
    auto target = co_await findTarget(p.merchantId, connection);
    Status usable = target.isOk() ? checkCurrency(target->connector->capabilities(),
                                                  target->connection.processor, p.currencyCode)
                                  : target.status();
    if (!usable) {
      // The route names a connection that cannot take this payment (removed, or not for this
      // currency): the route ends here with the last refusal as the payment's outcome.
      log::warn("fallback connection unavailable",
                {{"payment_id", p.id}, {"connection", connection}, {"error", usable.toString()}});
      route.state = "STOPPED";
      route.stopReason = "CONNECTION_UNAVAILABLE";
      if (step.lastRefusal)
        route.stopDeclineClass = std::string(workflows::toString(*step.lastRefusal));
      co_return std::nullopt;
    }
    if (!admit(*target)) {
      // Not called: the route moves on as if the connection were not in it (no transaction).
      log::info("circuit open: connection skipped",
                {{"payment_id", p.id}, {"connection", connection}});
      skipConnection(route, connection);
      continue;
    }
    const Transaction* refused = domain::activeSale(p);
    domain::RoutedAttempt attempt;
    attempt.processorMerchantId = connection;
    attempt.reason = "FALLBACK";
    if (step.lastRefusal)
      attempt.afterDeclineClass = std::string(workflows::toString(*step.lastRefusal));
    attempt.afterReason =
        refusalName(refused && refused->statusReason ? &*refused->statusReason : nullptr);
    attempt.transactionId = addSaleAttempt(p, *target).id;
    route.attempts.push_back(std::move(attempt));
    route.state = "RUNNING";
    // Until the route ends, the payment is PENDING: its status is the final outcome.
    p.status = PaymentStatus::kPending;
    p.statusReason.reset();
    log::info("falling back", {{"payment_id", p.id},
                               {"connection", connection},
                               {"after", route.attempts.back().afterReason}});
    co_return std::move(*target);
  }
}

void PaymentEngine::scheduleCapture(Payment& p) {
  if (!p.routing || !p.routing->capture) return;
  domain::RoutedCapture& c = *p.routing->capture;
  if (c.state != "AWAITING_AUTHORIZATION") return;
  if (p.routing->authorization && p.routing->authorization->state != "STOPPED") return;
  if (p.status != PaymentStatus::kAuthorized) {
    c.state = "SKIPPED";
    c.detail = "The payment was not authorized";
    return;
  }
  if (c.mode == "DELAYED") {
    c.dueAt = clock_.now() + std::chrono::hours(c.delayHours);
    c.state = "SCHEDULED";
    p.captureDueAt = c.dueAt;
  }
}

boost::asio::awaitable<Status> PaymentEngine::captureNow(Payment& p) {
  domain::RoutedCapture& c = *p.routing->capture;
  auto target = co_await targetOf(p.merchantId, p.connectionId);
  if (!target) co_return target.status();
  const int64_t amount = domain::capturableAmount(p);
  Status allowed = domain::checkCapture(p, amount);
  if (allowed)
    allowed = checkCaptureCapability(target->connector->capabilities(),
                                     target->connection.processor, p, amount, true);
  if (!allowed) {
    c.state = "FAILED";
    c.detail = allowed.message();
    co_return Status::ok();
  }
  Transaction* sale = domain::activeSale(p);
  domain::TransactionEvent e;
  e.id = uuidV4();
  e.type = domain::EventType::kCaptureSucceeded;
  e.attemptKey = newId("att", 24);
  e.amount = amount;
  e.final = true;
  e.date = clock_.now();
  sale->events.push_back(std::move(e));
  c.state = "PENDING";
  const Idempotency none;
  // The capture, in flight, under the lease the running authorization holds.
  Status st = co_await commitOutcome(p, none, nullptr, nullptr);
  if (!st) co_return st;
  sale = domain::activeSale(p);
  domain::TransactionEvent& ev = sale->events.back();
  const connectors::CaptureRequest req = captureRequestFor(p, *sale, ev);
  auto r = co_await target->connector->capture(target->config, req);
  recordCall(*target, r);
  applyCapture(p, *sale, ev, r);
  co_return Status::ok();
}

}  // namespace sy::orchestrator
