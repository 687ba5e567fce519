#include "api/codec/schema.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>

#include "api/codec/codec_test_util.h"
#include "api/codec/spec_enums.h"
#include "common/money.h"

namespace sy::api::codec {
namespace {

using ::testing::ElementsAre;
using testing_util::err;

TEST(SpecEnums, TablesAreSortedForBinarySearch) {
  for (const EnumTable* t :
       {&kCountryCodeEnum, &kCurrencyEnum, &kPaymentMethodTypeEnum, &kCardNetworkEnum,
        &kProductTypeEnum, &kRecurringTransactionTypeEnum, &kAuthorizationTypeEnum,
        &kFirstPaymentReasonEnum, &kApplePayIntervalUnit, &kExpandEnum}) {
    EXPECT_TRUE(std::is_sorted(t->values.begin(), t->values.end())) << t->name;
    EXPECT_FALSE(t->values.empty()) << t->name;
  }
  EXPECT_EQ(kCountryCodeEnum.values.size(), 249u);
  EXPECT_TRUE(kCountryCodeEnum.contains("FR"));
  EXPECT_FALSE(kCountryCodeEnum.contains("fr"));
  EXPECT_TRUE(kCardNetworkEnum.contains("DINERS_CLUB"));
  EXPECT_TRUE(kPaymentMethodTypeEnum.contains("PAYMENT_CARD"));
}

TEST(SpecEnums, SupportedCurrenciesAreActiveAndInTheSpec) {
  // Every 3-letter code: accepted exactly when ISO 4217 active AND in the spec's Currency enum.
  int accepted = 0;
  std::string code = "AAA";
  for (char a = 'A'; a <= 'Z'; ++a) {
    for (char b = 'A'; b <= 'Z'; ++b) {
      for (char c = 'A'; c <= 'Z'; ++c) {
        code = {a, b, c};
        bool expected = findCurrency(code).has_value() && kCurrencyEnum.contains(code);
        EXPECT_EQ(schema::isSupportedCurrency(code), expected) << code;
        accepted += expected;
      }
    }
  }
  EXPECT_EQ(accepted, 150);  // 155 active codes less MGA, MRU, SLE, STN, VES (absent from the spec)
  EXPECT_TRUE(schema::isSupportedCurrency("EUR"));
  EXPECT_TRUE(schema::isSupportedCurrency("KWD"));
  EXPECT_FALSE(schema::isSupportedCurrency("MRU"));
  EXPECT_FALSE(schema::isSupportedCurrency("XAU"));  // in the spec, but not a currency we settle
}

TEST(Formats, Email) {
  for (std::string_view ok :
       {"john@primer.io", "a.b+c@x.co.uk", "x@localhost", "ü@bücher.de", "o'brien@example.com"}) {
    EXPECT_TRUE(schema::isEmail(ok)) << ok;
  }
  for (std::string_view bad : {"", "@x.io", "x@", "no-at", "a b@x.io", "a@x..io", "a@-x.io",
                               "a@x.io-", "a@x io", "a@.io"}) {
    EXPECT_FALSE(schema::isEmail(bad)) << bad;
  }
}

TEST(Formats, UuidUriDateTime) {
  EXPECT_TRUE(schema::isUuid("493cde19-04f2-4913-b00b-71af806f4374"));
  EXPECT_TRUE(schema::isUuid("493CDE19-04F2-4913-B00B-71AF806F4374"));
  EXPECT_FALSE(schema::isUuid("493cde1904f24913b00b71af806f4374"));
  EXPECT_FALSE(schema::isUuid("493cde19-04f2-4913-b00b-71af806f437g"));
  EXPECT_TRUE(schema::isAbsoluteUri("https://shop.test/manage?x=1"));
  EXPECT_TRUE(schema::isAbsoluteUri("mailto:a@b.co"));
  EXPECT_FALSE(schema::isAbsoluteUri("/relative"));
  EXPECT_FALSE(schema::isAbsoluteUri("https://has space"));
  EXPECT_FALSE(schema::isAbsoluteUri("1http://x"));
  EXPECT_TRUE(schema::isDateTime("2030-01-31T12:00:00"));
  EXPECT_TRUE(schema::isDateTime("2030-01-31T12:00:00.5+02:00"));
  EXPECT_FALSE(schema::isDateTime("2030-01-31"));
  EXPECT_FALSE(schema::isDateTime("2030-02-30T12:00:00"));
}

TEST(Paths, RenderJsonPath) {
  std::string out = "$";
  schema::appendPathKey(out, "amount");
  schema::appendPathKey(out, "_x9");
  schema::appendPathKey(out, "with space");
  schema::appendPathKey(out, "9lives");
  schema::appendPathKey(out, "");
  EXPECT_EQ(out, "$.amount._x9['with space']['9lives']['']");
}

TEST(Validate, IntegersAcrossBoostRepresentations) {
  schema::Node amount{.type = schema::Type::kInteger, .minimum = 1};
  auto check = [&](std::string_view text) {
    schema::Context cx;
    schema::validate(boost::json::parse(text), amount, cx);
    return cx.errors;
  };
  EXPECT_TRUE(check("1").empty());
  EXPECT_TRUE(check("9223372036854775807").empty());
  const FieldError range = err("$", "Value must be an integer between 1 and 9223372036854775807");
  EXPECT_THAT(check("9223372036854775808"), ElementsAre(range));   // uint64
  EXPECT_THAT(check("18446744073709551616"), ElementsAre(range));  // double
  EXPECT_THAT(check("-9223372036854775809"), ElementsAre(range));  // double
  EXPECT_THAT(check("2.0"), ElementsAre(range));
  EXPECT_THAT(check("0"), ElementsAre(range));
}

TEST(ParsedBody, EmptyBodies) {
  schema::ParsedBody a;
  EXPECT_FALSE(a.parse(" \r\n\t", /*emptyIsObject=*/true).has_value());
  EXPECT_TRUE(a.object().empty());
  schema::ParsedBody b;
  auto error = b.parse("", /*emptyIsObject=*/false);
  ASSERT_TRUE(error.has_value());
  EXPECT_EQ(error->kind, DecodeError::kMalformedJson);
  schema::ParsedBody c;
  EXPECT_EQ(c.parse("[]", true)->kind, DecodeError::kMalformedJson);
}

TEST(ParsedBody, LargeBodiesSpillPastTheInlineBuffer) {
  std::string body = R"({"k":")" + std::string(20000, 'x') + R"("})";
  schema::ParsedBody p;
  ASSERT_FALSE(p.parse(body).has_value());
  EXPECT_EQ(p.object().at("k").as_string().size(), 20000u);
}

}  // namespace
}  // namespace sy::api::codec
