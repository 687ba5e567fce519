#include "connectors/stripe/transformers.h"

#include <algorithm>
#include <array>
#include <boost/json/object.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/value.hpp>
#include <cctype>
#include <charconv>

#include "common/money.h"

namespace sy::connectors::stripe {
namespace json = boost::json;
using domain::DeclineCode;
using domain::PaymentStatus;
using domain::ReasonType;
using domain::StatusReason;
namespace {

constexpr std::array<std::string_view, 16> kZeroDecimal = {"BIF", "CLP", "DJF", "GNF", "JPY", "KMF",
                                                           "KRW", "MGA", "PYG", "RWF", "UGX", "VND",
                                                           "VUV", "XAF", "XOF", "XPF"};
constexpr std::array<std::string_view, 5> kThreeDecimal = {"BHD", "JOD", "KWD", "OMR", "TND"};

std::string upper(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return out;
}
std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

int64_t pow10(int n) {
  int64_t v = 1;
  while (n-- > 0) v *= 10;
  return v;
}

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
  if (v && v->is_uint64() && v->get_uint64() <= INT64_MAX)
    return static_cast<int64_t>(v->get_uint64());
  return std::nullopt;
}

const json::object* objectField(const json::object& o, std::string_view key) {
  const json::value* v = o.if_contains(key);
  return v && v->is_object() ? &v->as_object() : nullptr;
}

std::optional<int> parseInt(std::string_view s) {
  int v = 0;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || end != s.data() + s.size()) return std::nullopt;
  return v;
}

CallResult failed(ReasonType type, std::string code, std::string message, PaymentStatus status) {
  StatusReason r;
  r.type = type;
  r.processorCode = std::move(code);
  r.message = std::move(message);
  CallResult result;
  result.outcome = CallOutcome::kFailed;
  result.status = status;
  result.reason = std::move(r);
  return result;
}

// The raw code of a Stripe error or last_payment_error: decline_code when present, else code.
std::string rawCode(const json::object& e) {
  std::string code = stringField(e, "decline_code");
  return code.empty() ? stringField(e, "code") : code;
}

// A card_error (402, or a PaymentIntent's last_payment_error) as a CallResult.
CallResult cardError(const json::object& e) {
  CallResult r;
  r.reason = cardErrorReason(rawCode(e), stringField(e, "message"));
  if (r.reason->type == ReasonType::kIssuerDeclined) {
    r.outcome = CallOutcome::kDeclined;
    r.status = PaymentStatus::kDeclined;
  } else {
    r.outcome = CallOutcome::kFailed;
    r.status = PaymentStatus::kFailed;
  }
  if (const json::object* pi = objectField(e, "payment_intent"))
    r.processorTransactionId = stringField(*pi, "id");
  return r;
}

// payment_method_details.card.three_d_secure of an expanded latest_charge, in Primer's terms.
std::optional<ThreeDsOutcome> threeDsOf(const json::object& pi) {
  const json::object* charge = objectField(pi, "latest_charge");
  const json::object* details = charge ? objectField(*charge, "payment_method_details") : nullptr;
  const json::object* card = details ? objectField(*details, "card") : nullptr;
  const json::object* tds = card ? objectField(*card, "three_d_secure") : nullptr;
  if (!tds) return std::nullopt;
  ThreeDsOutcome t;
  const std::string result = stringField(*tds, "result");
  t.protocolVersion = stringField(*tds, "version");
  const std::string flow = stringField(*tds, "authentication_flow");
  if (!flow.empty()) t.challengeIssued = flow == "challenge";
  if (result == "authenticated" || result == "attempt_acknowledged") {
    t.responseCode = "AUTH_SUCCESS";
  } else if (result == "failed") {
    t.responseCode = "AUTH_FAILED";
    t.reasonCode = "CARD_AUTHENTICATION_FAILED";
  } else if (result == "exempted") {
    t.responseCode = "SKIPPED";
    t.reasonCode = "EXEMPTION_ACCEPTED";
  } else if (result == "not_supported") {
    t.responseCode = "SKIPPED";
    t.reasonCode = "NOT_SUPPORTED_BY_ISSUER";
  } else if (result == "processing_error") {
    t.responseCode = "SKIPPED";
    t.reasonCode = "3DS_SERVER_ERROR";
  } else {
    return std::nullopt;
  }
  t.reasonText = stringField(*tds, "result_reason");
  return t;
}

