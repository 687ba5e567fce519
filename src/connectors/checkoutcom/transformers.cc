#include "connectors/checkoutcom/transformers.h"

#include <algorithm>
#include <array>
#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>
#include <charconv>
#include <limits>

#include "common/crypto.h"

namespace sy::connectors::checkoutcom {
namespace json = boost::json;
using domain::DeclineCode;
using domain::PaymentStatus;
using domain::ReasonType;
using domain::StatusReason;
namespace {

std::optional<json::value> parseJson(std::string_view body) {
  boost::system::error_code ec;
  json::value v = json::parse(body, ec);
  if (ec) return std::nullopt;
  return v;
}

std::optional<json::object> parseObject(std::string_view body) {
  auto v = parseJson(body);
  if (!v || !v->is_object()) return std::nullopt;
  return std::move(v->as_object());
}

std::string stringField(const json::object& o, std::string_view key) {
  const json::value* v = o.if_contains(key);
  return v && v->is_string() ? std::string(v->get_string()) : std::string();
}

std::optional<int64_t> intField(const json::object& o, std::string_view key) {
  const json::value* v = o.if_contains(key);
  if (v && v->is_int64()) return v->get_int64();
  if (v && v->is_uint64() && v->get_uint64() <= uint64_t(std::numeric_limits<int64_t>::max()))
    return static_cast<int64_t>(v->get_uint64());
  return std::nullopt;
}

std::optional<bool> boolField(const json::object& o, std::string_view key) {
  const json::value* v = o.if_contains(key);
  if (v && v->is_bool()) return v->get_bool();
  return std::nullopt;
}

std::optional<int> parseInt(std::string_view s) {
  int v = 0;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || end != s.data() + s.size()) return std::nullopt;
  return v;
}

CallResult rejected(unsigned httpStatus, std::string_view body, PaymentStatus status) {
  StatusReason r;
  r.type = ReasonType::kGatewayRejected;
  std::string code;
  std::string errorType;
  if (auto o = parseObject(body)) {
    errorType = stringField(*o, "error_type");
    if (const json::value* codes = o->if_contains("error_codes"); codes && codes->is_array()) {
      std::string all;
      for (const auto& c : codes->as_array()) {
        if (!c.is_string()) continue;
        if (code.empty()) code = std::string(c.get_string());
        if (!all.empty()) all += ", ";
        all += std::string(c.get_string());
      }
      r.message = all;
    }
  }
  if (code.empty()) code = errorType.empty() ? "http_" + std::to_string(httpStatus) : errorType;
  if (r.message.empty()) {
    r.message = httpStatus == 401   ? "unauthorized: the secret key was refused"
                : httpStatus == 403 ? "not allowed in the payment's current state"
                : httpStatus == 404 ? "payment not found"
                                    : "request refused (HTTP " + std::to_string(httpStatus) + ")";
  }
  r.processorCode = std::move(code);
  CallResult result;
  result.outcome = CallOutcome::kFailed;
  result.status = status;
  result.reason = std::move(r);
  return result;
}

bool hasErrorCode(std::string_view body, std::string_view wanted) {
  auto o = parseObject(body);
  if (!o) return false;
  const json::value* codes = o->if_contains("error_codes");
  if (!codes || !codes->is_array()) return false;
  for (const auto& c : codes->as_array())
    if (c.is_string() && c.get_string() == wanted) return true;
  return false;
}

// The shared error handling of every call that changes something. nullopt: a 2xx to map.
std::optional<CallResult> errorResult(unsigned httpStatus, std::string_view body,
                                      bool forAuthorization) {
  if (httpStatus >= 200 && httpStatus < 300) return std::nullopt;
  if (httpStatus >= 500)
    return unknownOutcome("processor answered HTTP " + std::to_string(httpStatus));
  // A request with the same key is still being processed (409), or too many requests (429): the
  // call may still happen, so only a later inquiry can tell.
  if (httpStatus == 409 || httpStatus == 429)
    return unknownOutcome("processor answered HTTP " + std::to_string(httpStatus) +
                          " (a request with the same key still processing, or rate limited)");
  // The key was already used for another request, which may have charged: only an inquiry can tell.
  if (httpStatus == 422 && hasErrorCode(body, "idempotency_key_in_use"))
    return unknownOutcome("idempotency key already used for a different request");
  if (httpStatus == 401 || httpStatus == 403 || httpStatus == 404 || httpStatus == 422 ||
      httpStatus == 400)
    return rejected(httpStatus, body,
                    forAuthorization ? PaymentStatus::kFailed : PaymentStatus::kPending);
  return unknownOutcome("unexpected HTTP " + std::to_string(httpStatus));
}

struct CodeRow {
  std::string_view code;
  DeclineCode mapped;
};
// Checkout.com's documented decline response codes (2xxxx soft, 3xxxx hard, 4xxxx risk).
constexpr std::array kDeclineTable{
    CodeRow{"20001", DeclineCode::kReferToCardIssuer},  // Refer to card issuer
    CodeRow{"20002", DeclineCode::kReferToCardIssuer},  // Refer to card issuer - special conditions
    CodeRow{"20003", DeclineCode::kDeclined},           // Invalid merchant or service provider
    CodeRow{"20005", DeclineCode::kDoNotHonor},         // Declined - Do not honour
    CodeRow{"20006", DeclineCode::kDeclined},           // Error / Invalid request
    CodeRow{"20012", DeclineCode::kDeclined},           // Invalid transaction
    CodeRow{"20013", DeclineCode::kDeclined},           // Invalid value/amount
    CodeRow{"20014", DeclineCode::kInvalidCardNumber},  // Invalid account number (no such number)
    CodeRow{"20019", DeclineCode::kIssuerTemporarilyUnavailable},  // Re-enter transaction
    CodeRow{"20046", DeclineCode::kDeclined},                      // Closed account
    CodeRow{"20041", DeclineCode::kLostOrStolenCard},              // Lost card - pick up
    CodeRow{"20043", DeclineCode::kLostOrStolenCard},              // Stolen card - pick up
    CodeRow{"20051", DeclineCode::kInsufficientFunds},             // Insufficient funds
    CodeRow{"20054", DeclineCode::kExpiredCard},                   // Expired card
    CodeRow{"20055", DeclineCode::kDeclined},                      // Incorrect PIN
    CodeRow{"20056", DeclineCode::kInvalidCardNumber},             // No card record
    CodeRow{"20057", DeclineCode::kDeclined},  // Transaction not permitted to cardholder
    CodeRow{"20058", DeclineCode::kDeclined},  // Transaction not permitted to terminal
    CodeRow{"20059", DeclineCode::kSuspectedFraud},                // Suspected fraud
    CodeRow{"20061", DeclineCode::kWithdrawalLimitExceeded},       // Activity amount limit exceeded
    CodeRow{"20062", DeclineCode::kDeclined},                      // Restricted card
    CodeRow{"20063", DeclineCode::kSuspectedFraud},                // Security violation
    CodeRow{"20065", DeclineCode::kWithdrawalLimitExceeded},       // Activity count limit exceeded
    CodeRow{"20068", DeclineCode::kIssuerTemporarilyUnavailable},  // Response received too late
    CodeRow{"20082", DeclineCode::kDeclined},                      // Invalid CVV
    CodeRow{"20087", DeclineCode::kDeclined},                      // Bad track data
    CodeRow{"20091", DeclineCode::kIssuerTemporarilyUnavailable},  // Issuer unavailable
    CodeRow{"20092", DeclineCode::kIssuerTemporarilyUnavailable},  // Unable to route
    CodeRow{"20096", DeclineCode::kIssuerTemporarilyUnavailable},  // System malfunction
    CodeRow{"20150", DeclineCode::kAuthenticationRequired},  // Card not 3D Secure enabled
    CodeRow{"20151", DeclineCode::kAuthenticationRequired},  // Cardholder failed 3DS authentication
    CodeRow{"20154", DeclineCode::kAuthenticationRequired},  // 3DS authentication required
    CodeRow{"30004", DeclineCode::kLostOrStolenCard},        // Pick up card (no fraud)
    CodeRow{"30007", DeclineCode::kLostOrStolenCard},        // Pick up card - special conditions
    CodeRow{"30041", DeclineCode::kLostOrStolenCard},        // Lost card - pick up (hard)
    CodeRow{"30043", DeclineCode::kLostOrStolenCard},        // Stolen card - pick up (hard)
    CodeRow{"40101", DeclineCode::kSuspectedFraud},          // Risk blocked transaction
    CodeRow{"40201", DeclineCode::kSuspectedFraud},          // Gateway reject - card blacklisted
};

constexpr std::array<std::string_view, 16> kZeroDecimal{
    "BIF", "CLF", "DJF", "GNF", "ISK", "JPY", "KMF", "KRW",
    "PYG", "RWF", "UGX", "VUV", "VND", "XAF", "XOF", "XPF"};
constexpr std::array<std::string_view, 7> kThreeDecimal{"BHD", "IQD", "JOD", "KWD",
                                                        "LYD", "OMR", "TND"};

const json::object* objectField(const json::object& o, std::string_view key) {
  const json::value* v = o.if_contains(key);
  return v && v->is_object() ? &v->as_object() : nullptr;
}

// `_links.redirect.href`: where the customer completes the payment (3-D Secure); "" when none.
std::string redirectOf(const json::object& payment) {
  const json::object* links = objectField(payment, "_links");
  const json::object* redirect = links ? objectField(*links, "redirect") : nullptr;
  return redirect ? stringField(*redirect, "href") : std::string();
}

// The payment's `3ds` object (3dsData / 3dsEnrollmentData) in Primer's terms; nullopt when 3-D
// Secure was not asked for or has no result yet (a challenge still pending).
std::optional<ThreeDsOutcome> threeDsOf(const json::object& payment) {
  const json::object* tds = objectField(payment, "3ds");
  if (!tds) return std::nullopt;
  ThreeDsOutcome t;
  t.protocolVersion = stringField(*tds, "version");
  t.challengeIssued = boolField(*tds, "challenged");
  const std::string response = stringField(*tds, "authentication_response");
  if (boolField(*tds, "downgraded").value_or(false)) {
    // attempt_n3d: the issuer is not enrolled, so the payment went on without 3-D Secure.
    t.responseCode = "SKIPPED";
    t.reasonCode = "NOT_SUPPORTED_BY_ISSUER";
    t.challengeIssued.reset();
  } else if (response == "Y" || response == "A") {
    t.responseCode = "AUTH_SUCCESS";
  } else if (response == "N") {
    t.responseCode = "AUTH_FAILED";
    t.reasonCode = "CARD_AUTHENTICATION_FAILED";
  } else if (response == "U") {
    t.responseCode = "SKIPPED";
    t.reasonCode = "3DS_SERVER_ERROR";
    t.reasonText = "Authentication could not be performed";
  } else {
    return std::nullopt;
  }
  return t;
}

// A Pending payment that waits for the customer's 3-D Secure challenge at `_links.redirect`.
CallResult challenge(std::string paymentId, std::string url) {
  CallResult r;
  r.outcome = CallOutcome::kSucceeded;
  r.status = PaymentStatus::kPending;
  r.processorTransactionId = std::move(paymentId);
  r.challengeUrl = std::move(url);
  return r;
}

// Checkout.com's payment_type and merchant_initiated for Primer's paymentType (stored
// credentials): the spec's payment_type enum is Regular, Recurring, MOTO, Installment.
void storedCredentialFields(const AuthorizeRequest& req, json::object& body) {
  switch (req.paymentType) {
    case PaymentType::kSubscription:
      body["payment_type"] = "Recurring";
      body["merchant_initiated"] = true;
      return;
    case PaymentType::kUnscheduled:
      // The bundled spec has no "Unscheduled" payment_type: an unscheduled MIT is a Regular
      // payment flagged merchant-initiated.
      body["payment_type"] = "Regular";
      body["merchant_initiated"] = true;
      return;
    case PaymentType::kFirstPayment:
      // The customer starts the series (and authenticates); later payments are the MITs.
      body["payment_type"] = "Recurring";
      body["merchant_initiated"] = false;
      return;
    case PaymentType::kEcommerce:
      body["payment_type"] = "Regular";
      body["merchant_initiated"] = false;
      return;
    case PaymentType::kUnspecified:
      break;
  }
  body["payment_type"] = "Regular";
  if (req.storedCard) body["merchant_initiated"] = false;  // card on file, customer present
}

constexpr size_t kMaxUrl = 1024;  // success_url / failure_url maxLength

// The `3ds` object (3dsRequest) for the request's mode; nullopt: none (Checkout.com's default
// enabled=false). A merchant-initiated payment never has one: the customer is not there.
Result<std::optional<json::object>> threeDsRequest(const AuthorizeRequest& req) {
  if (merchantInitiated(req.paymentType)) return std::optional<json::object>();
  switch (req.threeDSecure) {
    case ThreeDsMode::kNone:
      return std::optional<json::object>();
    case ThreeDsMode::kProcessor:
      // attempt_n3d: a card whose issuer is not enrolled is authorized without 3-D Secure
      // (reported as downgraded) instead of declined; the workflow's REQUIRED mode is the
      // engine's to enforce with the reported result.
      return std::optional<json::object>(json::object{{"enabled", true},
                                                      {"attempt_n3d", true},
                                                      {"challenge_indicator", "no_preference"}});
    case ThreeDsMode::kExternal:
      break;
  }
  if (!req.externalThreeDs) return invalidArgument("external 3-D Secure data missing");
  const ExternalThreeDs& x = *req.externalThreeDs;
  if (x.eci.size() != 2 || x.authenticationValue.empty() || x.authenticationValue.reveal().size() > 50 ||
      x.transStatus.size() != 1 || x.protocolVersion.empty() || x.protocolVersion.size() > 10 ||
      x.dsTransactionId.size() > 100)
    return invalidArgument("external 3-D Secure data is incomplete or malformed");
  // Data from Switchyard's own 3-D Secure server (a third-party MPI to Checkout.com): eci,
  // cryptogram (CAVV), xid (3DS2: the directory server's transaction id), version, status.
  json::object tds{{"enabled", true},
                   {"eci", x.eci},
                   {"cryptogram", x.authenticationValue.reveal()},
                   {"version", x.protocolVersion},
                   {"status", x.transStatus},
                   {"flow_type", x.challenged ? "challenged" : "frictionless"}};
  if (!x.dsTransactionId.empty()) tds["xid"] = x.dsTransactionId;
  return std::optional<json::object>(std::move(tds));
}

PaymentStatus statusFromDetails(std::string_view s, bool& known) {
  known = true;
  if (s == "Authorized" || s == "Card Verified") return PaymentStatus::kAuthorized;
  if (s == "Partially Captured") return PaymentStatus::kPartiallySettled;
  if (s == "Captured" || s == "Partially Refunded" || s == "Refunded" || s == "Paid")
    return PaymentStatus::kSettled;
  if (s == "Voided" || s == "Canceled" || s == "Expired") return PaymentStatus::kCancelled;
  if (s == "Declined") return PaymentStatus::kDeclined;
  if (s == "Pending") return PaymentStatus::kPending;
  known = false;
  return PaymentStatus::kPending;
}
}  // namespace

