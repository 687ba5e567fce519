#include "sandbox/stripe/api.h"

#include <algorithm>
#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>
#include <cctype>
#include <charconv>
#include <chrono>
#include <random>
#include <set>

#include "common/money.h"
#include "sandbox/card_checks.h"
#include "sandbox/challenge_page.h"
#include "sandbox/stripe/magic_cards.h"
#include "sandbox/stripe/objects.h"

namespace sy::sandbox::stripe {
namespace json = boost::json;
namespace {
constexpr size_t kMaxIdempotencyKeyLength = 255;
constexpr int64_t kMaxAmount = 99'999'999;  // Stripe: at most eight digits

// Top-level parameters of each operation's form schema in the 2023-08-16 spec.
const std::set<std::string_view> kCreateParams = {"amount",
                                                  "application_fee_amount",
                                                  "automatic_payment_methods",
                                                  "capture_method",
                                                  "confirm",
                                                  "confirmation_method",
                                                  "currency",
                                                  "customer",
                                                  "description",
                                                  "error_on_requires_action",
                                                  "expand",
                                                  "mandate",
                                                  "mandate_data",
                                                  "metadata",
                                                  "off_session",
                                                  "on_behalf_of",
                                                  "payment_method",
                                                  "payment_method_data",
                                                  "payment_method_options",
                                                  "payment_method_types",
                                                  "radar_options",
                                                  "receipt_email",
                                                  "return_url",
                                                  "setup_future_usage",
                                                  "shipping",
                                                  "statement_descriptor",
                                                  "statement_descriptor_suffix",
                                                  "transfer_data",
                                                  "transfer_group",
                                                  "use_stripe_sdk"};
const std::set<std::string_view> kCaptureParams = {
    "amount_to_capture",    "application_fee_amount",      "expand",       "metadata",
    "statement_descriptor", "statement_descriptor_suffix", "transfer_data"};
const std::set<std::string_view> kCancelParams = {"cancellation_reason", "expand"};
const std::set<std::string_view> kRefundParams = {"amount",
                                                  "charge",
                                                  "currency",
                                                  "customer",
                                                  "expand",
                                                  "instructions_email",
                                                  "metadata",
                                                  "origin",
                                                  "payment_intent",
                                                  "reason",
                                                  "refund_application_fee",
                                                  "reverse_transfer"};
const std::set<std::string_view> kCardParams = {
    "payment_method_data[card][number]", "payment_method_data[card][exp_month]",
    "payment_method_data[card][exp_year]", "payment_method_data[card][cvc]"};

int64_t now() {
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

std::string upper(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return out;
}

Reply jsonReply(unsigned status, std::string body) {
  Reply r{http::Response::json(status, std::move(body))};
  r.response.headers.emplace_back("Stripe-Version", "2023-08-16");
  return r;
}

Reply error(unsigned status, std::string_view type, std::string_view message,
            std::string_view code = {}, std::string_view param = {}) {
  return jsonReply(
      status, json::serialize(json::object{{"error", errorObject(type, message, code, param)}}));
}

Reply invalid(std::string_view message, std::string_view code = {}, std::string_view param = {}) {
  return error(400, "invalid_request_error", message, code, param);
}

Reply noSuchIntent(std::string_view id) {
  return error(404, "invalid_request_error", "No such payment_intent: '" + std::string(id) + "'",
               "resource_missing", "intent");
}

std::optional<std::string> percentDecode(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    if (c == '+') {
      out.push_back(' ');
    } else if (c == '%') {
      if (i + 2 >= s.size()) return std::nullopt;
      auto hex = [](char h) -> int {
        if (h >= '0' && h <= '9') return h - '0';
        if (h >= 'a' && h <= 'f') return h - 'a' + 10;
        if (h >= 'A' && h <= 'F') return h - 'A' + 10;
        return -1;
      };
      int hi = hex(s[i + 1]), lo = hex(s[i + 2]);
      if (hi < 0 || lo < 0) return std::nullopt;
      out.push_back(static_cast<char>(hi * 16 + lo));
      i += 2;
    } else {
      out.push_back(c);
    }
  }
  return out;
}

const std::string* param(const FormParams& p, std::string_view key) {
  const std::string* found = nullptr;
  for (const auto& [k, v] : p)
    if (k == key) found = &v;  // the last one wins
  return found;
}

// The first parameter not in `allowed` (by top-level name), or nullptr.
const std::string* unknownParam(const FormParams& p, const std::set<std::string_view>& allowed) {
  for (const auto& [k, v] : p)
    if (!allowed.contains(topLevelName(k))) return &k;
  return nullptr;
}

std::optional<int64_t> parseInt(std::string_view s) {
  int64_t v = 0;
  if (s.empty()) return std::nullopt;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || end != s.data() + s.size()) return std::nullopt;
  return v;
}

Reply invalidInteger(std::string_view name, std::string_view value) {
  return invalid("Invalid integer: " + std::string(value), "parameter_invalid_integer", name);
}

std::vector<std::pair<std::string, std::string>> metadataOf(const FormParams& p) {
  std::vector<std::pair<std::string, std::string>> md;
  constexpr std::string_view kPrefix = "metadata[";
  for (const auto& [k, v] : p) {
    if (!k.starts_with(kPrefix) || k.back() != ']') continue;
    std::string name = k.substr(kPrefix.size(), k.size() - kPrefix.size() - 1);
    auto it = std::find_if(md.begin(), md.end(), [&](const auto& e) { return e.first == name; });
    if (it != md.end()) {
      it->second = v;
    } else {
      md.emplace_back(std::move(name), v);
    }
  }
  return md;
}

// Currency rules (docs "Supported currencies"): amounts in Stripe's minor units.
std::optional<Reply> checkAmountForCurrency(int64_t amount, std::string_view currency,
                                            std::string_view name) {
  std::string c = upper(currency);
  if ((c == "BHD" || c == "JOD" || c == "KWD" || c == "OMR" || c == "TND") && amount % 10 != 0)
    return invalid("Amounts in " + c +
                       " must be a multiple of 10 (the last decimal digit of a three-decimal "
                       "currency must be 0).",
                   "parameter_invalid_integer", name);
  if (c == "ISK" && amount % 100 != 0)
    return invalid(
        "Amounts in ISK must be a multiple of 100 (ISK is two-decimal at Stripe, with "
        "the decimal part always 00).",
        "parameter_invalid_integer", name);
  return std::nullopt;
}

// True when `expand[]` (or expand[0]...) names latest_charge.
bool expandsCharge(const FormParams& p) {
  for (const auto& [k, v] : p)
    if (topLevelName(k) == "expand" && v == "latest_charge") return true;
  return false;
}

// metadata['key']:'value' (with \' and \\ escapes) -> (key, value).
std::optional<std::pair<std::string, std::string>> parseMetadataQuery(std::string_view q) {
  constexpr std::string_view kPrefix = "metadata['";
  if (!q.starts_with(kPrefix)) return std::nullopt;
  q.remove_prefix(kPrefix.size());
  auto close = q.find("']:'");
  if (close == std::string_view::npos) return std::nullopt;
  std::string key(q.substr(0, close));
  q.remove_prefix(close + 4);
  std::string value;
  for (size_t i = 0; i < q.size(); ++i) {
    if (q[i] == '\\' && i + 1 < q.size()) {
      value.push_back(q[++i]);
    } else if (q[i] == '\'') {
      if (i + 1 != q.size()) return std::nullopt;
      return std::make_pair(std::move(key), std::move(value));
    } else {
      value.push_back(q[i]);
    }
  }
  return std::nullopt;
}

bool expiredCard(int64_t month, int64_t year) {
  using namespace std::chrono;
  year_month_day today{floor<days>(system_clock::now())};
  int nowYear = static_cast<int>(today.year());
  int nowMonth = static_cast<int>(static_cast<unsigned>(today.month()));
  return year < nowYear || (year == nowYear && month < nowMonth);
}
}  // namespace

