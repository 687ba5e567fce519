#include "sandbox/test_processor/wire.h"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>
#include <algorithm>
#include <cctype>
#include <initializer_list>

#include "common/money.h"
#include "sandbox/card_checks.h"

namespace sy::sandbox::test_processor {
namespace json = boost::json;
namespace {

// The message starts with the param's name so that it reads on its own: "amount is required".
Status paramError(std::string message, std::string param) {
  std::string text = param.empty() ? std::move(message) : param + " " + message;
  return Status(StatusCode::kInvalidArgument, std::move(text), std::move(param));
}

std::string joined(std::string_view prefix, std::string_view key) {
  return prefix.empty() ? std::string(key) : std::string(prefix) + "." + std::string(key);
}

Result<json::object> parseObject(std::string_view body) {
  boost::system::error_code ec;
  json::value v = json::parse(body, ec);
  if (ec) return paramError("the body is not valid JSON", "");
  if (!v.is_object()) return paramError("the body must be a JSON object", "");
  return std::move(v.as_object());
}

// Refuses fields the processor does not know: a typo must not be silently ignored.
Status onlyKnownFields(const json::object& o, std::initializer_list<std::string_view> known,
                       std::string_view prefix = {}) {
  for (const auto& [key, value] : o) {
    bool ok = false;
    for (auto k : known) ok = ok || key == k;
    if (!ok) return paramError("is not a known field", joined(prefix, key));
  }
  return Status::ok();
}

Result<int64_t> readAmount(const json::value& v, std::string param) {
  std::optional<int64_t> n;
  if (v.is_int64()) n = v.get_int64();
  if (v.is_uint64() && v.get_uint64() <= static_cast<uint64_t>(kMaxAmount))
    n = static_cast<int64_t>(v.get_uint64());
  if (!n || *n < 1 || *n > kMaxAmount)
    return paramError(
        "must be an integer number of minor units between 1 and " + std::to_string(kMaxAmount),
        std::move(param));
  return *n;
}

Result<std::string> readString(const json::value& v, std::string param, size_t maxLength) {
  if (!v.is_string()) return paramError("must be a string", std::move(param));
  if (v.get_string().size() > maxLength)
    return paramError("must be at most " + std::to_string(maxLength) + " characters",
                      std::move(param));
  return std::string(v.get_string());
}

Result<int> readInt(const json::value& v, std::string param, int min, int max) {
  if (!v.is_int64() || v.get_int64() < min || v.get_int64() > max)
    return paramError(
        "must be an integer between " + std::to_string(min) + " and " + std::to_string(max),
        std::move(param));
  return static_cast<int>(v.get_int64());
}

Result<CardInput> parseCard(const json::value& v) {
  if (!v.is_object()) return paramError("must be an object", "card");
  const auto& o = v.as_object();
  SY_RETURN_IF_ERROR(
      onlyKnownFields(o, {"number", "expiry_month", "expiry_year", "cvc", "holder_name"}, "card"));
  CardInput card;
  const json::value* number = o.if_contains("number");
  if (!number) return paramError("is required", "card.number");
  if (!number->is_string() || !isCardNumberShaped(number->get_string()))
    return paramError("must be a string of 12 to 19 digits", "card.number");
  card.number = std::string(number->get_string());

  const json::value* month = o.if_contains("expiry_month");
  if (!month) return paramError("is required", "card.expiry_month");
  auto m = readInt(*month, "card.expiry_month", 1, 12);
  if (!m) return m.status();
  card.expiryMonth = *m;
  const json::value* year = o.if_contains("expiry_year");
  if (!year) return paramError("is required", "card.expiry_year");
  auto y = readInt(*year, "card.expiry_year", 2000, 2099);
  if (!y) return y.status();
  card.expiryYear = *y;

  if (const json::value* cvc = o.if_contains("cvc")) {
    bool ok = cvc->is_string() && cvc->get_string().size() >= 3 && cvc->get_string().size() <= 4;
    for (char c : ok ? std::string_view(cvc->get_string()) : std::string_view())
      ok = ok && c >= '0' && c <= '9';
    if (!ok) return paramError("must be a string of 3 or 4 digits", "card.cvc");
    card.cvc = std::string(cvc->get_string());
  }
  if (const json::value* name = o.if_contains("holder_name")) {
    auto s = readString(*name, "card.holder_name", 100);
    if (!s) return s.status();
    card.holderName = std::move(*s);
  }
  return card;
}
}  // namespace

static bool allDigits(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](unsigned char c) { return std::isdigit(c); });
}

