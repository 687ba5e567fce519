#include "domain/bin_table.h"

#include <gtest/gtest.h>

namespace sy::domain {
namespace {

TEST(BinTable, LoadsTheCommittedTable) {
  EXPECT_GT(loadBinTable(), 20u);
}

TEST(BinTable, ATestCardsOwnBinWinsOverItsNetworksRange) {
  auto visa = lookupBin("411111");
  ASSERT_TRUE(visa.has_value());
  EXPECT_EQ(visa->network, "VISA");
  EXPECT_EQ(visa->issuerCountry, "US");
  EXPECT_EQ(visa->fundingType, "CREDIT");
  EXPECT_EQ(visa->productUsage, "CONSUMER");
  auto debit = lookupBin("400005");
  ASSERT_TRUE(debit.has_value());
  EXPECT_EQ(debit->fundingType, "DEBIT");
  auto de = lookupBin("400002");
  ASSERT_TRUE(de.has_value());
  EXPECT_EQ(de->issuerCountry, "DE");
}

TEST(BinTable, OtherBinsOfANetworkKnowOnlyTheNetwork) {
  auto other = lookupBin("498765");
  ASSERT_TRUE(other.has_value());
  EXPECT_EQ(other->network, "VISA");
  EXPECT_TRUE(other->issuerCountry.empty());
  EXPECT_TRUE(other->fundingType.empty());
  auto mc2 = lookupBin("222300");
  ASSERT_TRUE(mc2.has_value());
  EXPECT_EQ(mc2->network, "MASTERCARD");
  EXPECT_EQ(lookupBin("222400")->network, "MASTERCARD");
  EXPECT_EQ(lookupBin("378282")->network, "AMEX");
}

TEST(BinTable, UnknownOrMalformedBinsHaveNoData) {
  EXPECT_FALSE(lookupBin("999999").has_value());
  EXPECT_FALSE(lookupBin("12345").has_value());
  EXPECT_FALSE(lookupBin("41111a").has_value());
  EXPECT_FALSE(lookupBin("").has_value());
}

}  // namespace
}  // namespace sy::domain
