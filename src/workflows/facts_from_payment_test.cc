#include "workflows/facts_from_payment.h"

#include <gtest/gtest.h>

namespace sy::workflows {
namespace {

domain::Payment examplePayment() {
  domain::Payment p;
  p.id = "pay_123";
  p.amount = 4200;
  p.currencyCode = "EUR";
  p.customerId = "cust-1";
  p.customerEmail = "ann@Example.com";
  p.customerJson = R"({"emailAddress":"ann@Example.com","billingAddress":{"countryCode":"DE"}})";
  p.orderJson = R"({"countryCode":"FR","lineItems":[]})";
  p.metadataJson = R"({"tier":"vip","visits":42,"ratio":1.5})";
  p.paymentMethodJson = R"({"paymentType":"SUBSCRIPTION"})";
  domain::CardSummary card;
  card.network = "MASTERCARD";
  p.card = card;
  return p;
}

TEST(FactsFromPaymentTest, ReadsEveryFieldOfTheStoredPayment) {
  const domain::Payment p = examplePayment();
  PaymentFactsHolder holder(p, binDataOf(p));
  const PaymentFacts& f = holder.facts();
  EXPECT_EQ(f.amount, 4200);
  ASSERT_TRUE(f.currency);
  EXPECT_EQ(f.currency->code, "EUR");
  ASSERT_TRUE(f.orderCountry);
  EXPECT_EQ(*f.orderCountry, *CountryCode::parse("FR"));
  ASSERT_TRUE(f.billingCountry);
  EXPECT_EQ(*f.billingCountry, *CountryCode::parse("DE"));
  EXPECT_EQ(f.binNetwork, CardNetwork::kMastercard);
  EXPECT_FALSE(f.binIssuerCountry);
  EXPECT_FALSE(f.binFundingType);
  EXPECT_EQ(f.customerId, "cust-1");
  EXPECT_EQ(f.customerEmailDomain, "Example.com");
  EXPECT_EQ(f.paymentType, PaymentType::kSubscription);
  EXPECT_EQ(f.splitKey, "pay_123");
  EXPECT_FALSE(f.status);
  ASSERT_EQ(f.metadata.size(), 2u);  // the float is not a metadata value the codec accepts
  EXPECT_EQ(f.metadata[0].key, "tier");
  EXPECT_EQ(f.metadata[0].value, "vip");
  EXPECT_EQ(f.metadata[1].key, "visits");
  EXPECT_EQ(f.metadata[1].value, "42");
}

TEST(FactsFromPaymentTest, AbsentObjectsLeaveFactsEmpty) {
  domain::Payment p;
  p.id = "pay_1";
  p.amount = 1;
  p.currencyCode = "USD";
  PaymentFactsHolder holder(p, binDataOf(p), domain::PaymentStatus::kDeclined);
  const PaymentFacts& f = holder.facts();
  EXPECT_FALSE(f.orderCountry);
  EXPECT_FALSE(f.billingCountry);
  EXPECT_FALSE(f.binNetwork);
  EXPECT_FALSE(f.paymentType);
  EXPECT_TRUE(f.customerId.empty());
  EXPECT_TRUE(f.customerEmailDomain.empty());
  EXPECT_TRUE(f.metadata.empty());
  EXPECT_EQ(f.status, domain::PaymentStatus::kDeclined);
}

TEST(FactsFromPaymentTest, ExplicitBinDataIsUsed) {
  const domain::Payment p = examplePayment();
  BinData bin;
  bin.network = CardNetwork::kVisa;
  bin.issuerCountry = CountryCode::parse("NL");
  bin.fundingType = FundingType::kPrepaid;
  PaymentFactsHolder holder(p, bin);
  EXPECT_EQ(holder.facts().binNetwork, CardNetwork::kVisa);
  EXPECT_EQ(holder.facts().binIssuerCountry, CountryCode::parse("NL"));
  EXPECT_EQ(holder.facts().binFundingType, FundingType::kPrepaid);
}

}  // namespace
}  // namespace sy::workflows
