#include "orchestrator/payment_engine.h"

#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include "orchestrator/call_results.h"
#include "orchestrator/capabilities.h"
#include "orchestrator/processor_requests.h"
#include "orchestrator/routing_trace.h"
#include "workflows/facts_from_payment.h"

#include "common/crypto.h"
#include "common/ids.h"
#include "common/log.h"
#include "common/money.h"
#include "domain/state_machine.h"
#include "orchestrator/call_results.h"
#include "orchestrator/capabilities.h"
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

Status paymentNotFound() {
  return Status(StatusCode::kNotFound, "The payment could not be found", "PaymentNotFoundError");
}

Status invalidToken() {
  return Status(StatusCode::kInvalidArgument,
                "The payment method token is unknown, expired or already used",
                "InvalidPaymentMethodToken");
}


// Why a payment with no connection left to try was not sent anywhere (docs/resilience.md): Primer's
// answer to a payment that went nowhere is a DECLINED payment with a statusReason, not an HTTP
// error; GATEWAY_REJECTED (refused before any issuer saw it), a soft decline, retry later.
domain::StatusReason circuitOpenReason(const std::string& connection) {
  domain::StatusReason r;
  r.type = domain::ReasonType::kGatewayRejected;
  r.declineType = domain::DeclineType::kSoft;
  r.advisedAction = domain::AdvisedAction::kRetryLater;
  r.message = "Not sent: the processor of connection " + connection +
              " is failing (circuit breaker open). Nothing was charged; retry later.";
  return r;
}

domain::StatusReason processorRefused(const connectors::CallResult& r) {
  if (r.reason) return *r.reason;
  domain::StatusReason reason;
  reason.type = domain::ReasonType::kGatewayRejected;
  return reason;
}

}  // namespace

PaymentEngine::PaymentEngine(store::Store& store, vault::Vault& vault,
                             const connectors::ConnectorRegistry& registry,
                             SecretString credentialsKey, const Clock& clock, EngineOptions options,
                             workflows::PublishedWorkflows* workflows, Notifier* notifier)
    : store_(store),
      vault_(vault),
      registry_(registry),
      credentialsKey_(std::move(credentialsKey)),
      clock_(clock),
      options_(std::move(options)),
      workflows_(workflows),
      notifier_(notifier ? notifier : &loggingNotifier_) {
  if (options_.nodeId.empty()) options_.nodeId = "node-" + randomId(12);
}

store::Lease PaymentEngine::paymentLease(const std::string& paymentId) const {
  return store::Lease{"payment:" + paymentId, options_.nodeId, randomId(24),
                      clock_.now() + options_.leaseTtl};
}

Result<std::string> PaymentEngine::sealCredentials(const std::string& connectionId,
                                                   const std::string& credentialsJson) const {
  return crypto::aesGcmEncrypt(credentialsKey_, credentialsJson, connectionId);
}

Result<PaymentEngine::Target> PaymentEngine::targetFor(const store::Connection& c) const {
  Target t;
  t.connection = c;
  t.connector = registry_.find(c.processor);
  if (!t.connector)
    return Status(StatusCode::kFailedPrecondition, "No connector for processor " + c.processor,
                  "ProcessorNotSupported");
  t.config.baseUrl = c.baseUrl;
  if (t.config.baseUrl.empty()) {
    auto it = options_.sandboxUrls.find(c.processor);
    if (it == options_.sandboxUrls.end())
      return Status(StatusCode::kFailedPrecondition,
                    "Connection " + c.processorMerchantId + " has no base URL",
                    "MerchantAccountNotFound");
    t.config.baseUrl = it->second;
  }
  if (!c.credentialsSealed.empty()) {
    auto creds = crypto::aesGcmDecrypt(credentialsKey_, c.credentialsSealed, c.id);
    if (!creds) return internalError("connection credentials could not be decrypted");
    t.config.credentialsJson = std::move(*creds);
  } else {
    t.config.credentialsJson = SecretString("{}");
  }
  t.config.processorMerchantId = c.processorMerchantId;
  t.config.timeout = options_.processorTimeout;
  return t;
}

