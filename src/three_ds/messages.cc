#include "three_ds/messages.h"

#include <boost/json/object.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <cctype>
#include <cstdio>
#include <ctime>

#include "common/crypto.h"
#include "common/ids.h"
#include "common/money.h"

namespace sy::three_ds {
namespace json = boost::json;
namespace {

constexpr std::string_view kProtocolVersion = "2.2.0";

// Text from the directory server, fit for a Status message: bounded, and any long run of digits
// (a card number a careless DS echoed) removed.
std::string sanitized(std::string_view text) {
  text = text.substr(0, 300);
  std::string out;
  size_t i = 0;
  while (i < text.size()) {
    size_t j = i;
    while (j < text.size() && std::isdigit(static_cast<unsigned char>(text[j]))) ++j;
    if (j > i) {
      out += j - i >= 12 ? std::string("[digits]") : std::string(text.substr(i, j - i));
      i = j;
    } else {
      out.push_back(text[i++]);
    }
  }
  return out;
}

std::string field(const json::object& o, std::string_view name) {
  const json::value* v = o.if_contains(name);
  return v && v->is_string() ? std::string(v->as_string()) : std::string();
}

bool twoDigits(std::string_view s) {
  return s.size() == 2 && std::isdigit(static_cast<unsigned char>(s[0])) &&
         std::isdigit(static_cast<unsigned char>(s[1]));
}

// "20240102030405": the AReq's purchaseDate, UTC.
std::string purchaseDate(TimePoint now) {
  const std::time_t t = std::chrono::system_clock::to_time_t(now);
  std::tm utc{};
  gmtime_r(&t, &utc);
  char buf[16];
  std::strftime(buf, sizeof buf, "%Y%m%d%H%M%S", &utc);
  return buf;
}

// At most `max` bytes, not cutting a UTF-8 sequence.
std::string truncatedUtf8(std::string_view s, size_t max) {
  if (s.size() <= max) return std::string(s);
  size_t end = max;
  while (end > 0 && (static_cast<unsigned char>(s[end]) & 0xC0) == 0x80) --end;
  return std::string(s.substr(0, end));
}

Status unreadable(std::string_view what, std::string_view why) {
  return unavailable("3-D Secure directory server sent an unreadable " + std::string(what) + ": " +
                     std::string(why));
}

// A non-2xx answer, or an Erro in any answer, as a Status.
Status refusal(unsigned httpStatus, const json::object* body) {
  if (body && field(*body, "messageType") == "Erro")
    return unavailable("3-D Secure directory server answered Erro " +
                       sanitized(field(*body, "errorCode")) + " (" +
                       sanitized(field(*body, "errorDetail")) +
                       "): " + sanitized(field(*body, "errorDescription")));
  return unavailable("3-D Secure directory server answered HTTP " + std::to_string(httpStatus));
}

// Reads an ARes (`messageType` "ARes") or an RReq ("RReq") about `transactionId`.
Result<Authentication> readAuthentication(const json::object& o, std::string_view messageType,
                                          std::string_view transactionId) {
  if (field(o, "messageType") != messageType)
    return unreadable(messageType, "messageType is not " + std::string(messageType));
  Authentication a;
  a.threeDsServerTransactionId = field(o, "threeDSServerTransID");
  if (a.threeDsServerTransactionId != transactionId)
    return unreadable(messageType, "it is about another threeDSServerTransID");
  a.dsTransactionId = field(o, "dsTransID");
  a.acsTransactionId = field(o, "acsTransID");
  if (!isUuidShaped(a.dsTransactionId) || !isUuidShaped(a.acsTransactionId))
    return unreadable(messageType, "dsTransID and acsTransID must be UUIDs");
  a.protocolVersion = field(o, "messageVersion");
  if (a.protocolVersion.empty()) return unreadable(messageType, "messageVersion is missing");
  a.transStatus = field(o, "transStatus");
  a.challenged = messageType == "RReq";
  const std::string& s = a.transStatus;
  const bool known =
      s == "Y" || s == "A" || s == "N" || s == "R" || s == "U" || (s == "C" && !a.challenged);
  if (!known) return unreadable(messageType, "unsupported transStatus '" + sanitized(s) + "'");
  if (s == "Y" || s == "A") {
    a.eci = field(o, "eci");
    if (!twoDigits(a.eci)) return unreadable(messageType, "eci must be 2 digits");
    std::string value = field(o, "authenticationValue");
    auto raw = crypto::base64Decode(value);
    if (value.size() != 28 || !raw || raw->size() != 20)
      return unreadable(messageType, "authenticationValue must be 20 bytes in base64");
    a.authenticationValue = SecretString(std::move(value));
  } else if (s == "C") {
    a.challengeUrl = field(o, "acsURL");
    if (!a.challengeUrl.starts_with("https://") && !a.challengeUrl.starts_with("http://"))
      return unreadable(messageType, "acsURL must be an http(s) URL");
  } else {
    a.transStatusReason = field(o, "transStatusReason");
    if (!a.transStatusReason.empty() && !twoDigits(a.transStatusReason))
      return unreadable(messageType, "transStatusReason must be 2 digits");
  }
  return a;
}

std::optional<json::object> parseObject(std::string_view body) {
  boost::system::error_code ec;
  json::value v = json::parse(body, ec);
  if (ec || !v.is_object()) return std::nullopt;
  return std::move(v.as_object());
}

}  // namespace

Result<std::string> areqJson(const AuthenticationRequest& req, TimePoint now) {
  if (!isUuidShaped(req.threeDsServerTransactionId))
    return invalidArgument("threeDsServerTransactionId must be a UUID");
  const std::string& pan = req.cardNumber.reveal();
  if (pan.size() < 13 || pan.size() > 19 ||
      pan.find_first_not_of("0123456789") != std::string::npos)
    return invalidArgument("the card number must be 13 to 19 digits");
  const std::string& month = req.expirationMonth;
  const std::string& year = req.expirationYear;
  if (!twoDigits(month) || month < "01" || month > "12" || (year.size() != 4 && year.size() != 2) ||
      year.find_first_not_of("0123456789") != std::string::npos)
    return invalidArgument("the card expiry must be MM and YYYY");
  const auto currency = findCurrency(req.currencyCode);
  if (!currency) return invalidArgument("unknown currency '" + req.currencyCode + "'");
  if (req.amount < 0) return invalidArgument("the amount must not be negative");
  if (req.merchantName.empty()) return invalidArgument("the merchant name is required");
  if (req.notificationUrl.empty()) return invalidArgument("the notification URL is required");
  char numeric[8];
  std::snprintf(numeric, sizeof numeric, "%03d", currency->numeric);

  json::object o{{"messageType", "AReq"},
                 {"messageVersion", kProtocolVersion},
                 {"threeDSServerTransID", req.threeDsServerTransactionId},
                 {"deviceChannel", "02"},                      // browser
                 {"messageCategory", "01"},                    // payment authentication
                 {"threeDSRequestorAuthenticationInd", "01"},  // payment transaction
                 {"threeDSCompInd", "U"},                      // no 3DS Method ran
                 {"transType", "01"},                          // goods and services purchase
                 {"acctNumber", pan},
                 {"cardExpiryDate", year.substr(year.size() - 2) + month},
                 {"purchaseAmount", std::to_string(req.amount)},
                 {"purchaseCurrency", numeric},
                 {"purchaseExponent", std::to_string(req.currencyExponent)},
                 {"purchaseDate", purchaseDate(now)},
                 {"merchantName", truncatedUtf8(req.merchantName, 40)},
                 {"notificationURL", req.notificationUrl}};
  if (req.cardholderName.size() >= 2 && req.cardholderName.size() <= 45)
    o["cardholderName"] = req.cardholderName;
  return json::serialize(o);
}

Result<Authentication> readARes(unsigned httpStatus, std::string_view body,
                                std::string_view transactionId) {
  const auto parsed = parseObject(body);
  if (httpStatus != 200 || (parsed && field(*parsed, "messageType") == "Erro"))
    return refusal(httpStatus, parsed ? &*parsed : nullptr);
  if (!parsed) return unreadable("ARes", "the body is not a JSON object");
  return readAuthentication(*parsed, "ARes", transactionId);
}

Result<std::optional<Authentication>> readChallengeResult(unsigned httpStatus,
                                                          std::string_view body,
                                                          std::string_view transactionId) {
  const auto parsed = parseObject(body);
  if (httpStatus == 202 && parsed) {
    const json::value* done = parsed->if_contains("challengeCompleted");
    if (done && done->is_bool() && !done->as_bool()) return std::optional<Authentication>();
  }
  if (httpStatus != 200 || (parsed && field(*parsed, "messageType") == "Erro"))
    return refusal(httpStatus, parsed ? &*parsed : nullptr);
  if (!parsed) return unreadable("RReq", "the body is not a JSON object");
  auto rreq = readAuthentication(*parsed, "RReq", transactionId);
  if (!rreq) return rreq.status();
  return std::optional<Authentication>(std::move(*rreq));
}

std::string_view primerReasonCode(std::string_view code) {
  // EMVCo transStatusReason 01..26 in order (ThreeDSecureFailedReasonCodeEnum follows them).
  static constexpr std::string_view kByCode[] = {
      "CARD_AUTHENTICATION_FAILED",
      "UNKNOWN_DEVICE",
      "UNSUPPORTED_DEVICE",
      "EXCEEDS_AUTHENTICATION_FREQUENCY_LIMIT",
      "EXPIRED_CARD",
      "INVALID_CARD_NUMBER",
      "INVALID_TRANSACTION",
      "NO_CARD_RECORD",
      "SECURITY_FAILURE",
      "STOLEN_CARD",
      "SUSPECTED_FRAUD",
      "TRANSACTION_NOT_PERMITTED_TO_CARDHOLDER",
      "CARDHOLDER_NOT_ENROLLED_IN_SERVICE",
      "TRANSACTION_TIMED_OUT_AT_THE_ACS",
      "LOW_CONFIDENCE",
      "MEDIUM_CONFIDENCE",
      "HIGH_CONFIDENCE",
      "VERY_HIGH_CONFIDENCE",
      "EXCEEDS_ACS_MAXIMUM_CHALLENGES",
      "NON_PAYMENT_NOT_SUPPORTED",
      "THREE_RI_NOT_SUPPORTED",
      "ACS_TECHNICAL_ISSUE",
      "DECOUPLED_REQUIRED_BY_ACS",
      "DECOUPLED_MAX_EXPIRY_EXCEEDED",
      "DECOUPLED_AUTHENTICATION_INSUFFICIENT_TIME",
      "AUTHENTICATION_ATTEMPTED_BUT_NOT_PERFORMED_BY_CARDHOLDER",
  };
  if (!twoDigits(code)) return "UNKNOWN";
  const int n = (code[0] - '0') * 10 + (code[1] - '0');
  if (n < 1 || n > static_cast<int>(std::size(kByCode))) return "UNKNOWN";
  return kByCode[n - 1];
}

}  // namespace sy::three_ds
