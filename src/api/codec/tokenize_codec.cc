#include "api/codec/tokenize_codec.h"

#include <openssl/crypto.h>

#include <chrono>

#include "api/codec/body_fields.h"
#include "api/codec/card_rules.h"
#include "api/codec/json_writer.h"
#include "api/codec/schema.h"
#include "api/codec/spec_schemas.h"

namespace sy::api::codec {
namespace json = boost::json;

namespace {

constexpr std::string_view kModel = "TokenizeAPIRequest";
constexpr std::string_view kNumberPath = "$.paymentInstrument.number";
constexpr std::string_view kMonthPath = "$.paymentInstrument.expirationMonth";
constexpr std::string_view kYearPath = "$.paymentInstrument.expirationYear";
constexpr std::string_view kCvvPath = "$.paymentInstrument.cvv";

// Every description below is a fixed string: nothing derived from the card's digits.
void checkNumber(std::string_view raw, std::string& digits, std::string_view& network,
                 std::vector<FieldError>& errors) {
  digits.reserve(raw.size());
  for (char c : raw)
    if (c != ' ') digits += c;
  auto fail = [&](const char* why) { errors.push_back({std::string(kNumberPath), why}); };
  if (!card::allDigits(digits)) return fail("Card number must contain only digits and spaces");
  if (digits.size() < 12 || digits.size() > 19) {
    return fail("Card number must have between 12 and 19 digits");
  }
  if (!card::luhnValid(digits)) return fail("Card number is not valid (checksum mismatch)");
  std::string_view detected = card::detectNetwork(digits);
  if (detected.empty()) return fail("Card network is not supported");
  if (!card::lengthValidFor(detected, digits.size())) {
    return fail(("Card number length is not valid for " + std::string(detected)).c_str());
  }
  network = detected;
}

// "1".."12" or "01".."12" -> month number; 0 when invalid.
int parseMonth(std::string_view s) {
  if (s.empty() || s.size() > 2 || !card::allDigits(s)) return 0;
  int m = s.size() == 1 ? s[0] - '0' : (s[0] - '0') * 10 + (s[1] - '0');
  return m >= 1 && m <= 12 ? m : 0;
}

// "2030" or "30" -> year; 0 when invalid.
int parseYear(std::string_view s) {
  if ((s.size() != 2 && s.size() != 4) || !card::allDigits(s)) return 0;
  int y = 0;
  for (char c : s) y = y * 10 + (c - '0');
  return s.size() == 2 ? 2000 + y : y;
}

void wipe(json::object& instrument, std::string_view key) {
  if (json::value* v = instrument.if_contains(key); v && v->is_string()) {
    json::string& s = v->get_string();
    OPENSSL_cleanse(s.data(), s.size());
  }
}

}  // namespace

Decoded<TokenizeRequest> decodeTokenize(std::string_view body, TimePoint now) {
  schema::ParsedBody parsed;
  if (auto error = parsed.parse(body)) return std::move(*error);
  schema::Context cx;
  schema::validate(parsed.value(), spec::kTokenizeAPIRequest, cx);
  std::vector<FieldError> errors = std::move(cx.errors);

  TokenizeRequest out;
  json::value* instrumentValue = parsed.object().if_contains("paymentInstrument");
  if (!instrumentValue || !instrumentValue->is_object()) {
    return validationError(std::string(kModel), std::move(errors));
  }
  json::object& instrument = instrumentValue->get_object();
  auto stringAt = [&](std::string_view key) -> const json::string* {
    const json::value* v = instrument.if_contains(key);
    return v && v->is_string() ? &v->get_string() : nullptr;
  };

  // The schema pass reported wrong types and missing members; the card rules run on every member
  // that is a string so that all problems are reported at once.
  std::string_view network;
  if (const json::string* number = stringAt("number")) {
    std::string digits;
    checkNumber(*number, digits, network, errors);
    if (!network.empty()) {
      out.card.first6 = digits.substr(0, 6);
      out.card.last4 = digits.substr(digits.size() - 4);
      out.card.network = std::string(network);
    }
    out.number = SecretString(std::move(digits));
  }

  int month = 0, year = 0;
  if (const json::string* s = stringAt("expirationMonth")) {
    month = parseMonth(*s);
    if (!month) errors.push_back({std::string(kMonthPath), "Value must be a month from 01 to 12"});
  }
  if (const json::string* s = stringAt("expirationYear")) {
    year = parseYear(*s);
    if (!year)
      errors.push_back({std::string(kYearPath), "Value must be a 4-digit year, e.g. 2030"});
  }
  if (month && year) {
    // A card is valid through the last day of its expiry month.
    std::chrono::year_month_day today{std::chrono::floor<std::chrono::days>(now)};
    int nowYear = static_cast<int>(today.year());
    int nowMonth = static_cast<int>(static_cast<unsigned>(today.month()));
    if (year < nowYear) {
      errors.push_back({std::string(kYearPath), "Card has expired"});
    } else if (year == nowYear && month < nowMonth) {
      errors.push_back({std::string(kMonthPath), "Card has expired"});
    }
    char mm[3] = {static_cast<char>('0' + month / 10), static_cast<char>('0' + month % 10), 0};
    out.card.expirationMonth = mm;
    out.card.expirationYear = std::to_string(year);
  }

  if (const json::string* cvv = stringAt("cvv")) {
    std::string_view s = *cvv;
    bool ok = card::allDigits(s);
    if (!network.empty()) {
      size_t want = card::cvvLengthFor(network);
      if (!ok || s.size() != want) {
        errors.push_back({std::string(kCvvPath),
                          want == 4 ? "CVV must be 4 digits for AMEX" : "CVV must be 3 digits"});
      }
    } else if (!ok || s.size() < 3 || s.size() > 4) {
      errors.push_back({std::string(kCvvPath), "CVV must be 3 or 4 digits"});
    }
    out.cvv = SecretString(std::string(s));
  }
  if (const json::string* name = stringAt("cardholderName")) out.card.cardholderName = *name;

  wipe(instrument, "number");
  wipe(instrument, "cvv");
  if (!errors.empty()) return validationError(std::string(kModel), std::move(errors));
  return out;
}

std::string writeTokenizeResponse(const store::CardToken& token) {
  const domain::CardSummary& c = token.card;
  JsonWriter w(384);
  w.beginObject();
  w.field("token", token.token);
  w.field("tokenType", token.tokenType.empty() ? std::string_view("SINGLE_USE") : token.tokenType);
  w.field("paymentInstrumentType", "PAYMENT_CARD");
  w.key("paymentInstrumentData").beginObject();
  w.field("first6Digits", c.first6);
  w.field("last4Digits", c.last4);
  w.field("expirationMonth", c.expirationMonth);
  w.field("expirationYear", c.expirationYear);
  w.fieldIfNotEmpty("cardholderName", c.cardholderName);
  w.field("network", c.network);
  w.endObject();
  w.field("expiresAt", token.expiresAt);
  w.endObject();
  return w.take();
}

}  // namespace sy::api::codec
