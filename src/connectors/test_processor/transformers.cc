#include "connectors/test_processor/transformers.h"

#include <boost/json/object.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>
#include <charconv>
#include <optional>

namespace sy::connectors::test_processor {
namespace json = boost::json;
using domain::DeclineCode;
using domain::PaymentStatus;
using domain::ReasonType;
using domain::StatusReason;
namespace {

std::optional<json::object> parseObject(std::string_view body) {
  boost::system::error_code ec;
  json::value v = json::parse(body, ec);
  if (ec || !v.is_object()) return std::nullopt;
  return std::move(v.as_object());
}

std::string stringField(const json::object& o, std::string_view key) {
  const json::value* v = o.if_contains(key);
  return v && v->is_string() ? std::string(v->get_string()) : std::string();
}

std::optional<int64_t> intField(const json::object& o, std::string_view key) {
  const json::value* v = o.if_contains(key);
  if (v && v->is_int64()) return v->get_int64();
  return std::nullopt;
}

std::optional<int> parseInt(std::string_view s) {
  int v = 0;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || end != s.data() + s.size()) return std::nullopt;
  return v;
}

CallResult rejected(std::string code, std::string message, PaymentStatus status) {
  StatusReason r;
  r.type = ReasonType::kGatewayRejected;
  r.processorCode = std::move(code);
  r.message = std::move(message);
  CallResult result;
  result.outcome = CallOutcome::kFailed;
  result.status = status;
  result.reason = std::move(r);
  return result;
}

// Maps a payment object; nullopt when it lacks what every payment has.
std::optional<CallResult> paymentResult(const json::object& p) {
  std::string id = stringField(p, "id");
  std::string status = stringField(p, "status");
  auto captured = intField(p, "amount_captured");
  auto refunded = intField(p, "amount_refunded");
  if (id.empty() || status.empty() || !captured || !refunded) return std::nullopt;

  CallResult r;
  r.processorTransactionId = std::move(id);
  r.amountCaptured = *captured;
  r.amountRefunded = *refunded;
  if (status == "authorized" || status == "captured" || status == "voided") {
    r.outcome = CallOutcome::kSucceeded;
    r.status = status == "authorized" ? PaymentStatus::kAuthorized
               : status == "captured" ? PaymentStatus::kSettled
                                      : PaymentStatus::kCancelled;
  } else if (status == "declined") {
    r.outcome = CallOutcome::kDeclined;
    r.status = PaymentStatus::kDeclined;
    r.reason = declineReason(stringField(p, "decline_code"), stringField(p, "message"));
  } else if (status == "failed") {
    r.outcome = CallOutcome::kFailed;
    r.status = PaymentStatus::kFailed;
    r.reason = failureReason(stringField(p, "failure_code"), stringField(p, "message"));
  } else {
    return std::nullopt;
  }
  return r;
}

// A non-2xx answer to a call that changes something. `forAuthorization`: a refused
// authorization means the sale failed; a refused capture says nothing about the sale's status.
CallResult errorResult(unsigned httpStatus, std::string_view body, bool forAuthorization) {
  auto o = parseObject(body);
  const json::object* e = nullptr;
  if (o) {
    if (const json::value* v = o->if_contains("error"); v && v->is_object()) e = &v->as_object();
  }
  std::string type = e ? stringField(*e, "type") : std::string();
  std::string message = e ? stringField(*e, "message") : std::string();
  if (httpStatus >= 500)
    return unknownOutcome("processor answered HTTP " + std::to_string(httpStatus) +
                          (type.empty() ? "" : " " + type));
  // The key was used for another request, which may have charged: only an inquiry can tell.
  if (httpStatus == 409 && type == "idempotency_conflict")
    return unknownOutcome("idempotency key already used for a different request");
  if (httpStatus < 400) return unknownOutcome("unexpected HTTP " + std::to_string(httpStatus));
  if (e) {
    std::string param = stringField(*e, "param");
    if (!param.empty()) message += " (param: " + param + ")";
  }
  if (type.empty()) type = "http_" + std::to_string(httpStatus);
  return rejected(std::move(type), std::move(message),
                  forAuthorization ? PaymentStatus::kFailed : PaymentStatus::kPending);
}

// Maps a capture/void/refund object; nullopt when malformed. `expected` empty = any kind.
std::optional<CallResult> operationResult(const json::object& op, std::string_view expected) {
  std::string object = stringField(op, "object");
  std::string id = stringField(op, "id");
  const json::value* payment = op.if_contains("payment");
  if (id.empty() || !payment || !payment->is_object()) return std::nullopt;
  if (object != "capture" && object != "void" && object != "refund") return std::nullopt;
  if (!expected.empty() && object != expected) return std::nullopt;
  auto r = paymentResult(payment->as_object());
  if (!r) return std::nullopt;
  // The operation's own outcome, not the payment's: a refund on a captured payment succeeded.
  r->reason.reset();
  r->processorOperationId = std::move(id);
  r->outcome = CallOutcome::kSucceeded;
  if (object == "refund") {
    std::string status = stringField(op, "status");
    if (status == "failed") {
      CallResult failed =
          rejected(stringField(op, "failure_code"), stringField(op, "message"), r->status);
      failed.processorTransactionId = r->processorTransactionId;
      failed.processorOperationId = r->processorOperationId;
      failed.amountCaptured = r->amountCaptured;
      failed.amountRefunded = r->amountRefunded;
      return failed;
    }
    if (status != "succeeded") return std::nullopt;
  }
  return r;
}

// The single object of an inquiry's {"data":[...]}, nullptr for an empty list; nullopt when the
// body is not such a list.
std::optional<const json::object*> inquiryItem(const json::object& list) {
  const json::value* data = list.if_contains("data");
  if (!data || !data->is_array()) return std::nullopt;
  const auto& items = data->as_array();
  if (items.empty()) return nullptr;
  if (!items[0].is_object()) return std::nullopt;
  return &items[0].as_object();
}
}  // namespace

