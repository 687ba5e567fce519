#include "sandbox/adyen/api.h"

#include <algorithm>
#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>
#include <cctype>
#include <charconv>
#include <cstdio>
#include <optional>
#include <set>

#include "common/ids.h"
#include "sandbox/adyen/three_d_secure.h"
#include "sandbox/card_checks.h"
#include "sandbox/challenge_page.h"

namespace sy::sandbox::adyen {
namespace json = boost::json;
namespace {
constexpr size_t kMaxIdempotencyKeyLength = 64;
constexpr int64_t kMaxValue = 999'999'999'999;

// The spec's property names (CheckoutService-v71.json): anything else is an unknown field.
const std::set<std::string_view> kPaymentRequestFields = {
    "accountInfo", "additionalAmount", "additionalData", "amount", "applicationInfo",
    "authenticationData", "bankAccount", "billingAddress", "browserInfo", "captureDelayHours",
    "channel", "checkoutAttemptId", "company", "conversionId", "countryCode", "dateOfBirth",
    "dccQuote", "deliverAt", "deliveryAddress", "deliveryDate", "deviceFingerprint",
    "enableOneClick", "enablePayOut", "enableRecurring", "enhancedSchemeData", "entityType",
    "fraudOffset", "fundOrigin", "fundRecipient", "industryUsage", "installments", "lineItems",
    "localizedShopperStatement", "mandate", "mcc", "merchantAccount", "merchantOrderReference",
    "merchantRiskIndicator", "metadata", "mpiData", "order", "orderReference", "origin",
    "paymentMethod", "paymentValidations", "platformChargebackLogic", "recurringExpiry",
    "recurringFrequency", "recurringProcessingModel", "redirectFromIssuerMethod",
    "redirectToIssuerMethod", "reference", "returnUrl", "riskData", "sessionValidity",
    "shopperConversionId", "shopperEmail", "shopperIP", "shopperInteraction", "shopperLocale",
    "shopperName", "shopperReference", "shopperStatement", "shopperTaxInfo",
    "socialSecurityNumber", "splits", "store", "storePaymentMethod", "subMerchants", "surcharge",
    "telephoneNumber", "threeDS2RequestData", "threeDSAuthenticationOnly", "trustedShopper"};
// The raw-card subset of CardDetails the emulator understands.
const std::set<std::string_view> kCardFields = {"type", "number", "expiryMonth", "expiryYear",
                                                "cvc", "holderName", "brand", "checkoutAttemptId",
                                                "fundingSource"};
const std::set<std::string_view> kCaptureFields = {
    "amount", "applicationInfo", "enhancedSchemeData", "lineItems", "merchantAccount",
    "platformChargebackLogic", "reference", "splits", "subMerchants"};
const std::set<std::string_view> kRefundFields = {
    "amount", "applicationInfo", "capturePspReference", "enhancedSchemeData", "lineItems",
    "merchantAccount", "merchantRefundReason", "reference", "splits", "store"};
const std::set<std::string_view> kCancelFields = {"applicationInfo", "enhancedSchemeData",
                                                  "merchantAccount", "reference"};
const std::set<std::string_view> kAuthenticationDataFields = {
    "attemptAuthentication", "authenticationOnly", "threeDSRequestData"};
const std::set<std::string_view> kThreeDsRequestDataFields = {
    "challengeWindowSize", "dataOnly", "nativeThreeDS", "threeDSVersion"};
// BrowserInfo's required members ("for 3D Secure, the full object is required for web").
constexpr std::string_view kBrowserInfoRequired[] = {
    "acceptHeader", "colorDepth", "javaEnabled", "language",
    "screenHeight", "screenWidth", "timeZoneOffset", "userAgent"};
const std::set<std::string_view> kBrowserInfoFields = {
    "acceptHeader", "colorDepth", "javaEnabled", "javaScriptEnabled", "language",
    "screenHeight", "screenWidth", "timeZoneOffset", "userAgent"};
const std::set<std::string_view> kDetailsRequestFields = {
    "authenticationData", "details", "paymentData", "threeDSAuthenticationOnly"};
const std::set<std::string_view> kShopperInteractions = {"Ecommerce", "ContAuth", "Moto", "POS"};
const std::set<std::string_view> kRecurringModels = {"CardOnFile", "Subscription",
                                                     "UnscheduledCardOnFile"};

Reply jsonReply(unsigned status, std::string body) {
  return Reply{http::Response::json(status, std::move(body)), {}, {}};
}
Reply error(unsigned status, std::string_view code, std::string_view message,
            std::string_view type = "validation") {
  return jsonReply(status, serviceError(status, code, message, type));
}

std::optional<std::string> unknownField(const json::object& o,
                                        const std::set<std::string_view>& known) {
  for (const auto& kv : o)
    if (!known.contains(kv.key())) return std::string(kv.key());
  return std::nullopt;
}

std::string str(const json::object& o, std::string_view key) {
  const json::value* v = o.if_contains(key);
  return v && v->is_string() ? std::string(v->get_string()) : std::string();
}

struct Amount {
  std::string currency;
  int64_t value = 0;
};
// Parses {"currency","value"}; an error Reply when invalid.
std::optional<Reply> parseAmount(const json::object& o, Amount& out) {
  const json::value* a = o.if_contains("amount");
  if (!a) return error(422, "100", "Required field 'amount' is not provided.");
  if (!a->is_object()) return error(422, "137", "Invalid amount specified");
  const json::object& ao = a->as_object();
  if (auto f = unknownField(ao, {"currency", "value"}))
    return error(400, "702", "Structure Amount contains the following unknown fields: [" + *f + "]");
  const json::value* value = ao.if_contains("value");
  const json::value* currency = ao.if_contains("currency");
  if (!value || !value->is_int64() || value->get_int64() < 0 || value->get_int64() > kMaxValue)
    return error(422, "137", "Invalid amount specified");
  if (!currency || !currency->is_string() || currency->get_string().size() != 3 ||
      !std::all_of(currency->get_string().begin(), currency->get_string().end(),
                   [](char c) { return c >= 'A' && c <= 'Z'; }))
    return error(422, "138", "Unsupported currency specified");
  out.currency = std::string(currency->get_string());
  out.value = value->get_int64();
  return std::nullopt;
}

std::optional<json::object> parseBody(std::string_view body, std::string_view structure,
                                      const std::set<std::string_view>& known, Reply& err) {
  boost::system::error_code ec;
  json::value v = json::parse(body, ec);
  if (ec || !v.is_object()) {
    err = error(400, "702", "Unexpected input: the body is not a JSON object");
    return std::nullopt;
  }
  if (auto f = unknownField(v.as_object(), known)) {
    err = error(400, "702", "Structure " + std::string(structure) +
                                " contains the following unknown fields: [" + *f + "]");
    return std::nullopt;
  }
  return std::move(v.as_object());
}

bool expired(int month, int year) {
  using namespace std::chrono;
  year_month_day today{floor<days>(system_clock::now())};
  int nowYear = static_cast<int>(today.year());
  int nowMonth = static_cast<int>(static_cast<unsigned>(today.month()));
  return year < nowYear || (year == nowYear && month < nowMonth);
}

std::optional<int> digits(std::string_view s, size_t minLen, size_t maxLen) {
  if (s.size() < minLen || s.size() > maxLen) return std::nullopt;
  int v = 0;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || end != s.data() + s.size()) return std::nullopt;
  return v;
}

json::object amountJson(std::string_view currency, int64_t value) {
  return json::object{{"currency", currency}, {"value", value}};
}
// authenticationData: `attempt` is attemptAuthentication "always" (the emulator plays Adyen's
// Dynamic 3D Secure default "prefer not": no authentication unless asked). Asking needs the
// shopper's full browserInfo (the ACS renders the challenge for that browser).
std::optional<Reply> parseAuthenticationData(const json::object& o, bool& attempt) {
  const json::value* a = o.if_contains("authenticationData");
  if (!a) return std::nullopt;
  if (!a->is_object()) return error(400, "702", "authenticationData must be an object");
  const json::object& ao = a->as_object();
  if (auto f = unknownField(ao, kAuthenticationDataFields))
    return error(400, "702", "Structure AuthenticationData contains the following unknown fields: [" + *f + "]");
  if (const json::value* only = ao.if_contains("authenticationOnly");
      only && (!only->is_bool() || only->get_bool()))
    return error(422, "14_0", "authenticationOnly is not supported by this emulator");
  if (const json::value* r = ao.if_contains("threeDSRequestData")) {
    if (!r->is_object()) return error(400, "702", "threeDSRequestData must be an object");
    if (auto f = unknownField(r->as_object(), kThreeDsRequestDataFields))
      return error(400, "702", "Structure ThreeDSRequestData contains the following unknown fields: [" + *f + "]");
  }
  const std::string when = str(ao, "attemptAuthentication");
  if (ao.contains("attemptAuthentication") && when != "always" && when != "never")
    return error(422, "14_0", "Invalid authenticationData.attemptAuthentication: must be always or never");
  attempt = when == "always";
  if (!attempt) return std::nullopt;
  const json::value* b = o.if_contains("browserInfo");
  if (!b || !b->is_object())
    return error(422, "14_0", "Required field 'browserInfo' is not provided for 3D Secure.");
  if (auto f = unknownField(b->as_object(), kBrowserInfoFields))
    return error(400, "702", "Structure BrowserInfo contains the following unknown fields: [" + *f + "]");
  for (std::string_view k : kBrowserInfoRequired)
    if (!b->as_object().contains(k))
      return error(422, "14_0", "Required field 'browserInfo." + std::string(k) + "' is not provided.");
  return std::nullopt;
}

// Who authenticates an authorisable payment, and how it ends (api.h).
void applyThreeDs(PaymentRecord& p, ThreeDsCard card, bool attempt, const std::optional<MpiData>& mpi) {
  if (mpi) {
    p.threeDsFlow = "mpi";
    ThreeDsFacts f;
    f.authenticated = mpiAuthenticates(*mpi);
    f.transStatus = mpi->transStatus;
    f.eci = mpi->eci;
    f.cavv = mpi->cavv;
    f.version = mpi->version;
    f.dsTransId = mpi->dsTransId;
    p.threeDsFacts = f;
    p.threeDsResult = f.authenticated ? "authenticated" : "failed";
    if (!f.authenticated) {
      p.resultCode = "Refused";
      p.refusalReasonCode = "11";
      p.refusalReason = "3D Not Authenticated";
    }
    return;
  }
  if (p.shopperInteraction == "ContAuth") return;  // merchant-initiated: no shopper to ask
  if (card == ThreeDsCard::kChallenge) {
    if (attempt) {
      p.resultCode = "RedirectShopper";
      p.threeDsFlow = "challenge";
      p.threeDsResult = "pending";
    } else {
      p.resultCode = "Refused";
      p.refusalReasonCode = "38";
      p.refusalReason = "Authentication required";
    }
  } else if (card == ThreeDsCard::kFrictionless && attempt) {
    p.threeDsFlow = "frictionless";
    p.threeDsResult = "authenticated";
    p.threeDsFacts = issuerAuthentication(p.brand, true);
  }
}

// The body Adyen answers for the payment as it stands (PaymentResponse and
// PaymentDetailsResponse share it), without the action.
json::object paymentAnswer(const PaymentRecord& p) {
  json::object out;
  out["pspReference"] = p.pspReference;
  out["resultCode"] = p.resultCode;
  out["amount"] = amountJson(p.currency, p.amount);
  out["merchantReference"] = p.reference;
  json::object additional;
  if (p.resultCode == "Authorised") {
    additional["authCode"] = p.pspReference.substr(9, 6);
    additional["cardSummary"] = p.last4;
    additional["paymentMethod"] = p.brand == "mastercard" ? "mc" : p.brand;
  } else if (!p.refusalReasonCode.empty()) {
    out["refusalReason"] = p.refusalReason;
    out["refusalReasonCode"] = p.refusalReasonCode;
    additional["refusalReasonRaw"] = p.refusalReason;
  }
  if (p.threeDsFacts) addThreeDsFacts(additional, *p.threeDsFacts);
  out["additionalData"] = std::move(additional);
  return out;
}

}  // namespace