Result<PaymentEngine::Target> PaymentEngine::pickTarget(
    const Result<std::vector<store::Connection>>& conns,
    const std::string& processorMerchantId) const {
  if (!conns) return conns.status();
  for (const auto& c : *conns) {
    if (processorMerchantId.empty() ? c.isDefault : c.processorMerchantId == processorMerchantId)
      return targetFor(c);
  }
  if (processorMerchantId.empty())
    return Status(StatusCode::kNotFound, "The merchant has no default processor connection",
                  "NoDefaultConnection");
  return Status(StatusCode::kFailedPrecondition, "The merchant account could not be found",
                "MerchantAccountNotFound");
}

boost::asio::awaitable<Result<PaymentEngine::Target>> PaymentEngine::findTarget(
    const std::string& merchantId, const std::string& processorMerchantId) {
  Result<std::vector<store::Connection>> conns = internalError("not read");
  co_await store::read(store_, [&](store::ReadTx& tx) { conns = tx.listConnections(merchantId); });
  co_return pickTarget(conns, processorMerchantId);
}

boost::asio::awaitable<Result<Payment>> PaymentEngine::load(std::string merchantId,
                                                            std::string paymentId) {
  Result<Payment> p = internalError("not read");
  co_await store::read(store_, [&](store::ReadTx& tx) { p = tx.findPayment(merchantId, paymentId); });
  if (!p && p.status().code() == StatusCode::kNotFound) co_return paymentNotFound();
  co_return p;
}

Status PaymentEngine::observeWrite(store::WriteTx& tx, const Payment& p, bool inserted) {
  return observer_ ? observer_->beforePaymentWrite(tx, p, inserted) : Status::ok();
}

bool PaymentEngine::admit(Target& t) {
  if (breakers_ == nullptr) return true;
  t.permit = breakers_->admit(t.connection.id);
  return t.permit.granted;
}

void PaymentEngine::recordCall(Target& t, const connectors::CallResult& r) {
  if (breakers_ == nullptr) return;
  if (t.permit.granted) {
    breakers_->record(t.connection.id, t.permit, r);
    t.permit = CircuitPermit{};
  } else {
    breakers_->observe(t.connection.id, r);
  }
}

void PaymentEngine::abandonPermit(Target& t) {
  if (breakers_ == nullptr || !t.permit.granted) return;
  breakers_->abandon(t.connection.id, t.permit);
  t.permit = CircuitPermit{};
}

void PaymentEngine::skipConnection(domain::AuthorizationRoute& route,
                                   const std::string& connection) {
  domain::RoutedSkip skip;
  skip.processorMerchantId = connection;
  skip.reason = "CIRCUIT_OPEN";
  skip.at = clock_.now();
  route.skipped.push_back(std::move(skip));
}