Result<SecretString> apiKeyFrom(const SecretString& credentialsJson) {
  auto o = parseObject(credentialsJson.reveal());
  if (!o) return invalidArgument("test processor credentials must be a JSON object");
  json::value* key = o->if_contains("apiKey");
  if (!key || !key->is_string() || key->get_string().empty())
    return invalidArgument("test processor credentials need a non-empty string \"apiKey\"");
  SecretString secret{std::string(key->get_string())};
  // The parsed copy of the key lives in `o`; overwrite it before the object is freed.
  std::fill(key->get_string().begin(), key->get_string().end(), '\0');
  return secret;
}

Result<SecretString> authorizeBody(const AuthorizeRequest& req) {
  auto month = parseInt(req.card.expirationMonth);
  auto year = parseInt(req.card.expirationYear);
  if (!month || *month < 1 || *month > 12)
    return invalidArgument("card expiration month must be 1..12");
  if (year && req.card.expirationYear.size() == 2) *year += 2000;
  if (!year || *year < 2000 || *year > 2099)
    return invalidArgument("card expiration year must be 2000..2099");

  json::object card{
      {"number", req.card.number.reveal()}, {"expiry_month", *month}, {"expiry_year", *year}};
  if (!req.card.cvv.empty()) card["cvc"] = req.card.cvv.reveal();
  if (!req.card.cardholderName.empty()) card["holder_name"] = req.card.cardholderName;
  json::object body{
      {"amount", req.amount}, {"currency", req.currencyCode}, {"capture", req.capture}};
  if (!req.orderId.empty()) body["reference"] = req.orderId;
  body["card"] = std::move(card);
  if (req.threeDSecure == ThreeDsMode::kExternal && req.externalThreeDs) {
    const ExternalThreeDs& e = *req.externalThreeDs;
    body["three_d_secure"] = json::object{{"eci", e.eci},
                                          {"cavv", e.authenticationValue.reveal()},
                                          {"transaction_id", e.dsTransactionId},
                                          {"version", e.protocolVersion},
                                          {"trans_status", e.transStatus}};
  }
  if (merchantInitiated(req.paymentType)) body["initiator"] = "merchant";
  if (req.storedCard || req.paymentType == PaymentType::kFirstPayment ||
      merchantInitiated(req.paymentType))
    body["stored_credential"] = true;
  return SecretString(json::serialize(body));
}