std::string serviceError(unsigned status, std::string_view code, std::string_view message,
                         std::string_view type) {
  return json::serialize(json::object{{"status", status},
                                      {"errorCode", code},
                                      {"message", message},
                                      {"errorType", type}});
}

const std::vector<MagicHolder>& magicHolders() {
  static const std::vector<MagicHolder> kTable = {
      {"REFUSED", "Refused", "2", "Refused"},
      {"DECLINED", "Refused", "2", "Refused"},
      {"REFERRAL", "Refused", "3", "Referral"},
      {"ACQUIRER_ERROR", "Error", "4", "Acquirer Error"},
      {"BLOCK_CARD", "Refused", "5", "Blocked Card"},
      {"CARD_EXPIRED", "Refused", "6", "Expired Card"},
      {"INVALID_AMOUNT", "Refused", "7", "Invalid Amount"},
      {"INVALID_CARD", "Refused", "8", "Invalid Card Number"},
      {"ISSUER_UNAVAILABLE", "Refused", "9", "Issuer Unavailable"},
      {"NOT_SUPPORTED", "Refused", "10", "Not supported"},
      {"NOT_3D_AUTHENTICATED", "Refused", "11", "3D Not Authenticated"},
      {"NOT_ENOUGH_BALANCE", "Refused", "12", "Not enough balance"},
      {"ACQUIRER_FRAUD", "Refused", "14", "Acquirer Fraud"},
      {"FRAUD", "Refused", "20", "FRAUD"},
      {"CVC_DECLINED", "Refused", "24", "CVC Declined"},
      {"RESTRICTED_CARD", "Refused", "25", "Restricted Card"},
      {"REVOCATION_OF_AUTH", "Refused", "26", "Revocation Of Auth"},
      {"DECLINED_NON_GENERIC", "Refused", "27", "Declined Non Generic"},
      {"WITHDRAWAL_AMOUNT_EXCEEDED", "Refused", "28", "Withdrawal amount exceeded"},
      {"WITHDRAWAL_COUNT_EXCEEDED", "Refused", "29", "Withdrawal count exceeded"},
      {"ISSUER_SUSPECTED_FRAUD", "Refused", "31", "Issuer Suspected Fraud"},
      {"AVS_DECLINED", "Refused", "32", "AVS Declined"},
      {"AUTHENTICATION_REQUIRED", "Refused", "38", "Authentication required"},
      {"PENDING", "Pending", "", ""},
  };
  return kTable;
}