// Maps a PaymentIntent object; nullopt when it lacks what every PaymentIntent has.
std::optional<CallResult> paymentIntentResult(const json::object& pi) {
  std::string id = stringField(pi, "id");
  std::string status = stringField(pi, "status");
  std::string currency = stringField(pi, "currency");
  auto received = intField(pi, "amount_received");
  if (id.empty() || status.empty() || currency.empty() ||
      stringField(pi, "object") != "payment_intent")
    return std::nullopt;
  CallResult r;
  if (status == "requires_capture") {
    r.outcome = CallOutcome::kSucceeded;
    r.status = PaymentStatus::kAuthorized;
  } else if (status == "succeeded") {
    r.outcome = CallOutcome::kSucceeded;
    r.status = PaymentStatus::kSettled;
  } else if (status == "canceled") {
    r.outcome = CallOutcome::kSucceeded;
    r.status = PaymentStatus::kCancelled;
  } else if (status == "processing") {
    r = unknownOutcome("the payment is still processing at Stripe");
  } else if (const json::object* e = objectField(pi, "last_payment_error");
             e && status == "requires_payment_method") {
    r = cardError(*e);
    if (stringField(*e, "code") == "payment_intent_authentication_failure") {
      ThreeDsOutcome failed3ds;
      failed3ds.responseCode = "AUTH_FAILED";
      failed3ds.reasonCode = "CARD_AUTHENTICATION_FAILED";
      failed3ds.challengeIssued = true;
      r.threeDSecure = failed3ds;
    }
  } else if (const json::object* next = objectField(pi, "next_action");
             next && status == "requires_action" &&
             stringField(*next, "type") == "redirect_to_url" &&
             objectField(*next, "redirect_to_url") &&
             !stringField(*objectField(*next, "redirect_to_url"), "url").empty()) {
    // The customer must authenticate (3-D Secure) at this URL before Stripe authorizes.
    r.outcome = CallOutcome::kSucceeded;
    r.status = PaymentStatus::kPending;
    r.challengeUrl = stringField(*objectField(*next, "redirect_to_url"), "url");
  } else {
    r = failed(ReasonType::kGatewayRejected, status,
               "the PaymentIntent was left in status " + status, PaymentStatus::kFailed);
  }
  if (auto tds = threeDsOf(pi)) r.threeDSecure = std::move(tds);
  r.processorTransactionId = std::move(id);
  r.amountCaptured = fromStripeAmount(received.value_or(0), currency);
  return r;
}

// A non-2xx answer. `forAuthorization`: a refused authorization means the sale failed; a refused
// capture says nothing about the sale's status.
CallResult errorResult(unsigned httpStatus, std::string_view body, bool forAuthorization) {
  auto o = parseObject(body);
  const json::object* e = o ? objectField(*o, "error") : nullptr;
  std::string type = e ? stringField(*e, "type") : std::string();
  if (httpStatus >= 500)
    return unknownOutcome("Stripe answered HTTP " + std::to_string(httpStatus) +
                          (type.empty() ? "" : " " + type));
  // The key was used for another request, or is still in flight: only an inquiry can tell.
  if (type == "idempotency_error")
    return unknownOutcome("Stripe refused the Idempotency-Key (" + stringField(*e, "message") +
                          ")");
  if (httpStatus == 409 || httpStatus == 429)
    return unknownOutcome("Stripe answered HTTP " + std::to_string(httpStatus));
  if (httpStatus < 400 || !e)
    return unknownOutcome("unexpected HTTP " + std::to_string(httpStatus));
  if (type == "card_error") return cardError(*e);
  std::string message = stringField(*e, "message");
  std::string param = stringField(*e, "param");
  if (!param.empty()) message += " (param: " + param + ")";
  std::string code = stringField(*e, "code");
  if (code.empty()) code = type.empty() ? "http_" + std::to_string(httpStatus) : type;
  CallResult r = failed(ReasonType::kGatewayRejected, std::move(code), std::move(message),
                        forAuthorization ? PaymentStatus::kFailed : PaymentStatus::kPending);
  if (const json::object* pi = objectField(*e, "payment_intent"))
    r.processorTransactionId = stringField(*pi, "id");
  return r;
}

