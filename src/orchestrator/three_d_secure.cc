// 3-D Secure in the engine (docs/three_d_secure.md): an authorization the processor answers with a
// challenge waits (attempt ACTION_REQUIRED, payment PENDING with requiredAction) until the
// merchant resumes it with the challenge's resume token, or until the challenge expires and the
// recovery sweep ends it. Completing it is a processor call like any other: committed in flight
// under the payment's lease, made with its own key, and its outcome committed (an unknown outcome
// is left to the recovery sweep, which asks the processor about the attempt).
#include "common/crypto.h"
#include "common/ids.h"
#include "common/log.h"
#include "domain/state_machine.h"
#include "orchestrator/call_results.h"
#include "orchestrator/payment_engine.h"
#include "orchestrator/processor_requests.h"
#include "orchestrator/routing_trace.h"
#include "store/awaitable.h"
#include "three_ds/three_ds_server.h"

namespace sy::orchestrator {
namespace {
using domain::Outcome;
using domain::Payment;
using domain::PaymentStatus;
using domain::Transaction;

Status invalidResumeToken() {
  return Status(StatusCode::kInvalidArgument,
                "The resume token does not belong to this payment's pending 3-D Secure challenge",
                "InvalidResumeToken");
}

Status nothingToResume(const Payment& p) {
  return Status(StatusCode::kFailedPrecondition,
                std::string("A ") + std::string(domain::toString(p.status)) +
                    " payment has no pending action to resume",
                "PaymentNotResumable");
}

domain::ThreeDsAuthentication fromConnector(const connectors::ThreeDsOutcome& o) {
  return {o.responseCode, o.reasonCode, o.reasonText, o.protocolVersion, o.challengeIssued};
}

// The sale waiting for the challenge of `p`, if `p` is waiting for one.
Transaction* waitingSale(Payment& p) {
  if (!p.threeDs.challenge) return nullptr;
  Transaction* sale = domain::activeSale(p);
  if (!sale || sale->id != p.threeDs.challenge->transactionId ||
      sale->outcome != Outcome::kActionRequired)
    return nullptr;
  return sale;
}

bool sameToken(const std::string& a, const std::string& b) {
  return !a.empty() && a.size() == b.size() && crypto::constantTimeEquals(a, b);
}
}  // namespace

connectors::AuthorizeRequest PaymentEngine::authorizeRequest(const Payment& p,
                                                            const Transaction& sale,
                                                            vault::ClearCard card) const {
  connectors::AuthorizeRequest req = authorizeRequestFor(p, sale, std::move(card));
  // A merchant-initiated payment has no customer to authenticate.
  if (connectors::merchantInitiated(req.paymentType)) return req;
  // Switchyard's own 3-D Secure authenticated the customer: every processor of the route is sent
  // that result and does not authenticate again (own_three_d_secure.cc).
  const connectors::Connector* connector = registry_.find(sale.processorName);
  const bool takesExternal = connector != nullptr && connector->capabilities().externalThreeDs;
  if (takesExternal && p.threeDs.server && !p.threeDs.server->authenticationValue.empty()) {
    const domain::ServerAuthentication& s = *p.threeDs.server;
    connectors::ExternalThreeDs e;
    e.transStatus = s.transStatus;
    e.eci = s.eci;
    e.authenticationValue = SecretString(s.authenticationValue);
    e.dsTransactionId = s.dsTransactionId;
    e.threeDsServerTransactionId = s.threeDsServerTransactionId;
    e.protocolVersion = s.protocolVersion;
    e.challenged = s.challenged;
    req.threeDSecure = connectors::ThreeDsMode::kExternal;
    req.externalThreeDs = std::move(e);
    return req;
  }
  // The workflow's AUTHORIZE block decides (docs/three_d_secure.md, "Modes"): PREFERRED and
  // REQUIRED ask the processor to authenticate; DISABLED, or no workflow, do not.
  // A processor that cannot take Switchyard's own result authenticates the customer itself.
  const bool wanted = p.routing && p.routing->authorization &&
                      p.routing->authorization->threeDSecure != "DISABLED" &&
                      (p.routing->authorization->threeDSecureProvider != "SWITCHYARD" ||
                       (p.threeDs.server && !takesExternal));
  if (wanted) {
    req.threeDSecure = connectors::ThreeDsMode::kProcessor;
    if (!options_.publicUrl.empty())
      req.returnUrl = challengeReturnUrl(p);
  }
  return req;
}

std::string PaymentEngine::challengeReturnUrl(const Payment& p) const {
  return options_.publicUrl + "/checkout/3ds/return?payment=" + p.id + "&merchant=" + p.merchantId;
}

boost::asio::awaitable<Status> PaymentEngine::recordChallengeReturn(std::string merchantId,
                                                                   std::string paymentId,
                                                                   std::string query) {
  for (int attempt = 0; attempt < 3; ++attempt) {
    auto p = co_await load(merchantId, paymentId);
    if (!p) co_return p.status();
    // Only a processor's challenge the customer is still on takes it (a resume may have begun).
    if (!waitingSale(*p) || !p->threeDs.challenge->threeDsServerTransactionId.empty() ||
        p->threeDs.challenge->returnQuery == query)
      co_return Status::ok();
    p->threeDs.challenge->returnQuery = query;
    p->version += 1;
    p->updatedAt = clock_.now();
    Status st = co_await store::write(store_, [&](store::WriteTx& tx) -> Status {
      SY_RETURN_IF_ERROR(observeWrite(tx, *p, false));
      return tx.updatePayment(*p);
    });
    if (st.isOk() || st.reason() != "ConcurrentModification") co_return st;
  }
  co_return Status(StatusCode::kFailedPrecondition, "the payment kept changing",
                   "ConcurrentModification");
}

void PaymentEngine::applyThreeDs(Payment& p, Transaction& sale, const connectors::CallResult& r) {
  if (r.outcome == connectors::CallOutcome::kSucceeded && !r.challengeUrl.empty()) {
    sale.outcome = Outcome::kActionRequired;
    sale.status = PaymentStatus::kPending;
    sale.statusReason.reset();
    p.status = PaymentStatus::kPending;
    p.statusReason.reset();
    if (p.threeDs.challenge && p.threeDs.challenge->transactionId == sale.id) {
      p.threeDs.challenge->challengeUrl = r.challengeUrl;  // the same challenge, asked again
    } else {
      domain::PendingChallenge c;
      c.transactionId = sale.id;
      c.challengeUrl = r.challengeUrl;
      c.resumeToken = uuidV4();
      c.expiresAt = clock_.now() + options_.challengeTtl;
      p.threeDs.challenge = std::move(c);
    }
    return;
  }
  if (r.outcome == connectors::CallOutcome::kUnknown) return;  // the sweep's answer decides
  if (p.threeDs.challenge && p.threeDs.challenge->transactionId == sale.id) {
    p.threeDs.lastResumeToken = p.threeDs.challenge->resumeToken;
    p.threeDs.challenge.reset();
  }
  // Switchyard's own authentication stays the payment's result whatever the processor says.
  if (r.threeDSecure && !p.threeDs.server) p.threeDs.result = fromConnector(*r.threeDSecure);
}

boost::asio::awaitable<Result<Payment>> PaymentEngine::resume(std::string merchantId,
                                                              std::string paymentId,
                                                              std::string resumeToken,
                                                              Idempotency idem) {
  auto current = co_await load(merchantId, paymentId);
  if (!current) co_return current.status();
  // A repeated resume of a challenge that already ended: the payment as it stands.
  if (!waitingSale(*current)) {
    if (sameToken(current->threeDs.lastResumeToken, resumeToken)) co_return std::move(*current);
    if (current->threeDs.challenge && !sameToken(current->threeDs.challenge->resumeToken, resumeToken))
      co_return invalidResumeToken();
    if (current->threeDs.challenge) {
      // Its completion is in flight or unknown: another resume (or the sweep) is asking.
      co_return Status(StatusCode::kFailedPrecondition,
                       "The payment's 3-D Secure result is being resolved; retry shortly",
                       "PaymentOperationInProgress");
    }
    co_return current->threeDs.lastResumeToken.empty() ? nothingToResume(*current)
                                                       : invalidResumeToken();
  }
  auto target = co_await targetOf(merchantId, current->connectionId);
  if (!target) co_return target.status();

  PaymentStatus before = PaymentStatus::kPending;
  bool alreadyDone = false;
  std::string completionKey = newId("att", 24);
  const std::function<Status(Payment&)> prepare = [&](Payment& p) -> Status {
    Transaction* sale = waitingSale(p);
    if (!sale) {
      if (sameToken(p.threeDs.lastResumeToken, resumeToken)) {
        alreadyDone = true;  // resumed concurrently a moment ago
        return Status(StatusCode::kFailedPrecondition, "already resumed", "AlreadyResumed");
      }
      return p.threeDs.challenge ? Status(StatusCode::kFailedPrecondition,
                                          "The payment's 3-D Secure result is being resolved; "
                                          "retry shortly",
                                          "PaymentOperationInProgress")
                                 : nothingToResume(p);
    }
    if (!sameToken(p.threeDs.challenge->resumeToken, resumeToken)) return invalidResumeToken();
    before = p.status;
    // The completion is this attempt's call now: in flight until its answer is committed.
    sale->outcome = Outcome::kInFlight;
    sale->updatedAt = clock_.now();
    return Status::ok();
  };
  const store::Lease lease = paymentLease(paymentId);
  auto begun = co_await beginCall(merchantId, paymentId, idem, prepare, lease);
  if (!begun && alreadyDone) co_return co_await load(merchantId, paymentId);
  if (!begun) co_return begun.status();
  Payment p = std::move(*begun);
  Transaction* sale = domain::activeSale(p);
  if (!p.threeDs.challenge->threeDsServerTransactionId.empty())
    co_return co_await resumeOwnChallenge(std::move(p), std::move(*target), idem, lease, before);
  connectors::CompleteAuthenticationRequest req{completionKey, sale->processorTransactionId,
                                                p.threeDs.challenge->returnQuery,
                                                p.threeDs.challenge->challengeUrl};
  auto r = co_await target->connector->completeAuthentication(target->config, req);
  applyAuthorization(p, *sale, r);
  log::info("3-D Secure resumed", {{"payment_id", p.id},
                                   {"processor", target->connection.processor},
                                   {"outcome", std::string(domain::toString(sale->outcome))},
                                   {"status", std::string(domain::toString(p.status))}});
  co_return co_await finishAfterChallenge(std::move(p), idem, lease, before);
}

boost::asio::awaitable<Result<Payment>> PaymentEngine::finishAfterChallenge(
    Payment p, const Idempotency& idem, store::Lease lease, PaymentStatus before) {
  const Transaction* sale = domain::activeSale(p);
  const bool settled = sale && sale->outcome != Outcome::kActionRequired &&
                       sale->outcome != Outcome::kUnknown && sale->outcome != Outcome::kInFlight;
  if (settled && planIsActive(p)) {
    // A refusal of a fallback class moves the route on: the next attempt is committed in flight
    // with the refusal (under this lease) and made like any other (authorization_plan.cc).
    std::optional<Target> next = co_await advanceRoute(p);
    if (next) {
      const Idempotency none;
      Status st = co_await commitOutcome(p, none, nullptr, nullptr);
      if (!st) {
        abandonPermit(*next);  // its breaker permit, as the other route steps do
        co_return st;
      }
      co_return co_await runAuthorization(std::move(p), std::move(*next), idem, lease);
    }
  }
  co_return co_await finishAuthorization(std::move(p), before, idem, lease, settled);
}

boost::asio::awaitable<Status> PaymentEngine::expireChallenge(std::string merchantId,
                                                              std::string paymentId) {
  auto current = co_await load(merchantId, paymentId);
  if (!current) co_return current.status();
  if (!waitingSale(*current) || current->threeDs.challenge->expiresAt > clock_.now())
    co_return Status::ok();  // resumed or renewed meanwhile
  auto target = co_await targetOf(merchantId, current->connectionId);
  if (!target) co_return target.status();
  const std::string resumeToken = current->threeDs.challenge->resumeToken;
  bool skip = false;
  const std::function<Status(Payment&)> prepare = [&](Payment& p) -> Status {
    Transaction* sale = waitingSale(p);
    if (!sale || p.threeDs.challenge->resumeToken != resumeToken) {
      skip = true;
      return Status(StatusCode::kFailedPrecondition, "no longer waiting", "NotWaiting");
    }
    sale->outcome = Outcome::kInFlight;
    sale->updatedAt = clock_.now();
    return Status::ok();
  };
  const store::Lease lease = paymentLease(paymentId);
  const Idempotency none;
  auto begun = co_await beginCall(merchantId, paymentId, none, prepare, lease);
  if (!begun && (skip || begun.status().reason() == "PaymentOperationInProgress"))
    co_return Status::ok();
  if (!begun) co_return begun.status();
  Payment p = std::move(*begun);
  Transaction* sale = domain::activeSale(p);
  // The customer may have finished just before the expiry: the processor's word first. A
  // challenge of Switchyard's own 3-D Secure was never sent to a processor: it is abandoned.
  connectors::CallResult r;
  r.outcome = connectors::CallOutcome::kSucceeded;
  r.challengeUrl = p.threeDs.challenge->challengeUrl;
  if (p.threeDs.challenge->threeDsServerTransactionId.empty()) {
    connectors::CompleteAuthenticationRequest req{newId("att", 24), sale->processorTransactionId,
                                                  p.threeDs.challenge->returnQuery,
                                                  p.threeDs.challenge->challengeUrl};
    r = co_await target->connector->completeAuthentication(target->config, req);
  }
  if (r.outcome == connectors::CallOutcome::kSucceeded && !r.challengeUrl.empty()) {
    // Still waiting for the customer: abandoned. Nothing was authorized at the processor.
    connectors::CallResult abandoned;
    abandoned.outcome = connectors::CallOutcome::kDeclined;
    domain::StatusReason reason = domain::issuerDecline(
        domain::DeclineCode::kAuthenticationRequired,
        "The customer did not complete the 3-D Secure challenge in time", "");
    abandoned.reason = reason;
    connectors::ThreeDsOutcome t;
    t.responseCode = "AUTH_FAILED";
    t.reasonCode = "TRANSACTION_TIMED_OUT_AT_THE_ACS";
    t.reasonText = "The challenge was not completed in time";
    t.challengeIssued = true;
    abandoned.threeDSecure = t;
    r = abandoned;
  }
  applyAuthorization(p, *sale, r);
  log::info("3-D Secure challenge expired",
            {{"payment_id", p.id}, {"status", std::string(domain::toString(p.status))}});
  auto done = co_await finishAfterChallenge(std::move(p), none, lease, PaymentStatus::kPending);
  co_return done.status();
}

boost::asio::awaitable<Result<Payment>> PaymentEngine::resumeOwnChallenge(
    Payment p, Target target, const Idempotency& idem, store::Lease lease, PaymentStatus before) {
  Transaction* sale = domain::activeSale(p);
  const std::string serverTransaction = p.threeDs.challenge->threeDsServerTransactionId;
  Result<std::optional<three_ds::Authentication>> answer =
      Status(StatusCode::kUnavailable, "no 3-D Secure directory server is configured");
  if (threeDsServer_ != nullptr && threeDsServer_->configured())
    answer = co_await threeDsServer_->challengeResult(serverTransaction);
  if (!answer || !answer->has_value()) {
    // The customer has not finished, or the directory server did not answer: still waiting.
    if (!answer)
      log::warn("3-D Secure challenge result unavailable",
                {{"payment_id", p.id}, {"error", answer.status().message()}});
    sale->outcome = Outcome::kActionRequired;
    sale->updatedAt = clock_.now();
    co_return co_await finishAuthorization(std::move(p), before, idem, lease, false);
  }
  const Result<three_ds::Authentication> result = std::move(**answer);
  OwnAuthentication step = ownAuthenticationOutcome(p, result);
  p.threeDs.lastResumeToken = p.threeDs.challenge->resumeToken;
  p.threeDs.challenge.reset();
  // Taken whatever the result: a refused customer's CVV is not needed any more either.
  std::string cvvSealed = co_await takeCvvKeptForChallenge(p);
  log::info("3-D Secure resumed", {{"payment_id", p.id}, {"trans_status", result->transStatus}});
  if (step.decided) {
    applyAuthorization(p, *sale, *step.decided);
    co_return co_await finishAfterChallenge(std::move(p), idem, lease, before);
  }
  // Authenticated: recorded first (the attempt still in flight, under the lease), so that a
  // replay of the authorization after a crash carries it too; then the route's processor calls.
  const Idempotency none;
  Status st = co_await commitOutcome(p, none, nullptr, nullptr);
  if (!st) co_return st;
  co_return co_await runAuthorization(std::move(p), std::move(target), idem, lease, nullptr,
                                      std::move(cvvSealed));
}

}  // namespace sy::orchestrator
