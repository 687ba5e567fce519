#include "connectors/adyen/transformers.h"

#include <algorithm>
#include <boost/json/object.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>
#include <boost/url/parse.hpp>
#include <boost/url/url_view.hpp>
#include <cctype>
#include <charconv>
#include <limits>
#include <optional>

namespace sy::connectors::adyen {
namespace json = boost::json;
using domain::AdvisedAction;
using domain::DeclineCode;
using domain::DeclineType;
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

std::optional<int> parseInt(std::string_view s) {
  int v = 0;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || end != s.data() + s.size()) return std::nullopt;
  return v;
}

// Overwrites a parsed secret before its JSON object is freed.
void scrub(json::value* v) {
  if (v && v->is_string()) std::fill(v->get_string().begin(), v->get_string().end(), '\0');
}

int64_t pow10(int n) {
  int64_t p = 1;
  while (n-- > 0) p *= 10;
  return p;
}

json::object amountJson(int64_t value, std::string_view currency) {
  return json::object{{"currency", currency}, {"value", value}};
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

// A non-2xx answer: Adyen's ServiceError {status, errorCode, message, errorType, pspReference}.
CallResult errorResult(unsigned httpStatus, std::string_view body, bool forAuthorization) {
  auto o = parseObject(body);
  std::string code = o ? stringField(*o, "errorCode") : std::string();
  std::string message = o ? stringField(*o, "message") : std::string();
  std::string type = o ? stringField(*o, "errorType") : std::string();
  if (httpStatus >= 500)
    return unknownOutcome("Adyen answered HTTP " + std::to_string(httpStatus) +
                          (code.empty() ? "" : " errorCode " + code));
  // 704: "request already processed or in progress" — the earlier request under this key may
  // have charged, and only a replay after it completes can tell.
  if (httpStatus == 422 && code == "704")
    return unknownOutcome("request under this Idempotency-Key already in progress");
  if (httpStatus < 400 || !o) return unknownOutcome("unexpected HTTP " + std::to_string(httpStatus));
  if (code.empty()) code = "http_" + std::to_string(httpStatus);
  if (!type.empty()) message = type + ": " + message;
  return rejected(std::move(code), std::move(message),
                  forAuthorization ? PaymentStatus::kFailed : PaymentStatus::kPending);
}
}  // namespace

Result<Credentials> credentialsFrom(const SecretString& credentialsJson) {
  auto o = parseObject(credentialsJson.reveal());
  if (!o) return invalidArgument("Adyen credentials must be a JSON object");
  json::value* key = o->if_contains("apiKey");
  json::value* account = o->if_contains("merchantAccount");
  json::value* returnUrl = o->if_contains("returnUrl");
  Credentials c;
  Status bad;
  if (!key || !key->is_string() || key->get_string().empty()) {
    bad = invalidArgument("Adyen credentials need a non-empty string \"apiKey\"");
  } else if (!account || !account->is_string() || account->get_string().empty()) {
    bad = invalidArgument("Adyen credentials need a non-empty string \"merchantAccount\"");
  } else if (returnUrl && !returnUrl->is_string()) {
    bad = invalidArgument("Adyen credentials: \"returnUrl\" must be a string");
  } else {
    c.apiKey = SecretString(std::string(key->get_string()));
    c.merchantAccount = std::string(account->get_string());
    c.returnUrl = returnUrl && !returnUrl->get_string().empty()
                      ? std::string(returnUrl->get_string())
                      : std::string(kDefaultReturnUrl);
  }
  scrub(key);
  if (!bad.isOk()) return bad;
  return c;
}

int adyenExponent(std::string_view currency, int isoExponent) {
  // https://docs.adyen.com/development-resources/currency-codes: where Adyen's table and
  // ISO 4217 differ, Adyen's decimals are leading.
  if (currency == "CLP" || currency == "ISK") return 2;
  if (currency == "CVE" || currency == "IDR") return 0;
  return isoExponent;
}

Result<int64_t> toAdyenValue(int64_t amount, std::string_view currency, int isoExponent) {
  if (amount < 0) return invalidArgument("amount must not be negative");
  int adyen = adyenExponent(currency, isoExponent);
  if (adyen == isoExponent) return amount;
  if (adyen > isoExponent) {
    int64_t factor = pow10(adyen - isoExponent);
    if (amount > std::numeric_limits<int64_t>::max() / factor)
      return invalidArgument("amount too large");
    return amount * factor;
  }
  int64_t factor = pow10(isoExponent - adyen);
  if (amount % factor != 0)
    return invalidArgument("Adyen takes " + std::string(currency) + " with " +
                           std::to_string(adyen) + " decimals: the amount has a fraction it cannot carry");
  return amount / factor;
}

