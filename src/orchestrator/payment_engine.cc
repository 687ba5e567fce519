#include "orchestrator/payment_engine.h"

#include "orchestrator/call_results.h"
#include "orchestrator/capabilities.h"
#include "orchestrator/processor_requests.h"

#include "common/crypto.h"
#include "common/ids.h"
#include "common/log.h"
#include "common/money.h"
#include "domain/state_machine.h"
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


domain::StatusReason processorRefused(const connectors::CallResult& r) {
  if (r.reason) return *r.reason;
  domain::StatusReason reason;
  reason.type = domain::ReasonType::kGatewayRejected;
  return reason;
}

}  // namespace


PaymentEngine::PaymentEngine(store::Store& store, vault::Vault& vault,
                             const connectors::ConnectorRegistry& registry,
                             SecretString credentialsKey, const Clock& clock, EngineOptions options)
    : store_(store),
      vault_(vault),
      registry_(registry),
      credentialsKey_(std::move(credentialsKey)),
      clock_(clock),
      options_(std::move(options)) {}

bool PaymentEngine::markActive(const std::string& paymentId) {
  std::lock_guard lock(activeMu_);
  return ++active_[paymentId] == 1;
}

void PaymentEngine::unmarkActive(const std::string& paymentId) {
  std::lock_guard lock(activeMu_);
  auto it = active_.find(paymentId);
  if (it != active_.end() && --it->second == 0) active_.erase(it);
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

boost::asio::awaitable<Status> PaymentEngine::commitOutcome(Payment& p, const Idempotency& idem,
                                                            const Status* failure) {
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
  co_return co_await store::write(store_, [&](store::WriteTx& tx) -> Status {
    SY_RETURN_IF_ERROR(observeWrite(tx, p, false));
    SY_RETURN_IF_ERROR(tx.updatePayment(p));
    if (rec) SY_RETURN_IF_ERROR(tx.completeIdempotency(*rec));
    return Status::ok();
  });
}

// Inserts the merchant's idempotency record in the same unit as the attempt it guards. A record
// that appeared meanwhile (a concurrent duplicate) turns into kAlreadyExists for the API to sort out.
static Status insertIdempotency(store::WriteTx& tx, const Idempotency& idem) {
  if (!idem.record) return Status::ok();
  Status s = tx.insertIdempotency(*idem.record);
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
    if (token && !token->usedAt) conns = tx.listConnections(req.merchantId);
  });
  if (!token) co_return token.status().code() == StatusCode::kNotFound ? invalidToken()
                                                                       : token.status();
  // A concurrent duplicate of this very request used the token a moment ago: the API layer then
  // answers from that request's idempotency record instead of calling the token used.
  if (keyRecorded)
    co_return Status(StatusCode::kAlreadyExists, "idempotency key used concurrently", "IdempotencyRace");
  if (token->usedAt || token->expiresAt <= now) co_return invalidToken();

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

  Result<Target> target = pickTarget(conns, req.processorMerchantId);
  const bool hasTarget = target.isOk();
  if (!hasTarget && target.status().reason() != "NoDefaultConnection") co_return target.status();
  if (hasTarget) {
    SY_CO_RETURN_IF_ERROR(checkCurrency(target->connector->capabilities(),
                                        target->connection.processor, p.currencyCode));
    Transaction sale;
    sale.id = uuidV4();
    sale.type = TransactionType::kSale;
    sale.attemptKey = newId("att", 24);
    sale.connectionId = target->connection.id;
    sale.processorName = target->connection.processor;
    sale.processorMerchantId = target->connection.processorMerchantId;
    sale.amount = p.amount;
    sale.currencyCode = p.currencyCode;
    sale.orderId = p.orderId;
    sale.createdAt = sale.updatedAt = now;
    p.connectionId = sale.connectionId;
    p.processorName = sale.processorName;
    p.processorMerchantId = sale.processorMerchantId;
    p.transactions.push_back(std::move(sale));
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
  // Before the attempt becomes visible: the recovery sweep must not resolve it while it is sent.
  ActiveGuard guard(*this, p.id);
  Status st = co_await store::write(store_, [&](store::WriteTx& tx) -> Status {
    if (completed) {
      Status s2 = tx.insertIdempotency(*completed);
      if (s2.code() == StatusCode::kAlreadyExists)
        return Status(StatusCode::kAlreadyExists, "idempotency key used concurrently",
                      "IdempotencyRace");
      SY_RETURN_IF_ERROR(s2);
    } else {
      SY_RETURN_IF_ERROR(insertIdempotency(tx, idem));
    }
    Status used = tx.markCardTokenUsed(req.merchantId, req.paymentMethodToken, now);
    if (!used) return used.code() == StatusCode::kInternal ? used : invalidToken();
    SY_RETURN_IF_ERROR(observeWrite(tx, p, true));
    return tx.insertPayment(p);
  });
  if (!st) co_return st;
  if (!hasTarget) co_return p;
  // The token read above is the one just marked used: its sealed card has not changed.
  const store::CardToken* card = &*token;
  co_return co_await runAuthorization(std::move(p), std::move(*target), std::move(idem), card);
}

boost::asio::awaitable<Result<Payment>> PaymentEngine::runAuthorization(
    Payment p, Target target, Idempotency idem, const store::CardToken* card) {
  ActiveGuard guard(*this, p.id);
  Transaction* sale = domain::activeSale(p);
  Result<store::CardToken> token = internalError("not read");
  if (card != nullptr) {
    token = *card;
  } else {
    co_await store::read(store_, [&](store::ReadTx& tx) {
      token = tx.findCardToken(p.merchantId, p.paymentMethodToken);
    });
  }
  connectors::CallResult r;
  auto clear = token ? vault_.open(*token) : Result<vault::ClearCard>(token.status());
  if (!clear) {
    log::error("card could not be opened", {{"payment_id", p.id}});
    r.outcome = connectors::CallOutcome::kFailed;
    domain::StatusReason reason;
    reason.type = domain::ReasonType::kApplicationError;
    reason.message = "The card data could not be read";
    r.reason = reason;
  } else {
    const connectors::AuthorizeRequest req = authorizeRequestFor(p, *sale, std::move(*clear));
    r = co_await target.connector->authorize(target.config, req);
  }
  applyAuthorization(p, *sale, r);
  log::info("authorization", {{"payment_id", p.id},
                              {"processor", target.connection.processor},
                              {"outcome", std::string(domain::toString(sale->outcome))},
                              {"status", std::string(domain::toString(p.status))}});
  Status st = co_await commitOutcome(p, idem, nullptr);
  if (!st) co_return st;
  co_return p;
}

void PaymentEngine::applyAuthorization(Payment& p, Transaction& sale,
                                       const connectors::CallResult& r) {
  const TimePoint now = clock_.now();
  sale.updatedAt = now;
  if (!r.processorTransactionId.empty()) sale.processorTransactionId = r.processorTransactionId;
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