AdyenApi::AdyenApi(size_t capacity, std::string requiredMerchantAccount)
    : capacity_(capacity == 0 ? 1 : capacity),
      requiredMerchantAccount_(std::move(requiredMerchantAccount)),
      idempotency_(capacity, ReplayRule::kSameEndpoint) {}

std::string AdyenApi::nextPsp() {
  // 16 characters like Adyen's ("993617895204576J"): 15 digits and a letter.
  ++sequence_;
  char buf[32];
  std::snprintf(buf, sizeof buf, "88%013llu%c", static_cast<unsigned long long>(sequence_),
                static_cast<char>('A' + sequence_ % 26));
  return buf;
}

template <class Process>
Reply AdyenApi::idempotent(const CallContext& ctx, std::string_view path, std::string_view body,
                           Process&& process) {
  if (ctx.idempotencyKey.size() > kMaxIdempotencyKeyLength)
    return error(400, "000", "Idempotency-Key must be at most 64 characters");
  std::string fp = idempotency_.fingerprint("POST", path, body);
  std::lock_guard lock(mu_);
  if (!ctx.idempotencyKey.empty()) {
    auto found = idempotency_.find(ctx.account, ctx.idempotencyKey, fp);
    if (found.match == IdempotencyStore::Match::kConflict)
      return error(422, "704", "request already processed or in progress");
    if (found.match == IdempotencyStore::Match::kSame)
      return jsonReply(found.response->status, found.response->body);
  }
  Reply reply = process();
  if (!ctx.idempotencyKey.empty() && reply.response.status < 500)
    idempotency_.remember(ctx.account, ctx.idempotencyKey, std::move(fp),
                          {reply.response.status, reply.response.body});
  return reply;
}