boost::asio::awaitable<Status> PaymentEngine::commitOutcome(Payment& p, const Idempotency& idem,
                                                            const Status* failure,
                                                            const store::Lease* lease) {
  p.version += 1;
  p.updatedAt = clock_.now();
  std::optional<store::IdempotencyRecord> rec;
  if (idem.record) {
    rec = *idem.record;
    auto [status, body] = failure ? idem.render(*failure) : idem.render(p);
    rec->state = store::IdempotencyState::kCompleted;
    rec->responseStatus = status;
    rec->responseBody = std::move(body);
    rec->paymentId = p.id;
  }
  // The processor has acted: keep trying through a short store outage (a database restart or
  // fail-over) rather than leave the outcome to the sweep and the merchant's key in progress.
  const auto giveUpAt = std::chrono::steady_clock::now() + options_.outcomeRetryFor;
  auto backoff = std::chrono::milliseconds(100);
  bool retried = false;
  for (int attempt = 1;; ++attempt) {
    Status st = co_await store::write(store_, [&](store::WriteTx& tx) -> Status {
      SY_RETURN_IF_ERROR(observeWrite(tx, p, false));
      SY_RETURN_IF_ERROR(tx.updatePayment(p));
      if (rec) SY_RETURN_IF_ERROR(tx.completeIdempotency(*rec));
      if (lease) SY_RETURN_IF_ERROR(tx.releaseLease(lease->name, lease->token));
      return Status::ok();
    });
    if (st.isOk()) co_return st;
    if (st.reason() == "ConcurrentModification") {
      auto stored = co_await load(p.merchantId, p.id);
      if (!stored) co_return st;
      // An earlier try may have committed although its answer was lost with the connection.
      if (retried && stored->version == p.version && stored->updatedAt == p.updatedAt)
        co_return Status::ok();
      // The recovery sweep of another process (this one's lease ran out while the store was
      // away) asked the processor and recorded the outcome first: that record stands, and it is
      // what this request answers (and what its idempotency key keeps, unless a retry already
      // completed the key the same way).
      if (domain::hasCallInFlight(*stored)) co_return st;
      p = std::move(*stored);
      if (rec) {
        auto [status, body] = idem.render(p);
        rec->responseStatus = status;
        rec->responseBody = std::move(body);
      }
      co_return co_await store::write(store_, [&](store::WriteTx& tx) -> Status {
        if (rec) {
          Status completed = tx.completeIdempotencyIfInProgress(*rec);
          if (!completed.isOk() && completed.reason() != "IdempotencyCompleted") return completed;
        }
        return lease ? tx.releaseLease(lease->name, lease->token) : Status::ok();
      });
    }
    if (st.code() != StatusCode::kUnavailable || std::chrono::steady_clock::now() >= giveUpAt)
      co_return st;
    log::warn("outcome not committed yet; retrying",
              {{"payment_id", p.id}, {"attempt", attempt}, {"error", st.toString()}});
    retried = true;
    boost::asio::steady_timer timer(co_await boost::asio::this_coro::executor, backoff);
    co_await timer.async_wait(boost::asio::use_awaitable);
    backoff = std::min(backoff * 2, std::chrono::milliseconds(2000));
  }
}

// Inserts the merchant's idempotency record in the same unit as the attempt it guards, naming the
// payment (so a retry can find what an abandoned request did). A record that appeared meanwhile (a
// concurrent duplicate) turns into kAlreadyExists for the API to sort out.
static Status insertIdempotency(store::WriteTx& tx, const Idempotency& idem,
                                const std::string& paymentId) {
  if (!idem.record) return Status::ok();
  store::IdempotencyRecord rec = *idem.record;
  rec.paymentId = paymentId;
  Status s = tx.insertIdempotency(rec);
  if (s.code() == StatusCode::kAlreadyExists)
    return Status(StatusCode::kAlreadyExists, "idempotency key used concurrently", "IdempotencyRace");
  return s;
}