int64_t fromAdyenValue(int64_t value, std::string_view currency, int isoExponent) {
  int adyen = adyenExponent(currency, isoExponent);
  if (adyen == isoExponent) return value;
  if (adyen > isoExponent) return value / pow10(adyen - isoExponent);
  return value * pow10(isoExponent - adyen);
}

namespace {
// "https://shop.example:8443" of a URL: the origin Adyen's 3DS2 web flow asks for.
std::optional<std::string> originOf(std::string_view url) {
  auto u = boost::urls::parse_uri(url);
  if (!u || u->host().empty() || (u->scheme() != "http" && u->scheme() != "https"))
    return std::nullopt;
  return std::string(u->scheme()) + "://" + std::string(u->encoded_host_and_port());
}

void addStoredCredential(json::object& body, const AuthorizeRequest& req) {
  std::string_view interaction = "Ecommerce";
  std::string_view model;
  switch (req.paymentType) {
    case PaymentType::kSubscription:
      interaction = "ContAuth";
      model = "Subscription";
      break;
    case PaymentType::kUnscheduled:
      interaction = "ContAuth";
      model = "UnscheduledCardOnFile";
      break;
    case PaymentType::kFirstPayment:
    case PaymentType::kEcommerce:
      model = "CardOnFile";
      break;
    case PaymentType::kUnspecified:
      if (req.storedCard) model = "CardOnFile";
      break;
  }
  body["shopperInteraction"] = interaction;
  if (!model.empty()) body["recurringProcessingModel"] = model;
}

// ThreeDSecureData from Switchyard's own authentication.
Result<json::object> mpiDataOf(const ExternalThreeDs& t) {
  if (t.transStatus != "Y" && t.transStatus != "A")
    return invalidArgument("external 3-D Secure must be authenticated (transStatus Y or A)");
  if (t.eci.size() != 2) return invalidArgument("external 3-D Secure needs a 2-digit ECI");
  if (t.authenticationValue.empty())
    return invalidArgument("external 3-D Secure needs its authentication value (CAVV)");
  json::object m;
  if (t.challenged) {
    m["directoryResponse"] = "C";  // the ARes asked for a challenge; the RReq has the result
    m["authenticationResponse"] = t.transStatus;
  } else {
    m["directoryResponse"] = t.transStatus;
  }
  m["cavv"] = t.authenticationValue.reveal();
  m["eci"] = t.eci;
  if (!t.dsTransactionId.empty()) m["dsTransID"] = t.dsTransactionId;
  m["threeDSVersion"] = t.protocolVersion.empty() ? std::string("2.2.0") : t.protocolVersion;
  return m;
}

}  // namespace

const std::string_view kRedirectBrowserInfo =
    R"js({"acceptHeader":"text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8",)js"
    R"js("colorDepth":24,"javaEnabled":false,"javaScriptEnabled":true,"language":"en",)js"
    R"js("screenHeight":1080,"screenWidth":1920,"timeZoneOffset":0,)js"
    R"js("userAgent":"Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko)"})js";

namespace {
// The 3-D Secure members of an authorization (see transformers.h).
Status addThreeDs(json::object& body, const AuthorizeRequest& req, const Credentials& creds) {
  const bool customerPresent = !merchantInitiated(req.paymentType);
  if (customerPresent && req.threeDSecure == ThreeDsMode::kProcessor) {
    const std::string& returnUrl = req.returnUrl.empty() ? creds.returnUrl : req.returnUrl;
    auto origin = originOf(returnUrl);
    if (!origin) return invalidArgument("the 3-D Secure return URL must be an http(s) URL");
    body["authenticationData"] =
        json::object{{"attemptAuthentication", "always"},
                     {"threeDSRequestData", json::object{{"nativeThreeDS", "disabled"}}}};
    body["browserInfo"] = json::parse(kRedirectBrowserInfo);
    body["channel"] = "Web";
    body["origin"] = *origin;
    body["returnUrl"] = returnUrl;
    body["redirectFromIssuerMethod"] = "GET";
    return Status::ok();
  }
  if (customerPresent && req.threeDSecure == ThreeDsMode::kExternal) {
    if (!req.externalThreeDs) return invalidArgument("external 3-D Secure without its result");
    auto mpi = mpiDataOf(*req.externalThreeDs);
    if (!mpi) return mpi.status();
    body["mpiData"] = std::move(*mpi);
  }
  body["authenticationData"] = json::object{{"attemptAuthentication", "never"}};
  return Status::ok();
}
}  // namespace