Result<FormParams> decodeForm(std::string_view body) {
  FormParams out;
  size_t pos = 0;
  while (pos <= body.size() && !body.empty()) {
    size_t amp = body.find('&', pos);
    std::string_view pair = body.substr(pos, amp == std::string_view::npos ? amp : amp - pos);
    if (!pair.empty()) {
      size_t eq = pair.find('=');
      auto key = percentDecode(pair.substr(0, eq));
      auto value =
          percentDecode(eq == std::string_view::npos ? std::string_view() : pair.substr(eq + 1));
      if (!key || !value || key->empty()) return invalidArgument("malformed form body");
      out.emplace_back(std::move(*key), std::move(*value));
    }
    if (amp == std::string_view::npos) break;
    pos = amp + 1;
  }
  return out;
}

std::string_view topLevelName(std::string_view key) {
  return key.substr(0, key.find('['));
}

StripeApi::StripeApi(size_t capacity)
    : capacity_(capacity == 0 ? 1 : capacity), idempotency_(capacity_) {}

std::string StripeApi::newId(std::string_view prefix) {
  static constexpr char kAlphabet[] =
      "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
  thread_local std::mt19937_64 rng{std::random_device{}()};
  std::string id(prefix);
  id += "3Sy";
  uint64_t n = nextId_++;
  std::string counter;
  do {
    counter.push_back(kAlphabet[n % 62]);
    n /= 62;
  } while (n);
  id += counter;
  while (id.size() < prefix.size() + 24) id.push_back(kAlphabet[rng() % 62]);
  return id;
}