Result<Credentials> credentialsFrom(const SecretString& credentialsJson) {
  auto o = parseObject(credentialsJson.reveal());
  if (!o) return invalidArgument("Checkout.com credentials must be a JSON object");
  json::value* key = o->if_contains("secretKey");
  if (!key || !key->is_string() || key->get_string().empty())
    return invalidArgument("Checkout.com credentials need a non-empty string \"secretKey\"");
  Credentials creds;
  creds.secretKey = SecretString(std::string(key->get_string()));
  // Overwrite the parsed copy before the object is freed.
  std::fill(key->get_string().begin(), key->get_string().end(), '\0');
  if (!creds.secretKey.reveal().starts_with("sk_"))
    return invalidArgument("Checkout.com \"secretKey\" must be a NAS secret key (sk_...)");
  if (const json::value* pc = o->if_contains("processingChannelId")) {
    if (!pc->is_string())
      return invalidArgument("Checkout.com \"processingChannelId\" must be a string");
    creds.processingChannelId = std::string(pc->get_string());
  }
  return creds;
}

int minorUnitDigits(std::string_view currency) {
  if (std::find(kZeroDecimal.begin(), kZeroDecimal.end(), currency) != kZeroDecimal.end())
    return 0;
  if (std::find(kThreeDecimal.begin(), kThreeDecimal.end(), currency) != kThreeDecimal.end())
    return 3;
  return 2;
}