Reply AdyenApi::payments(const CallContext& ctx, std::string_view body) {
  return idempotent(ctx, "/payments", body, [&] { return authorize(ctx, body); });
}

Reply AdyenApi::paymentDetails(const CallContext& ctx, std::string_view body) {
  return idempotent(ctx, "/payments/details", body, [&] { return details(ctx, body); });
}

Reply AdyenApi::modification(const CallContext& ctx, std::string_view kind, std::string_view psp,
                             std::string_view body) {
  std::string path = "/payments/" + std::string(psp) + "/" + std::string(kind);
  return idempotent(ctx, path, body, [&] { return modify(ctx, kind, psp, body); });
}

// Runs under mu_.
Reply AdyenApi::authorize(const CallContext& ctx, std::string_view body) {
  Reply err;
  auto parsed = parseBody(body, "PaymentRequest", kPaymentRequestFields, err);
  if (!parsed) return err;
  const json::object& o = *parsed;
  std::string merchantAccount = str(o, "merchantAccount");
  if (merchantAccount.empty())
    return error(422, "14_0", "Required field 'merchantAccount' is not provided.");
  if (!requiredMerchantAccount_.empty() && merchantAccount != requiredMerchantAccount_)
    return error(403, "901", "Invalid Merchant Account", "security");
  Amount amount;
  if (auto bad = parseAmount(o, amount)) return std::move(*bad);
  std::string reference = str(o, "reference");
  if (reference.empty()) return error(422, "130", "Required field 'reference' is not provided.");
  if (str(o, "returnUrl").empty())
    return error(422, "14_0", "Required field 'returnUrl' is not provided.");
  const json::value* pm = o.if_contains("paymentMethod");
  if (!pm || !pm->is_object())
    return error(422, "14_0", "Required field 'paymentMethod' is not provided.");
  const json::object& card = pm->as_object();
  if (auto f = unknownField(card, kCardFields))
    return error(400, "702",
                 "Structure CardDetails contains the following unknown fields: [" + *f + "]");
  std::string type = str(card, "type");
  if (!type.empty() && type != "scheme" && type != "card")
    return error(422, "905", "Payment details are not supported");
  std::string number = str(card, "number");
  if (!isCardNumberShaped(number) || !luhnValid(number))
    return error(422, "101", "Invalid card number");
  auto month = digits(str(card, "expiryMonth"), 1, 2);
  auto year = digits(str(card, "expiryYear"), 4, 4);
  if (!month || *month < 1 || *month > 12 || !year) return error(422, "129", "Expiry Date Invalid");
  const json::value* delay = o.if_contains("captureDelayHours");
  if (delay && (!delay->is_int64() || delay->get_int64() < 0 || delay->get_int64() > 672))
    return error(422, "14_0", "captureDelayHours must be 0..672");
  bool manual = false;
  if (const json::value* ad = o.if_contains("additionalData")) {
    if (!ad->is_object()) return error(400, "702", "additionalData must be an object");
    for (const auto& kv : ad->as_object())
      if (!kv.value().is_string())
        return error(400, "702", "additionalData values must be strings");
    manual = str(ad->as_object(), "manualCapture") == "true";
  }
  if (delay && delay->get_int64() > 0) manual = true;  // not captured yet within the emulator
  if (delay && delay->get_int64() == 0) manual = false;
  const std::string interaction = str(o, "shopperInteraction");
  const std::string recurring = str(o, "recurringProcessingModel");
  if (o.contains("shopperInteraction") && !kShopperInteractions.contains(interaction))
    return error(422, "14_0", "Invalid shopperInteraction: must be one of Ecommerce, ContAuth, Moto, POS");
  if (o.contains("recurringProcessingModel") && !kRecurringModels.contains(recurring))
    return error(422, "14_0",
                 "Invalid recurringProcessingModel: must be one of CardOnFile, Subscription, "
                 "UnscheduledCardOnFile");
  if (interaction == "ContAuth" && recurring.empty())
    return error(422, "14_0", "Required field 'recurringProcessingModel' is not provided.");
  bool attempt = false;
  if (auto bad = parseAuthenticationData(o, attempt)) return std::move(*bad);
  std::optional<MpiData> mpi;
  if (const json::value* m = o.if_contains("mpiData")) {
    MpiCheck checked = checkMpiData(*m);
    if (!checked.data) return error(422, "14_0", checked.error);
    if (attempt)
      return error(422, "14_0",
                   "mpiData (an authentication already done) cannot be combined with "
                   "authenticationData.attemptAuthentication always");
    mpi = std::move(checked.data);
  }
  if (payments_.size() + modifications_.size() >= capacity_)
    return error(500, "000", "emulator ledger is full", "internal");

  PaymentRecord p;
  p.pspReference = nextPsp();
  p.account = ctx.account;
  p.merchantAccount = merchantAccount;
  p.reference = reference;
  p.idempotencyKey = ctx.idempotencyKey;
  p.currency = amount.currency;
  p.amount = amount.value;
  p.manualCapture = manual;
  p.resultCode = "Authorised";
  std::string holder = str(card, "holderName");
  if (ctx.declineAll) {
    p.resultCode = "Refused";
    p.refusalReasonCode = "27";
    p.refusalReason = "Declined Non Generic";
  } else if (auto it = std::find_if(magicHolders().begin(), magicHolders().end(),
                                    [&](const MagicHolder& m) { return m.holderName == holder; });
             it != magicHolders().end()) {
    p.resultCode = std::string(it->resultCode);
    p.refusalReasonCode = std::string(it->reasonCode);
    p.refusalReason = std::string(it->reason);
  } else if (expired(*month, *year)) {
    p.resultCode = "Refused";
    p.refusalReasonCode = "6";
    p.refusalReason = "Expired Card";
  }
  p.shopperInteraction = interaction;
  p.recurringProcessingModel = recurring;
  p.brand = std::string(cardBrand(number));
  p.last4 = std::string(lastFour(number));
  p.returnUrl = str(o, "returnUrl");
  if (p.resultCode == "Authorised") applyThreeDs(p, threeDsCardFor(number), attempt, mpi);
  if (p.resultCode == "RedirectShopper") {
    p.challengeId = randomId(24);
    challenges_.emplace(p.challengeId, p.pspReference);
  }
  if (p.resultCode == "Authorised" && !manual) p.captured = p.amount;

  json::object out = paymentAnswer(p);
  if (p.resultCode == "RedirectShopper") {
    out["action"] = json::object{{"paymentMethodType", "scheme"},
                                 {"url", ctx.baseUrl + "/3ds/challenge/" + p.challengeId},
                                 {"method", "GET"},
                                 {"type", "redirect"}};
  }
  order_.push_back(p.pspReference);
  payments_.emplace(p.pspReference, std::move(p));
  return jsonReply(200, json::serialize(out));
}