IntentRecord* StripeApi::findIntent(std::string_view account, std::string_view id) {
  auto it = intents_.find(std::string(id));
  return it != intents_.end() && it->second.account == account ? &it->second : nullptr;
}

const IntentRecord* StripeApi::findIntent(std::string_view account, std::string_view id) const {
  auto it = intents_.find(std::string(id));
  return it != intents_.end() && it->second.account == account ? &it->second : nullptr;
}

std::optional<IntentRecord> StripeApi::intentById(std::string_view intentId) const {
  std::lock_guard lock(mu_);
  auto it = intents_.find(std::string(intentId));
  if (it == intents_.end()) return std::nullopt;
  return it->second;
}

template <class Process>
Reply StripeApi::idempotent(const CallContext& ctx, std::string_view path, std::string_view body,
                            Process&& process) {
  std::lock_guard lock(mu_);
  if (ctx.idempotencyKey.empty()) return process();
  if (ctx.idempotencyKey.size() > kMaxIdempotencyKeyLength)
    return invalid("Idempotency-Key must be at most 255 characters long.");
  std::string fp = idempotency_.fingerprint("POST", path, body);
  auto found = idempotency_.find(ctx.account, ctx.idempotencyKey, fp);
  if (found.match == IdempotencyStore::Match::kConflict)
    return error(400, "idempotency_error",
                 "Keys for idempotent requests can only be used with the same parameters they "
                 "were first used with. Try using a key other than '" +
                     ctx.idempotencyKey + "' if you meant to execute a different request.");
  if (found.match == IdempotencyStore::Match::kSame) {
    Reply replay = jsonReply(found.response->status, found.response->body);
    replay.response.headers.emplace_back("Idempotent-Replayed", "true");
    return replay;
  }
  Reply reply = process();
  if (reply.response.status < 500)
    idempotency_.remember(ctx.account, ctx.idempotencyKey, std::move(fp),
                          {reply.response.status, reply.response.body});
  return reply;
}

Reply StripeApi::createPaymentIntent(const CallContext& ctx, std::string_view body) {
  return idempotent(ctx, "/v1/payment_intents", body, [&] { return doCreate(ctx, body); });
}

Reply StripeApi::capture(const CallContext& ctx, std::string_view intentId, std::string_view body) {
  std::string path = "/v1/payment_intents/" + std::string(intentId) + "/capture";
  return idempotent(ctx, path, body, [&] { return doCapture(ctx, intentId, body); });
}

Reply StripeApi::cancel(const CallContext& ctx, std::string_view intentId, std::string_view body) {
  std::string path = "/v1/payment_intents/" + std::string(intentId) + "/cancel";
  return idempotent(ctx, path, body, [&] { return doCancel(ctx, intentId, body); });
}

Reply StripeApi::createRefund(const CallContext& ctx, std::string_view body) {
  return idempotent(ctx, "/v1/refunds", body, [&] { return doRefund(ctx, body); });
}

