#include "sandbox/three_ds/messages.h"

#include <boost/json/object.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <charconv>
#include <deque>

#include "common/ids.h"
#include "common/money.h"
#include "sandbox/card_checks.h"

namespace sy::sandbox::three_ds {
namespace json = boost::json;
namespace {

bool allDigits(std::string_view s) {
  return !s.empty() && s.find_first_not_of("0123456789") == std::string_view::npos;
}

bool isWebUrl(std::string_view s, size_t maxLength) {
  return s.size() <= maxLength && (s.starts_with("http://") || s.starts_with("https://")) &&
         s.find_first_of(" \t\r\n\"<>") == std::string_view::npos && s.size() > 8;
}

ErroMessage erro(std::string code, std::string description, std::string detail) {
  ErroMessage e;
  e.errorCode = std::move(code);
  e.errorDescription = std::move(description);
  e.errorDetail = std::move(detail);
  return e;
}

ErroMessage missing(std::string_view field) {
  return erro("201", "Required Data Element Missing", std::string(field));
}
ErroMessage badFormat(std::string_view field, std::string_view why) {
  return erro("203",
              "Format of one or more Data Elements is Invalid according to the Specification: " +
                  std::string(why),
              std::string(field));
}

// Reads one string element: nullopt + `error` set when it is absent or not a string.
class Fields {
 public:
  explicit Fields(const json::object& o) : o_(o) {}
  const std::string* required(std::string_view name, ErroMessage& error) {
    const json::value* v = o_.if_contains(name);
    if (!v || (v->is_string() && v->as_string().empty())) {
      error = missing(name);
      return nullptr;
    }
    return asString(name, *v, error);
  }
  // Absent: `present` false and nullptr without error.
  const std::string* optional(std::string_view name, ErroMessage& error, bool& present) {
    const json::value* v = o_.if_contains(name);
    present = v != nullptr;
    if (!v) return nullptr;
    return asString(name, *v, error);
  }

