#include "api/codec/tokenize_codec.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <sstream>

#include "api/codec/card_rules.h"
#include "api/codec/codec_test_util.h"
#include "api/codec/error_writer.h"

namespace sy::api::codec {
namespace {

using ::testing::ElementsAre;
using ::testing::UnorderedElementsAre;
using testing_util::err;

// 2026-05-15T10:00:00Z: fixed "now" for expiry checks.
const TimePoint kNow = *parseTimestamp("2026-05-15T10:00:00Z");

// Appends the Luhn check digit that makes `body` + digit valid.
std::string withLuhn(std::string body) {
  for (char d = '0'; d <= '9'; ++d) {
    if (card::luhnValid(body + d)) return body + d;
  }
  return body;
}

std::string tokenizeBody(std::string_view number, std::string_view month = "12",
                         std::string_view year = "2030", std::string_view cvv = "123",
                         std::string_view extra = R"(, "cardholderName": "John Biggins")") {
  return std::string(R"({"paymentInstrument": {"number": ")") + std::string(number) +
         R"(", "expirationMonth": ")" + std::string(month) + R"(", "expirationYear": ")" +
         std::string(year) + R"(", "cvv": ")" + std::string(cvv) + "\"" + std::string(extra) + "}}";
}

std::vector<FieldError> errorsOf(const Decoded<TokenizeRequest>& d) {
  EXPECT_FALSE(d.isOk());
  if (d.isOk()) return {};
  EXPECT_EQ(d.error().kind, DecodeError::kValidation);
  EXPECT_EQ(d.error().validation.model, "TokenizeAPIRequest");
  return d.error().validation.errors;
}

TEST(CardRules, Luhn) {
  EXPECT_TRUE(card::luhnValid("4111111111111111"));
  EXPECT_TRUE(card::luhnValid("378282246310005"));
  EXPECT_FALSE(card::luhnValid("4111111111111112"));
  EXPECT_FALSE(card::luhnValid(""));
  EXPECT_FALSE(card::luhnValid("41111111a1111111"));
}

TEST(CardRules, Networks) {
  struct Case {
    const char* number;
    const char* network;
  } cases[] = {
      {"4111111111111111", "VISA"},
      {"4222222222222", "VISA"},
      {"5555555555554444", "MASTERCARD"},
      {"5105105105105100", "MASTERCARD"},
      {"2223003122003222", "MASTERCARD"},
      {"2720990000000007", "MASTERCARD"},
      {"378282246310005", "AMEX"},
      {"341111111111111", "AMEX"},
      {"6011111111111117", "DISCOVER"},
      {"6445644564456445", "DISCOVER"},
      {"6500000000000002", "DISCOVER"},
      {"30569309025904", "DINERS_CLUB"},
      {"36227206271667", "DINERS_CLUB"},
      {"38520000023237", "DINERS_CLUB"},
      {"3530111333300000", "JCB"},
      {"3589000000000003", "JCB"},
      {"6200000000000005", "UNIONPAY"},
      {"6759649826438453", "MAESTRO"},
      {"5018000000000009", "MAESTRO"},
      {"2200000000000004", "MIR"},
      {"1234567812345670", ""},
      {"9111111111111111", ""},
      {"3400", "AMEX"},  // prefix-only: detection does not look at the length
  };
  for (const Case& c : cases) EXPECT_EQ(card::detectNetwork(c.number), c.network) << c.number;
  EXPECT_EQ(card::detectNetwork("2221000000000009"), "MASTERCARD");
  EXPECT_EQ(card::detectNetwork("2220990000000000"), "");
  EXPECT_EQ(card::detectNetwork("2721000000000000"), "");
}

TEST(CardRules, Lengths) {
  EXPECT_TRUE(card::lengthValidFor("VISA", 13));
  EXPECT_TRUE(card::lengthValidFor("VISA", 16));
  EXPECT_TRUE(card::lengthValidFor("VISA", 19));
  EXPECT_FALSE(card::lengthValidFor("VISA", 15));
  EXPECT_TRUE(card::lengthValidFor("AMEX", 15));
  EXPECT_FALSE(card::lengthValidFor("AMEX", 16));
  EXPECT_FALSE(card::lengthValidFor("MASTERCARD", 19));
  EXPECT_TRUE(card::lengthValidFor("MAESTRO", 12));
  EXPECT_TRUE(card::lengthValidFor("DINERS_CLUB", 14));
  EXPECT_FALSE(card::lengthValidFor("JCB", 15));
  EXPECT_FALSE(card::lengthValidFor("NOPE", 16));
  EXPECT_EQ(card::cvvLengthFor("AMEX"), 4u);
  EXPECT_EQ(card::cvvLengthFor("VISA"), 3u);
}

TEST(Tokenize, GoodCard) {
  auto d = decodeTokenize(tokenizeBody("4111 1111 1111 1111"), kNow);
  ASSERT_TRUE(d.isOk()) << d.error().validation.errors.at(0).description;
  EXPECT_EQ(d->number.reveal(), "4111111111111111");
  EXPECT_EQ(d->cvv.reveal(), "123");
  EXPECT_EQ(d->card.first6, "411111");
  EXPECT_EQ(d->card.last4, "1111");
  EXPECT_EQ(d->card.expirationMonth, "12");
  EXPECT_EQ(d->card.expirationYear, "2030");
  EXPECT_EQ(d->card.cardholderName, "John Biggins");
  EXPECT_EQ(d->card.network, "VISA");
  std::ostringstream printed;
  printed << d->number << d->cvv;
  EXPECT_EQ(printed.str(), "[REDACTED][REDACTED]");
}

TEST(Tokenize, NormalizesMonthAndTwoDigitYear) {
  auto d = decodeTokenize(tokenizeBody("378282246310005", "3", "31", "1234", ""), kNow);
  ASSERT_TRUE(d.isOk());
  EXPECT_EQ(d->card.expirationMonth, "03");
  EXPECT_EQ(d->card.expirationYear, "2031");
  EXPECT_EQ(d->card.network, "AMEX");
  EXPECT_EQ(d->card.cardholderName, "");
}

TEST(Tokenize, ExpiryIsInclusiveOfTheCurrentMonth) {
  EXPECT_TRUE(decodeTokenize(tokenizeBody("4111111111111111", "05", "2026"), kNow).isOk());
  EXPECT_THAT(errorsOf(decodeTokenize(tokenizeBody("4111111111111111", "04", "2026"), kNow)),
              ElementsAre(err("$.paymentInstrument.expirationMonth", "Card has expired")));
  EXPECT_THAT(errorsOf(decodeTokenize(tokenizeBody("4111111111111111", "12", "2025"), kNow)),
              ElementsAre(err("$.paymentInstrument.expirationYear", "Card has expired")));
}

TEST(Tokenize, StructuralErrors) {
  EXPECT_EQ(decodeTokenize("nope", kNow).error().kind, DecodeError::kMalformedJson);
  EXPECT_THAT(errorsOf(decodeTokenize("{}", kNow)),
              ElementsAre(err("$.paymentInstrument", "Field required")));
  EXPECT_THAT(errorsOf(decodeTokenize(R"({"paymentInstrument": []})", kNow)),
              ElementsAre(err("$.paymentInstrument", "Value must be an object")));
  EXPECT_THAT(
      errorsOf(decodeTokenize(R"({"paymentInstrument": {"number": 4111111111111111, "cvv": "12",
                                  "color": "red"}, "x": 1})",
                              kNow)),
      UnorderedElementsAre(err("$.paymentInstrument.number", "Value must be a string"),
                           err("$.paymentInstrument.color", "Unknown field"),
                           err("$.x", "Unknown field"),
                           err("$.paymentInstrument.expirationMonth", "Field required"),
                           err("$.paymentInstrument.expirationYear", "Field required"),
                           err("$.paymentInstrument.cvv", "CVV must be 3 or 4 digits")));
}