Result<SecretString> authorizeBody(const AuthorizeRequest& req, const Credentials& creds) {
  auto month = parseInt(req.card.expirationMonth);
  auto year = parseInt(req.card.expirationYear);
  if (!month || *month < 1 || *month > 12)
    return invalidArgument("card expiration month must be 1..12");
  if (year && req.card.expirationYear.size() == 2) *year += 2000;
  if (!year || *year < 2000 || *year > 2099)
    return invalidArgument("card expiration year must be 2000..2099");
  if (req.currencyCode.size() != 3) return invalidArgument("currency must be a 3-letter code");
  auto value = toAdyenValue(req.amount, req.currencyCode, req.currencyExponent);
  if (!value) return value.status();

  char mm[3] = {static_cast<char>('0' + *month / 10), static_cast<char>('0' + *month % 10), 0};
  json::object card{{"type", "scheme"},
                    {"number", req.card.number.reveal()},
                    {"expiryMonth", mm},
                    {"expiryYear", std::to_string(*year)}};
  if (!req.card.cvv.empty()) card["cvc"] = req.card.cvv.reveal();
  if (!req.card.cardholderName.empty()) card["holderName"] = req.card.cardholderName;

  json::object body;
  body["amount"] = amountJson(*value, req.currencyCode);
  body["reference"] = req.attemptKey;
  if (!req.orderId.empty()) body["merchantOrderReference"] = req.orderId;
  body["paymentMethod"] = std::move(card);
  body["merchantAccount"] = creds.merchantAccount;
  body["returnUrl"] = creds.returnUrl;
  addStoredCredential(body, req);
  if (!req.descriptor.empty()) body["shopperStatement"] = req.descriptor;
  if (req.capture) {
    body["captureDelayHours"] = 0;
  } else {
    body["additionalData"] = json::object{{"manualCapture", "true"}};
  }
  Status threeDs = addThreeDs(body, req, creds);
  if (!threeDs.isOk()) {
    scrub(body["paymentMethod"].as_object().if_contains("number"));
    scrub(body["paymentMethod"].as_object().if_contains("cvc"));
    if (json::value* mpi = body.if_contains("mpiData")) scrub(mpi->as_object().if_contains("cavv"));
    return threeDs;
  }
  std::string text = json::serialize(body);
  scrub(body["paymentMethod"].as_object().if_contains("number"));
  scrub(body["paymentMethod"].as_object().if_contains("cvc"));
  if (json::value* mpi = body.if_contains("mpiData")) scrub(mpi->as_object().if_contains("cavv"));
  return SecretString(std::move(text));
}

std::string paymentDetailsBody(std::string_view redirectResult) {
  return json::serialize(
      json::object{{"details", json::object{{"redirectResult", redirectResult}}}});
}

std::optional<std::string> redirectResultFrom(std::string_view returnQuery) {
  if (!returnQuery.empty() && returnQuery.front() == '?') returnQuery.remove_prefix(1);
  // Only the query: a fragment is not sent by browsers, and Boost.URL 1.81's params iterator
  // reads past the end of some queries followed by one (found by fuzz/adyen_response_fuzzer).
  returnQuery = returnQuery.substr(0, returnQuery.find('#'));
  std::string relative = "?" + std::string(returnQuery);
  auto u = boost::urls::parse_relative_ref(relative);
  if (!u) return std::nullopt;
  boost::urls::encoding_opts literalPlus;
  literalPlus.space_as_plus = false;  // a '+' of the base64-like value stays a '+'
  for (const auto& param : u->params(literalPlus))
    if (param.key == "redirectResult" && param.has_value && !param.value.empty())
      return std::string(param.value);
  return std::nullopt;
}

Result<std::string> captureBody(const CaptureRequest& req, const Credentials& creds) {
  auto value = toAdyenValue(req.amount, req.currencyCode, req.currencyExponent);
  if (!value) return value.status();
  json::object body{{"merchantAccount", creds.merchantAccount},
                    {"amount", amountJson(*value, req.currencyCode)},
                    {"reference", req.attemptKey}};
  return json::serialize(body);
}

std::string cancelBody(const CancelRequest& req, const Credentials& creds) {
  return json::serialize(
      json::object{{"merchantAccount", creds.merchantAccount}, {"reference", req.attemptKey}});
}

