#include "sandbox/card_checks.h"

#include <gtest/gtest.h>

namespace sy::sandbox {
namespace {

TEST(CardChecksTest, LuhnAcceptsWellKnownTestNumbers) {
  for (const char* n : {"4111111111111111", "5555555555554444", "378282246310005",
                        "4000000000000002", "4000000000009995", "6011111111111117"})
    EXPECT_TRUE(luhnValid(n)) << n;
}

TEST(CardChecksTest, LuhnRejectsWrongCheckDigitAndNonDigits) {
  EXPECT_FALSE(luhnValid("4111111111111112"));
  EXPECT_FALSE(luhnValid("4111-1111-1111-1111"));
  EXPECT_FALSE(luhnValid(""));
}

TEST(CardChecksTest, ShapeIsTwelveToNineteenDigits) {
  EXPECT_TRUE(isCardNumberShaped("411111111111"));
  EXPECT_TRUE(isCardNumberShaped("4111111111111111111"));
  EXPECT_FALSE(isCardNumberShaped("41111111111"));
  EXPECT_FALSE(isCardNumberShaped("41111111111111111111"));
  EXPECT_FALSE(isCardNumberShaped("4111 1111 1111 1111"));
}

TEST(CardChecksTest, BrandFromLeadingDigits) {
  EXPECT_EQ(cardBrand("4111111111111111"), "visa");
  EXPECT_EQ(cardBrand("5555555555554444"), "mastercard");
  EXPECT_EQ(cardBrand("2223003122003222"), "mastercard");
  EXPECT_EQ(cardBrand("378282246310005"), "amex");
  EXPECT_EQ(cardBrand("6011111111111117"), "discover");
  EXPECT_EQ(cardBrand("3566002020360505"), "jcb");
  EXPECT_EQ(cardBrand("36227206271667"), "diners");
  EXPECT_EQ(cardBrand("6200000000000005"), "unionpay");
  EXPECT_EQ(cardBrand("9999999999999995"), "unknown");
  EXPECT_EQ(cardBrand("41"), "unknown");
}

TEST(CardChecksTest, LastFour) {
  EXPECT_EQ(lastFour("4111111111111111"), "1111");
  EXPECT_EQ(lastFour("123"), "123");
}

}  // namespace
}  // namespace sy::sandbox
