// Switchyard's own 3-D Secure (docs/three_d_secure.md, "Switchyard's own 3-D Secure"): with a
// workflow route whose AUTHORIZE block says threeDSecureProvider SWITCHYARD, Switchyard is the
// EMVCo 3DS Server. Before the route's first processor call it sends an AReq through the directory
// server; the customer authenticates once (frictionless, or a challenge resumed like a processor's)
// and every processor of the route — fallbacks included — authorizes with the result as external
// 3-D Secure data (ECI, CAVV, DS transaction id). A refusal ends the attempt without any processor
// call. The cryptogram is kept with the payment only until the route ends; the CVV, sealed in its
// hold, only until the challenge is resumed or expires.
#include <algorithm>

#include "common/ids.h"
#include "common/log.h"
#include "orchestrator/call_results.h"
#include "orchestrator/payment_engine.h"
#include "orchestrator/processor_requests.h"
#include "store/awaitable.h"
#include "three_ds/messages.h"
#include "three_ds/three_ds_server.h"

namespace sy::orchestrator {
namespace {
using domain::Payment;

std::string failedReason(const three_ds::Authentication& a) {
  if (a.transStatus == "R" && a.transStatusReason.empty()) return "REJECTED_BY_ISSUER";
  return std::string(three_ds::primerReasonCode(a.transStatusReason));
}

// What the attempt ends with when the customer could not be authenticated: a refusal of class
// AUTHENTICATION_REQUIRED (no default policy falls back on it), made without a processor call.
connectors::CallResult refusal(std::string message, connectors::ThreeDsOutcome outcome) {
  connectors::CallResult r;
  r.outcome = connectors::CallOutcome::kDeclined;
  r.status = domain::PaymentStatus::kDeclined;
  r.reason = domain::issuerDecline(domain::DeclineCode::kAuthenticationRequired, std::move(message),
                                   "");
  r.threeDSecure = std::move(outcome);
  return r;
}

domain::ServerAuthentication serverAuthentication(const three_ds::Authentication& a) {
  domain::ServerAuthentication s;
  s.threeDsServerTransactionId = a.threeDsServerTransactionId;
  s.dsTransactionId = a.dsTransactionId;
  s.acsTransactionId = a.acsTransactionId;
  s.transStatus = a.transStatus;
  s.eci = a.eci;
  s.authenticationValue = a.authenticationValue.reveal();
  s.protocolVersion = a.protocolVersion;
  s.challenged = a.challenged;
  return s;
}

}  // namespace

bool PaymentEngine::usesOwnThreeDs(const Payment& p) const {
  if (!p.routing || !p.routing->authorization) return false;
  const domain::AuthorizationRoute& route = *p.routing->authorization;
  return route.threeDSecureProvider == "SWITCHYARD" && route.threeDSecure != "DISABLED" &&
         !connectors::merchantInitiated(paymentTypeOf(p));
}

PaymentEngine::OwnAuthentication PaymentEngine::ownAuthenticationOutcome(
    Payment& p, const Result<three_ds::Authentication>& answer) {
  const bool required = p.routing->authorization->threeDSecure == "REQUIRED";
  OwnAuthentication step;
  const std::string status = answer ? answer->transStatus : "";
  if (status == "Y" || status == "A") {
    p.threeDs.server = serverAuthentication(*answer);
    domain::ThreeDsAuthentication result;
    result.responseCode = "AUTH_SUCCESS";
    result.protocolVersion = answer->protocolVersion;
    result.challengeIssued = answer->challenged;
    p.threeDs.result = std::move(result);
    return step;  // on to the processor, with the authentication
  }
  if (status == "C" && !answer->challengeUrl.empty()) {
    connectors::CallResult challenge;
    challenge.outcome = connectors::CallOutcome::kSucceeded;
    challenge.challengeUrl = answer->challengeUrl;
    step.decided = std::move(challenge);
    step.threeDsServerTransactionId = answer->threeDsServerTransactionId;
    return step;
  }
  if (status == "N" || status == "R") {
    connectors::ThreeDsOutcome failed;
    failed.responseCode = "AUTH_FAILED";
    failed.reasonCode = failedReason(*answer);
    failed.protocolVersion = answer->protocolVersion;
    failed.challengeIssued = answer->challenged;
    step.decided = refusal(answer->challenged
                               ? "The customer failed the 3-D Secure challenge"
                               : "The card issuer did not authenticate the customer (3-D Secure)",
                           std::move(failed));
    return step;
  }
  // U, a challenge without a page, or no answer at all: authentication could not be performed.
  connectors::ThreeDsOutcome skipped;
  skipped.responseCode = "SKIPPED";
  skipped.reasonCode = answer ? "NOT_SUPPORTED_BY_ISSUER" : "3DS_SERVER_ERROR";
  skipped.reasonText = answer ? "The issuer could not authenticate the card (transStatus " +
                                    status + ")"
                              : "The 3-D Secure directory server could not be reached";
  if (answer) skipped.protocolVersion = answer->protocolVersion;
  if (required) {
    step.decided = refusal("3-D Secure is required for this payment and could not be performed",
                           std::move(skipped));
    return step;
  }
  p.threeDs.result = domain::ThreeDsAuthentication{skipped.responseCode, skipped.reasonCode,
                                                   skipped.reasonText, skipped.protocolVersion,
                                                   std::nullopt};
  return step;  // PREFERRED: on to the processor without authentication
}

boost::asio::awaitable<PaymentEngine::OwnAuthentication> PaymentEngine::authenticateOwn(
    Payment& p, const vault::ClearCard& card) {
  three_ds::AuthenticationRequest req;
  req.threeDsServerTransactionId = uuidV4();
  req.cardNumber = card.number;
  req.expirationMonth = card.expirationMonth;
  req.expirationYear = card.expirationYear;
  req.cardholderName = card.cardholderName;
  req.amount = p.amount;
  req.currencyCode = p.currencyCode;
  req.currencyExponent = exponentOf(p.currencyCode);
  req.merchantName = p.merchantId;
  if (!options_.publicUrl.empty())
    req.notificationUrl = challengeReturnUrl(p);
  Result<three_ds::Authentication> answer =
      Status(StatusCode::kUnavailable, "Switchyard's own 3-D Secure has no directory server "
                                       "configured (three_ds_directory_url)");
  if (threeDsServer_ != nullptr && threeDsServer_->configured())
    answer = co_await threeDsServer_->authenticate(req);
  log::info("3-D Secure authentication", {{"payment_id", p.id},
                                          {"trans_status", answer ? answer->transStatus : ""},
                                          {"error", answer ? "" : answer.status().message()}});
  co_return ownAuthenticationOutcome(p, answer);
}

boost::asio::awaitable<void> PaymentEngine::keepCvvForOwnChallenge(const Payment& p,
                                                                   store::CvvHold hold) {
  if (!p.threeDs.challenge || p.threeDs.challenge->threeDsServerTransactionId.empty()) co_return;
  // A MULTI_USE token's next payment during the challenge could take it instead; this payment's
  // authorization then goes without CVV, as it did before holds were kept.
  hold.expiresAt = std::min(hold.expiresAt, p.threeDs.challenge->expiresAt);
  Status kept = co_await store::write(store_, [&](store::WriteTx& tx) {
    return tx.insertCvvHold(hold);
  });
  if (!kept)
    log::warn("the CVV could not be kept for the 3-D Secure challenge",
              {{"payment_id", p.id}, {"error", kept.toString()}});
}

boost::asio::awaitable<std::string> PaymentEngine::takeCvvKeptForChallenge(const Payment& p) {
  Result<store::CvvHold> hold = Status(StatusCode::kNotFound, "not read");
  Status taken = co_await store::write(store_, [&](store::WriteTx& tx) -> Status {
    hold = tx.takeCvvHold(p.merchantId, p.paymentMethodToken);
    return hold || hold.status().code() == StatusCode::kNotFound ? Status::ok() : hold.status();
  });
  if (!taken || !hold) co_return std::string();
  co_return std::move(hold->cvvSealed);
}

void PaymentEngine::endOwnThreeDs(Payment& p) {
  // The cryptogram authorizes one payment: once the route ended it is not needed, so not kept.
  if (p.threeDs.server && p.routing && p.routing->authorization &&
      p.routing->authorization->state == "STOPPED")
    p.threeDs.server->authenticationValue.clear();
}

}  // namespace sy::orchestrator