Result<std::string> refundBody(const RefundRequest& req, const Credentials& creds) {
  auto value = toAdyenValue(req.amount, req.currencyCode, req.currencyExponent);
  if (!value) return value.status();
  json::object body{{"merchantAccount", creds.merchantAccount},
                    {"amount", amountJson(*value, req.currencyCode)},
                    {"reference", req.attemptKey}};
  // merchantRefundReason is an enum at Adyen; free text cannot go there.
  static constexpr std::string_view kReasons[] = {"FRAUD", "CUSTOMER REQUEST", "RETURN",
                                                  "DUPLICATE", "OTHER"};
  if (!req.reason.empty()) {
    bool known = std::find(std::begin(kReasons), std::end(kReasons), req.reason) != std::end(kReasons);
    body["merchantRefundReason"] = known ? req.reason : std::string("OTHER");
  }
  return json::serialize(body);
}

namespace {
// Adyen's authorisation refusal reasons (docs.adyen.com/development-resources/refusal-reasons):
// refusalReasonCode, the refusalReason text Adyen sends with it, and the Primer mapping.
struct RefusalRow {
  std::string_view code;
  std::string_view text;
  DeclineCode mapped;
  std::optional<DeclineType> type;  // override of the taxonomy's default
  std::optional<AdvisedAction> action;
};
constexpr RefusalRow kRefusals[] = {
    {"0", "Unknown", DeclineCode::kUnknown, {}, {}},
    {"2", "Refused", DeclineCode::kDeclined, {}, {}},
    {"3", "Referral", DeclineCode::kReferToCardIssuer, {}, {}},
    {"4", "Acquirer Error", DeclineCode::kError, {}, {}},
    {"5", "Blocked Card", DeclineCode::kLostOrStolenCard, {}, {}},
    {"6", "Expired Card", DeclineCode::kExpiredCard, {}, {}},
    {"7", "Invalid Amount", DeclineCode::kDeclined, {}, AdvisedAction::kUpdateData},
    {"8", "Invalid Card Number", DeclineCode::kInvalidCardNumber, {}, {}},
    {"9", "Issuer Unavailable", DeclineCode::kIssuerTemporarilyUnavailable, {}, {}},
    {"10", "Not supported", DeclineCode::kDeclined, DeclineType::kHard, AdvisedAction::kDoNotRetry},
    {"11", "3D Not Authenticated", DeclineCode::kAuthenticationRequired, {}, {}},
    {"12", "Not enough balance", DeclineCode::kInsufficientFunds, {}, {}},
    {"14", "Acquirer Fraud", DeclineCode::kSuspectedFraud, {}, {}},
    {"15", "Cancelled", DeclineCode::kDeclined, {}, {}},
    {"16", "Shopper Cancelled", DeclineCode::kDeclined, {}, {}},
    {"17", "Invalid Pin", DeclineCode::kDeclined, {}, AdvisedAction::kUpdateData},
    {"18", "Pin tries exceeded", DeclineCode::kDeclined, DeclineType::kHard,
     AdvisedAction::kDoNotRetry},
    {"19", "Pin validation not possible", DeclineCode::kDeclined, {}, {}},
    {"20", "FRAUD", DeclineCode::kSuspectedFraud, {}, {}},
    {"21", "Not Submitted", DeclineCode::kError, {}, {}},
    {"22", "FRAUD-CANCELLED", DeclineCode::kSuspectedFraud, {}, {}},
    {"23", "Transaction Not Permitted", DeclineCode::kDeclined, DeclineType::kHard,
     AdvisedAction::kDoNotRetry},
    {"24", "CVC Declined", DeclineCode::kDeclined, {}, AdvisedAction::kUpdateData},
    {"25", "Restricted Card", DeclineCode::kDeclined, DeclineType::kHard,
     AdvisedAction::kDoNotRetry},
    {"26", "Revocation Of Auth", DeclineCode::kDeclined, DeclineType::kHard,
     AdvisedAction::kStopAllPayments},
    {"27", "Declined Non Generic", DeclineCode::kDoNotHonor, {}, {}},
    {"28", "Withdrawal amount exceeded", DeclineCode::kWithdrawalLimitExceeded, {}, {}},
    {"29", "Withdrawal count exceeded", DeclineCode::kWithdrawalLimitExceeded, {}, {}},
    {"31", "Issuer Suspected Fraud", DeclineCode::kSuspectedFraud, {}, {}},
    {"32", "AVS Declined", DeclineCode::kDeclined, {}, AdvisedAction::kUpdateData},
    {"33", "Card requires online pin", DeclineCode::kAuthenticationRequired, {}, {}},
    {"34", "No checking account available on Card", DeclineCode::kDeclined, DeclineType::kHard, {}},
    {"35", "No savings account available on Card", DeclineCode::kDeclined, DeclineType::kHard, {}},
    {"36", "Mobile pin required", DeclineCode::kAuthenticationRequired, {}, {}},
    {"37", "Contactless fallback", DeclineCode::kAuthenticationRequired, {}, {}},
    {"38", "Authentication required", DeclineCode::kAuthenticationRequired, {}, {}},
    {"39", "RReq not received from DS", DeclineCode::kAuthenticationRequired, {}, {}},
    {"42", "3DS Authentication Error", DeclineCode::kAuthenticationRequired, {}, {}},
    {"43", "Online PIN required", DeclineCode::kAuthenticationRequired, {}, {}},
    {"46", "Transaction blocked by Adyen to prevent excessive retry fees", DeclineCode::kDeclined,
     DeclineType::kHard, AdvisedAction::kDoNotRetry},
};

bool equalsIgnoringCase(std::string_view a, std::string_view b) {
  return std::equal(a.begin(), a.end(), b.begin(), b.end(), [](char x, char y) {
    return std::tolower(static_cast<unsigned char>(x)) ==
           std::tolower(static_cast<unsigned char>(y));
  });
}

StatusReason fromRow(const RefusalRow& row, std::string message) {
  StatusReason r = domain::issuerDecline(row.mapped, std::move(message), std::string(row.code));
  if (row.type) r.declineType = row.type;
  if (row.action) r.advisedAction = row.action;
  return r;
}
}  // namespace