boost::asio::awaitable<Result<Payment>> PaymentEngine::create(NewPayment req, Idempotency idem) {
  const TimePoint now = clock_.now();
  Result<store::CardToken> token = internalError("not read");
  std::optional<store::ClientSession> session;
  bool keyRecorded = false;
  // One read for everything create needs before its first write (each read is a round trip to a
  // store thread): the token, its client session and the merchant's connections.
  Result<std::vector<store::Connection>> conns = internalError("not read");
  co_await store::read(store_, [&](store::ReadTx& tx) {
    token = tx.findCardToken(req.merchantId, req.paymentMethodToken);
    if (token && !token->clientSessionId.empty()) {
      auto s = tx.findClientSession(req.merchantId, token->clientSessionId);
      if (s) session = std::move(*s);
    }
    if (token && token->usedAt && idem.record)
      keyRecorded = tx.findIdempotency(req.merchantId, idem.record->scope, idem.record->key).isOk();
    if (token && store::cardTokenUsable(*token, now)) conns = tx.listConnections(req.merchantId);
  });
  if (!token) co_return token.status().code() == StatusCode::kNotFound ? invalidToken()
                                                                       : token.status();
  // A concurrent duplicate of this very request used the token a moment ago: the API layer then
  // answers from that request's idempotency record instead of calling the token used.
  if (keyRecorded)
    co_return Status(StatusCode::kAlreadyExists, "idempotency key used concurrently", "IdempotencyRace");
  if (!store::cardTokenUsable(*token, now)) co_return invalidToken();

  // Fields of the request take precedence over the client session's (Primer's merge rule).
  auto pick = [](const std::optional<std::string>& a, const std::string& b) {
    return a ? *a : b;
  };
  Payment p;
  p.id = randomId(12);
  p.merchantId = req.merchantId;
  p.createdAt = p.updatedAt = now;
  p.paymentMethodToken = req.paymentMethodToken;
  p.card = token->card;
  const store::ClientSession empty;
  const store::ClientSession& s = session ? *session : empty;
  p.orderId = pick(req.orderId, s.orderId);
  p.currencyCode = pick(req.currencyCode, s.currencyCode);
  p.customerId = pick(req.customerId, s.customerId);
  p.customerJson = pick(req.customerJson, s.customerJson);
  p.customerEmail = req.customerJson ? req.customerEmail.value_or("") : "";
  p.orderJson = pick(req.orderJson, s.orderJson);
  p.metadataJson = pick(req.metadataJson, s.metadataJson);
  p.paymentMethodJson = pick(req.paymentMethodJson, s.paymentMethodJson);
  std::optional<int64_t> amount = req.amount ? req.amount : s.amount;
  std::string missing;
  if (!amount) missing += " amount";
  if (p.currencyCode.empty()) missing += " currencyCode";
  if (p.orderId.empty()) missing += " orderId";
  if (!missing.empty())
    co_return Status(StatusCode::kInvalidArgument,
                     "Missing fields for payment:" + missing +
                         ". Provide them on the payment request or its client session.",
                     "MissingPaymentFields");
  if (*amount <= 0)
    co_return Status(StatusCode::kInvalidArgument, "The payment amount must be at least 1",
                     "MissingPaymentFields");
  p.amount = *amount;
  p.version = 1;

  // Routing: a pinned connection, else the merchant's PAYMENT_CREATED workflow, else the default
  // connection. The workflow is held for as long as the decision points into it.
  p.routing.emplace();
  p.routing->source = req.processorMerchantId.empty() ? domain::RoutingSource::kDefaultConnection
                                                      : domain::RoutingSource::kPinnedConnection;
  std::string connectionName = req.processorMerchantId;
  std::shared_ptr<const workflows::PublishedWorkflow> workflow;
  if (workflows_ != nullptr && req.processorMerchantId.empty()) {
    auto current = co_await workflows_->current(req.merchantId,
                                                workflows::TriggerEvent::kPaymentCreated);
    if (!current) co_return current.status();
    workflow = std::move(*current);
  }
  bool blocked = false;
  if (workflow) {
    const workflows::PaymentFactsHolder facts(p, workflows::binDataOf(p));
    const workflows::Decision d = workflow->compiled.evaluate(facts.facts());
    p.routing->created = recordRun(*workflow, d, std::nullopt, now);
    if (d.triggered) {
      p.routing->source = domain::RoutingSource::kWorkflow;
      if (d.block) {
        blocked = true;
        p.status = PaymentStatus::kDeclined;
        p.statusReason = blockedReason(d.block->reason);
      } else if (d.authorize) {
        p.routing->authorization = routeOf(workflow->compiled, *d.authorize);
        connectionName = p.routing->authorization->connections.front();
      }
      if (d.capture && !blocked) {
        domain::RoutedCapture c;
        c.mode = std::string(workflows::toString(d.capture->captureMode));
        c.delayHours = d.capture->delayHours.value_or(0);
        p.routing->capture = std::move(c);
      }
    }
  }

  // A blocked payment, or one whose merchant has no default connection, is complete as created.
  Result<Target> target = Status(StatusCode::kNotFound, "no processor call");
  if (!blocked) {
    target = pickTarget(conns, connectionName);
    if (!target && target.status().reason() != "NoDefaultConnection") co_return target.status();
  }
  if (target) {
    SY_CO_RETURN_IF_ERROR(checkCurrency(target->connector->capabilities(),
                                        target->connection.processor, p.currencyCode));
  }
  // The connection's circuit breaker decides whether the attempt is made. Open: a workflow route
  // passes on to its next connection that can take the payment; with none left (or a pinned or
  // default connection) the payment is declined without a call, and its token stays unused.
  bool circuitOpen = false;
  while (target && !admit(*target)) {
    const std::string passed = target->connection.processorMerchantId;
    log::info("circuit open: connection skipped", {{"payment_id", p.id}, {"connection", passed}});
    std::optional<Target> next;
    if (p.routing->authorization) {
      domain::AuthorizationRoute& route = *p.routing->authorization;
      skipConnection(route, passed);
      const workflows::NextStep step = workflows::nextStep(planOf(route), attemptsOf(p, route));
      if (step.kind == workflows::NextStep::Kind::kTry) {
        auto candidate = pickTarget(conns, std::string(step.connection));
        if (candidate && checkCurrency(candidate->connector->capabilities(),
                                       candidate->connection.processor, p.currencyCode))
          next = std::move(*candidate);
      }
      if (!next) {
        route.state = "STOPPED";
        route.stopReason = "CIRCUIT_OPEN";
      }
    }
    if (!next) {
      circuitOpen = true;
      p.status = PaymentStatus::kDeclined;
      p.statusReason = circuitOpenReason(passed);
      scheduleCapture(p);  // a workflow's CAPTURE: SKIPPED, nothing was authorized
      target = Status(StatusCode::kUnavailable, "circuit open");
      break;
    }
    target = std::move(*next);
  }
  const bool hasTarget = target.isOk();
  if (hasTarget) {
    const Transaction& sale = addSaleAttempt(p, *target);
    if (p.routing->authorization)
      p.routing->authorization->attempts.push_back(
          {sale.id, sale.processorMerchantId, "FIRST", "", ""});
  }

  std::optional<store::IdempotencyRecord> completed;
  if (!hasTarget && idem.record) {
    // Nothing to call: the payment is complete as created, so its response is stored now.
    completed = *idem.record;
    auto [status, body] = idem.render(p);
    completed->state = store::IdempotencyState::kCompleted;
    completed->responseStatus = status;
    completed->responseBody = std::move(body);
    completed->paymentId = p.id;
  }
  // The attempt becomes visible leased to this process, so no sweep (here or on another node)
  // resolves it while it is being sent. The card's CVV hold is taken in the same unit that uses
  // the token: it serves this authorization only.
  const store::Lease lease = paymentLease(p.id);
  std::string cvvSealed;
  Status st = co_await store::write(store_, [&](store::WriteTx& tx) -> Status {
    if (completed) {
      Status s2 = tx.insertIdempotency(*completed);
      if (s2.code() == StatusCode::kAlreadyExists)
        return Status(StatusCode::kAlreadyExists, "idempotency key used concurrently",
                      "IdempotencyRace");
      SY_RETURN_IF_ERROR(s2);
    } else {
      SY_RETURN_IF_ERROR(insertIdempotency(tx, idem, p.id));
    }
    // Declined before any processor saw the card (circuit open): the token and its CVV stay for
    // the merchant's retry.
    if (!circuitOpen) {
      Status used = tx.markCardTokenUsed(req.merchantId, req.paymentMethodToken, now);
      if (!used) return used.code() == StatusCode::kInternal ? used : invalidToken();
      Result<store::CvvHold> hold = tx.takeCvvHold(req.merchantId, req.paymentMethodToken);
      if (hold) {
        cvvSealed = std::move(hold->cvvSealed);
      } else if (hold.status().code() != StatusCode::kNotFound) {
        return hold.status();
      }
    }
    if (hasTarget) SY_RETURN_IF_ERROR(tx.claimLease(lease, now));
    SY_RETURN_IF_ERROR(observeWrite(tx, p, true));
    return tx.insertPayment(p);
  });
  if (!st) {
    if (hasTarget) abandonPermit(*target);
    co_return st;
  }
  if (p.routing->created) notify(p, *p.routing->created);
  if (!hasTarget) {
    if (blocked || circuitOpen) co_await afterStatusChange(p, PaymentStatus::kPending);
    co_return p;
  }
  // The token read above is the one just marked used: its sealed card has not changed.
  const store::CardToken* card = &*token;
  co_return co_await runAuthorization(std::move(p), std::move(*target), std::move(idem), lease,
                                      card, std::move(cvvSealed));
}