Result<int64_t> toProcessorAmount(int64_t amount, std::string_view currency, int exponent) {
  if (amount < 0) return invalidArgument("amount must not be negative");
  if (exponent < 0 || exponent > 4) return invalidArgument("unsupported currency exponent");
  const int digits = minorUnitDigits(currency);
  int64_t out = amount;
  for (int e = exponent; e < digits; ++e) {
    if (out > std::numeric_limits<int64_t>::max() / 10) return invalidArgument("amount too large");
    out *= 10;
  }
  for (int e = digits; e < exponent; ++e) {
    if (out % 10 != 0)
      return invalidArgument("amount has more minor digits than Checkout.com accepts for " +
                             std::string(currency));
    out /= 10;
  }
  if (digits == 3 && out % 10 != 0)
    return invalidArgument("Checkout.com requires three-decimal " + std::string(currency) +
                           " amounts to end in 0");
  return out;
}

Result<int64_t> fromProcessorAmount(int64_t amount, std::string_view currency, int exponent) {
  if (exponent < 0 || exponent > 4) return invalidArgument("unsupported currency exponent");
  const int digits = minorUnitDigits(currency);
  int64_t out = amount;
  for (int e = digits; e < exponent; ++e) {
    if (out > std::numeric_limits<int64_t>::max() / 10 ||
        out < std::numeric_limits<int64_t>::min() / 10)
      return invalidArgument("amount too large");
    out *= 10;
  }
  for (int e = exponent; e < digits; ++e) {
    if (out % 10 != 0)
      return invalidArgument("Checkout.com amount has more minor digits than " +
                             std::string(currency) + " has");
    out /= 10;
  }
  return out;
}