std::string captureBody(const CaptureRequest& req) {
  return json::serialize(json::object{{"amount", req.amount}, {"final", req.final}});
}

std::string cancelBody(const CancelRequest&) {
  return "{}";
}

std::string refundBody(const RefundRequest& req) {
  json::object body{{"amount", req.amount}};
  if (!req.reason.empty()) body["reason"] = req.reason;
  return json::serialize(body);
}

StatusReason declineReason(std::string_view code, std::string message) {
  DeclineCode mapped = DeclineCode::kUnknown;
  if (code == "do_not_honor") {
    mapped = DeclineCode::kDoNotHonor;
  } else if (code == "insufficient_funds") {
    mapped = DeclineCode::kInsufficientFunds;
  } else if (code == "expired_card") {
    mapped = DeclineCode::kExpiredCard;
  } else if (code == "invalid_number") {
    mapped = DeclineCode::kInvalidCardNumber;
  }
  return domain::issuerDecline(mapped, std::move(message), std::string(code));
}

StatusReason failureReason(std::string_view code, std::string message) {
  StatusReason r;
  r.type = ReasonType::kGatewayRejected;
  r.message = std::move(message);
  r.processorCode = std::string(code);
  // processing_error is the processor's own transient trouble: the same payment may go through
  // later or elsewhere.
  if (code == "processing_error") r.advisedAction = domain::AdvisedAction::kRetryLater;
  return r;
}

CallResult fromPaymentResponse(unsigned httpStatus, std::string_view body) {
  if (httpStatus != 200 && httpStatus != 201) return errorResult(httpStatus, body, true);
  auto o = parseObject(body);
  std::optional<CallResult> r = o ? paymentResult(*o) : std::nullopt;
  return r ? std::move(*r) : unknownOutcome("unreadable payment in the response");
}

CallResult fromOperationResponse(unsigned httpStatus, std::string_view body) {
  if (httpStatus != 200 && httpStatus != 201) return errorResult(httpStatus, body, false);
  auto o = parseObject(body);
  std::optional<CallResult> r = o ? operationResult(*o, {}) : std::nullopt;
  return r ? std::move(*r) : unknownOutcome("unreadable operation in the response");
}

CallResult fromPaymentInquiry(unsigned httpStatus, std::string_view body) {
  if (httpStatus != 200)
    return unknownOutcome("inquiry answered HTTP " + std::to_string(httpStatus));
  auto o = parseObject(body);
  auto item = o ? inquiryItem(*o) : std::nullopt;
  if (!item) return unknownOutcome("unreadable inquiry response");
  if (*item == nullptr) {
    CallResult notFound;
    notFound.outcome = CallOutcome::kNotFound;
    return notFound;
  }
  auto r = paymentResult(**item);
  return r ? std::move(*r) : unknownOutcome("unreadable payment in the inquiry response");
}

CallResult fromOperationInquiry(unsigned httpStatus, std::string_view body,
                                std::string_view expected) {
  if (httpStatus != 200)
    return unknownOutcome("inquiry answered HTTP " + std::to_string(httpStatus));
  auto o = parseObject(body);
  auto item = o ? inquiryItem(*o) : std::nullopt;
  if (!item) return unknownOutcome("unreadable inquiry response");
  if (*item == nullptr) {
    CallResult notFound;
    notFound.outcome = CallOutcome::kNotFound;
    return notFound;
  }
  auto r = operationResult(**item, expected);
  return r ? std::move(*r)
           : unknownOutcome("the key belongs to something other than a " + std::string(expected));
}

std::string_view operationObjectName(InquiryRequest::Kind kind) {
  switch (kind) {
    case InquiryRequest::Kind::kCapture:
      return "capture";
    case InquiryRequest::Kind::kCancel:
      return "void";
    case InquiryRequest::Kind::kRefund:
      return "refund";
    case InquiryRequest::Kind::kAuthorize:
      break;
  }
  return "payment";
}

}  // namespace sy::connectors::test_processor
