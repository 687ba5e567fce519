#include "common/money.h"

#include <gtest/gtest.h>

#include <limits>

namespace sy {
namespace {

TEST(Currency, FindsExponentsOfTwoZeroAndThreeDecimalCurrencies) {
  EXPECT_EQ(findCurrency("USD")->exponent, 2);
  EXPECT_EQ(findCurrency("JPY")->exponent, 0);
  EXPECT_EQ(findCurrency("KWD")->exponent, 3);
  EXPECT_EQ(findCurrency("BHD")->numeric, 48);
}

TEST(Currency, FindsCurrenciesByTheirNumericCode) {
  EXPECT_EQ(findCurrencyByNumeric(978)->code, "EUR");
  EXPECT_EQ(findCurrencyByNumeric(840)->code, "USD");
  EXPECT_EQ(findCurrencyByNumeric(392)->exponent, 0);  // JPY
  EXPECT_EQ(findCurrencyByNumeric(48)->code, "BHD");
  EXPECT_FALSE(findCurrencyByNumeric(0));
  EXPECT_FALSE(findCurrencyByNumeric(999));
}

TEST(Currency, RejectsLowercaseAndUnknownCodes) {
  EXPECT_FALSE(findCurrency("usd"));
  EXPECT_FALSE(findCurrency("XXY"));
  EXPECT_FALSE(findCurrency(""));
  EXPECT_FALSE(findCurrency("USDX"));
}

TEST(Money, CheckedAddDetectsOverflow) {
  EXPECT_EQ(checkedAdd(2, 3), 5);
  EXPECT_FALSE(checkedAdd(std::numeric_limits<int64_t>::max(), 1));
}

}  // namespace
}  // namespace sy