std::string actionReference(std::string_view attemptKey) {
  if (!attemptKey.empty() && attemptKey.size() <= 50) return std::string(attemptKey);
  return "sy_" + crypto::sha256Hex(attemptKey).substr(0, 47);
}

Result<SecretString> authorizeBody(const AuthorizeRequest& req, const Credentials& creds) {
  auto month = parseInt(req.card.expirationMonth);
  auto year = parseInt(req.card.expirationYear);
  if (!month || *month < 1 || *month > 12)
    return invalidArgument("card expiration month must be 1..12");
  if (year && req.card.expirationYear.size() == 2) *year += 2000;
  if (!year || *year < 2000 || *year > 2099)
    return invalidArgument("card expiration year must be 2000..2099");
  auto amount = toProcessorAmount(req.amount, req.currencyCode, req.currencyExponent);
  if (!amount) return amount.status();

  json::object source{{"type", "card"},
                      {"number", req.card.number.reveal()},
                      {"expiry_month", *month},
                      {"expiry_year", *year}};
  if (!req.card.cardholderName.empty()) source["name"] = req.card.cardholderName;
  if (!req.card.cvv.empty()) source["cvv"] = req.card.cvv.reveal();
  json::object body;
  body["source"] = std::move(source);
  body["amount"] = *amount;
  body["currency"] = req.currencyCode;
  storedCredentialFields(req, body);
  auto tds = threeDsRequest(req);
  if (!tds) return tds.status();
  const bool hasThreeDs = tds->has_value();
  if (hasThreeDs) body["3ds"] = std::move(**tds);
  if (hasThreeDs && req.threeDSecure == ThreeDsMode::kProcessor && !req.returnUrl.empty()) {
    // Where the customer comes back after the challenge (Checkout.com appends cko-session-id).
    if (req.returnUrl.size() > kMaxUrl ||
        !(req.returnUrl.starts_with("https://") || req.returnUrl.starts_with("http://")))
      return invalidArgument("the 3-D Secure return URL must be an http(s) URL of at most 1024 "
                             "characters");
    body["success_url"] = req.returnUrl;
    body["failure_url"] = req.returnUrl;
  }
  if (!req.orderId.empty()) body["reference"] = req.orderId.substr(0, 50);
  if (!req.descriptor.empty()) body["description"] = req.descriptor.substr(0, 100);
  body["capture"] = req.capture;
  if (!creds.processingChannelId.empty())
    body["processing_channel_id"] = creds.processingChannelId;
  std::string text = json::serialize(body);
  // The card number and the external cryptogram also live in `body`'s storage: overwrite them
  // before it is freed.
  json::string& number = body["source"].as_object()["number"].as_string();
  std::fill(number.begin(), number.end(), '\0');
  if (json::value* tdsValue = body.if_contains("3ds"))
    if (json::value* cryptogram = tdsValue->as_object().if_contains("cryptogram"))
      std::fill(cryptogram->as_string().begin(), cryptogram->as_string().end(), '\0');
  return SecretString(std::move(text));
}