StatusReason declineReason(std::string_view code, std::string message) {
  for (const RefusalRow& row : kRefusals)
    if (row.code == code) return fromRow(row, std::move(message));
  return domain::issuerDecline(DeclineCode::kUnknown, std::move(message), std::string(code));
}

StatusReason declineReasonFromText(std::string_view refusalReason) {
  for (const RefusalRow& row : kRefusals)
    if (equalsIgnoringCase(row.text, refusalReason))
      return fromRow(row, std::string(refusalReason));
  return domain::issuerDecline(DeclineCode::kUnknown, std::string(refusalReason),
                               std::string(refusalReason));
}

namespace {
// additionalData's 3-D Secure facts (Adyen: threeDOffered, threeDAuthenticated,
// threeDSVersion) in Primer's terms; nullopt when 3-D Secure was not offered.
std::optional<ThreeDsOutcome> threeDsOf(const json::object& answer, bool afterRedirect) {
  const json::value* a = answer.if_contains("additionalData");
  if (!a || !a->is_object()) return std::nullopt;
  const json::object& ad = a->as_object();
  const bool offered = stringField(ad, "threeDOffered") == "true";
  const std::string authenticated = stringField(ad, "threeDAuthenticated");
  if (!offered || authenticated.empty()) return std::nullopt;
  ThreeDsOutcome t;
  t.protocolVersion = stringField(ad, "threeDSVersion");
  t.challengeIssued = afterRedirect;
  if (authenticated == "true") {
    t.responseCode = "AUTH_SUCCESS";
  } else {
    t.responseCode = "AUTH_FAILED";
    t.reasonCode = "CARD_AUTHENTICATION_FAILED";
  }
  return t;
}

// The redirect action's URL, when the shopper is to be sent there with a GET.
std::string redirectUrlOf(const json::object& answer) {
  const json::value* a = answer.if_contains("action");
  if (!a || !a->is_object()) return {};
  const json::object& action = a->as_object();
  if (stringField(action, "type") != "redirect") return {};
  const std::string method = stringField(action, "method");
  if (!method.empty() && method != "GET") return {};
  std::string url = stringField(action, "url");
  auto parsed = boost::urls::parse_uri(url);
  if (!parsed || (parsed->scheme() != "https" && parsed->scheme() != "http")) return {};
  return url;
}

CallResult paymentResult(unsigned httpStatus, std::string_view body, bool captureRequested,
                         bool afterRedirect);
}  // namespace

CallResult fromPaymentResponse(unsigned httpStatus, std::string_view body, bool captureRequested) {
  return paymentResult(httpStatus, body, captureRequested, false);
}

