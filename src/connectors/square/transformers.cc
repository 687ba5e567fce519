#include "connectors/square/transformers.h"

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>
#include <optional>

namespace sy::connectors::square {
namespace json = boost::json;
using domain::AdvisedAction;
using domain::DeclineCode;
using domain::DeclineType;
using domain::PaymentStatus;
using domain::ReasonType;
using domain::StatusReason;
namespace {

std::optional<json::object> parseObject(std::string_view text) {
  boost::system::error_code ec;
  json::value v = json::parse(text, ec);
  if (ec || !v.is_object()) return std::nullopt;
  return std::move(v.as_object());
}

std::string field(const json::object& o, std::string_view key) {
  const json::value* v = o.if_contains(key);
  return v && v->is_string() ? std::string(v->get_string()) : std::string();
}

const json::object* object(const json::object& o, std::string_view key) {
  const json::value* v = o.if_contains(key);
  return v && v->is_object() ? &v->as_object() : nullptr;
}

// Money {amount, currency} -> amount; 0 when missing.
int64_t money(const json::object& o, std::string_view key) {
  const json::object* m = object(o, key);
  const json::value* a = m ? m->if_contains("amount") : nullptr;
  return a && a->is_int64() ? a->get_int64() : 0;
}

// The first error of Square's envelope {"errors":[{category, code, detail}]}.
struct SquareError {
  std::string category, code, detail;
};
std::optional<SquareError> firstError(const json::object& o) {
  const json::value* errors = o.if_contains("errors");
  if (!errors || !errors->is_array() || errors->as_array().empty()) return std::nullopt;
  const json::value& e = errors->as_array().front();
  if (!e.is_object()) return std::nullopt;
  return SquareError{field(e.as_object(), "category"), field(e.as_object(), "code"),
                     field(e.as_object(), "detail")};
}

json::object amountMoney(int64_t amount, std::string_view currency) {
  return json::object{{"amount", amount}, {"currency", currency}};
}

// A Payment object -> the sale's result; nullopt when it is not one we can read.
std::optional<CallResult> paymentResult(const json::object& p) {
  CallResult r;
  r.processorTransactionId = field(p, "id");
  if (r.processorTransactionId.empty()) return std::nullopt;
  const std::string status = field(p, "status");
  r.amountRefunded = money(p, "refunded_money");
  if (status == "APPROVED") {
    r.outcome = CallOutcome::kSucceeded;
    r.status = PaymentStatus::kAuthorized;
  } else if (status == "COMPLETED") {
    r.outcome = CallOutcome::kSucceeded;
    r.status = PaymentStatus::kSettled;
    r.amountCaptured = money(p, "amount_money");
  } else if (status == "CANCELED") {
    r.outcome = CallOutcome::kSucceeded;
    r.status = PaymentStatus::kCancelled;
  } else if (status == "FAILED") {
    r.outcome = CallOutcome::kDeclined;
    r.status = PaymentStatus::kDeclined;
    r.reason = declineReason("GENERIC_DECLINE", "the payment failed");
  } else {
    return std::nullopt;  // PENDING or anything new: not an outcome we can state
  }
  return r;
}

// A refused request (4xx): nothing happened. 5xx and anything unexpected: unknown.
CallResult errorResult(unsigned httpStatus, const std::optional<json::object>& o,
                       PaymentStatus refusedStatus) {
  if (httpStatus >= 500 || httpStatus < 400)
    return unknownOutcome("processor answered HTTP " + std::to_string(httpStatus));
  std::optional<SquareError> e = o ? firstError(*o) : std::nullopt;
  CallResult r;
  r.outcome = CallOutcome::kFailed;
  r.status = refusedStatus;
  StatusReason reason;
  reason.type = ReasonType::kGatewayRejected;
  reason.processorCode = e && !e->code.empty() ? e->code : "http_" + std::to_string(httpStatus);
  reason.message = e && !e->detail.empty() ? e->detail
                                           : "refused with HTTP " + std::to_string(httpStatus);
  r.reason = std::move(reason);
  return r;
}

}  // namespace

Result<SecretString> accessTokenFrom(const SecretString& credentialsJson) {
  auto o = parseObject(credentialsJson.reveal());
  std::string token = o ? field(*o, "accessToken") : std::string();
  if (token.empty())
    return Status(StatusCode::kInvalidArgument,
                  "Square credentials must be a JSON object with a non-empty \"accessToken\"");
  return SecretString(std::move(token));
}

Result<int64_t> toProcessorAmount(int64_t amount, std::string_view, int) {
  // Square's Money uses ISO 4217's smallest denomination, so there is nothing to convert.
  if (amount <= 0) return Status(StatusCode::kInvalidArgument, "the amount must be positive");
  return amount;
}

Result<SecretString> authorizeBody(const AuthorizeRequest& req) {
  auto amount = toProcessorAmount(req.amount, req.currencyCode, req.currencyExponent);
  if (!amount) return amount.status();
  if (req.card.number.empty())
    return Status(StatusCode::kInvalidArgument, "the card has no number to send as source_id");
  // reference_id (max 40) is our attempt key ("att_" + 24): what a later search could find.
  json::object body{{"idempotency_key", req.attemptKey},
                    {"source_id", req.card.number.reveal()},
                    {"amount_money", amountMoney(*amount, req.currencyCode)},
                    {"autocomplete", req.capture},
                    {"reference_id", req.attemptKey}};
  if (!req.orderId.empty()) body["note"] = "order " + req.orderId;
  return SecretString(json::serialize(body));
}

std::string completeBody(const CaptureRequest&) {
  return "{}";
}

std::string cancelBody(const CancelRequest&) {
  return "{}";
}

Result<std::string> refundBody(const RefundRequest& req) {
  auto amount = toProcessorAmount(req.amount, req.currencyCode, req.currencyExponent);
  if (!amount) return amount.status();
  json::object body{{"idempotency_key", req.attemptKey},
                    {"payment_id", req.processorTransactionId},
                    {"amount_money", amountMoney(*amount, req.currencyCode)}};
  if (!req.reason.empty()) body["reason"] = req.reason;
  return json::serialize(body);
}

StatusReason declineReason(std::string_view code, std::string message) {
  struct Row {
    std::string_view code;
    DeclineCode mapped;
    std::optional<DeclineType> type = std::nullopt;
    std::optional<AdvisedAction> action = std::nullopt;
  };
  static const Row kTable[] = {
      {"GENERIC_DECLINE", DeclineCode::kDoNotHonor},
      {"CARD_DECLINED", DeclineCode::kDeclined},
      {"INSUFFICIENT_FUNDS", DeclineCode::kInsufficientFunds},
      {"CARD_EXPIRED", DeclineCode::kExpiredCard},
      {"INVALID_EXPIRATION", DeclineCode::kDeclined, DeclineType::kHard,
       AdvisedAction::kUpdateData},
      {"INVALID_CARD", DeclineCode::kInvalidCardNumber},
      {"PAN_FAILURE", DeclineCode::kInvalidCardNumber},
      {"INVALID_ACCOUNT", DeclineCode::kInvalidCardNumber},
      {"CVV_FAILURE", DeclineCode::kDeclined, DeclineType::kHard, AdvisedAction::kUpdateData},
      {"ADDRESS_VERIFICATION_FAILURE", DeclineCode::kDeclined, DeclineType::kHard,
       AdvisedAction::kUpdateData},
      {"CARD_DECLINED_CALL_ISSUER", DeclineCode::kReferToCardIssuer},
      {"VOICE_FAILURE", DeclineCode::kReferToCardIssuer},
      {"CARD_DECLINED_VERIFICATION_REQUIRED", DeclineCode::kAuthenticationRequired},
      {"TRANSACTION_LIMIT", DeclineCode::kWithdrawalLimitExceeded},
      {"CARD_NOT_SUPPORTED", DeclineCode::kDeclined, DeclineType::kHard,
       AdvisedAction::kDoNotRetry},
      {"ALLOWABLE_PIN_TRIES_EXCEEDED", DeclineCode::kDeclined, DeclineType::kHard,
       AdvisedAction::kDoNotRetry},
  };
  const Row* found = nullptr;
  for (const Row& row : kTable)
    if (row.code == code) found = &row;
  StatusReason r = domain::issuerDecline(found ? found->mapped : DeclineCode::kUnknown,
                                         std::move(message), std::string(code));
  if (found && found->type) r.declineType = found->type;
  if (found && found->action) r.advisedAction = found->action;
  return r;
}

CallResult fromPaymentResponse(unsigned httpStatus, std::string_view body) {
  auto o = parseObject(body);
  if (httpStatus >= 400 && httpStatus < 500 && o) {
    std::optional<SquareError> e = firstError(*o);
    if (e && e->category == "PAYMENT_METHOD_ERROR") {  // the card was declined
      CallResult r;
      r.outcome = CallOutcome::kDeclined;
      r.status = PaymentStatus::kDeclined;
      const json::object* p = object(*o, "payment");
      if (p) r.processorTransactionId = field(*p, "id");
      r.reason = declineReason(e->code, e->detail);
      return r;
    }
  }
  if (httpStatus != 200) return errorResult(httpStatus, o, PaymentStatus::kFailed);
  const json::object* p = o ? object(*o, "payment") : nullptr;
  std::optional<CallResult> r = p ? paymentResult(*p) : std::nullopt;
  return r ? std::move(*r) : unknownOutcome("unreadable payment in the answer");
}

CallResult fromModifyResponse(unsigned httpStatus, std::string_view body) {
  auto o = parseObject(body);
  if (httpStatus != 200) return errorResult(httpStatus, o, PaymentStatus::kPending);
  const json::object* p = o ? object(*o, "payment") : nullptr;
  std::optional<CallResult> r = p ? paymentResult(*p) : std::nullopt;
  if (!r || r->outcome != CallOutcome::kSucceeded)
    return unknownOutcome("unreadable payment in the answer");
  return std::move(*r);
}

CallResult fromCompleteResponse(unsigned httpStatus, std::string_view body, int64_t requested) {
  CallResult r = fromModifyResponse(httpStatus, body);
  if (r.outcome != CallOutcome::kSucceeded || r.amountCaptured == requested) return r;
  CallResult refused;
  refused.outcome = CallOutcome::kFailed;
  refused.status = PaymentStatus::kPending;
  refused.processorTransactionId = r.processorTransactionId;
  StatusReason reason;
  reason.type = ReasonType::kGatewayRejected;
  reason.processorCode = "AMOUNT_MISMATCH";
  reason.message = "Square completed the payment for " + std::to_string(r.amountCaptured) +
                   ", not " + std::to_string(requested) + ": it captures the whole amount once";
  refused.reason = std::move(reason);
  return refused;
}

CallResult fromRefundResponse(unsigned httpStatus, std::string_view body) {
  auto o = parseObject(body);
  if (httpStatus != 200) return errorResult(httpStatus, o, PaymentStatus::kPending);
  const json::object* refund = o ? object(*o, "refund") : nullptr;
  if (!refund) return unknownOutcome("unreadable refund in the answer");
  const std::string status = field(*refund, "status");
  CallResult r;
  r.processorOperationId = field(*refund, "id");
  r.processorTransactionId = field(*refund, "payment_id");
  if (r.processorOperationId.empty()) return unknownOutcome("unreadable refund in the answer");
  if (status == "PENDING" || status == "COMPLETED") {
    r.outcome = CallOutcome::kSucceeded;
    r.status = PaymentStatus::kPending;  // a refund says nothing certain about the sale's status
    return r;
  }
  if (status == "REJECTED" || status == "FAILED") {
    r.outcome = CallOutcome::kFailed;
    r.status = PaymentStatus::kPending;
    StatusReason reason;
    reason.type = ReasonType::kGatewayRejected;
    reason.processorCode = "REFUND_" + status;
    reason.message = "the refund was " + status;
    r.reason = std::move(reason);
    return r;
  }
  return unknownOutcome("refund in an unknown state");
}

}  // namespace sy::connectors::square