struct BadCard {
  std::string number;
  std::string month, year, cvv;
  std::vector<FieldError> expected;
};

std::vector<BadCard> badCards() {
  const std::string n = "$.paymentInstrument.number";
  const std::string cvv = "$.paymentInstrument.cvv";
  const std::string month = "$.paymentInstrument.expirationMonth";
  const std::string year = "$.paymentInstrument.expirationYear";
  return {
      {"4111111111111112",
       "12",
       "2030",
       "123",
       {err(n, "Card number is not valid (checksum mismatch)")}},
      {"4111-1111-1111-1111",
       "12",
       "2030",
       "123",
       {err(n, "Card number must contain only digits and spaces")}},
      {"", "12", "2030", "123", {err(n, "Card number must contain only digits and spaces")}},
      {withLuhn("4111111111"),
       "12",
       "2030",
       "123",
       {err(n, "Card number must have between 12 and 19 digits")}},
      {withLuhn("4111111111111111111"),
       "12",
       "2030",
       "123",
       {err(n, "Card number must have between 12 and 19 digits")}},
      {withLuhn("41111111111111"),
       "12",
       "2030",
       "123",
       {err(n, "Card number length is not valid for VISA")}},
      {withLuhn("3782822463100"),
       "12",
       "2030",
       "1234",
       {err(n, "Card number length is not valid for AMEX")}},
      {withLuhn("55555555555544"),
       "12",
       "2030",
       "123",
       {err(n, "Card number length is not valid for MASTERCARD")}},
      {withLuhn("123456781234567"), "12", "2030", "123", {err(n, "Card network is not supported")}},
      {"378282246310005", "12", "2030", "123", {err(cvv, "CVV must be 4 digits for AMEX")}},
      {"4111111111111111", "12", "2030", "1234", {err(cvv, "CVV must be 3 digits")}},
      {"4111111111111111", "12", "2030", "12a", {err(cvv, "CVV must be 3 digits")}},
      {"4111111111111111",
       "13",
       "2030",
       "123",
       {err(month, "Value must be a month from 01 to 12")}},
      {"4111111111111111",
       "00",
       "2030",
       "123",
       {err(month, "Value must be a month from 01 to 12")}},
      {"4111111111111111",
       "012",
       "2030",
       "123",
       {err(month, "Value must be a month from 01 to 12")}},
      {"4111111111111111",
       "12",
       "203",
       "123",
       {err(year, "Value must be a 4-digit year, e.g. 2030")}},
      {"4111111111111111",
       "12",
       "20x0",
       "123",
       {err(year, "Value must be a 4-digit year, e.g. 2030")}},
      {"4111111111111112",
       "1x",
       "2030",
       "9876",
       {err(n, "Card number is not valid (checksum mismatch)"),
        err(month, "Value must be a month from 01 to 12")}},
  };
}