CallResult fromPaymentDetailsResponse(unsigned httpStatus, std::string_view body,
                                      bool captureRequested) {
  CallResult r = paymentResult(httpStatus, body, captureRequested, true);
  // A refusal for the failed authentication itself, should additionalData not say so.
  if (r.outcome == CallOutcome::kDeclined && !r.threeDSecure && r.reason &&
      r.reason->processorCode == "11") {
    ThreeDsOutcome failed;
    failed.responseCode = "AUTH_FAILED";
    failed.reasonCode = "CARD_AUTHENTICATION_FAILED";
    failed.challengeIssued = true;
    r.threeDSecure = failed;
  }
  return r;
}

namespace {
CallResult paymentResult(unsigned httpStatus, std::string_view body, bool captureRequested,
                         bool afterRedirect) {
  if (httpStatus != 200) return errorResult(httpStatus, body, true);
  auto o = parseObject(body);
  if (!o) return unknownOutcome("unreadable payment response");
  std::string psp = stringField(*o, "pspReference");
  std::string result = stringField(*o, "resultCode");
  if (result.empty()) return unknownOutcome("payment response without resultCode");
  std::string code = stringField(*o, "refusalReasonCode");
  std::string reason = stringField(*o, "refusalReason");

  CallResult r;
  r.processorTransactionId = psp;
  if (result == "Authorised") {
    if (psp.empty()) return unknownOutcome("Authorised without pspReference");
    r.outcome = CallOutcome::kSucceeded;
    r.status = captureRequested ? PaymentStatus::kSettling : PaymentStatus::kAuthorized;
  } else if (result == "Refused") {
    r.outcome = CallOutcome::kDeclined;
    r.status = PaymentStatus::kDeclined;
    r.reason = declineReason(code, std::move(reason));
  } else if (result == "Error") {
    r = rejected(code.empty() ? "Error" : code, std::move(reason), PaymentStatus::kFailed);
    r.reason->advisedAction = AdvisedAction::kRetryLater;
    r.processorTransactionId = psp;
  } else if (result == "Cancelled") {
    r = rejected("Cancelled", std::move(reason), PaymentStatus::kCancelled);
    r.processorTransactionId = psp;
  } else if (std::string url = redirectUrlOf(*o);
             result == "RedirectShopper" && !url.empty() && !psp.empty()) {
    // 3-D Secure: the shopper authenticates at this URL, then /payments/details completes.
    r.outcome = CallOutcome::kSucceeded;
    r.status = PaymentStatus::kPending;
    r.challengeUrl = std::move(url);
  } else if (result == "RedirectShopper" || result == "IdentifyShopper" ||
             result == "ChallengeShopper" || result == "PresentToShopper") {
    r.outcome = CallOutcome::kDeclined;
    r.status = PaymentStatus::kDeclined;
    r.reason = domain::issuerDecline(DeclineCode::kAuthenticationRequired,
                                     "Adyen asked for shopper action (" + result +
                                         "), which this connection does not support",
                                     result);
  } else {
    CallResult u = unknownOutcome("resultCode " + result + ": the final result comes by webhook");
    u.processorTransactionId = psp;
    u.reason->processorCode = result;
    return u;
  }
  if (auto t = threeDsOf(*o, afterRedirect)) r.threeDSecure = std::move(t);
  return r;
}
}  // namespace

CallResult fromModificationResponse(unsigned httpStatus, std::string_view body,
                                    Modification kind) {
  if (httpStatus != 201 && httpStatus != 200) return errorResult(httpStatus, body, false);
  auto o = parseObject(body);
  if (!o) return unknownOutcome("unreadable modification response");
  std::string status = stringField(*o, "status");
  std::string psp = stringField(*o, "pspReference");
  std::string paymentPsp = stringField(*o, "paymentPspReference");
  if (status != "received" || psp.empty() || paymentPsp.empty())
    return unknownOutcome("modification response without status \"received\" and references");
  CallResult r;
  r.outcome = CallOutcome::kSucceeded;
  r.processorTransactionId = std::move(paymentPsp);
  r.processorOperationId = std::move(psp);
  switch (kind) {
    case Modification::kCapture:
      r.status = PaymentStatus::kSettling;
      r.awaitsConfirmation = true;  // CAPTURE / CAPTURE_FAILED webhook
      break;
    case Modification::kCancel:
      r.status = PaymentStatus::kCancelled;
      break;
    case Modification::kRefund:
      r.status = PaymentStatus::kPending;
      r.awaitsConfirmation = true;  // REFUND / REFUND_FAILED webhook
      break;
  }
  return r;
}

}  // namespace sy::connectors::adyen