Transaction& PaymentEngine::addSaleAttempt(Payment& p, const Target& target) {
  Transaction sale;
  sale.id = uuidV4();
  sale.type = TransactionType::kSale;
  sale.attemptKey = newId("att", 24);
  sale.connectionId = target.connection.id;
  sale.processorName = target.connection.processor;
  sale.processorMerchantId = target.connection.processorMerchantId;
  sale.amount = p.amount;
  sale.currencyCode = p.currencyCode;
  sale.orderId = p.orderId;
  sale.createdAt = sale.updatedAt = clock_.now();
  p.connectionId = sale.connectionId;
  p.processorName = sale.processorName;
  p.processorMerchantId = sale.processorMerchantId;
  p.transactions.push_back(std::move(sale));
  return p.transactions.back();
}

void PaymentEngine::applyAuthorization(Payment& p, Transaction& sale,
                                       const connectors::CallResult& r) {
  const TimePoint now = clock_.now();
  sale.updatedAt = now;
  if (!r.processorTransactionId.empty()) sale.processorTransactionId = r.processorTransactionId;
  applyThreeDs(p, sale, r);
  if (sale.outcome == Outcome::kActionRequired) return;
  switch (r.outcome) {
    case connectors::CallOutcome::kSucceeded: {
      sale.outcome = Outcome::kSucceeded;
      sale.status = r.status;
      sale.statusReason.reset();
      p.status = r.status;
      p.statusReason.reset();
      p.amountAuthorized = p.amount;
      if (r.status == PaymentStatus::kSettled) p.amountCaptured = p.amount;
      TransactionEvent e;
      e.id = uuidV4();
      e.type = EventType::kAuthorizationSucceeded;
      e.outcome = Outcome::kSucceeded;
      e.amount = p.amount;
      e.date = now;
      sale.events.push_back(std::move(e));
      return;
    }
    case connectors::CallOutcome::kDeclined:
    case connectors::CallOutcome::kFailed: {
      const bool declined = r.outcome == connectors::CallOutcome::kDeclined;
      sale.outcome = declined ? Outcome::kDeclined : Outcome::kFailed;
      sale.status = declined ? PaymentStatus::kDeclined : PaymentStatus::kFailed;
      sale.statusReason = processorRefused(r);
      p.status = sale.status;
      p.statusReason = sale.statusReason;
      return;
    }
    case connectors::CallOutcome::kUnknown: {
      // Never a decline: the processor may have charged. The recovery sweep asks it later.
      sale.outcome = Outcome::kUnknown;
      sale.status = PaymentStatus::kPending;
      domain::StatusReason reason;
      reason.type = domain::ReasonType::kGatewayTimeout;
      reason.message = "The processor's answer did not arrive; the outcome is being resolved";
      if (r.reason && !r.reason->message.empty()) reason.message = r.reason->message;
      sale.statusReason = reason;
      p.status = PaymentStatus::kPending;
      p.statusReason = reason;
      return;
    }
    case connectors::CallOutcome::kNotFound: {
      // The processor never received the attempt: nothing was charged.
      sale.outcome = Outcome::kFailed;
      sale.status = PaymentStatus::kFailed;
      domain::StatusReason reason;
      reason.type = domain::ReasonType::kGatewayTimeout;
      reason.message = "The processor never received the authorization";
      sale.statusReason = reason;
      p.status = PaymentStatus::kFailed;
      p.statusReason = reason;
      return;
    }
  }
}

}  // namespace sy::orchestrator