// Runs under mu_.
Reply StripeApi::doCreate(const CallContext& ctx, std::string_view body) {
  auto form = decodeForm(body);
  if (!form) return invalid("Invalid request body: not application/x-www-form-urlencoded.");
  const FormParams& p = *form;
  if (const std::string* k = unknownParam(p, kCreateParams))
    return invalid("Received unknown parameter: " + *k, "parameter_unknown", *k);
  const std::string* amountStr = param(p, "amount");
  if (!amountStr) return invalid("Missing required param: amount.", "parameter_missing", "amount");
  const std::string* currency = param(p, "currency");
  if (!currency)
    return invalid("Missing required param: currency.", "parameter_missing", "currency");
  auto amount = parseInt(*amountStr);
  if (!amount) return invalidInteger("amount", *amountStr);
  if (*amount < 1)
    return invalid("This value must be greater than or equal to 1.", "parameter_invalid_integer",
                   "amount");
  if (*amount > kMaxAmount)
    return invalid("Amount must be no more than 99999999.", "amount_too_large", "amount");
  if (currency->size() != 3 || upper(*currency) == *currency || !findCurrency(upper(*currency)))
    return invalid("Invalid currency: " + *currency + ".", "", "currency");
  if (auto bad = checkAmountForCurrency(*amount, *currency, "amount")) return std::move(*bad);

  std::string captureMethod = "automatic";
  if (const std::string* cm = param(p, "capture_method")) {
    if (*cm != "automatic" && *cm != "automatic_async" && *cm != "manual")
      return invalid("Invalid capture_method: must be one of automatic, automatic_async, or manual",
                     "", "capture_method");
    captureMethod = *cm;
  }
  bool confirm = false;
  if (const std::string* c = param(p, "confirm")) {
    if (*c != "true" && *c != "false") return invalid("Invalid boolean: " + *c, "", "confirm");
    confirm = *c == "true";
  }
  for (const auto& [k, v] : p) {
    if (topLevelName(k) == "payment_method_types" && v != "card")
      return invalid("The payment method type \"" + v + "\" is not supported by this emulator.",
                     "payment_intent_invalid_parameter", "payment_method_types");
    if (topLevelName(k) == "payment_method_data" && k.starts_with("payment_method_data[card]") &&
        !kCardParams.contains(k))
      return invalid("Received unknown parameter: " + k, "parameter_unknown", k);
  }
  const std::string* request3ds = param(p, "payment_method_options[card][request_three_d_secure]");
  if (request3ds && *request3ds != "any" && *request3ds != "automatic" && *request3ds != "challenge")
    return invalid(
        "Invalid payment_method_options[card][request_three_d_secure]: must be one of any, "
        "automatic, or challenge",
        "", "payment_method_options[card][request_three_d_secure]");
  for (const auto& [k, v] : p)
    if (topLevelName(k) == "payment_method_options" &&
        k != "payment_method_options[card][request_three_d_secure]")
      return invalid("Received unknown parameter: " + k, "parameter_unknown", k);
  bool errorOnRequiresAction = false;
  if (const std::string* e = param(p, "error_on_requires_action")) {
    if (*e != "true" && *e != "false")
      return invalid("Invalid boolean: " + *e, "", "error_on_requires_action");
    errorOnRequiresAction = *e == "true";
  }
  // A charge without the customer (off_session): nobody could answer a challenge, so a card that
  // needs one fails authentication_required, as with error_on_requires_action.
  bool offSession = false;
  if (const std::string* o = param(p, "off_session")) {
    if (*o != "true" && *o != "false" && *o != "one_off" && *o != "recurring")
      return invalid("Invalid off_session: must be a boolean, one_off or recurring", "",
                     "off_session");
    offSession = *o != "false";
    if (offSession && !confirm)
      return invalid("You can only set off_session when confirm is true.", "", "off_session");
  }
  const std::string* setupFutureUsage = param(p, "setup_future_usage");
  if (setupFutureUsage && *setupFutureUsage != "on_session" && *setupFutureUsage != "off_session")
    return invalid("Invalid setup_future_usage: must be one of on_session or off_session", "",
                   "setup_future_usage");
  const std::string* returnUrl = param(p, "return_url");
  if (returnUrl && !confirm)
    return invalid("You cannot set return_url unless confirm is true.", "", "return_url");
  if (param(p, "payment_method"))
    return invalid("This emulator takes card details as payment_method_data only.",
                   "resource_missing", "payment_method");
  const std::string* pmType = param(p, "payment_method_data[type]");
  const std::string* number = param(p, "payment_method_data[card][number]");
  if (pmType && *pmType != "card")
    return invalid("Invalid payment_method_data[type]: this emulator supports card only.", "",
                   "payment_method_data[type]");
  if (pmType && !number)
    return invalid("Missing required param: payment_method_data[card][number].",
                   "parameter_missing", "payment_method_data[card][number]");
  if (!pmType && number)
    return invalid("Missing required param: payment_method_data[type].", "parameter_missing",
                   "payment_method_data[type]");
  if (confirm && !number)
    return invalid(
        "You cannot confirm this PaymentIntent because it's missing a payment method. To confirm "
        "the PaymentIntent, add payment_method or payment_method_data.",
        "payment_intent_unexpected_state");
  if (intents_.size() + refunds_.size() >= capacity_)
    return error(500, "api_error", "The emulator's ledger is full.");

  IntentRecord pi;
  pi.id = newId("pi_");
  pi.account = ctx.account;
  pi.idempotencyKey = ctx.idempotencyKey;
  pi.clientSecret = pi.id + "_secret_" + newId("").substr(0, 24);
  pi.amount = *amount;
  pi.currency = *currency;
  pi.captureMethod = captureMethod;
  pi.created = now();
  pi.metadata = metadataOf(p);
  if (const std::string* d = param(p, "description")) pi.description = *d;
  if (const std::string* s = param(p, "statement_descriptor_suffix"))
    pi.statementDescriptorSuffix = *s;

  if (!confirm) {
    pi.status = number ? "requires_confirmation" : "requires_payment_method";
    if (number) pi.paymentMethod = newId("pm_");
    std::string id = pi.id;
    intentOrder_.push_back(id);
    auto& stored = intents_.emplace(id, std::move(pi)).first->second;
    return jsonReply(200, json::serialize(intentJson(stored)));
  }

  // Confirmation: what the issuer (and Stripe's own checks) say about this card.
  std::optional<CardDecline> decline;
  const std::string* expMonth = param(p, "payment_method_data[card][exp_month]");
  const std::string* expYear = param(p, "payment_method_data[card][exp_year]");
  const std::string* cvc = param(p, "payment_method_data[card][cvc]");
  auto month = expMonth ? parseInt(*expMonth) : std::nullopt;
  auto year = expYear ? parseInt(*expYear) : std::nullopt;
  if (!expMonth)
    return invalid("Missing required param: payment_method_data[card][exp_month].",
                   "parameter_missing", "payment_method_data[card][exp_month]");
  if (!expYear)
    return invalid("Missing required param: payment_method_data[card][exp_year].",
                   "parameter_missing", "payment_method_data[card][exp_year]");
  decline = declineForCard(*number);
  if (!decline && (!month || *month < 1 || *month > 12))
    decline = CardDecline{"invalid_expiry_month", "", "Your card's expiration month is invalid."};
  if (!decline && (!year || *year < 2000 || *year > 2099))
    decline = CardDecline{"invalid_expiry_year", "", "Your card's expiration year is invalid."};
  if (!decline && expiredCard(*month, *year))
    decline = CardDecline{"expired_card", "expired_card", "Your card has expired."};
  if (!decline && cvc &&
      (cvc->size() < 3 || cvc->size() > 4 ||
       !std::all_of(cvc->begin(), cvc->end(), [](char c) { return c >= '0' && c <= '9'; })))
    decline = CardDecline{"invalid_cvc", "", "Your card's security code is invalid."};
  // 3-D Secure: a card that needs authentication goes to the challenge unless the confirm asked
  // for an error instead; a card that supports it is authenticated frictionless when asked to.
  const ThreeDsSupport threeDs = threeDsForCard(*number);
  bool challenge = false;
  if (!decline && (threeDs == ThreeDsSupport::kRequired ||
                   (threeDs == ThreeDsSupport::kSupported && request3ds && *request3ds == "challenge"))) {
    if (errorOnRequiresAction || offSession) {
      decline = authenticationRequired();
    } else {
      challenge = true;
    }
  } else if (!decline && threeDs == ThreeDsSupport::kSupported && request3ds &&
             *request3ds == "any") {
    pi.threeDsFlow = "frictionless";
    pi.threeDsResult = "authenticated";
  }
  if (ctx.declineAll) decline = doNotHonor();
  pi.brand = std::string(cardBrand(*number));
  pi.last4 = std::string(lastFour(*number));
  pi.expMonth = month.value_or(0);
  pi.expYear = year.value_or(0);
  if (returnUrl) pi.returnUrl = *returnUrl;
  if (setupFutureUsage) pi.setupFutureUsage = *setupFutureUsage;

  pi.latestCharge = newId("ch_");
  if (!decline && challenge) {
    pi.paymentMethod = newId("pm_");
    pi.status = "requires_action";
    pi.challengePending = true;
    pi.challengeUrl = ctx.baseUrl + "/3ds/challenge/" + pi.id;
  } else if (decline) {
    pi.status = "requires_payment_method";
    pi.errorCode = std::string(decline->code);
    pi.errorDeclineCode = std::string(decline->declineCode);
    pi.errorMessage = std::string(decline->message);
  } else {
    pi.paymentMethod = newId("pm_");
    pi.everAuthorized = true;
    if (captureMethod == "manual") {
      pi.status = "requires_capture";
      pi.amountCapturable = pi.amount;
    } else {
      pi.status = "succeeded";
      pi.amountReceived = pi.amount;
      ++captureCount_;
    }
  }
  std::string id = pi.id;
  intentOrder_.push_back(id);
  const IntentRecord& stored = intents_.emplace(id, std::move(pi)).first->second;
  if (!decline) return jsonReply(200, json::serialize(intentJson(stored, expandsCharge(p))));
  json::object e = errorObject("card_error", decline->message, decline->code, {});
  if (!decline->declineCode.empty()) e["decline_code"] = decline->declineCode;
  e["charge"] = stored.latestCharge;
  e["payment_intent"] = intentJson(stored);
  return jsonReply(402, json::serialize(json::object{{"error", std::move(e)}}));
}

