#include "sandbox/square/api.h"

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>
#include <cstdio>
#include <optional>

#include "sandbox/card_checks.h"

namespace sy::sandbox::square {
namespace json = boost::json;
namespace {
constexpr size_t kMaxIdempotencyKeyLength = 45;  // Square's limit on CreatePayment/RefundPayment
constexpr size_t kMaxReferenceIdLength = 40;

http::Response error(unsigned status, std::string_view category, std::string_view code,
                     std::string_view detail) {
  return http::Response::json(status, errorBody(category, code, detail));
}
http::Response invalid(std::string_view code, std::string_view detail) {
  return error(400, "INVALID_REQUEST_ERROR", code, detail);
}
http::Response notFound(std::string_view detail) {
  return error(404, "INVALID_REQUEST_ERROR", "NOT_FOUND", detail);
}

std::string text(const json::object& o, std::string_view key) {
  const json::value* v = o.if_contains(key);
  return v && v->is_string() ? std::string(v->get_string()) : std::string();
}

bool isCurrencyCode(std::string_view c) {
  if (c.size() != 3) return false;
  for (char ch : c)
    if (ch < 'A' || ch > 'Z') return false;
  return true;
}

struct Money {
  int64_t amount = 0;
  std::string currency;
};
// amount_money {amount > 0, currency}, or nullopt.
std::optional<Money> moneyOf(const json::object& o) {
  const json::value* m = o.if_contains("amount_money");
  if (!m || !m->is_object()) return std::nullopt;
  const json::value* a = m->as_object().if_contains("amount");
  Money out{a && a->is_int64() ? a->get_int64() : 0, text(m->as_object(), "currency")};
  if (out.amount <= 0 || !isCurrencyCode(out.currency)) return std::nullopt;
  return out;
}

json::object money(int64_t amount, std::string_view currency) {
  return json::object{{"amount", amount}, {"currency", currency}};
}
}  // namespace

std::string errorBody(std::string_view category, std::string_view code, std::string_view detail) {
  return json::serialize(json::object{
      {"errors", json::array{json::object{
                     {"category", category}, {"code", code}, {"detail", detail}}}}});
}

const std::vector<TestCard>& testCards() {
  static const std::vector<TestCard> kCards = {
      // Square's documented sandbox nonces.
      {"cnon:card-nonce-declined", "GENERIC_DECLINE", "Authorization error: 'GENERIC_DECLINE'"},
      {"cnon:card-nonce-rejected-cvv", "CVV_FAILURE", "Authorization error: 'CVV_FAILURE'"},
      {"cnon:card-nonce-rejected-postalcode", "ADDRESS_VERIFICATION_FAILURE",
       "Authorization error: 'ADDRESS_VERIFICATION_FAILURE'"},
      {"cnon:card-nonce-rejected-expiration", "INVALID_EXPIRATION",
       "Authorization error: 'INVALID_EXPIRATION'"},
      // This emulator's card numbers (a card number standing for a tokenized card).
      {"4000000000000002", "GENERIC_DECLINE", "Authorization error: 'GENERIC_DECLINE'"},
      {"4000000000009995", "INSUFFICIENT_FUNDS", "Authorization error: 'INSUFFICIENT_FUNDS'"},
      {"4000000000000069", "CARD_EXPIRED", "Authorization error: 'CARD_EXPIRED'"},
      {"4000000000000127", "CVV_FAILURE", "Authorization error: 'CVV_FAILURE'"},
      {"4000000000000010", "ADDRESS_VERIFICATION_FAILURE",
       "Authorization error: 'ADDRESS_VERIFICATION_FAILURE'"},
      {"4000000000000119", "CARD_DECLINED", "Authorization error: 'CARD_DECLINED'"},
  };
  return kCards;
}

SquareApi::SquareApi(size_t capacity)
    : capacity_(capacity == 0 ? 1 : capacity), idempotency_(capacity_, ReplayRule::kSameRequest) {}

std::string SquareApi::nextId(std::string_view prefix) {
  char buf[40];
  std::snprintf(buf, sizeof buf, "%.*s%016llu", static_cast<int>(prefix.size()), prefix.data(),
                static_cast<unsigned long long>(++sequence_));
  return buf;
}

template <class Process>
http::Response SquareApi::idempotent(const CallContext& ctx, std::string_view path,
                                     std::string_view body, Process&& process) {
  boost::system::error_code ec;
  json::value parsed = json::parse(body, ec);
  if (ec || !parsed.is_object()) return invalid("INVALID_BODY", "the body is not a JSON object");
  const std::string key = text(parsed.as_object(), "idempotency_key");
  if (key.empty()) return invalid("MISSING_REQUIRED_PARAMETER", "idempotency_key is required");
  if (key.size() > kMaxIdempotencyKeyLength)
    return invalid("VALUE_TOO_LONG", "idempotency_key is longer than 45 characters");
  std::string fp = idempotency_.fingerprint("POST", path, body);
  std::lock_guard lock(mu_);  // lookup, processing and remembering are one step per key
  auto found = idempotency_.find(ctx.account, key, fp);
  if (found.match == IdempotencyStore::Match::kConflict)
    return invalid("IDEMPOTENCY_KEY_REUSED", "the idempotency_key was used for another request");
  if (found.match == IdempotencyStore::Match::kSame)
    return http::Response::json(found.response->status, found.response->body);
  http::Response r = process(parsed.as_object());
  if (r.status < 500) idempotency_.remember(ctx.account, key, std::move(fp), {r.status, r.body});
  return r;
}

namespace {
json::object paymentJson(std::string_view id, std::string_view status, std::string_view currency,
                         int64_t amount, int64_t refunded, std::string_view referenceId,
                         std::string_view note) {
  json::object o{{"id", id},
                 {"status", status},
                 {"amount_money", money(amount, currency)},
                 {"total_money", money(amount, currency)},
                 {"source_type", "CARD"}};
  if (refunded > 0) o["refunded_money"] = money(refunded, currency);
  if (!referenceId.empty()) o["reference_id"] = referenceId;
  if (!note.empty()) o["note"] = note;
  return o;
}
}  // namespace

http::Response SquareApi::createPayment(const CallContext& ctx, std::string_view body) {
  return idempotent(ctx, "/v2/payments", body,
                    [&](const json::object&) { return authorize(ctx, body); });
}

http::Response SquareApi::refund(const CallContext& ctx, std::string_view body) {
  return idempotent(ctx, "/v2/refunds", body,
                    [&](const json::object&) { return applyRefund(ctx, body); });
}

// Runs under mu_.
http::Response SquareApi::authorize(const CallContext& ctx, std::string_view body) {
  const json::object o = json::parse(body).as_object();
  const std::optional<Money> m = moneyOf(o);
  if (!m)
    return invalid("INVALID_VALUE",
                   "amount_money needs a positive integer amount and an ISO 4217 currency");
  const std::string source = text(o, "source_id");
  if (source.empty()) return invalid("MISSING_REQUIRED_PARAMETER", "source_id is required");
  const bool nonce = source.rfind("cnon:", 0) == 0;
  if (!nonce && !isCardNumberShaped(source))
    return invalid("INVALID_CARD_DATA", "source_id is not a card nonce");
  const json::value* autocomplete = o.if_contains("autocomplete");
  if (autocomplete && !autocomplete->is_bool())
    return invalid("INVALID_VALUE", "autocomplete is a boolean");
  const std::string referenceId = text(o, "reference_id");
  if (referenceId.size() > kMaxReferenceIdLength)
    return invalid("VALUE_TOO_LONG", "reference_id is longer than 40 characters");
  if (payments_.size() >= capacity_)
    return error(500, "API_ERROR", "INTERNAL_SERVER_ERROR", "the emulator is full");

  Payment p;
  p.id = nextId("sqpay");
  p.account = ctx.account;
  p.currency = m->currency;
  p.amount = m->amount;
  p.referenceId = referenceId;
  p.note = text(o, "note");
  p.status = !autocomplete || autocomplete->get_bool() ? "COMPLETED" : "APPROVED";
  std::string code, detail;
  if (ctx.declineAll) {
    code = "GENERIC_DECLINE";
    detail = "Authorization error: 'GENERIC_DECLINE'";
  } else if (!nonce && !luhnValid(source)) {
    code = "INVALID_CARD";
    detail = "Authorization error: 'INVALID_CARD'";
  } else if (nonce && source != "cnon:card-nonce-ok") {
    code = "GENERIC_DECLINE";  // an unknown nonce: Square answers it declined in the sandbox
    detail = "Authorization error: 'GENERIC_DECLINE'";
  }
  for (const TestCard& t : testCards()) {
    if (!ctx.declineAll && t.sourceId == source) {
      code = std::string(t.code);
      detail = std::string(t.detail);
    }
  }
  if (!code.empty()) p.status = "FAILED";
  json::object payment =
      paymentJson(p.id, p.status, p.currency, p.amount, 0, p.referenceId, p.note);
  order_.push_back(p.id);
  payments_.emplace(p.id, std::move(p));
  if (!code.empty()) {
    ++declines_;
    json::object out = json::parse(errorBody("PAYMENT_METHOD_ERROR", code, detail)).as_object();
    out["payment"] = std::move(payment);
    return http::Response::json(402, json::serialize(out));
  }
  ++charges_;
  return http::Response::json(200, json::serialize(json::object{{"payment", std::move(payment)}}));
}

http::Response SquareApi::modify(const CallContext& ctx, std::string_view action,
                                 std::string_view paymentId) {
  std::lock_guard lock(mu_);
  auto it = payments_.find(std::string(paymentId));
  if (it == payments_.end() || it->second.account != ctx.account)
    return notFound("no payment with that id");
  Payment& p = it->second;
  const std::string target = action == "complete" ? "COMPLETED" : "CANCELED";
  if (p.status == "APPROVED") {
    p.status = target;
    ++(action == "complete" ? captures_ : voids_);
  } else if (p.status != target) {
    return invalid("BAD_REQUEST", "the payment is " + p.status + " and cannot be " +
                                      (action == "complete" ? "completed" : "canceled"));
  }
  return http::Response::json(
      200, json::serialize(json::object{
               {"payment", paymentJson(p.id, p.status, p.currency, p.amount, p.refunded,
                                       p.referenceId, p.note)}}));
}

namespace {
json::object refundJson(std::string_view id, std::string_view paymentId, int64_t amount,
                        std::string_view currency, std::string_view reason) {
  json::object o{{"id", id},
                 {"status", "COMPLETED"},
                 {"payment_id", paymentId},
                 {"amount_money", money(amount, currency)}};
  if (!reason.empty()) o["reason"] = reason;
  return o;
}
}  // namespace

// Runs under mu_.
http::Response SquareApi::applyRefund(const CallContext& ctx, std::string_view body) {
  const json::object o = json::parse(body).as_object();
  const std::string paymentId = text(o, "payment_id");
  if (paymentId.empty()) return invalid("MISSING_REQUIRED_PARAMETER", "payment_id is required");
  const std::optional<Money> m = moneyOf(o);
  if (!m)
    return invalid("INVALID_VALUE",
                   "amount_money needs a positive integer amount and an ISO 4217 currency");
  auto it = payments_.find(paymentId);
  if (it == payments_.end() || it->second.account != ctx.account)
    return notFound("no payment with that id");
  Payment& p = it->second;
  if (p.status != "COMPLETED")
    return invalid("PAYMENT_NOT_REFUNDABLE", "only a COMPLETED payment can be refunded");
  if (m->currency != p.currency)
    return invalid("REFUND_AMOUNT_INVALID", "the refund's currency is not the payment's");
  if (p.refunded + m->amount > p.amount)
    return invalid("REFUND_AMOUNT_INVALID", "the refund exceeds what is left of the payment");
  p.refunded += m->amount;
  ++refundCount_;
  Refund r{nextId("sqref"), ctx.account, p.id, p.currency, text(o, "reason"), m->amount};
  json::object out = refundJson(r.id, r.paymentId, r.amount, r.currency, r.reason);
  refunds_.emplace(r.id, std::move(r));
  return http::Response::json(200, json::serialize(json::object{{"refund", std::move(out)}}));
}

http::Response SquareApi::getPayment(const CallContext& ctx, std::string_view paymentId) const {
  std::lock_guard lock(mu_);
  auto it = payments_.find(std::string(paymentId));
  if (it == payments_.end() || it->second.account != ctx.account)
    return notFound("no payment with that id");
  const Payment& p = it->second;
  return http::Response::json(
      200, json::serialize(json::object{
               {"payment", paymentJson(p.id, p.status, p.currency, p.amount, p.refunded,
                                       p.referenceId, p.note)}}));
}

http::Response SquareApi::getRefund(const CallContext& ctx, std::string_view refundId) const {
  std::lock_guard lock(mu_);
  auto it = refunds_.find(std::string(refundId));
  if (it == refunds_.end() || it->second.account != ctx.account)
    return notFound("no refund with that id");
  const Refund& r = it->second;
  return http::Response::json(
      200, json::serialize(json::object{
               {"refund", refundJson(r.id, r.paymentId, r.amount, r.currency, r.reason)}}));
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
                                {"captured", p.status == "COMPLETED" ? p.amount : 0},
                                {"refunded", p.refunded}});
  }
  return http::Response::json(200, json::serialize(json::object{{"charges", charges_},
                                                                {"declines", declines_},
                                                                {"captures", captures_},
                                                                {"voids", voids_},
                                                                {"refunds", refundCount_},
                                                                {"payments", std::move(rows)}}));
}

}  // namespace sy::sandbox::square