std::optional<CallResult> refundResult(const json::object& re) {
  std::string id = stringField(re, "id");
  std::string currency = stringField(re, "currency");
  auto amount = intField(re, "amount");
  if (id.empty() || currency.empty() || !amount || stringField(re, "object") != "refund")
    return std::nullopt;
  std::string status = stringField(re, "status");
  CallResult r;
  if (status == "succeeded" || status == "pending") {
    r.outcome = CallOutcome::kSucceeded;
  } else if (status == "failed" || status == "canceled") {
    r = failed(ReasonType::kGatewayRejected, stringField(re, "failure_reason"),
               "the refund " + status, PaymentStatus::kPending);
  } else {
    return std::nullopt;
  }
  r.status = PaymentStatus::kPending;  // a refund says nothing certain about the sale's status
  const json::value* pi = re.if_contains("payment_intent");
  if (pi && pi->is_string()) r.processorTransactionId = std::string(pi->get_string());
  r.processorOperationId = std::move(id);
  r.amountRefunded = fromStripeAmount(*amount, currency);
  return r;
}

CallResult notFound() {
  CallResult r;
  r.outcome = CallOutcome::kNotFound;
  return r;
}
}  // namespace

Result<Credentials> credentialsFrom(const SecretString& credentialsJson) {
  auto o = parseObject(credentialsJson.reveal());
  if (!o) return invalidArgument("Stripe credentials must be a JSON object");
  json::value* key = o->if_contains("secretKey");
  if (!key || !key->is_string() || key->get_string().empty())
    return invalidArgument("Stripe credentials need a non-empty string \"secretKey\"");
  Credentials c;
  c.secretKey = SecretString(std::string(key->get_string()));
  std::fill(key->get_string().begin(), key->get_string().end(), '\0');
  if (json::value* acct = o->if_contains("stripeAccount")) {
    if (!acct->is_string())
      return invalidArgument("Stripe credentials: \"stripeAccount\" must be a string");
    c.stripeAccount = std::string(acct->get_string());
  }
  return c;
}

std::string formEscape(std::string_view s, bool isKey) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(s.size());
  for (unsigned char c : s) {
    if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
        c == '_' || c == '.' || c == '~' || (isKey && (c == '[' || c == ']'))) {
      out.push_back(static_cast<char>(c));
    } else {
      out.push_back('%');
      out.push_back(kHex[c >> 4]);
      out.push_back(kHex[c & 15]);
    }
  }
  return out;
}

FormBuilder& FormBuilder::add(std::string_view key, std::string_view value) {
  if (!body_.empty()) body_.push_back('&');
  body_ += formEscape(key, true);
  body_.push_back('=');
  body_ += formEscape(value);
  return *this;
}

FormBuilder& FormBuilder::add(std::string_view key, int64_t value) {
  return add(key, std::string_view(std::to_string(value)));
}

bool isZeroDecimal(std::string_view currency) {
  std::string c = upper(currency);
  return std::find(kZeroDecimal.begin(), kZeroDecimal.end(), c) != kZeroDecimal.end();
}

bool isThreeDecimal(std::string_view currency) {
  std::string c = upper(currency);
  return std::find(kThreeDecimal.begin(), kThreeDecimal.end(), c) != kThreeDecimal.end();
}