// Runs under mu_.
Reply AdyenApi::modify(const CallContext& ctx, std::string_view kind, std::string_view psp,
                       std::string_view body) {
  const bool withAmount = kind == "captures" || kind == "refunds";
  const auto& known = kind == "captures"  ? kCaptureFields
                      : kind == "refunds" ? kRefundFields
                                          : kCancelFields;
  std::string_view structure = kind == "captures"  ? "PaymentCaptureRequest"
                               : kind == "refunds" ? "PaymentRefundRequest"
                               : kind == "cancels" ? "PaymentCancelRequest"
                                                   : "PaymentReversalRequest";
  Reply err;
  auto parsed = parseBody(body, structure, known, err);
  if (!parsed) return err;
  const json::object& o = *parsed;
  std::string merchantAccount = str(o, "merchantAccount");
  if (merchantAccount.empty())
    return error(422, "14_0", "Required field 'merchantAccount' is not provided.");
  Amount amount;
  if (withAmount) {
    if (auto bad = parseAmount(o, amount)) return std::move(*bad);
  }
  if (kind == "refunds") {
    std::string reason = str(o, "merchantRefundReason");
    static const std::set<std::string_view> kReasons = {"FRAUD", "CUSTOMER REQUEST", "RETURN",
                                                        "DUPLICATE", "OTHER"};
    if (o.contains("merchantRefundReason") && !kReasons.contains(reason))
      return error(422, "14_0", "Invalid merchantRefundReason");
  }
  auto it = payments_.find(std::string(psp));
  if (it == payments_.end() || it->second.account != ctx.account ||
      it->second.merchantAccount != merchantAccount)
    return error(422, "167", "Original pspReference required for this operation");
  PaymentRecord& p = it->second;
  if (withAmount && amount.currency != p.currency)
    return error(422, "137", "Invalid amount specified: currency differs from the payment's");
  if (payments_.size() + modifications_.size() >= capacity_)
    return error(500, "000", "emulator ledger is full", "internal");

  ModificationRecord m;
  m.paymentPspReference = p.pspReference;
  m.reference = str(o, "reference");
  m.currency = p.currency;
  const bool authorised = p.resultCode == "Authorised";
  if (kind == "captures") {
    if (!authorised || p.cancelled || p.captured + amount.value > p.amount || amount.value == 0)
      return error(422, "000", "Insufficient balance on payment or payment not capturable");
    p.captured += amount.value;
    m.kind = "capture";
    m.amount = amount.value;
  } else if (kind == "refunds") {
    if (!authorised || p.refunded + amount.value > p.captured || amount.value == 0)
      return error(422, "000", "Refund amount exceeds the captured amount");
    p.refunded += amount.value;
    m.kind = "refund";
    m.amount = amount.value;
  } else if (kind == "cancels") {
    if (!authorised || p.cancelled || p.captured > 0)
      return error(422, "000", "Payment cannot be cancelled: not authorised, captured or already cancelled");
    p.cancelled = true;
    m.kind = "cancel";
    m.amount = p.amount;
  } else {  // reversals: cancel when nothing is captured, else refund what is
    if (!authorised || p.cancelled) return error(422, "000", "Payment cannot be reversed");
    m.kind = "reversal";
    if (p.captured == 0) {
      p.cancelled = true;
      m.amount = p.amount;
    } else {
      m.amount = p.captured - p.refunded;
      p.refunded = p.captured;
    }
  }
  m.pspReference = nextPsp();

  json::object out{{"merchantAccount", merchantAccount},
                   {"paymentPspReference", p.pspReference},
                   {"pspReference", m.pspReference},
                   {"status", "received"}};
  if (!m.reference.empty()) out["reference"] = m.reference;
  if (withAmount) out["amount"] = amountJson(amount.currency, amount.value);
  if (kind == "refunds" && o.contains("merchantRefundReason"))
    out["merchantRefundReason"] = str(o, "merchantRefundReason");
  modifications_.push_back(std::move(m));
  return jsonReply(201, json::serialize(out));
}

