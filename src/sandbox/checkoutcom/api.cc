#include "sandbox/checkoutcom/api.h"

#include <algorithm>
#include <array>
#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>
#include <ctime>

#include "common/clock.h"
#include "common/crypto.h"
#include "sandbox/card_checks.h"
#include "sandbox/challenge_page.h"
#include "sandbox/checkoutcom/three_ds.h"

namespace sy::sandbox::checkoutcom {
namespace json = boost::json;
namespace {

struct CodeRow {
  std::string_view code;
  std::string_view summary;
};
// Checkout.com response codes the emulator produces, with Checkout.com's summaries.
constexpr std::array kCodes{
    CodeRow{"10000", "Approved"},
    CodeRow{"20001", "Refer to card issuer"},
    CodeRow{"20005", "Declined - Do not honour"},
    CodeRow{"20012", "Invalid transaction"},
    CodeRow{"20014", "Invalid account number (no such number)"},
    CodeRow{"20041", "Lost card - Pick up"},
    CodeRow{"20043", "Stolen card - Pick up"},
    CodeRow{"20051", "Insufficient Funds"},
    CodeRow{"20054", "Expired Card"},
    CodeRow{"20059", "Suspected Fraud"},
    CodeRow{"20061", "Activity amount limit exceeded"},
    CodeRow{"20062", "Restricted card"},
    CodeRow{"20063", "Security Violation"},
    CodeRow{"20065", "Activity count limit exceeded"},
    CodeRow{"20082", "Invalid CVV"},
    CodeRow{"20091", "Issuer unavailable or switch inoperative"},
    CodeRow{"20150", "Card not 3D Secure (3DS) enabled"},
    CodeRow{"20151", "Cardholder failed 3DS authentication"},
    CodeRow{"20154", "3D Secure Authentication Required"},
    CodeRow{"30004", "Pick up card (no fraud)"},
    CodeRow{"30043", "Stolen card - Pick up"},
    CodeRow{"40101", "Risk Blocked Transaction"},
};

constexpr std::array<std::string_view, 7> kThreeDecimal{"BHD", "IQD", "JOD", "KWD",
                                                        "LYD", "OMR", "TND"};

std::string now() { return formatTimestamp(systemNow()) + "Z"; }

std::string requestId() {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string id = "0H";
  std::random_device rd;
  for (int i = 0; i < 12; ++i) id.push_back(kHex[rd() & 15]);
  return id;
}

http::Response empty(unsigned status) {
  http::Response r;
  r.status = status;
  r.contentType.clear();
  return r;
}

http::Response validation(std::vector<std::string> codes) {
  json::array list;
  for (auto& c : codes) list.emplace_back(c);
  return http::Response::json(
      422, json::serialize(json::object{{"request_id", requestId()},
                                        {"error_type", "request_invalid"},
                                        {"error_codes", std::move(list)}}));
}

std::optional<int64_t> intValue(const json::value* v) {
  if (!v) return std::nullopt;
  if (v->is_int64()) return v->get_int64();
  if (v->is_uint64() && v->get_uint64() < (uint64_t(1) << 62))
    return static_cast<int64_t>(v->get_uint64());
  return std::nullopt;
}

std::string schemeFor(std::string_view number) {
  std::string_view brand = cardBrand(number);
  if (brand == "visa") return "Visa";
  if (brand == "mastercard") return "Mastercard";
  if (brand == "amex") return "Amex";
  if (brand == "discover") return "Discover";
  if (brand == "jcb") return "JCB";
  if (brand == "diners") return "Diners Club International";
  if (brand == "unionpay") return "China UnionPay";
  return "Unknown";
}

bool isCurrencyCode(std::string_view c) {
  return c.size() == 3 && std::all_of(c.begin(), c.end(), [](char ch) { return ch >= 'A' && ch <= 'Z'; });
}

// What a reference must be: a string of at most 50 characters (absent is fine).
bool badReference(const json::object& o) {
  const json::value* r = o.if_contains("reference");
  return r && (!r->is_string() || r->get_string().size() > 50);
}

json::object paymentLinks(const CallContext& ctx, const CheckoutComApi::Payment& p) {
  std::string self = ctx.baseUrl + "/payments/" + p.id;
  json::object links{{"self", json::object{{"href", self}}},
                     {"actions", json::object{{"href", self + "/actions"}}}};
  if (p.status == "Authorized" || p.status == "Partially Captured") {
    links["capture"] = json::object{{"href", self + "/captures"}};
  }
  if (p.status == "Authorized") links["void"] = json::object{{"href", self + "/voids"}};
  if (p.captured > p.refunded) links["refund"] = json::object{{"href", self + "/refunds"}};
  if (p.challengePending) links["redirect"] = json::object{{"href", ctx.baseUrl + "/3ds/" + p.id}};
  return links;
}

// The payment's `3ds` object (3dsData; the enrollment part alone while a challenge is pending).
json::object threeDsJson(const CheckoutComApi::Payment::ThreeDs& t) {
  json::object o{{"downgraded", t.downgraded}, {"enrolled", t.enrolled}};
  if (!t.authenticationResponse.empty()) {
    o["signature_valid"] = "Y";
    o["authentication_response"] = t.authenticationResponse;
  }
  if (!t.cryptogram.empty()) o["cryptogram"] = t.cryptogram;
  if (!t.xid.empty()) o["xid"] = t.xid;
  if (!t.version.empty()) o["version"] = t.version;
  if (t.challenged) o["challenged"] = *t.challenged;
  return o;
}

void addThreeDs(const CheckoutComApi::Payment& p, json::object& out) {
  if (!p.threeDs) return;
  out["3ds"] = threeDsJson(*p.threeDs);
  if (!p.threeDs->eci.empty()) out["eci"] = p.threeDs->eci;
}

json::object sourceJson(const CheckoutComApi::Payment& p) {
  json::object s{{"type", "card"},           {"expiry_month", p.expiryMonth},
                 {"expiry_year", p.expiryYear}, {"scheme", p.scheme},
                 {"last4", p.last4},         {"fingerprint", p.fingerprint},
                 {"bin", p.bin},             {"card_type", "Credit"},
                 {"card_category", "Consumer"}};
  if (!p.name.empty()) s["name"] = p.name;
  return s;
}

json::object actionLinks(const CallContext& ctx, std::string_view paymentId) {
  return json::object{
      {"payment", json::object{{"href", ctx.baseUrl + "/payments/" + std::string(paymentId)}}}};
}

http::Response accepted(const CallContext& ctx, const CheckoutComApi::Action& a,
                        std::string_view paymentId) {
  json::object body{{"action_id", a.id}};
  if (!a.reference.empty()) body["reference"] = a.reference;
  body["_links"] = actionLinks(ctx, paymentId);
  return http::Response::json(202, json::serialize(body));
}
}  // namespace

std::string_view responseCodeForAmount(int64_t amount) {
  std::string tail = std::to_string(amount % 100000);
  for (const CodeRow& row : kCodes)
    if (row.code != "10000" && row.code == tail) return row.code;
  return "10000";
}

std::string_view responseSummary(std::string_view code) {
  for (const CodeRow& row : kCodes)
    if (row.code == code) return row.summary;
  return "Declined";
}

CheckoutComApi::CheckoutComApi(size_t capacity)
    : capacity_(capacity == 0 ? 1 : capacity),
      idempotency_(capacity, ReplayRule::kSameEndpoint),
      rng_(std::random_device{}()) {}

std::string CheckoutComApi::newId(std::string_view prefix) {
  static constexpr char kAlphabet[] = "abcdefghijklmnopqrstuvwxyz234567";
  std::string id(prefix);
  id += '_';
  for (int i = 0; i < 26; ++i) id.push_back(kAlphabet[rng_() % 32]);
  return id;
}

CheckoutComApi::Payment* CheckoutComApi::find(const CallContext& ctx, std::string_view id) {
  auto it = payments_.find(std::string(id));
  if (it == payments_.end() || it->second.account != ctx.account) return nullptr;
  return &it->second;
}

const CheckoutComApi::Payment* CheckoutComApi::find(const CallContext& ctx,
                                                    std::string_view id) const {
  auto it = payments_.find(std::string(id));
  if (it == payments_.end() || it->second.account != ctx.account) return nullptr;
  return &it->second;
}

std::optional<CheckoutComApi::Payment> CheckoutComApi::paymentById(std::string_view id) const {
  std::lock_guard lock(mu_);
  auto it = payments_.find(std::string(id));
  if (it == payments_.end()) return std::nullopt;
  return it->second;
}

void CheckoutComApi::settleAuthorization(Payment& p, const std::string& code, bool capture) {
  p.approved = code == "10000";
  Action& auth = addAction(p, "Authorization", p.amount, p.reference);
  auth.responseCode = code;
  auth.approved = p.approved;
  if (p.approved) {
    auth.authCode = std::to_string(100000 + rng_() % 900000);
    ++charges_;
  } else {
    ++declines_;
  }
  p.status = p.approved ? (p.amount == 0 ? "Card Verified" : "Authorized") : "Declined";
  // capture=true: the capture follows at once here (the real one schedules it).
  if (p.approved && capture && p.amount > 0) {
    addAction(p, "Capture", p.amount, p.reference);
    p.captured = p.amount;
    p.status = "Captured";
    ++captures_;
  }
}

CheckoutComApi::Action& CheckoutComApi::addAction(Payment& p, std::string type, int64_t amount,
                                                  std::string reference) {
  Action a;
  a.id = newId("act");
  a.type = std::move(type);
  a.amount = amount;
  a.responseCode = "10000";
  a.reference = std::move(reference);
  a.processedOn = now();
  p.actions.push_back(std::move(a));
  return p.actions.back();
}

template <class Process>
http::Response CheckoutComApi::idempotent(const CallContext& ctx, std::string_view path,
                                          std::string_view body, Process&& process) {
  std::lock_guard lock(mu_);
  if (ctx.idempotencyKey.empty()) return process();
  std::string fp = idempotency_.fingerprint("POST", path, body);
  auto found = idempotency_.find(ctx.account, ctx.idempotencyKey, fp);
  if (found.match == IdempotencyStore::Match::kSame) {
    http::Response r = http::Response::json(found.response->status, found.response->body);
    if (r.body.empty()) r.contentType.clear();
    return r;
  }
  if (found.match == IdempotencyStore::Match::kConflict)
    return validation({"idempotency_key_in_use"});
  http::Response r = process();
  if (r.status < 500)
    idempotency_.remember(ctx.account, ctx.idempotencyKey, std::move(fp),
                          StoredResponse{r.status, r.body});
  return r;
}

http::Response CheckoutComApi::createPayment(const CallContext& ctx, std::string_view body) {
  return idempotent(ctx, "/payments", body, [&] { return authorize(ctx, body); });
}

http::Response CheckoutComApi::authorize(const CallContext& ctx, std::string_view body) {
  boost::system::error_code ec;
  json::value parsed = json::parse(body, ec);
  if (ec || !parsed.is_object()) return validation({"request_body_malformed"});
  const json::object& o = parsed.as_object();
  std::vector<std::string> errors;

  std::string currency;
  if (const json::value* c = o.if_contains("currency"); !c) {
    errors.push_back("currency_required");
  } else if (!c->is_string() || !isCurrencyCode(c->get_string())) {
    errors.push_back("currency_invalid");
  } else {
    currency = std::string(c->get_string());
  }
  int64_t amount = 0;
  if (const json::value* a = o.if_contains("amount")) {
    auto v = intValue(a);
    if (!v || *v < 0) {
      errors.push_back("amount_invalid");
    } else {
      amount = *v;
      bool three = std::find(kThreeDecimal.begin(), kThreeDecimal.end(), currency) !=
                   kThreeDecimal.end();
      if (three && amount % 10 != 0) errors.push_back("amount_invalid");
    }
  }
  if (badReference(o)) errors.push_back("reference_invalid");
  bool capture = true;  // Checkout.com's default
  if (const json::value* c = o.if_contains("capture")) {
    if (!c->is_bool()) errors.push_back("capture_invalid");
    else capture = c->get_bool();
  }
  std::string paymentType = "Regular";
  if (const json::value* t = o.if_contains("payment_type")) {
    static constexpr std::array<std::string_view, 4> kTypes{"Regular", "Recurring", "MOTO",
                                                            "Installment"};
    if (!t->is_string() ||
        std::find(kTypes.begin(), kTypes.end(), std::string_view(t->get_string())) == kTypes.end())
      errors.push_back("payment_type_invalid");
    else paymentType = std::string(t->get_string());
  }
  if (const json::value* pc = o.if_contains("processing_channel_id")) {
    if (!pc->is_string() || pc->get_string().size() != 29 || !pc->get_string().starts_with("pc_"))
      errors.push_back("processing_channel_id_invalid");
  }

  Payment p;
  const json::value* src = o.if_contains("source");
  std::string number;
  if (!src || !src->is_object()) {
    errors.push_back("payment_source_required");
  } else {
    const json::object& s = src->as_object();
    const json::value* type = s.if_contains("type");
    if (!type || !type->is_string()) {
      errors.push_back("payment_source_type_required");
    } else if (type->get_string() != "card") {
      errors.push_back("payment_source_type_invalid");  // only card sources are emulated
    } else {
      const json::value* n = s.if_contains("number");
      if (!n) errors.push_back("card_number_required");
      else if (!n->is_string() || !isCardNumberShaped(n->get_string()) ||
               !luhnValid(n->get_string()))
        errors.push_back("card_number_invalid");
      else number = std::string(n->get_string());
      auto month = intValue(s.if_contains("expiry_month"));
      auto year = intValue(s.if_contains("expiry_year"));
      if (!s.contains("expiry_month")) errors.push_back("card_expiry_month_required");
      else if (!month || *month < 1 || *month > 12) errors.push_back("card_expiry_month_invalid");
      if (!s.contains("expiry_year")) errors.push_back("card_expiry_year_required");
      else if (!year || *year < 1000 || *year > 9999) errors.push_back("card_expiry_year_invalid");
      if (month && year && *month >= 1 && *month <= 12) {
        std::time_t t = std::time(nullptr);
        std::tm tm{};
        gmtime_r(&t, &tm);
        int nowYm = (tm.tm_year + 1900) * 12 + tm.tm_mon;
        if (*year * 12 + (*month - 1) < nowYm) errors.push_back("card_expired");
        p.expiryMonth = static_cast<int>(*month);
        p.expiryYear = static_cast<int>(*year);
      }
      if (const json::value* cvv = s.if_contains("cvv")) {
        bool ok = cvv->is_string() && cvv->get_string().size() >= 3 &&
                  cvv->get_string().size() <= 4 &&
                  std::all_of(cvv->get_string().begin(), cvv->get_string().end(),
                              [](char c) { return c >= '0' && c <= '9'; });
        if (!ok) errors.push_back("cvv_invalid");
      }
      if (const json::value* name = s.if_contains("name")) {
        if (!name->is_string()) errors.push_back("card_holder_invalid");
        else p.name = std::string(name->get_string());
      }
    }
  }
  if (const json::value* mi = o.if_contains("merchant_initiated")) {
    if (!mi->is_bool()) errors.push_back("merchant_initiated_invalid");
    else p.merchantInitiated = mi->get_bool();
  }
  const ThreeDsAsk ask = readThreeDs(o, errors);
  p.successUrl = readUrl(o, "success_url", errors);
  p.failureUrl = readUrl(o, "failure_url", errors);
  if (!errors.empty()) return validation(std::move(errors));
  if (payments_.size() >= capacity_) return empty(502);  // the emulator's memory bound

  p.id = newId("pay");
  p.account = ctx.account;
  p.amount = amount;
  p.currency = currency;
  if (const json::value* r = o.if_contains("reference")) p.reference = std::string(r->get_string());
  if (const json::value* d = o.if_contains("description"); d && d->is_string())
    p.description = std::string(d->get_string());
  p.paymentType = paymentType;
  p.requestedOn = now();
  p.last4 = std::string(lastFour(number));
  p.bin = number.substr(0, 6);
  p.scheme = schemeFor(number);
  p.fingerprint = crypto::sha256Hex(number).substr(0, 29);

  const CardEnrollment enrollment = enrollmentOf(number);
  number.assign(number.size(), '\0');
  std::string code = ctx.declineAll ? "20005" : std::string(responseCodeForAmount(amount));
  // 3-D Secure (three_ds.h): never for a merchant-initiated payment.
  if (!p.merchantInitiated && ask.enabled && ask.external) {
    Payment::ThreeDs t;  // authenticated elsewhere: authorized with the data as given
    t.enrolled = "Y";
    t.authenticationResponse = ask.status.empty() ? "Y" : ask.status;
    t.eci = ask.eci;
    t.cryptogram = ask.cryptogram;
    t.xid = ask.xid;
    t.version = ask.version.empty() ? "1.0.0" : ask.version;  // the spec's default
    p.threeDs = std::move(t);
  } else if (!p.merchantInitiated && enrollment == CardEnrollment::kChallenge) {
    if (!ask.enabled) {
      if (code == "10000") code = "20154";  // 3DS authentication required
    } else if (!ctx.declineAll) {  // the amount table's decline, if any, follows the challenge
      Payment::ThreeDs t;
      t.enrolled = "Y";
      t.version = "2.2.0";
      p.threeDs = std::move(t);
      p.challengePending = true;
      p.captureOnApproval = capture;
      p.sessionId = newId("sid");
      p.status = "Pending";
      json::object pending{{"id", p.id}, {"status", p.status}};
      if (!p.reference.empty()) pending["reference"] = p.reference;
      pending["3ds"] = threeDsJson(*p.threeDs);
      pending["_links"] = json::object{
          {"self", json::object{{"href", ctx.baseUrl + "/payments/" + p.id}}},
          {"redirect", json::object{{"href", ctx.baseUrl + "/3ds/" + p.id}}}};
      order_.push_back(p.id);
      payments_.emplace(p.id, std::move(p));
      return http::Response::json(202, json::serialize(pending));
    }
  } else if (!p.merchantInitiated && ask.enabled && enrollment == CardEnrollment::kFrictionless) {
    Payment::ThreeDs t;
    t.enrolled = "Y";
    t.authenticationResponse = "Y";
    t.challenged = false;
    t.version = "2.2.0";
    t.eci = p.scheme == "Mastercard" ? "02" : "05";
    t.cryptogram = crypto::base64Encode(crypto::sha256Hex(p.id).substr(0, 20));
    p.threeDs = std::move(t);
  } else if (!p.merchantInitiated && ask.enabled) {
    Payment::ThreeDs t;  // the issuer is not enrolled
    t.enrolled = "N";
    t.downgraded = ask.attemptN3d;
    p.threeDs = std::move(t);
    if (!ask.attemptN3d && code == "10000") code = "20150";  // card not 3DS enabled
  }

  settleAuthorization(p, code, capture);
  const Action authAction = p.actions.front();
  const std::string status =
      p.approved ? (amount == 0 ? "Card Verified" : "Authorized") : "Declined";
  // The 201 is the authorization's answer: with capture=true it still says Authorized.
  json::object out{{"id", p.id},
                   {"action_id", authAction.id},
                   {"amount", p.amount},
                   {"currency", p.currency},
                   {"approved", p.approved},
                   {"status", status},
                   {"response_code", code},
                   {"response_summary", responseSummary(code)}};
  if (p.approved) out["auth_code"] = authAction.authCode;
  addThreeDs(p, out);
  out["source"] = sourceJson(p);
  out["risk"] = json::object{{"flagged", false}};
  out["processed_on"] = authAction.processedOn;
  if (!p.reference.empty()) out["reference"] = p.reference;
  Payment answered = p;
  answered.status = status;
  out["_links"] = paymentLinks(ctx, answered);
  order_.push_back(p.id);
  payments_.emplace(p.id, std::move(p));
  return http::Response::json(201, json::serialize(out));
}

http::Response CheckoutComApi::capture(const CallContext& ctx, std::string_view paymentId,
                                       std::string_view body) {
  std::string path = "/payments/" + std::string(paymentId) + "/captures";
  return idempotent(ctx, path, body, [&]() -> http::Response {
    Payment* p = find(ctx, paymentId);
    if (!p) return empty(404);
    boost::system::error_code ec;
    json::value parsed = body.empty() ? json::value(json::object()) : json::parse(body, ec);
    if (ec || !parsed.is_object()) return validation({"request_body_malformed"});
    const json::object& o = parsed.as_object();
    std::vector<std::string> errors;
    const int64_t available = p->amount - p->captured - p->voided;
    int64_t amount = available;
    if (const json::value* a = o.if_contains("amount")) {
      auto v = intValue(a);
      if (!v || *v < 0) errors.push_back("amount_invalid");
      else amount = *v;
    }
    bool final = true;
    if (const json::value* t = o.if_contains("capture_type")) {
      if (!t->is_string() || (t->get_string() != "Final" && t->get_string() != "NonFinal"))
        errors.push_back("capture_type_invalid");
      else final = t->get_string() == "Final";
    }
    if (badReference(o)) errors.push_back("reference_invalid");
    if (!errors.empty()) return validation(std::move(errors));
    if (p->status != "Authorized" && p->status != "Partially Captured") return empty(403);
    if (amount > available) return validation({"amount_exceeds_balance"});
    std::string reference;
    if (const json::value* r = o.if_contains("reference")) reference = std::string(r->get_string());
    Action& a = addAction(*p, "Capture", amount, std::move(reference));
    p->captured += amount;
    if (final) p->voided += p->amount - p->captured - p->voided;
    p->status = p->captured + p->voided >= p->amount ? "Captured" : "Partially Captured";
    ++captures_;
    return accepted(ctx, a, p->id);
  });
}

http::Response CheckoutComApi::voidPayment(const CallContext& ctx, std::string_view paymentId,
                                           std::string_view body) {
  std::string path = "/payments/" + std::string(paymentId) + "/voids";
  return idempotent(ctx, path, body, [&]() -> http::Response {
    Payment* p = find(ctx, paymentId);
    if (!p) return empty(404);
    boost::system::error_code ec;
    json::value parsed = body.empty() ? json::value(json::object()) : json::parse(body, ec);
    if (ec || !parsed.is_object()) return validation({"request_body_malformed"});
    if (badReference(parsed.as_object())) return validation({"reference_invalid"});
    if (p->status != "Authorized") return empty(403);
    std::string reference;
    if (const json::value* r = parsed.as_object().if_contains("reference"))
      reference = std::string(r->get_string());
    const int64_t remaining = p->amount - p->captured - p->voided;
    Action& a = addAction(*p, "Void", remaining, std::move(reference));
    p->voided += remaining;
    p->status = "Voided";
    ++voids_;
    return accepted(ctx, a, p->id);
  });
}

http::Response CheckoutComApi::refund(const CallContext& ctx, std::string_view paymentId,
                                      std::string_view body) {
  std::string path = "/payments/" + std::string(paymentId) + "/refunds";
  return idempotent(ctx, path, body, [&]() -> http::Response {
    Payment* p = find(ctx, paymentId);
    if (!p) return empty(404);
    boost::system::error_code ec;
    json::value parsed = body.empty() ? json::value(json::object()) : json::parse(body, ec);
    if (ec || !parsed.is_object()) return validation({"request_body_malformed"});
    const json::object& o = parsed.as_object();
    const int64_t available = p->captured - p->refunded;
    int64_t amount = available;
    if (const json::value* a = o.if_contains("amount")) {
      auto v = intValue(a);
      if (!v || *v < 0) return validation({"amount_invalid"});
      amount = *v;
    }
    if (badReference(o)) return validation({"reference_invalid"});
    if (available <= 0) return empty(403);
    if (amount > available) return validation({"refund_amount_exceeds_balance"});
    std::string reference;
    if (const json::value* r = o.if_contains("reference")) reference = std::string(r->get_string());
    Action& a = addAction(*p, "Refund", amount, std::move(reference));
    p->refunded += amount;
    p->status = p->refunded >= p->captured && p->captured + p->voided >= p->amount
                    ? "Refunded"
                    : "Partially Refunded";
    ++refunds_;
    return accepted(ctx, a, p->id);
  });
}

http::Response CheckoutComApi::getPayment(const CallContext& ctx,
                                          std::string_view paymentId) const {
  std::lock_guard lock(mu_);
  const Payment* p = find(ctx, paymentId);
  if (!p) return empty(404);
  json::object out{{"id", p->id},
                   {"requested_on", p->requestedOn},
                   {"source", sourceJson(*p)},
                   {"amount", p->amount},
                   {"currency", p->currency},
                   {"payment_type", p->paymentType}};
  if (!p->reference.empty()) out["reference"] = p->reference;
  if (!p->description.empty()) out["description"] = p->description;
  out["approved"] = p->approved;
  out["status"] = p->status;
  addThreeDs(*p, out);
  out["risk"] = json::object{{"flagged", false}};
  out["_links"] = paymentLinks(ctx, *p);
  return http::Response::json(200, json::serialize(out));
}

http::Response CheckoutComApi::getActions(const CallContext& ctx,
                                          std::string_view paymentId) const {
  std::lock_guard lock(mu_);
  const Payment* p = find(ctx, paymentId);
  if (!p) return empty(404);
  json::array list;
  for (auto it = p->actions.rbegin(); it != p->actions.rend(); ++it) {  // newest first
    json::object a{{"id", it->id},
                   {"type", it->type},
                   {"processed_on", it->processedOn},
                   {"amount", it->amount},
                   {"approved", it->approved},
                   {"response_code", it->responseCode},
                   {"response_summary", responseSummary(it->responseCode)}};
    if (!it->authCode.empty()) a["auth_code"] = it->authCode;
    if (!it->reference.empty()) a["reference"] = it->reference;
    list.push_back(std::move(a));
  }
  return http::Response::json(200, json::serialize(list));
}

http::Response CheckoutComApi::ledger() const {
  std::lock_guard lock(mu_);
  json::array rows;
  for (const std::string& id : order_) {
    const Payment& p = payments_.at(id);
    rows.push_back(json::object{{"id", p.id},
                                {"currency", p.currency},
                                {"status", p.status},
                                {"approved", p.approved},
                                {"authorized", p.approved ? p.amount : 0},
                                {"captured", p.captured},
                                {"refunded", p.refunded},
                                {"voided", p.voided}});
  }
  return http::Response::json(
      200, json::serialize(json::object{{"payments", std::move(rows)},
                                        {"charge_count", charges_},
                                        {"decline_count", declines_},
                                        {"capture_count", captures_},
                                        {"void_count", voids_},
                                        {"refund_count", refunds_}}));
}

http::Response CheckoutComApi::challengePage(std::string_view paymentId) const {
  std::lock_guard lock(mu_);
  auto it = payments_.find(std::string(paymentId));
  if (it == payments_.end() || !it->second.challengePending) return challengeNotFound();
  const Payment& p = it->second;
  const std::string action = "/3ds/" + p.id;
  // Checkout.com's minor units equal ISO 4217's for the currencies the demo uses; only shown.
  ChallengeView view{"Checkout.com", action, displayAmount(p.amount, p.currency), p.last4};
  return sandbox::challengePage(view);
}

http::Response CheckoutComApi::decideChallenge(std::string_view paymentId,
                                               std::string_view formBody) {
  std::optional<bool> approved = challengeApproved(formBody);
  std::lock_guard lock(mu_);
  auto it = payments_.find(std::string(paymentId));
  if (it == payments_.end() || !approved || !it->second.threeDs ||
      it->second.sessionId.empty())
    return challengeNotFound();
  Payment& p = it->second;
  if (p.challengePending) {
    p.challengePending = false;
    Payment::ThreeDs& t = *p.threeDs;
    t.challenged = true;
    if (*approved) {
      t.authenticationResponse = "Y";
      t.eci = p.scheme == "Mastercard" ? "02" : "05";
      t.cryptogram = crypto::base64Encode(crypto::sha256Hex(p.id).substr(0, 20));
      settleAuthorization(p, std::string(responseCodeForAmount(p.amount)), p.captureOnApproval);
    } else {
      t.authenticationResponse = "N";
      settleAuthorization(p, "20151", false);  // cardholder failed 3DS authentication
    }
  }
  // Checkout.com sends the customer to success_url or failure_url with the session id appended.
  std::string back = p.approved ? p.successUrl : p.failureUrl;
  if (!back.empty())
    back += (back.find('?') == std::string::npos ? "?" : "&") + std::string("cko-session-id=") +
            p.sessionId;
  return challengeFinished(back, p.approved);
}

}  // namespace sy::sandbox::checkoutcom
