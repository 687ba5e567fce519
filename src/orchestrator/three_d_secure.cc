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
  // The workflow's AUTHORIZE block decides (docs/three_d_secure.md, "Modes"): PREFERRED and
  // REQUIRED ask the processor to authenticate; DISABLED, or no workflow, do not.
  const bool wanted = p.routing && p.routing->authorization &&
                      p.routing->authorization->threeDSecure != "DISABLED";
  if (wanted) {
    req.threeDSecure = connectors::ThreeDsMode::kProcessor;
    if (!options_.publicUrl.empty())
      req.returnUrl = options_.publicUrl + "/checkout/3ds/return?payment=" + p.id;
  }
  return req;
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
  if (r.threeDSecure) p.threeDs.result = fromConnector(*r.threeDSecure);
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
  connectors::CompleteAuthenticationRequest req{completionKey, sale->processorTransactionId};
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
  // The customer may have finished just before the expiry: the processor's word first.
  connectors::CompleteAuthenticationRequest req{newId("att", 24), sale->processorTransactionId};
  auto r = co_await target->connector->completeAuthentication(target->config, req);
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

}  // namespace sy::orchestrator