// Runs under mu_.
Reply StripeApi::doCapture(const CallContext& ctx, std::string_view intentId,
                           std::string_view body) {
  auto form = decodeForm(body);
  if (!form) return invalid("Invalid request body: not application/x-www-form-urlencoded.");
  if (const std::string* k = unknownParam(*form, kCaptureParams))
    return invalid("Received unknown parameter: " + *k, "parameter_unknown", *k);
  IntentRecord* pi = findIntent(ctx.account, intentId);
  if (!pi) return noSuchIntent(intentId);
  if (pi->status != "requires_capture")
    return invalid("This PaymentIntent could not be captured because it has a status of " +
                       pi->status +
                       ". Only a PaymentIntent with one of the following statuses "
                       "may be captured: requires_capture.",
                   "payment_intent_unexpected_state");
  int64_t amount = pi->amountCapturable;
  if (const std::string* a = param(*form, "amount_to_capture")) {
    auto v = parseInt(*a);
    if (!v) return invalidInteger("amount_to_capture", *a);
    if (*v < 1)
      return invalid("This value must be greater than or equal to 1.", "parameter_invalid_integer",
                     "amount_to_capture");
    if (*v > pi->amountCapturable)
      return invalid("The amount to capture (" + *a + ") is greater than the amount capturable (" +
                         std::to_string(pi->amountCapturable) + ").",
                     "amount_too_large", "amount_to_capture");
    if (auto bad = checkAmountForCurrency(*v, pi->currency, "amount_to_capture"))
      return std::move(*bad);
    amount = *v;
  }
  pi->amountReceived = amount;
  pi->amountCapturable = 0;  // the rest is released
  pi->status = "succeeded";
  for (auto& entry : metadataOf(*form)) {  // no structured binding: clang 14 cannot capture one
    const std::string& k = entry.first;
    auto it = std::find_if(pi->metadata.begin(), pi->metadata.end(),
                           [&](const auto& e) { return e.first == k; });
    if (it != pi->metadata.end()) {
      it->second = entry.second;
    } else {
      pi->metadata.emplace_back(k, entry.second);
    }
  }
  ++captureCount_;
  return jsonReply(200, json::serialize(intentJson(*pi)));
}