static bool base64Text(std::string_view s) {
  return !s.empty() && s.size() % 4 == 0 && std::all_of(s.begin(), s.end(), [](unsigned char c) {
    return std::isalnum(c) || c == '+' || c == '/' || c == '=';
  });
}

static Result<ThreeDsInput> parseThreeDs(const json::value& v) {
  if (!v.is_object()) return paramError("must be an object", "three_d_secure");
  const json::object& o = v.get_object();
  SY_RETURN_IF_ERROR(
      onlyKnownFields(o, {"eci", "cavv", "transaction_id", "version", "trans_status"}));
  ThreeDsInput t;
  auto field = [&](std::string_view key, std::string& out) -> Status {
    const json::value* f = o.if_contains(key);
    const std::string param = "three_d_secure." + std::string(key);
    if (!f) return paramError("is required", param);
    auto s = readString(*f, param, 64);
    if (!s) return s.status();
    out = std::move(*s);
    return Status::ok();
  };
  SY_RETURN_IF_ERROR(field("eci", t.eci));
  SY_RETURN_IF_ERROR(field("cavv", t.cavv));
  SY_RETURN_IF_ERROR(field("transaction_id", t.transactionId));
  SY_RETURN_IF_ERROR(field("version", t.version));
  SY_RETURN_IF_ERROR(field("trans_status", t.transStatus));
  if (t.eci.size() != 2 || !allDigits(t.eci))
    return paramError("must be two digits", "three_d_secure.eci");
  if (t.cavv.size() != 28 || !base64Text(t.cavv))
    return paramError("must be 28 characters of base64", "three_d_secure.cavv");
  if (t.version != "2.1.0" && t.version != "2.2.0")
    return paramError("must be 2.1.0 or 2.2.0", "three_d_secure.version");
  if (t.transStatus != "Y" && t.transStatus != "A")
    return paramError("must be Y or A (an authenticated or attempted authentication)",
                      "three_d_secure.trans_status");
  return t;
}

Result<PaymentInput> parsePaymentInput(std::string_view body) {
  auto parsed = parseObject(body);
  if (!parsed) return parsed.status();
  const json::object& o = *parsed;
  SY_RETURN_IF_ERROR(onlyKnownFields(o, {"amount", "currency", "capture", "reference", "card",
                                         "three_d_secure", "initiator", "stored_credential"}));
  PaymentInput in;

  const json::value* amount = o.if_contains("amount");
  if (!amount) return paramError("is required", "amount");
  auto a = readAmount(*amount, "amount");
  if (!a) return a.status();
  in.amount = *a;

  const json::value* currency = o.if_contains("currency");
  if (!currency) return paramError("is required", "currency");
  if (!currency->is_string() || !findCurrency(currency->get_string()))
    return paramError("must be an upper-case ISO 4217 currency code", "currency");
  in.currency = std::string(currency->get_string());

  if (const json::value* capture = o.if_contains("capture")) {
    if (!capture->is_bool()) return paramError("must be a boolean", "capture");
    in.capture = capture->get_bool();
  }
  if (const json::value* reference = o.if_contains("reference")) {
    auto s = readString(*reference, "reference", 255);
    if (!s) return s.status();
    in.reference = std::move(*s);
  }
  const json::value* card = o.if_contains("card");
  if (!card) return paramError("is required", "card");
  auto c = parseCard(*card);
  if (!c) return c.status();
  in.card = std::move(*c);
  if (const json::value* t = o.if_contains("three_d_secure")) {
    auto tds = parseThreeDs(*t);
    if (!tds) return tds.status();
    in.threeDSecure = std::move(*tds);
  }
  if (const json::value* initiator = o.if_contains("initiator")) {
    if (!initiator->is_string() ||
        (initiator->get_string() != "customer" && initiator->get_string() != "merchant"))
      return paramError("must be \"customer\" or \"merchant\"", "initiator");
    in.initiator = std::string(initiator->get_string());
  }
  if (const json::value* stored = o.if_contains("stored_credential")) {
    if (!stored->is_bool()) return paramError("must be a boolean", "stored_credential");
    in.storedCredential = stored->get_bool();
  }
  if (in.initiator == "merchant" && in.threeDSecure)
    return paramError("cannot be sent with a merchant-initiated payment", "three_d_secure");
  return in;
}