int stripeExponent(std::string_view currency, int isoExponent) {
  if (isZeroDecimal(currency)) return 0;
  if (isThreeDecimal(currency)) return 3;
  if (upper(currency) == "ISK") return 2;
  (void)isoExponent;
  return 2;
}

Result<int64_t> toStripeAmount(int64_t amount, std::string_view currency, int isoExponent) {
  if (amount <= 0) return invalidArgument("amount must be positive");
  int exp = stripeExponent(currency, isoExponent);
  int64_t stripe = amount;
  if (exp > isoExponent) {
    int64_t f = pow10(exp - isoExponent);
    if (amount > INT64_MAX / f) return invalidArgument("amount too large");
    stripe = amount * f;
  } else if (exp < isoExponent) {
    int64_t f = pow10(isoExponent - exp);
    if (amount % f != 0)
      return invalidArgument("Stripe charges " + upper(currency) +
                             " in whole units: the amount must be a multiple of " +
                             std::to_string(f));
    stripe = amount / f;
  }
  if (exp == 3 && stripe % 10 != 0)
    return invalidArgument("Stripe requires " + upper(currency) +
                           " amounts (three-decimal) to be a multiple of 10");
  return stripe;
}

int64_t fromStripeAmount(int64_t amount, std::string_view currency) {
  auto iso = findCurrency(upper(currency));
  if (!iso) return amount;
  int exp = stripeExponent(currency, iso->exponent);
  if (exp > iso->exponent) return amount / pow10(exp - iso->exponent);
  if (exp < iso->exponent) return amount * pow10(iso->exponent - exp);
  return amount;
}

Result<SecretString> authorizeBody(const AuthorizeRequest& req) {
  auto month = parseInt(req.card.expirationMonth);
  auto year = parseInt(req.card.expirationYear);
  if (!month || *month < 1 || *month > 12)
    return invalidArgument("card expiration month must be 1..12");
  if (year && req.card.expirationYear.size() == 2) *year += 2000;
  if (!year || *year < 2000 || *year > 2099)
    return invalidArgument("card expiration year must be 2000..2099");
  if (req.currencyCode.size() != 3) return invalidArgument("currency code must be 3 letters");
  auto amount = toStripeAmount(req.amount, req.currencyCode, req.currencyExponent);
  if (!amount) return amount.status();

  FormBuilder f;
  f.add("amount", *amount)
      .add("currency", lower(req.currencyCode))
      .add("capture_method", req.capture ? "automatic" : "manual")
      .add("confirm", "true");
  // Stored credentials: a charge without the customer present, or the first of a series whose
  // card is kept for later ones (Stripe: off_session / setup_future_usage).
  if (merchantInitiated(req.paymentType)) f.add("off_session", "true");
  else if (req.paymentType == PaymentType::kFirstPayment) f.add("setup_future_usage", "off_session");
  if (merchantInitiated(req.paymentType)) {
    // No customer to authenticate: off_session alone makes Stripe fail an attempt that would
    // need one (authentication_required) instead of waiting for an action.
  } else if (req.threeDSecure == ThreeDsMode::kProcessor) {
    // Stripe authenticates the customer when the card supports it; a challenge answers
    // requires_action with next_action.redirect_to_url. The charge is expanded for its result.
    f.add("payment_method_options[card][request_three_d_secure]", "any");
    if (!req.returnUrl.empty()) f.add("return_url", req.returnUrl);
    f.add("expand[0]", "latest_charge");
  } else {
    f.add("error_on_requires_action", "true");
  }
  f.add("payment_method_types[0]", "card")
      .add("payment_method_data[type]", "card")
      .add("payment_method_data[card][number]", req.card.number.reveal())
      .add("payment_method_data[card][exp_month]", int64_t{*month})
      .add("payment_method_data[card][exp_year]", int64_t{*year});
  if (!req.card.cvv.empty()) f.add("payment_method_data[card][cvc]", req.card.cvv.reveal());
  if (!req.card.cardholderName.empty())
    f.add("payment_method_data[billing_details][name]", req.card.cardholderName);
  if (!req.orderId.empty()) f.add("description", req.orderId);
  if (!req.descriptor.empty())
    f.add("statement_descriptor_suffix", std::string_view(req.descriptor).substr(0, 22));
  if (!req.orderId.empty()) f.add("metadata[order_id]", req.orderId);
  f.add("metadata[sy_attempt_key]", req.attemptKey);
  return SecretString(f.take());
}