// Runs under mu_.
Reply StripeApi::doCancel(const CallContext& ctx, std::string_view intentId,
                          std::string_view body) {
  auto form = decodeForm(body);
  if (!form) return invalid("Invalid request body: not application/x-www-form-urlencoded.");
  if (const std::string* k = unknownParam(*form, kCancelParams))
    return invalid("Received unknown parameter: " + *k, "parameter_unknown", *k);
  IntentRecord* pi = findIntent(ctx.account, intentId);
  if (!pi) return noSuchIntent(intentId);
  std::string reason;
  if (const std::string* r = param(*form, "cancellation_reason")) {
    if (*r != "abandoned" && *r != "duplicate" && *r != "fraudulent" &&
        *r != "requested_by_customer")
      return invalid(
          "Invalid cancellation_reason: must be one of abandoned, duplicate, "
          "fraudulent, or requested_by_customer",
          "", "cancellation_reason");
    reason = *r;
  }
  if (pi->status == "succeeded" || pi->status == "canceled")
    return invalid("You cannot cancel this PaymentIntent because it has a status of " + pi->status +
                       ". Only a PaymentIntent with one of the following statuses "
                       "may be canceled: requires_payment_method, requires_capture, "
                       "requires_confirmation, requires_action, processing.",
                   "payment_intent_unexpected_state");
  pi->status = "canceled";
  pi->amountCapturable = 0;
  pi->canceledAt = now();
  pi->cancellationReason = reason;
  ++cancelCount_;
  return jsonReply(200, json::serialize(intentJson(*pi)));
}