Reply AdyenApi::ledger() const {
  std::lock_guard lock(mu_);
  json::array payments;
  int64_t charges = 0, declines = 0;
  for (const std::string& psp : order_) {
    const PaymentRecord& p = payments_.at(psp);
    if (p.resultCode == "Authorised") ++charges;
    else if (p.resultCode != "RedirectShopper") ++declines;  // a waiting payment is neither
    payments.push_back(json::object{{"pspReference", p.pspReference},
                                    {"merchantAccount", p.merchantAccount},
                                    {"reference", p.reference},
                                    {"currency", p.currency},
                                    {"amount", p.amount},
                                    {"resultCode", p.resultCode},
                                    {"refusalReasonCode", p.refusalReasonCode},
                                    {"manualCapture", p.manualCapture},
                                    {"captured", p.captured},
                                    {"refunded", p.refunded},
                                    {"cancelled", p.cancelled},
                                    {"shopperInteraction", p.shopperInteraction},
                                    {"recurringProcessingModel", p.recurringProcessingModel},
                                    {"threeDsFlow", p.threeDsFlow},
                                    {"threeDsResult", p.threeDsResult}});
  }
  json::array mods;
  int64_t captures = 0, cancels = 0, refunds = 0, reversals = 0;
  for (const ModificationRecord& m : modifications_) {
    if (m.kind == "capture") ++captures;
    else if (m.kind == "cancel") ++cancels;
    else if (m.kind == "refund") ++refunds;
    else ++reversals;
    mods.push_back(json::object{{"pspReference", m.pspReference},
                                {"paymentPspReference", m.paymentPspReference},
                                {"kind", m.kind},
                                {"reference", m.reference},
                                {"currency", m.currency},
                                {"amount", m.amount}});
  }
  json::object out{{"chargeCount", charges},     {"declineCount", declines},
                   {"captureCount", captures},   {"cancelCount", cancels},
                   {"refundCount", refunds},     {"reversalCount", reversals},
                   {"payments", std::move(payments)}, {"modifications", std::move(mods)}};
  return jsonReply(200, json::serialize(out));
}