Result<std::string> captureBody(const CaptureRequest& req) {
  auto amount = toProcessorAmount(req.amount, req.currencyCode, req.currencyExponent);
  if (!amount) return amount.status();
  return json::serialize(json::object{{"amount", *amount},
                                      {"capture_type", req.final ? "Final" : "NonFinal"},
                                      {"reference", actionReference(req.attemptKey)}});
}

std::string cancelBody(const CancelRequest& req) {
  return json::serialize(json::object{{"reference", actionReference(req.attemptKey)}});
}

Result<std::string> refundBody(const RefundRequest& req) {
  auto amount = toProcessorAmount(req.amount, req.currencyCode, req.currencyExponent);
  if (!amount) return amount.status();
  json::object body{{"amount", *amount}, {"reference", actionReference(req.attemptKey)}};
  if (!req.reason.empty()) body["metadata"] = json::object{{"reason", req.reason}};
  return json::serialize(body);
}

StatusReason declineReason(std::string_view responseCode, std::string message) {
  DeclineCode mapped = DeclineCode::kUnknown;
  for (const CodeRow& row : kDeclineTable) {
    if (row.code == responseCode) {
      mapped = row.mapped;
      break;
    }
  }
  StatusReason r = domain::issuerDecline(mapped, std::move(message), std::string(responseCode));
  // 3xxxx are Checkout.com's hard declines: never retry the same card.
  if (responseCode.starts_with("3")) {
    r.declineType = domain::DeclineType::kHard;
    r.advisedAction = domain::AdvisedAction::kDoNotRetry;
  }
  return r;
}