// Runs under mu_.
Reply StripeApi::doRefund(const CallContext& ctx, std::string_view body) {
  auto form = decodeForm(body);
  if (!form) return invalid("Invalid request body: not application/x-www-form-urlencoded.");
  const FormParams& p = *form;
  if (const std::string* k = unknownParam(p, kRefundParams))
    return invalid("Received unknown parameter: " + *k, "parameter_unknown", *k);
  const std::string* piId = param(p, "payment_intent");
  const std::string* chargeId = param(p, "charge");
  IntentRecord* pi = nullptr;
  if (piId) {
    pi = findIntent(ctx.account, *piId);
    if (!pi)
      return invalid("No such payment_intent: '" + *piId + "'", "resource_missing",
                     "payment_intent");
  } else if (chargeId) {
    for (auto& [id, record] : intents_)
      if (record.account == ctx.account && record.latestCharge == *chargeId) pi = &record;
    if (!pi) return invalid("No such charge: '" + *chargeId + "'", "resource_missing", "charge");
  } else {
    return invalid(
        "One of the following params should be provided for this request: "
        "payment_intent or charge.",
        "parameter_missing");
  }
  if (pi->status != "succeeded")
    return invalid("This PaymentIntent does not have a successful charge to refund.",
                   "charge_not_refundable", "payment_intent");
  int64_t remaining = pi->amountReceived - pi->amountRefunded;
  if (remaining <= 0)
    return invalid("Charge " + pi->latestCharge + " has already been refunded.",
                   "charge_already_refunded");
  int64_t amount = remaining;
  if (const std::string* a = param(p, "amount")) {
    auto v = parseInt(*a);
    if (!v) return invalidInteger("amount", *a);
    if (*v < 1)
      return invalid("This value must be greater than or equal to 1.", "parameter_invalid_integer",
                     "amount");
    if (*v > remaining)
      return invalid("Refund amount (" + *a + ") is greater than unrefunded amount on charge (" +
                         std::to_string(remaining) + ")",
                     "amount_too_large", "amount");
    if (auto bad = checkAmountForCurrency(*v, pi->currency, "amount")) return std::move(*bad);
    amount = *v;
  }
  std::string reason;
  if (const std::string* r = param(p, "reason")) {
    if (*r != "duplicate" && *r != "fraudulent" && *r != "requested_by_customer")
      return invalid(
          "Invalid reason: must be one of duplicate, fraudulent, or "
          "requested_by_customer",
          "", "reason");
    reason = *r;
  }
  if (intents_.size() + refunds_.size() >= capacity_)
    return error(500, "api_error", "The emulator's ledger is full.");
  RefundRecord r;
  r.id = newId("re_");
  r.account = ctx.account;
  r.paymentIntent = pi->id;
  r.charge = pi->latestCharge;
  r.currency = pi->currency;
  r.reason = reason;
  r.amount = amount;
  r.created = now();
  r.metadata = metadataOf(p);
  pi->amountRefunded += amount;
  refunds_.push_back(std::move(r));
  return jsonReply(200, json::serialize(refundJson(refunds_.back())));
}

Reply StripeApi::getPaymentIntent(const CallContext& ctx, std::string_view intentId,
                                  const FormParams& query) const {
  for (const auto& [k, v] : query)
    if (topLevelName(k) != "client_secret" && topLevelName(k) != "expand")
      return invalid("Received unknown parameter: " + k, "parameter_unknown", k);
  std::lock_guard lock(mu_);
  const IntentRecord* pi = findIntent(ctx.account, intentId);
  if (!pi) return noSuchIntent(intentId);
  return jsonReply(200, json::serialize(intentJson(*pi, expandsCharge(query))));
}

Reply StripeApi::searchPaymentIntents(const CallContext& ctx, const FormParams& query) const {
  for (const auto& [k, v] : query)
    if (k != "query" && k != "limit" && k != "page" && topLevelName(k) != "expand")
      return invalid("Received unknown parameter: " + k, "parameter_unknown", k);
  const std::string* q = param(query, "query");
  if (!q) return invalid("Missing required param: query.", "parameter_missing", "query");
  auto clause = parseMetadataQuery(*q);
  if (!clause)
    return invalid("This emulator's search supports only metadata['key']:'value' queries.",
                   "parameter_invalid_string", "query");
  json::array data;
  std::lock_guard lock(mu_);
  for (auto it = intentOrder_.rbegin(); it != intentOrder_.rend(); ++it) {
    const IntentRecord& pi = intents_.at(*it);
    if (pi.account != ctx.account) continue;
    for (const auto& [k, v] : pi.metadata)
      if (k == clause->first && v == clause->second) data.push_back(intentJson(pi));
  }
  json::object o{{"object", "search_result"},
                 {"data", std::move(data)},
                 {"has_more", false},
                 {"next_page", nullptr},
                 {"url", "/v1/payment_intents/search"}};
  return jsonReply(200, json::serialize(o));
}