Result<std::string> captureBody(const CaptureRequest& req) {
  auto amount = toStripeAmount(req.amount, req.currencyCode, req.currencyExponent);
  if (!amount) return amount.status();
  FormBuilder f;
  f.add("amount_to_capture", *amount);
  return f.take();
}

std::string cancelBody(const CancelRequest&) {
  return {};
}

Result<std::string> refundBody(const RefundRequest& req) {
  auto amount = toStripeAmount(req.amount, req.currencyCode, req.currencyExponent);
  if (!amount) return amount.status();
  FormBuilder f;
  f.add("payment_intent", req.processorTransactionId).add("amount", *amount);
  // Stripe's reason is an enum; anything else travels as metadata.
  if (req.reason == "duplicate" || req.reason == "fraudulent" ||
      req.reason == "requested_by_customer") {
    f.add("reason", req.reason);
  } else if (!req.reason.empty()) {
    f.add("metadata[reason]", req.reason);
  }
  f.add("metadata[sy_attempt_key]", req.attemptKey);
  return f.take();
}

std::string attemptSearchQuery(std::string_view attemptKey) {
  std::string q = "metadata['" + std::string(kAttemptKeyMetadata) + "']:'";
  for (char c : attemptKey) {
    if (c == '\'' || c == '\\') q.push_back('\\');
    q.push_back(c);
  }
  q += "'";
  return q;
}

std::string authenticatedIntentPath(std::string_view id) {
  return paymentIntentPath(id) + "?expand%5B0%5D=latest_charge";
}

std::string paymentIntentPath(std::string_view id, std::string_view action) {
  std::string path = "/v1/payment_intents/" + formEscape(id);
  if (!action.empty()) path += "/" + std::string(action);
  return path;
}

std::string searchPath(std::string_view attemptKey) {
  return "/v1/payment_intents/search?query=" + formEscape(attemptSearchQuery(attemptKey));
}

std::string refundListPath(std::string_view paymentIntentId) {
  return "/v1/refunds?limit=100&payment_intent=" + formEscape(paymentIntentId);
}