CallResult fromAuthorizeResponse(unsigned httpStatus, std::string_view body,
                                 bool captureRequested) {
  if (auto err = errorResult(httpStatus, body, true)) return std::move(*err);
  auto o = parseObject(body);
  if (!o) return unknownOutcome("unreadable payment in the response");
  std::string id = stringField(*o, "id");
  std::string status = stringField(*o, "status");
  if (id.empty() || status.empty()) return unknownOutcome("unreadable payment in the response");
  if (httpStatus == 202) {
    // Pending with a redirect: the customer must complete a 3-D Secure challenge first.
    if (std::string url = redirectOf(*o); status == "Pending" && !url.empty())
      return challenge(std::move(id), std::move(url));
    CallResult r = unknownOutcome("payment pending at Checkout.com (" + status +
                                  "); resolve by inquiry");
    r.processorTransactionId = std::move(id);
    return r;
  }
  if (httpStatus != 201) return unknownOutcome("unexpected HTTP " + std::to_string(httpStatus));
  auto approved = boolField(*o, "approved");
  std::string code = stringField(*o, "response_code");
  if (!approved) return unknownOutcome("payment without `approved` in the response");
  CallResult r;
  r.processorTransactionId = std::move(id);
  r.processorOperationId = stringField(*o, "action_id");
  r.threeDSecure = threeDsOf(*o);
  if (*approved && (status == "Authorized" || status == "Card Verified" || status == "Captured")) {
    r.outcome = CallOutcome::kSucceeded;
    r.status = status == "Captured"  ? PaymentStatus::kSettled
               : captureRequested    ? PaymentStatus::kSettling
                                     : PaymentStatus::kAuthorized;
    return r;
  }
  if (!*approved && status == "Declined") {
    r.outcome = CallOutcome::kDeclined;
    r.status = PaymentStatus::kDeclined;
    r.reason = declineReason(code, stringField(*o, "response_summary"));
    return r;
  }
  CallResult unknown = unknownOutcome("unexpected payment status \"" + status + "\"");
  unknown.processorTransactionId = r.processorTransactionId;
  return unknown;
}

CallResult fromActionResponse(unsigned httpStatus, std::string_view body,
                              std::string_view paymentId) {
  if (auto err = errorResult(httpStatus, body, false)) {
    err->processorTransactionId = std::string(paymentId);
    return std::move(*err);
  }
  auto o = parseObject(body);
  std::string actionId = o ? stringField(*o, "action_id") : std::string();
  if (httpStatus != 202 && httpStatus != 200 && httpStatus != 201)
    return unknownOutcome("unexpected HTTP " + std::to_string(httpStatus));
  if (actionId.empty()) return unknownOutcome("unreadable action in the response");
  CallResult r;
  r.outcome = CallOutcome::kSucceeded;
  r.processorTransactionId = std::string(paymentId);
  r.processorOperationId = std::move(actionId);
  return r;
}