Reply StripeApi::listRefunds(const CallContext& ctx, const FormParams& query) const {
  int64_t limit = 10;
  for (const auto& [k, v] : query) {
    std::string_view name = topLevelName(k);
    if (name != "payment_intent" && name != "charge" && name != "limit" && name != "expand" &&
        name != "created" && name != "starting_after" && name != "ending_before")
      return invalid("Received unknown parameter: " + k, "parameter_unknown", k);
  }
  if (const std::string* l = param(query, "limit")) {
    auto v = parseInt(*l);
    if (!v || *v < 1 || *v > 100)
      return invalid("Invalid limit: must be an integer between 1 and 100.", "", "limit");
    limit = *v;
  }
  const std::string* piId = param(query, "payment_intent");
  const std::string* chargeId = param(query, "charge");
  std::lock_guard lock(mu_);
  if (piId && !findIntent(ctx.account, *piId))
    return error(404, "invalid_request_error", "No such payment_intent: '" + *piId + "'",
                 "resource_missing", "payment_intent");
  json::array data;
  bool more = false;
  for (auto it = refunds_.rbegin(); it != refunds_.rend(); ++it) {
    if (it->account != ctx.account) continue;
    if (piId && it->paymentIntent != *piId) continue;
    if (chargeId && it->charge != *chargeId) continue;
    if (static_cast<int64_t>(data.size()) == limit) {
      more = true;
      break;
    }
    data.push_back(refundJson(*it));
  }
  json::object o{
      {"object", "list"}, {"data", std::move(data)}, {"has_more", more}, {"url", "/v1/refunds"}};
  return jsonReply(200, json::serialize(o));
}

Reply StripeApi::ledger() const {
  std::lock_guard lock(mu_);
  json::array rows;
  int64_t charges = 0, declines = 0;
  for (const std::string& id : intentOrder_) {
    const IntentRecord& pi = intents_.at(id);
    if (pi.everAuthorized) ++charges;
    if (!pi.errorCode.empty()) ++declines;
    json::object row{{"id", pi.id},
                     {"status", pi.status},
                     {"currency", pi.currency},
                     {"amount", pi.amount},
                     {"authorized", pi.everAuthorized ? pi.amount : 0},
                     {"captured", pi.amountReceived},
                     {"refunded", pi.amountRefunded},
                     {"description", pi.description},
                     {"metadata", metadataJson(pi.metadata)}};
    if (!pi.errorCode.empty()) {
      row["code"] = pi.errorCode;
      row["decline_code"] = pi.errorDeclineCode;
    }
    rows.push_back(std::move(row));
  }
  json::object o{
      {"payment_intents", std::move(rows)}, {"chargeCount", charges},
      {"declineCount", declines},           {"captureCount", captureCount_},
      {"cancelCount", cancelCount_},        {"refundCount", static_cast<int64_t>(refunds_.size())}};
  return jsonReply(200, json::serialize(o));
}

}  // namespace sy::sandbox::stripe

namespace sy::sandbox::stripe {

http::Response StripeApi::challengePage(std::string_view intentId) const {
  std::lock_guard lock(mu_);
  auto it = intents_.find(std::string(intentId));
  if (it == intents_.end() || !it->second.challengePending) return challengeNotFound();
  const IntentRecord& pi = it->second;
  const std::string action = "/3ds/challenge/" + pi.id;
  // Stripe's minor units equal ISO 4217's for the currencies the demo uses; the page only shows it.
  ChallengeView view{"Stripe", action, displayAmount(pi.amount, pi.currency), pi.last4};
  return sandbox::challengePage(view);
}

http::Response StripeApi::decideChallenge(std::string_view intentId, std::string_view body) {
  std::optional<bool> approved = challengeApproved(body);
  std::lock_guard lock(mu_);
  auto it = intents_.find(std::string(intentId));
  if (it == intents_.end() || !approved) return challengeNotFound();
  IntentRecord& pi = it->second;
  if (pi.challengePending) {
    pi.challengePending = false;
    pi.threeDsFlow = "challenge";
    if (*approved) {
      pi.threeDsResult = "authenticated";
      pi.everAuthorized = true;
      if (pi.captureMethod == "manual") {
        pi.status = "requires_capture";
        pi.amountCapturable = pi.amount;
      } else {
        pi.status = "succeeded";
        pi.amountReceived = pi.amount;
        ++captureCount_;
      }
    } else {
      pi.threeDsResult = "failed";
      pi.status = "requires_payment_method";
      pi.errorCode = "payment_intent_authentication_failure";
      pi.errorMessage =
          "The provided PaymentMethod has failed authentication. You can provide "
          "payment_method_data or a new PaymentMethod to attempt to fulfill this PaymentIntent "
          "again.";
    }
  } else if (pi.threeDsResult.empty()) {
    return challengeNotFound();  // never challenged
  }
  // Stripe appends the PaymentIntent to the return_url.
  std::string back = pi.returnUrl;
  if (!back.empty()) back += (back.find('?') == std::string::npos ? "?" : "&") + std::string("payment_intent=") + pi.id;
  return challengeFinished(back, pi.threeDsResult == "authenticated");
}

}  // namespace sy::sandbox::stripe