StatusReason declineReason(std::string_view code, std::string message) {
  struct Row {
    std::string_view raw;
    DeclineCode mapped;
  };
  // Stripe's documented decline codes (docs "Declines > Decline codes") -> Primer's
  // TransactionDeclineReasonV2Enum.
  static constexpr Row kTable[] = {
      {"do_not_honor", DeclineCode::kDoNotHonor},
      {"insufficient_funds", DeclineCode::kInsufficientFunds},
      {"expired_card", DeclineCode::kExpiredCard},
      {"incorrect_number", DeclineCode::kInvalidCardNumber},
      {"invalid_number", DeclineCode::kInvalidCardNumber},
      {"invalid_account", DeclineCode::kInvalidCardNumber},
      {"lost_card", DeclineCode::kLostOrStolenCard},
      {"stolen_card", DeclineCode::kLostOrStolenCard},
      {"pickup_card", DeclineCode::kLostOrStolenCard},
      {"restricted_card", DeclineCode::kLostOrStolenCard},
      {"fraudulent", DeclineCode::kSuspectedFraud},
      {"merchant_blacklist", DeclineCode::kSuspectedFraud},
      {"security_violation", DeclineCode::kSuspectedFraud},
      {"card_velocity_exceeded", DeclineCode::kWithdrawalLimitExceeded},
      {"withdrawal_count_limit_exceeded", DeclineCode::kWithdrawalLimitExceeded},
      {"issuer_not_available", DeclineCode::kIssuerTemporarilyUnavailable},
      {"try_again_later", DeclineCode::kIssuerTemporarilyUnavailable},
      {"reenter_transaction", DeclineCode::kIssuerTemporarilyUnavailable},
      {"authentication_required", DeclineCode::kAuthenticationRequired},
      // The customer failed (or refused) the 3-D Secure challenge.
      {"payment_intent_authentication_failure", DeclineCode::kAuthenticationRequired},
      {"offline_pin_required", DeclineCode::kAuthenticationRequired},
      {"online_or_offline_pin_required", DeclineCode::kAuthenticationRequired},
      {"call_issuer", DeclineCode::kReferToCardIssuer},
      {"approve_with_id", DeclineCode::kReferToCardIssuer},
      {"generic_decline", DeclineCode::kDeclined},
      {"card_declined", DeclineCode::kDeclined},
      {"do_not_try_again", DeclineCode::kDeclined},
      {"incorrect_cvc", DeclineCode::kDeclined},
      {"invalid_cvc", DeclineCode::kDeclined},
      {"incorrect_zip", DeclineCode::kDeclined},
      {"incorrect_pin", DeclineCode::kDeclined},
      {"invalid_pin", DeclineCode::kDeclined},
      {"pin_try_exceeded", DeclineCode::kDeclined},
      {"invalid_expiry_month", DeclineCode::kDeclined},
      {"invalid_expiry_year", DeclineCode::kDeclined},
      {"invalid_amount", DeclineCode::kDeclined},
      {"card_not_supported", DeclineCode::kDeclined},
      {"currency_not_supported", DeclineCode::kDeclined},
      {"duplicate_transaction", DeclineCode::kDeclined},
      {"new_account_information_available", DeclineCode::kDeclined},
      {"no_action_taken", DeclineCode::kDeclined},
      {"not_permitted", DeclineCode::kDeclined},
      {"service_not_allowed", DeclineCode::kDeclined},
      {"stop_payment_order", DeclineCode::kDeclined},
      {"revocation_of_all_authorizations", DeclineCode::kDeclined},
      {"revocation_of_authorization", DeclineCode::kDeclined},
      {"transaction_not_allowed", DeclineCode::kDeclined},
      {"testmode_decline", DeclineCode::kDeclined},
  };
  DeclineCode mapped = DeclineCode::kUnknown;
  for (const Row& row : kTable) {
    if (row.raw == code) {
      mapped = row.mapped;
      break;
    }
  }
  StatusReason r = domain::issuerDecline(mapped, std::move(message), std::string(code));
  // Wrong card data the cardholder can correct.
  if (code == "incorrect_cvc" || code == "invalid_cvc" || code == "incorrect_zip" ||
      code == "invalid_expiry_month" || code == "invalid_expiry_year" || code == "incorrect_pin" ||
      code == "invalid_pin") {
    r.advisedAction = domain::AdvisedAction::kUpdateData;
  }
  // The issuer says never again for this card.
  if (code == "do_not_try_again" || code == "revocation_of_all_authorizations" ||
      code == "revocation_of_authorization" || code == "stop_payment_order") {
    r.declineType = domain::DeclineType::kHard;
    r.advisedAction = domain::AdvisedAction::kDoNotRetry;
  }
  return r;
}

StatusReason cardErrorReason(std::string_view code, std::string message) {
  if (code == "processing_error") {
    // Stripe: "An error occurred while processing the card. The payment should be attempted
    // again." Nothing was charged; not the issuer's decision.
    StatusReason r;
    r.type = ReasonType::kGatewayRejected;
    r.processorCode = std::string(code);
    r.message = std::move(message);
    r.advisedAction = domain::AdvisedAction::kRetryLater;
    return r;
  }
  return declineReason(code, std::move(message));
}