// Runs under mu_. The authorisation happens here, once: the stored answer is given again for the
// same redirectResult (as Adyen, which keeps the result of a completed redirect).
Reply AdyenApi::details(const CallContext& ctx, std::string_view body) {
  Reply err;
  auto parsed = parseBody(body, "PaymentDetailsRequest", kDetailsRequestFields, err);
  if (!parsed) return err;
  const json::value* d = parsed->if_contains("details");
  if (!d || !d->is_object())
    return error(422, "14_0", "Required field 'details' is not provided.");
  const std::string redirectResult = str(d->as_object(), "redirectResult");
  if (redirectResult.empty())
    return error(422, "14_0", "Required field 'details.redirectResult' is not provided.");
  auto known = redirectResults_.find(redirectResult);
  auto it = known == redirectResults_.end() ? payments_.end() : payments_.find(known->second);
  if (it == payments_.end() || it->second.account != ctx.account)
    return error(422, "14_018", "Invalid payload provided: unknown redirectResult");
  PaymentRecord& p = it->second;
  Reply reply;
  if (p.detailsAnswer.empty()) {
    if (p.threeDsResult == "authenticated") {
      p.resultCode = "Authorised";
      if (!p.manualCapture) p.captured = p.amount;
    } else {
      p.resultCode = "Refused";
      p.refusalReasonCode = "11";
      p.refusalReason = "3D Not Authenticated";
    }
    p.detailsAnswer = json::serialize(paymentAnswer(p));
    reply.notificationRequest = json::serialize(
        json::object{{"merchantAccount", p.merchantAccount},
                     {"reference", p.reference},
                     {"amount", amountJson(p.currency, p.amount)}});
  }
  reply.response = http::Response::json(200, p.detailsAnswer);
  return reply;
}