CallResult fromPaymentDetails(unsigned httpStatus, std::string_view body) {
  if (httpStatus == 404) {
    CallResult notFound;
    notFound.outcome = CallOutcome::kNotFound;
    return notFound;
  }
  if (httpStatus != 200)
    return unknownOutcome("payment lookup answered HTTP " + std::to_string(httpStatus));
  auto o = parseObject(body);
  if (!o) return unknownOutcome("unreadable payment details");
  std::string id = stringField(*o, "id");
  std::string status = stringField(*o, "status");
  bool known = false;
  PaymentStatus mapped = statusFromDetails(status, known);
  if (id.empty() || !known) return unknownOutcome("unreadable payment details");
  if (mapped == PaymentStatus::kPending) {
    // Still waiting for the customer's 3-D Secure challenge: pending, never authorized or failed.
    if (std::string url = redirectOf(*o); !url.empty()) return challenge(std::move(id), std::move(url));
    CallResult r = unknownOutcome("payment still pending at Checkout.com");
    r.processorTransactionId = std::move(id);
    return r;
  }
  CallResult r;
  r.processorTransactionId = std::move(id);
  r.status = mapped;
  r.threeDSecure = threeDsOf(*o);
  if (const json::value* b = o->if_contains("balances"); b && b->is_object()) {
    r.amountCaptured = intField(b->as_object(), "total_captured").value_or(0);
    r.amountRefunded = intField(b->as_object(), "total_refunded").value_or(0);
  }
  if (mapped == PaymentStatus::kDeclined) {
    r.outcome = CallOutcome::kDeclined;
    // GET /payments/{id} carries no response_code; the authorization action does.
    r.reason = declineReason(stringField(*o, "response_code"),
                             stringField(*o, "response_summary"));
  } else {
    r.outcome = CallOutcome::kSucceeded;
  }
  return r;
}

CallResult fromPaymentActions(unsigned httpStatus, std::string_view body,
                              std::string_view paymentId, InquiryRequest::Kind kind,
                              std::string_view attemptKey) {
  if (httpStatus == 404) {
    CallResult notFound;
    notFound.outcome = CallOutcome::kNotFound;
    return notFound;
  }
  if (httpStatus != 200)
    return unknownOutcome("actions lookup answered HTTP " + std::to_string(httpStatus));
  auto v = parseJson(body);
  if (!v || !v->is_array()) return unknownOutcome("unreadable payment actions");
  const std::string reference = actionReference(attemptKey);
  const std::string_view type = actionType(kind);
  for (const json::value& item : v->as_array()) {
    if (!item.is_object()) return unknownOutcome("unreadable payment actions");
    const json::object& a = item.as_object();
    if (stringField(a, "reference") != reference) continue;
    if (stringField(a, "type") != type)
      return unknownOutcome("the key belongs to an action other than a " + std::string(type));
    CallResult r;
    r.processorTransactionId = std::string(paymentId);
    r.processorOperationId = stringField(a, "id");
    if (boolField(a, "approved").value_or(true)) {
      r.outcome = CallOutcome::kSucceeded;
    } else {
      r.outcome = CallOutcome::kFailed;
      StatusReason reason;
      reason.type = ReasonType::kGatewayRejected;
      reason.processorCode = stringField(a, "response_code");
      reason.message = stringField(a, "response_summary");
      r.reason = std::move(reason);
    }
    return r;
  }
  CallResult notFound;
  notFound.outcome = CallOutcome::kNotFound;
  notFound.processorTransactionId = std::string(paymentId);
  return notFound;
}

std::optional<StatusReason> declineFromActions(unsigned httpStatus, std::string_view body) {
  if (httpStatus != 200) return std::nullopt;
  auto v = parseJson(body);
  if (!v || !v->is_array()) return std::nullopt;
  for (const json::value& item : v->as_array()) {
    if (!item.is_object()) continue;
    const json::object& a = item.as_object();
    if (stringField(a, "type") != "Authorization" || boolField(a, "approved").value_or(true))
      continue;
    return declineReason(stringField(a, "response_code"), stringField(a, "response_summary"));
  }
  return std::nullopt;
}

std::string_view actionType(InquiryRequest::Kind kind) {
  switch (kind) {
    case InquiryRequest::Kind::kCapture:
      return "Capture";
    case InquiryRequest::Kind::kCancel:
      return "Void";
    case InquiryRequest::Kind::kRefund:
      return "Refund";
    case InquiryRequest::Kind::kAuthorize:
      break;
  }
  return "Authorization";
}

}  // namespace sy::connectors::checkoutcom