TEST(Tokenize, BadCardsReportExactErrors) {
  for (const BadCard& c : badCards()) {
    auto d = decodeTokenize(tokenizeBody(c.number, c.month, c.year, c.cvv), kNow);
    EXPECT_EQ(errorsOf(d), c.expected) << "number of " << c.number.size() << " chars";
  }
}

TEST(Tokenize, NoCardDataInAnyErrorText) {
  for (const BadCard& c : badCards()) {
    auto d = decodeTokenize(tokenizeBody(c.number, c.month, c.year, c.cvv), kNow);
    ASSERT_FALSE(d.isOk());
    std::string body = writeDecodeError(d.error(), "diag-1");
    std::string digits;
    for (char ch : c.number)
      if (ch >= '0' && ch <= '9') digits += ch;
    // No run of 6+ consecutive digits of the number (nor the whole of it) and not the CVV.
    for (size_t i = 0; i + 6 <= digits.size(); ++i) {
      EXPECT_EQ(body.find(digits.substr(i, 6)), std::string::npos) << body;
    }
    if (!c.number.empty()) {
      EXPECT_EQ(body.find(c.number), std::string::npos) << body;
    }
    EXPECT_EQ(body.find("\"" + c.cvv + "\""), std::string::npos) << body;
    for (const FieldError& e : d.error().validation.errors) {
      if (c.cvv.size() >= 3) {
        EXPECT_EQ(e.description.find(c.cvv), std::string::npos);
      }
    }
  }
}

TEST(Tokenize, WritesResponse) {
  store::CardToken t;
  t.token = "tok_123";
  t.tokenType = "SINGLE_USE";
  t.card = {"411111", "1111", "12", "2030", "John Biggins", "VISA"};
  t.expiresAt = fromMicros(1700000000000000);
  EXPECT_EQ(writeTokenizeResponse(t),
            R"({"token":"tok_123","tokenType":"SINGLE_USE","paymentInstrumentType":"PAYMENT_CARD",)"
            R"("paymentInstrumentData":{"first6Digits":"411111","last4Digits":"1111",)"
            R"("expirationMonth":"12","expirationYear":"2030","cardholderName":"John Biggins",)"
            R"("network":"VISA"},"expiresAt":"2023-11-14T22:13:20.000000"})");
}

}  // namespace
}  // namespace sy::api::codec