 private:
  const std::string* asString(std::string_view name, const json::value& v, ErroMessage& error) {
    if (!v.is_string()) {
      error = badFormat(name, "expected a string");
      return nullptr;
    }
    held_.emplace_back(v.as_string());
    return &held_.back();
  }
  const json::object& o_;
  std::deque<std::string> held_;
};

}  // namespace

std::string erroJson(const ErroMessage& e) {
  json::object o;
  if (!e.threeDsServerTransId.empty()) o["threeDSServerTransID"] = e.threeDsServerTransId;
  o["messageType"] = "Erro";
  o["messageVersion"] = e.messageVersion;
  o["errorCode"] = e.errorCode;
  o["errorComponent"] = "D";
  o["errorDescription"] = e.errorDescription;
  o["errorDetail"] = e.errorDetail;
  o["errorMessageType"] = e.errorMessageType;
  return json::serialize(o);
}

std::variant<AReq, ErroMessage> parseAReq(std::string_view body) {
  boost::system::error_code ec;
  json::value parsed = json::parse(body, ec);
  if (ec || !parsed.is_object())
    return erro("101", "Message Received Invalid: the body is not a JSON object", "message");
  Fields f(parsed.as_object());
  ErroMessage e;
  AReq a;
  auto fail = [&](ErroMessage m) {
    if (!a.messageVersion.empty()) m.messageVersion = a.messageVersion;
    m.threeDsServerTransId = a.threeDsServerTransId;
    return m;
  };

  const std::string* type = f.required("messageType", e);
  if (!type) return fail(e);
  if (*type != "AReq")
    return fail(
        erro("101", "Message Received Invalid: this endpoint takes an AReq", "messageType"));
  const std::string* version = f.required("messageVersion", e);
  if (!version) return fail(e);
  if (*version != "2.1.0" && *version != "2.2.0")
    return fail(
        erro("102", "Message Version Number Not Supported: 2.1.0 and 2.2.0 are", "messageVersion"));
  a.messageVersion = *version;
  const std::string* id = f.required("threeDSServerTransID", e);
  if (!id) return fail(e);
  if (!isUuidShaped(*id)) return fail(badFormat("threeDSServerTransID", "expected a UUID"));
  a.threeDsServerTransId = *id;

  const std::string* channel = f.required("deviceChannel", e);
  if (!channel) return fail(e);
  if (*channel != "02")
    return fail(badFormat("deviceChannel", "this directory server supports browser (02) only"));
  const std::string* category = f.required("messageCategory", e);
  if (!category) return fail(e);
  if (*category != "01")
    return fail(badFormat("messageCategory", "this directory server supports payment (01) only"));

  const std::string* pan = f.required("acctNumber", e);
  if (!pan) return fail(e);
  if (pan->size() < 13 || pan->size() > 19 || !allDigits(*pan) || !luhnValid(*pan))
    return fail(badFormat("acctNumber", "expected 13 to 19 digits passing the Luhn check"));
  a.acctNumber = *pan;
  const std::string* expiry = f.required("cardExpiryDate", e);
  if (!expiry) return fail(e);
  if (expiry->size() != 4 || !allDigits(*expiry) || expiry->substr(2) < "01" ||
      expiry->substr(2) > "12")
    return fail(badFormat("cardExpiryDate", "expected YYMM"));
  a.cardExpiryDate = *expiry;

  const std::string* amount = f.required("purchaseAmount", e);
  if (!amount) return fail(e);
  auto [pa, ea] =
      std::from_chars(amount->data(), amount->data() + amount->size(), a.purchaseAmount);
  if (amount->size() > 48 || !allDigits(*amount) || ea != std::errc() ||
      pa != amount->data() + amount->size())
    return fail(badFormat("purchaseAmount", "expected minor units, digits only"));
  const std::string* currency = f.required("purchaseCurrency", e);
  if (!currency) return fail(e);
  if (currency->size() != 3 || !allDigits(*currency))
    return fail(badFormat("purchaseCurrency", "expected an ISO 4217 numeric code, 3 digits"));
  a.purchaseCurrency = std::stoi(*currency);
  const auto known = findCurrencyByNumeric(a.purchaseCurrency);
  if (!known) return fail(erro("304", "ISO Code Invalid", "purchaseCurrency"));
  const std::string* exponent = f.required("purchaseExponent", e);
  if (!exponent) return fail(e);
  if (exponent->size() != 1 || !allDigits(*exponent))
    return fail(badFormat("purchaseExponent", "expected one digit"));
  a.purchaseExponent = (*exponent)[0] - '0';
  if (a.purchaseExponent != known->exponent)
    return fail(erro("305", "Transaction data not valid: purchaseExponent is not the currency's",
                     "purchaseExponent"));

  const std::string* merchant = f.required("merchantName", e);
  if (!merchant) return fail(e);
  if (merchant->size() > 40) return fail(badFormat("merchantName", "at most 40 characters"));
  a.merchantName = *merchant;
  const std::string* notification = f.required("notificationURL", e);
  if (!notification) return fail(e);
  if (!isWebUrl(*notification, 256))
    return fail(badFormat("notificationURL", "expected an http(s) URL of at most 256 characters"));
  a.notificationUrl = *notification;

  bool present = false;
  const std::string* holder = f.optional("cardholderName", e, present);
  if (present && !holder) return fail(e);
  if (holder && (holder->size() < 2 || holder->size() > 45))
    return fail(badFormat("cardholderName", "2 to 45 characters"));
  if (holder) a.cardholderName = *holder;
  const std::string* requestorUrl = f.optional("threeDSRequestorURL", e, present);
  if (present && !requestorUrl) return fail(e);
  if (requestorUrl && !isWebUrl(*requestorUrl, 2048))
    return fail(badFormat("threeDSRequestorURL", "expected an http(s) URL"));
  const std::string* date = f.optional("purchaseDate", e, present);
  if (present && !date) return fail(e);
  if (date && (date->size() != 14 || !allDigits(*date)))
    return fail(badFormat("purchaseDate", "expected YYYYMMDDHHMMSS (UTC)"));
  const std::string* compInd = f.optional("threeDSCompInd", e, present);
  if (present && !compInd) return fail(e);
  if (compInd && *compInd != "Y" && *compInd != "N" && *compInd != "U")
    return fail(badFormat("threeDSCompInd", "expected Y, N or U"));
  const std::string* transType = f.optional("transType", e, present);
  if (present && !transType) return fail(e);
  if (transType && (transType->size() != 2 || !allDigits(*transType)))
    return fail(badFormat("transType", "expected 2 digits"));
  return a;
}

}  // namespace sy::sandbox::three_ds
