#include "sandbox/test_processor/api.h"

#include <boost/json/array.hpp>
#include <boost/json/serialize.hpp>
#include <chrono>

#include "sandbox/card_checks.h"
#include "sandbox/test_processor/magic_cards.h"
#include "sandbox/test_processor/wire.h"

namespace sy::sandbox::test_processor {
namespace json = boost::json;
namespace {
constexpr size_t kMaxIdempotencyKeyLength = 255;

Reply jsonReply(unsigned status, std::string body) {
  return Reply{http::Response::json(status, std::move(body)), {}};
}

Reply error(unsigned status, std::string_view type, std::string_view message,
            std::string_view param = {}) {
  return jsonReply(status, errorBody(type, message, param));
}

// A body the parsers refused: reason() names the param.
Reply invalidRequest(const Status& s) {
  return error(400, "invalid_request", s.message(), s.reason());
}

// A ledger refusal: reason() is the error type.
Reply ledgerError(const Status& s) {
  const std::string& type = s.reason();
  if (type == "not_found") return error(404, type, s.message());
  if (type == "invalid_state") return error(409, type, s.message());
  if (type == "amount_too_large") return error(400, type, s.message(), "amount");
  if (type == "capacity_exceeded") return error(503, type, s.message());
  return error(400, "invalid_request", s.message());
}

// True when the card's expiry month is over (cards are valid through the end of that month).
bool expired(int month, int year) {
  using namespace std::chrono;
  year_month_day today{floor<days>(system_clock::now())};
  int nowYear = static_cast<int>(today.year());
  int nowMonth = static_cast<int>(static_cast<unsigned>(today.month()));
  return year < nowYear || (year == nowYear && month < nowMonth);
}
}  // namespace

TestProcessorApi::TestProcessorApi(size_t capacity) : ledger_(capacity), idempotency_(capacity) {}

template <class Process>
Reply TestProcessorApi::idempotent(const CallContext& ctx, std::string_view path,
                                   std::string_view body, Process&& process) {
  if (ctx.idempotencyKey.empty())
    return error(400, "invalid_request", "the Idempotency-Key header is required on every POST",
                 "Idempotency-Key");
  if (ctx.idempotencyKey.size() > kMaxIdempotencyKeyLength)
    return error(400, "invalid_request", "the Idempotency-Key header is longer than 255 characters",
                 "Idempotency-Key");
  std::string fp = idempotency_.fingerprint("POST", path, body);

  std::lock_guard lock(mu_);
  auto found = idempotency_.find(ctx.account, ctx.idempotencyKey, fp);
  if (found.match == IdempotencyStore::Match::kConflict)
    return error(409, "idempotency_conflict",
                 "this Idempotency-Key was already used with a different request");
  if (found.match == IdempotencyStore::Match::kSame) {
    Reply replay = jsonReply(found.response->status, found.response->body);
    replay.response.headers.emplace_back("Idempotent-Replayed", "true");
    return replay;
  }
  Reply reply = process();
  // A 5xx means "not processed, try again": remembering it would make the retry fail forever.
  if (reply.response.status < 500)
    idempotency_.remember(ctx.account, ctx.idempotencyKey, std::move(fp),
                          {reply.response.status, reply.response.body});
  return reply;
}

Reply TestProcessorApi::createPayment(const CallContext& ctx, std::string_view body) {
  return idempotent(ctx, "/v1/payments", body, [&] { return authorize(ctx, body); });
}

// Runs under mu_.
Reply TestProcessorApi::authorize(const CallContext& ctx, std::string_view body) {
  auto input = parsePaymentInput(body);
  if (!input) return invalidRequest(input.status());
  const PaymentInput& in = *input;

  CardOutcome outcome = outcomeForCard(in.card.number);
  if (ctx.declineAll) {
    outcome = {CardBehavior::kDecline, kDoNotHonor, "Declined by fault injection (declineAll)."};
  } else if ((outcome.behavior == CardBehavior::kApprove ||
              outcome.behavior == CardBehavior::kSlow) &&
             expired(in.card.expiryMonth, in.card.expiryYear)) {
    outcome = {CardBehavior::kDecline, kExpiredCard, "The card has expired."};
  }

  PaymentRecord p;
  p.account = ctx.account;
  p.idempotencyKey = ctx.idempotencyKey;
  p.amount = in.amount;
  p.currency = in.currency;
  p.reference = in.reference;
  p.brand = std::string(cardBrand(in.card.number));
  p.last4 = std::string(lastFour(in.card.number));
  p.cvcProvided = !in.card.cvc.empty();
  p.code = std::string(outcome.code);
  p.message = std::string(outcome.message);
  if (in.threeDSecure) {
    p.threeDsEci = in.threeDSecure->eci;
    p.threeDsVersion = in.threeDSecure->version;
    p.threeDsTransStatus = in.threeDSecure->transStatus;
    p.threeDsTransactionId = in.threeDSecure->transactionId;
  }
  p.initiator = in.initiator;
  p.storedCredential = in.storedCredential;
  switch (outcome.behavior) {
    case CardBehavior::kApprove:
    case CardBehavior::kSlow:
      p.state = in.capture ? PaymentState::kCaptured : PaymentState::kAuthorized;
      p.amountCaptured = in.capture ? in.amount : 0;
      break;
    case CardBehavior::kDecline:
      p.state = PaymentState::kDeclined;
      break;
    case CardBehavior::kFail:
      p.state = PaymentState::kFailed;
      break;
  }
  auto added = ledger_.addPayment(std::move(p));
  if (!added) return ledgerError(added.status());
  Reply reply = jsonReply(201, json::serialize(paymentJson(**added)));
  if (outcome.behavior == CardBehavior::kSlow) reply.delay = ctx.slowResponse;
  return reply;
}

// Runs under mu_.
Reply TestProcessorApi::operationReply(Result<const OperationRecord*> result,
                                       const CallContext& ctx) {
  if (!result) return ledgerError(result.status());
  const OperationRecord& op = **result;
  const PaymentRecord* payment = ledger_.findPayment(ctx.account, op.paymentId);
  return jsonReply(201, json::serialize(operationJson(op, *payment)));
}

Reply TestProcessorApi::capture(const CallContext& ctx, std::string_view paymentId,
                                std::string_view body) {
  std::string path = "/v1/payments/" + std::string(paymentId) + "/captures";
  return idempotent(ctx, path, body, [&] {
    auto in = parseCaptureInput(body);
    if (!in) return invalidRequest(in.status());
    return operationReply(
        ledger_.capture(ctx.account, paymentId, in->amount, in->final, ctx.idempotencyKey), ctx);
  });
}

Reply TestProcessorApi::voidPayment(const CallContext& ctx, std::string_view paymentId,
                                    std::string_view body) {
  std::string path = "/v1/payments/" + std::string(paymentId) + "/voids";
  return idempotent(ctx, path, body, [&] {
    Status parsed = parseVoidInput(body);
    if (!parsed.isOk()) return invalidRequest(parsed);
    return operationReply(ledger_.voidPayment(ctx.account, paymentId, ctx.idempotencyKey), ctx);
  });
}

Reply TestProcessorApi::refund(const CallContext& ctx, std::string_view paymentId,
                               std::string_view body) {
  std::string path = "/v1/payments/" + std::string(paymentId) + "/refunds";
  return idempotent(ctx, path, body, [&] {
    auto in = parseRefundInput(body);
    if (!in) return invalidRequest(in.status());
    return operationReply(
        ledger_.refund(ctx.account, paymentId, in->amount, in->reason, ctx.idempotencyKey), ctx);
  });
}

Reply TestProcessorApi::getPayment(const CallContext& ctx, std::string_view paymentId) const {
  std::lock_guard lock(mu_);
  const PaymentRecord* p = ledger_.findPayment(ctx.account, paymentId);
  if (!p) return error(404, "not_found", "no such payment: " + std::string(paymentId));
  return jsonReply(200, json::serialize(paymentJson(*p)));
}

Reply TestProcessorApi::findPayments(const CallContext& ctx,
                                     std::string_view idempotencyKey) const {
  std::lock_guard lock(mu_);
  json::array items;
  if (const PaymentRecord* p = ledger_.findPaymentByKey(ctx.account, idempotencyKey))
    items.push_back(paymentJson(*p));
  return jsonReply(200, listBody(std::move(items)));
}

Reply TestProcessorApi::findOperations(const CallContext& ctx,
                                       std::string_view idempotencyKey) const {
  std::lock_guard lock(mu_);
  json::array items;
  if (const OperationRecord* op = ledger_.findOperationByKey(ctx.account, idempotencyKey)) {
    if (const PaymentRecord* p = ledger_.findPayment(ctx.account, op->paymentId))
      items.push_back(operationJson(*op, *p));
  }
  return jsonReply(200, listBody(std::move(items)));
}

Reply TestProcessorApi::ledger() const {
  std::lock_guard lock(mu_);
  return jsonReply(200, ledgerBody(ledger_.summary()));
}

}  // namespace sy::sandbox::test_processor