Result<CaptureInput> parseCaptureInput(std::string_view body) {
  auto parsed = parseObject(body.empty() ? std::string_view("{}") : body);
  if (!parsed) return parsed.status();
  const json::object& o = *parsed;
  SY_RETURN_IF_ERROR(onlyKnownFields(o, {"amount", "final"}));
  CaptureInput in;
  if (const json::value* amount = o.if_contains("amount")) {
    auto a = readAmount(*amount, "amount");
    if (!a) return a.status();
    in.amount = *a;
  }
  if (const json::value* final = o.if_contains("final")) {
    if (!final->is_bool()) return paramError("must be a boolean", "final");
    in.final = final->get_bool();
  }
  return in;
}

Result<RefundInput> parseRefundInput(std::string_view body) {
  auto parsed = parseObject(body.empty() ? std::string_view("{}") : body);
  if (!parsed) return parsed.status();
  const json::object& o = *parsed;
  SY_RETURN_IF_ERROR(onlyKnownFields(o, {"amount", "reason"}));
  RefundInput in;
  if (const json::value* amount = o.if_contains("amount")) {
    auto a = readAmount(*amount, "amount");
    if (!a) return a.status();
    in.amount = *a;
  }
  if (const json::value* reason = o.if_contains("reason")) {
    auto s = readString(*reason, "reason", 500);
    if (!s) return s.status();
    in.reason = std::move(*s);
  }
  return in;
}

Status parseVoidInput(std::string_view body) {
  auto parsed = parseObject(body.empty() ? std::string_view("{}") : body);
  if (!parsed) return parsed.status();
  return onlyKnownFields(*parsed, {});
}

json::object paymentJson(const PaymentRecord& p) {
  json::object o;
  o["id"] = p.id;
  o["object"] = "payment";
  o["status"] = toString(p.state);
  o["amount"] = p.amount;
  o["currency"] = p.currency;
  o["amount_captured"] = p.amountCaptured;
  o["amount_refunded"] = p.amountRefunded;
  o["reference"] = p.reference;
  // cvc_check as Stripe's: "pass" (any well-formed CVC passes here) or "unavailable" (none sent).
  o["card"] = json::object{{"brand", p.brand},
                           {"last4", p.last4},
                           {"cvc_check", p.cvcProvided ? "pass" : "unavailable"}};
  if (p.state == PaymentState::kDeclined) o["decline_code"] = p.code;
  if (p.state == PaymentState::kFailed) o["failure_code"] = p.code;
  if (!p.message.empty()) o["message"] = p.message;
  if (!p.threeDsEci.empty())
    o["three_d_secure"] = json::object{{"authenticated", true},
                                       {"eci", p.threeDsEci},
                                       {"version", p.threeDsVersion},
                                       {"trans_status", p.threeDsTransStatus},
                                       {"transaction_id", p.threeDsTransactionId}};
  o["initiator"] = p.initiator;
  o["stored_credential"] = p.storedCredential;
  o["created"] = p.created;
  return o;
}

json::object operationJson(const OperationRecord& op, const PaymentRecord& payment) {
  json::object o;
  o["id"] = op.id;
  o["object"] = toString(op.kind);
  o["amount"] = op.amount;
  if (op.kind == OperationKind::kCapture) o["final"] = op.final;
  if (op.kind == OperationKind::kRefund) {
    o["status"] = "succeeded";
    o["reason"] = op.reason;
  }
  o["payment"] = paymentJson(payment);
  o["created"] = op.created;
  return o;
}

std::string errorBody(std::string_view type, std::string_view message, std::string_view param) {
  json::object e{{"type", type}, {"message", message}};
  if (!param.empty()) e["param"] = param;
  return json::serialize(json::object{{"error", std::move(e)}});
}

std::string listBody(json::array items) {
  return json::serialize(json::object{{"data", std::move(items)}});
}

std::string ledgerBody(const LedgerSummary& s) {
  json::array rows;
  rows.reserve(s.payments.size());
  for (const auto& r : s.payments) {
    rows.push_back(json::object{{"id", r.paymentId},
                                {"reference", r.reference},
                                {"currency", r.currency},
                                {"status", toString(r.state)},
                                {"authorized", r.authorized},
                                {"captured", r.captured},
                                {"refunded", r.refunded},
                                {"voided", r.voided}});
  }
  return json::serialize(json::object{{"charge_count", s.chargeCount},
                                      {"decline_count", s.declineCount},
                                      {"capture_count", s.captureCount},
                                      {"void_count", s.voidCount},
                                      {"refund_count", s.refundCount},
                                      {"payments", std::move(rows)}});
}

}  // namespace sy::sandbox::test_processor
