#include "connectors/square/transformers.h"

#include <boost/json/object.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>
#include <charconv>
#include <optional>

namespace sy::connectors::square {
namespace json = boost::json;
using domain::DeclineCode;
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

int64_t integer(const json::object& o, std::string_view key) {
  const json::value* v = o.if_contains(key);
  return v && v->is_int64() ? v->get_int64() : 0;
}

std::optional<int> number(std::string_view s) {
  int v = 0;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || end != s.data() + s.size()) return std::nullopt;
  return v;
}

// A payment object -> the sale's result; nullopt when it is not one we can read.
std::optional<CallResult> paymentResult(const json::object& p) {
  CallResult r;
  r.processorTransactionId = field(p, "id");
  r.amountCaptured = integer(p, "captured_amount");
  r.amountRefunded = integer(p, "refunded_amount");
  const std::string status = field(p, "status");
  if (r.processorTransactionId.empty()) return std::nullopt;
  if (status == "authorized") {
    r.outcome = CallOutcome::kSucceeded;
    r.status = PaymentStatus::kAuthorized;
  } else if (status == "captured") {
    r.outcome = CallOutcome::kSucceeded;
    r.status = PaymentStatus::kSettled;
  } else if (status == "partially_captured") {
    r.outcome = CallOutcome::kSucceeded;
    r.status = PaymentStatus::kPartiallySettled;
  } else if (status == "voided") {
    r.outcome = CallOutcome::kSucceeded;
    r.status = PaymentStatus::kCancelled;
  } else if (status == "declined") {
    r.outcome = CallOutcome::kDeclined;
    r.status = PaymentStatus::kDeclined;
    r.reason = declineReason(field(p, "decline_code"), field(p, "message"));
  } else {
    return std::nullopt;
  }
  return r;
}

// A refused request (4xx): nothing happened. 5xx and anything unexpected: unknown.
CallResult errorResult(unsigned httpStatus, std::string_view body, PaymentStatus refusedStatus) {
  if (httpStatus >= 500 || httpStatus < 400)
    return unknownOutcome("processor answered HTTP " + std::to_string(httpStatus));
  auto o = parseObject(body);
  const json::value* e = o ? o->if_contains("error") : nullptr;
  std::string code = e && e->is_object() ? field(e->as_object(), "code") : std::string();
  std::string message = e && e->is_object() ? field(e->as_object(), "message") : std::string();
  CallResult r;
  r.outcome = CallOutcome::kFailed;
  r.status = refusedStatus;
  StatusReason reason;
  reason.type = ReasonType::kGatewayRejected;
  reason.processorCode = code.empty() ? "http_" + std::to_string(httpStatus) : code;
  reason.message = message.empty() ? "refused with HTTP " + std::to_string(httpStatus) : message;
  r.reason = std::move(reason);
  return r;
}

}  // namespace

Result<SecretString> apiKeyFrom(const SecretString& credentialsJson) {
  auto o = parseObject(credentialsJson.reveal());
  std::string key = o ? field(*o, "apiKey") : std::string();
  if (key.empty())
    return Status(StatusCode::kInvalidArgument,
                  "Square credentials must be a JSON object with a non-empty \"apiKey\"");
  return SecretString(std::move(key));
}

Result<int64_t> toProcessorAmount(int64_t amount, std::string_view currency, int isoExponent) {
  // Square's exponents are ISO 4217's, so there is nothing to convert (see the header).
  if (amount <= 0) return Status(StatusCode::kInvalidArgument, "the amount must be positive");
  return amount;
}

Result<SecretString> authorizeBody(const AuthorizeRequest& req) {
  auto amount = toProcessorAmount(req.amount, req.currencyCode, req.currencyExponent);
  if (!amount) return amount.status();
  auto month = number(req.card.expirationMonth);
  auto year = number(req.card.expirationYear);
  if (!month || *month < 1 || *month > 12 || !year || *year < 1000)
    return Status(StatusCode::kInvalidArgument, "the card's expiry date is not usable");
  json::object card{
      {"number", req.card.number.reveal()}, {"exp_month", *month}, {"exp_year", *year}};
  if (!req.card.cvv.empty()) card["cvc"] = req.card.cvv.reveal();
  if (!req.card.cardholderName.empty()) card["holder"] = req.card.cardholderName;
  json::object body{{"amount", *amount},
                    {"currency", req.currencyCode},
                    {"capture", req.capture},
                    {"reference", req.attemptKey},
                    {"card", std::move(card)}};
  if (!req.orderId.empty()) body["order_id"] = req.orderId;
  if (!req.descriptor.empty()) body["statement_descriptor"] = req.descriptor;
  return SecretString(json::serialize(body));
}

Result<std::string> captureBody(const CaptureRequest& req) {
  auto amount = toProcessorAmount(req.amount, req.currencyCode, req.currencyExponent);
  if (!amount) return amount.status();
  return json::serialize(
      json::object{{"amount", *amount}, {"final", req.final}, {"reference", req.attemptKey}});
}

std::string cancelBody(const CancelRequest& req) {
  return json::serialize(json::object{{"reference", req.attemptKey}});
}

Result<std::string> refundBody(const RefundRequest& req) {
  auto amount = toProcessorAmount(req.amount, req.currencyCode, req.currencyExponent);
  if (!amount) return amount.status();
  json::object body{{"amount", *amount}, {"reference", req.attemptKey}};
  if (!req.reason.empty()) body["reason"] = req.reason;
  return json::serialize(body);
}

StatusReason declineReason(std::string_view code, std::string message) {
  struct Row {
    std::string_view code;
    DeclineCode mapped;
  };
  static constexpr Row kTable[] = {
      {"do_not_honor", DeclineCode::kDoNotHonor},
      {"insufficient_funds", DeclineCode::kInsufficientFunds},
      {"expired_card", DeclineCode::kExpiredCard},
      {"invalid_number", DeclineCode::kInvalidCardNumber},
      {"suspected_fraud", DeclineCode::kSuspectedFraud},
  };
  DeclineCode mapped = DeclineCode::kUnknown;
  for (const Row& row : kTable)
    if (row.code == code) mapped = row.mapped;
  return domain::issuerDecline(mapped, std::move(message), std::string(code));
}

CallResult fromPaymentResponse(unsigned httpStatus, std::string_view body) {
  if (httpStatus != 200 && httpStatus != 201)
    return errorResult(httpStatus, body, PaymentStatus::kFailed);
  auto o = parseObject(body);
  std::optional<CallResult> r = o ? paymentResult(*o) : std::nullopt;
  return r ? std::move(*r) : unknownOutcome("unreadable payment in the answer");
}

CallResult fromOperationResponse(unsigned httpStatus, std::string_view body) {
  if (httpStatus != 200 && httpStatus != 201)
    return errorResult(httpStatus, body, PaymentStatus::kPending);
  auto o = parseObject(body);
  const json::value* payment = o ? o->if_contains("payment") : nullptr;
  std::optional<CallResult> r =
      payment && payment->is_object() ? paymentResult(payment->as_object()) : std::nullopt;
  if (!r || field(*o, "id").empty()) return unknownOutcome("unreadable operation in the answer");
  r->processorOperationId = field(*o, "id");
  return std::move(*r);
}

}  // namespace sy::connectors::square
