#include "sandbox/square/api.h"

#include <boost/json/object.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>
#include <chrono>
#include <cstdio>

#include "sandbox/card_checks.h"

namespace sy::sandbox::square {
namespace json = boost::json;
namespace {
constexpr size_t kMaxIdempotencyKeyLength = 255;

http::Response error(unsigned status, std::string_view code, std::string_view message) {
  return http::Response::json(status, errorBody(code, message));
}

std::string text(const json::object& o, std::string_view key) {
  const json::value* v = o.if_contains(key);
  return v && v->is_string() ? std::string(v->get_string()) : std::string();
}

// A positive integer field, or -1 when it is missing or not one.
int64_t positive(const json::object& o, std::string_view key) {
  const json::value* v = o.if_contains(key);
  return v && v->is_int64() && v->get_int64() > 0 ? v->get_int64() : -1;
}

bool isCurrencyCode(std::string_view c) {
  if (c.size() != 3) return false;
  for (char ch : c)
    if (ch < 'A' || ch > 'Z') return false;
  return true;
}

bool expired(int64_t month, int64_t year) {
  using namespace std::chrono;
  year_month_day today{floor<days>(system_clock::now())};
  const int64_t nowYear = static_cast<int>(today.year());
  const int64_t nowMonth = static_cast<unsigned>(today.month());
  return year < nowYear || (year == nowYear && month < nowMonth);
}
}  // namespace

std::string errorBody(std::string_view code, std::string_view message) {
  return json::serialize(
      json::object{{"error", json::object{{"code", code}, {"message", message}}}});
}

const std::vector<TestCard>& testCards() {
  static const std::vector<TestCard> kCards = {
      {"4000000000000002", "do_not_honor", "The issuer declined the payment."},
      {"4000000000009995", "insufficient_funds", "The card has insufficient funds."},
      {"4000000000000069", "expired_card", "The card has expired."},
      {"4100000000000019", "suspected_fraud", "The payment was declined as suspected fraud."},
  };
  return kCards;
}

SquareApi::SquareApi(size_t capacity)
    : capacity_(capacity == 0 ? 1 : capacity), idempotency_(capacity_, ReplayRule::kSameEndpoint) {}

std::string SquareApi::nextId(std::string_view prefix) {
  char buf[40];
  std::snprintf(buf, sizeof buf, "%.*s_%016llu", static_cast<int>(prefix.size()), prefix.data(),
                static_cast<unsigned long long>(++sequence_));
  return buf;
}

template <class Process>
http::Response SquareApi::idempotent(const CallContext& ctx, std::string_view path,
                                            std::string_view body, Process&& process) {
  if (ctx.idempotencyKey.empty())
    return error(422, "idempotency_key_required", "the Idempotency-Key header is required");
  if (ctx.idempotencyKey.size() > kMaxIdempotencyKeyLength)
    return error(422, "idempotency_key_invalid", "Idempotency-Key is longer than 255 characters");
  std::string fp = idempotency_.fingerprint("POST", path, body);
  std::lock_guard lock(mu_);  // lookup, processing and remembering are one step per key
  auto found = idempotency_.find(ctx.account, ctx.idempotencyKey, fp);
  if (found.match == IdempotencyStore::Match::kConflict)
    return error(422, "idempotency_key_in_use", "the key was used on another endpoint");
  if (found.match == IdempotencyStore::Match::kSame)
    return http::Response::json(found.response->status, found.response->body);
  http::Response r = process();
  if (r.status < 500)
    idempotency_.remember(ctx.account, ctx.idempotencyKey, std::move(fp), {r.status, r.body});
  return r;
}

http::Response SquareApi::createPayment(const CallContext& ctx, std::string_view body) {
  return idempotent(ctx, "/v1/payments", body, [&] { return authorize(ctx, body); });
}

http::Response SquareApi::modify(const CallContext& ctx, std::string_view kind,
                                        std::string_view paymentId, std::string_view body) {
  std::string path = "/v1/payments/" + std::string(paymentId) + "/" + std::string(kind);
  return idempotent(ctx, path, body, [&] { return applyModification(ctx, kind, paymentId, body); });
}

namespace {
json::object paymentJson(std::string_view id, std::string_view status, std::string_view currency,
                         int64_t amount, int64_t captured, int64_t refunded,
                         std::string_view declineCode, std::string_view message) {
  json::object o{{"id", id},
                 {"status", status},
                 {"amount", amount},
                 {"currency", currency},
                 {"captured_amount", captured},
                 {"refunded_amount", refunded}};
  if (!declineCode.empty()) {
    o["decline_code"] = declineCode;
    o["message"] = message;
  }
  return o;
}
}  // namespace

// Runs under mu_.
http::Response SquareApi::authorize(const CallContext& ctx, std::string_view body) {
  boost::system::error_code ec;
  json::value parsed = json::parse(body, ec);
  if (ec || !parsed.is_object()) return error(422, "invalid_request", "the body is not JSON");
  const json::object& o = parsed.as_object();
  const int64_t amount = positive(o, "amount");
  if (amount < 0) return error(422, "invalid_amount", "amount must be a positive integer");
  const std::string currency = text(o, "currency");
  if (!isCurrencyCode(currency)) return error(422, "invalid_currency", "currency is not ISO 4217");
  if (text(o, "reference").empty()) return error(422, "invalid_request", "reference is required");
  const json::value* card = o.if_contains("card");
  if (!card || !card->is_object()) return error(422, "invalid_request", "card is required");
  const json::object& c = card->as_object();
  const std::string number = text(c, "number");
  if (!isCardNumberShaped(number))
    return error(422, "invalid_card", "card.number must be 12 to 19 digits");
  const int64_t month = positive(c, "exp_month");
  const int64_t year = positive(c, "exp_year");
  if (month < 1 || month > 12 || year < 1000)
    return error(422, "invalid_expiry", "card.exp_month and card.exp_year are required");
  const json::value* capture = o.if_contains("capture");
  if (capture && !capture->is_bool()) return error(422, "invalid_request", "capture is a boolean");
  if (payments_.size() >= capacity_) return error(500, "ledger_full", "the emulator is full");

  Payment p;
  p.id = nextId("pay");
  p.account = ctx.account;
  p.currency = currency;
  p.amount = amount;
  p.status = capture && capture->get_bool() ? "captured" : "authorized";
  if (ctx.declineAll) {
    p.declineCode = "do_not_honor";
    p.message = "The issuer declined the payment.";
  } else if (!luhnValid(number)) {
    p.declineCode = "invalid_number";
    p.message = "The card number is not valid.";
  } else if (expired(month, year)) {
    p.declineCode = "expired_card";
    p.message = "The card has expired.";
  } else {
    for (const TestCard& t : testCards()) {
      if (t.number == number) {
        p.declineCode = std::string(t.code);
        p.message = std::string(t.message);
      }
    }
  }
  if (!p.declineCode.empty()) {
    p.status = "declined";
    ++declines_;
  } else {
    ++charges_;
    if (p.status == "captured") p.captured = p.amount;
  }
  json::object out = paymentJson(p.id, p.status, p.currency, p.amount, p.captured, p.refunded,
                                 p.declineCode, p.message);
  order_.push_back(p.id);
  payments_.emplace(p.id, std::move(p));
  return http::Response::json(201, json::serialize(out));
}

// Runs under mu_.
http::Response SquareApi::applyModification(const CallContext& ctx, std::string_view kind,
                                                   std::string_view paymentId,
                                                   std::string_view body) {
  auto it = payments_.find(std::string(paymentId));
  if (it == payments_.end() || it->second.account != ctx.account)
    return error(404, "payment_not_found", "no such payment");
  boost::system::error_code ec;
  json::value parsed = json::parse(body, ec);
  if (ec || !parsed.is_object()) return error(422, "invalid_request", "the body is not JSON");
  const json::object& o = parsed.as_object();
  Payment& p = it->second;
  const bool approved = p.status != "declined";
  int64_t amount = 0;
  std::string type;
  if (kind == "captures") {
    amount = positive(o, "amount");
    if (amount < 0) return error(422, "invalid_amount", "amount must be a positive integer");
    if (!approved || p.status == "voided" || p.final || p.captured + amount > p.amount)
      return error(409, "amount_too_large", "the payment cannot be captured by that amount");
    const json::value* final = o.if_contains("final");
    p.captured += amount;
    p.final = !final || !final->is_bool() || final->get_bool() || p.captured == p.amount;
    p.status = p.final ? "captured" : "partially_captured";
    ++captures_;
    type = "capture";
  } else if (kind == "voids") {
    if (!approved || p.status != "authorized")
      return error(409, "invalid_state", "only an authorization not captured can be voided");
    p.status = "voided";
    amount = p.amount;
    ++voids_;
    type = "void";
  } else {
    amount = positive(o, "amount");
    if (amount < 0) return error(422, "invalid_amount", "amount must be a positive integer");
    if (!approved || p.refunded + amount > p.captured)
      return error(409, "amount_too_large", "the refund exceeds what was captured");
    p.refunded += amount;
    ++refunds_;
    type = "refund";
  }
  json::object out{{"id", nextId("op")},
                   {"type", type},
                   {"payment_id", p.id},
                   {"amount", amount},
                   {"payment", paymentJson(p.id, p.status, p.currency, p.amount, p.captured,
                                           p.refunded, p.declineCode, p.message)}};
  return http::Response::json(201, json::serialize(out));
}

http::Response SquareApi::ledger() const {
  std::lock_guard lock(mu_);
  json::array rows;
  for (const std::string& id : order_) {
    const Payment& p = payments_.at(id);
    rows.push_back(json::object{{"id", p.id},
                                {"currency", p.currency},
                                {"amount", p.amount},
                                {"status", p.status},
                                {"captured", p.captured},
                                {"refunded", p.refunded}});
  }
  return http::Response::json(200, json::serialize(json::object{{"charges", charges_},
                                                                {"declines", declines_},
                                                                {"captures", captures_},
                                                                {"voids", voids_},
                                                                {"refunds", refunds_},
                                                                {"payments", std::move(rows)}}));
}

}  // namespace sy::sandbox::square