CallResult fromPaymentIntentResponse(unsigned httpStatus, std::string_view body) {
  if (httpStatus != 200) return errorResult(httpStatus, body, true);
  auto o = parseObject(body);
  std::optional<CallResult> r = o ? paymentIntentResult(*o) : std::nullopt;
  return r ? std::move(*r) : unknownOutcome("unreadable PaymentIntent in the response");
}

CallResult fromRefundResponse(unsigned httpStatus, std::string_view body) {
  if (httpStatus != 200) return errorResult(httpStatus, body, false);
  auto o = parseObject(body);
  std::optional<CallResult> r = o ? refundResult(*o) : std::nullopt;
  return r ? std::move(*r) : unknownOutcome("unreadable refund in the response");
}

CallResult fromSearchResponse(unsigned httpStatus, std::string_view body) {
  if (httpStatus != 200)
    return unknownOutcome("inquiry answered HTTP " + std::to_string(httpStatus));
  auto o = parseObject(body);
  const json::value* data = o ? o->if_contains("data") : nullptr;
  if (!data || !data->is_array()) return unknownOutcome("unreadable search result");
  const auto& items = data->as_array();
  if (items.empty()) return notFound();
  if (items.size() > 1 || !items[0].is_object())
    return unknownOutcome("more than one PaymentIntent carries this attempt key");
  auto r = paymentIntentResult(items[0].as_object());
  return r ? std::move(*r) : unknownOutcome("unreadable PaymentIntent in the search result");
}

CallResult fromRefundListResponse(unsigned httpStatus, std::string_view body,
                                  std::string_view attemptKey) {
  if (httpStatus == 404) return notFound();  // no such PaymentIntent: nothing was refunded on it
  if (httpStatus != 200)
    return unknownOutcome("inquiry answered HTTP " + std::to_string(httpStatus));
  auto o = parseObject(body);
  const json::value* data = o ? o->if_contains("data") : nullptr;
  if (!data || !data->is_array()) return unknownOutcome("unreadable refund list");
  for (const json::value& item : data->as_array()) {
    if (!item.is_object()) continue;
    const json::object* md = objectField(item.as_object(), "metadata");
    if (!md || stringField(*md, kAttemptKeyMetadata) != attemptKey) continue;
    auto r = refundResult(item.as_object());
    return r ? std::move(*r) : unknownOutcome("unreadable refund in the list");
  }
  if (const json::value* more = o->if_contains("has_more");
      more && more->is_bool() && more->get_bool())
    return unknownOutcome("the refund list is longer than one page");
  return notFound();
}

CallResult fromModificationInquiry(unsigned httpStatus, std::string_view body,
                                   InquiryRequest::Kind kind) {
  if (httpStatus == 404) return notFound();
  CallResult r = fromPaymentIntentResponse(httpStatus, body);
  if (httpStatus != 200 || r.outcome == CallOutcome::kUnknown) {
    if (r.outcome != CallOutcome::kUnknown)
      return unknownOutcome("inquiry answered HTTP " + std::to_string(httpStatus));
    return r;
  }
  const PaymentStatus target =
      kind == InquiryRequest::Kind::kCapture ? PaymentStatus::kSettled : PaymentStatus::kCancelled;
  if (r.status == target) {
    r.outcome = CallOutcome::kSucceeded;
    r.reason.reset();
    return r;
  }
  if (r.status == PaymentStatus::kAuthorized) {
    CallResult nf = notFound();
    nf.processorTransactionId = r.processorTransactionId;
    nf.status = r.status;
    return nf;
  }
  CallResult f = failed(ReasonType::kGatewayRejected, "payment_intent_unexpected_state",
                        "the PaymentIntent is in another final state", r.status);
  f.processorTransactionId = r.processorTransactionId;
  f.amountCaptured = r.amountCaptured;
  return f;
}

}  // namespace sy::connectors::stripe