PaymentRecord* AdyenApi::byChallenge(std::string_view challengeId) {
  auto c = challenges_.find(std::string(challengeId));
  if (c == challenges_.end()) return nullptr;
  auto it = payments_.find(c->second);
  return it == payments_.end() ? nullptr : &it->second;
}

http::Response AdyenApi::challengePage(std::string_view challengeId) const {
  std::lock_guard lock(mu_);
  auto c = challenges_.find(std::string(challengeId));
  auto it = c == challenges_.end() ? payments_.end() : payments_.find(c->second);
  if (it == payments_.end() || it->second.threeDsResult != "pending") return challengeNotFound();
  const PaymentRecord& p = it->second;
  const std::string action = "/3ds/challenge/" + p.challengeId;
  // The amount is in Adyen's minor units; displayAmount reads ISO 4217's exponent, which differs
  // only for CLP, CVE, IDR and ISK: the page only shows it.
  ChallengeView view{"Adyen", action, displayAmount(p.amount, p.currency), p.last4};
  return sandbox::challengePage(view);
}

http::Response AdyenApi::decideChallenge(std::string_view challengeId, std::string_view body) {
  std::optional<bool> approved = challengeApproved(body);
  std::lock_guard lock(mu_);
  PaymentRecord* p = byChallenge(challengeId);
  if (!p || !approved) return challengeNotFound();
  if (p->threeDsResult == "pending") {
    p->threeDsResult = *approved ? "authenticated" : "failed";
    p->threeDsFacts = issuerAuthentication(p->brand, *approved);
    p->redirectResult = randomId(48);
    redirectResults_.emplace(p->redirectResult, p->pspReference);
  }
  // Adyen appends redirectResult to the returnUrl (redirectFromIssuerMethod GET).
  std::string back = p->returnUrl;
  if (!back.empty())
    back += (back.find('?') == std::string::npos ? "?" : "&") + std::string("redirectResult=") +
            p->redirectResult;
  return challengeFinished(back, p->threeDsResult == "authenticated");
}

}  // namespace sy::sandbox::adyen
