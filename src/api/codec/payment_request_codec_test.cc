#include "api/codec/payment_request_codec.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "api/codec/codec_test_util.h"

namespace sy::api::codec {
namespace {

using ::testing::ElementsAre;
using ::testing::UnorderedElementsAre;
using namespace testing_util;

constexpr const char* kPositiveAmount =
    "Value must be an integer between 1 and 9223372036854775807";

std::string withAmount(std::string_view amountText) {
  return std::string(R"({"paymentMethodToken": "tok", "amount": )") + std::string(amountText) + "}";
}

TEST(PaymentCreate, MinimalBody) {
  auto d = decodePaymentCreate(R"({"paymentMethodToken": "tok_1"})");
  ASSERT_TRUE(d.isOk());
  EXPECT_EQ(d->paymentMethodToken, "tok_1");
  EXPECT_FALSE(d->orderId || d->currencyCode || d->amount || d->customerId || d->processor);
  EXPECT_EQ(d->customerJson, "");
  EXPECT_EQ(d->paymentMethodJson, "");
  EXPECT_FALSE(d->vaultOnSuccess);
  EXPECT_FALSE(d->expandEvents);
}

TEST(PaymentCreate, FullBody) {
  auto d = decodePaymentCreate(R"({
    "paymentMethodToken": "tok_1", "orderId": "order-1", "currencyCode": "EUR", "amount": 42,
    "customerId": "cust-1",
    "customer": {"emailAddress": "a@b.co", "firstName": "", "shippingAddress": {"countryCode": "DE"}},
    "order": {"lineItems": [{"amount": 42, "productType": "PHYSICAL",
                             "productData": {"sku": "S1", "weight": 1.5}}]},
    "metadata": {"productId": 123, "merchantId": "a13bsd62s"},
    "paymentMethod": {"descriptor": "Purchase: Socks", "paymentType": "SUBSCRIPTION",
                      "vaultOnSuccess": true, "authorizationType": "ESTIMATED",
                      "firstPaymentReason": "CardOnFile"},
    "expand": ["transactions.events"],
    "processor": {"processorMerchantId": "acct_1", "name": "TEST_PROCESSOR"}
  })");
  ASSERT_TRUE(d.isOk()) << d.error().validation.errors.at(0).path;
  EXPECT_EQ(d->orderId, "order-1");
  EXPECT_EQ(d->currencyCode, "EUR");
  EXPECT_EQ(d->amount, 42);
  EXPECT_EQ(d->customerId, "cust-1");
  EXPECT_EQ(d->customerEmail, "a@b.co");
  EXPECT_EQ(d->metadataJson, R"({"productId":123,"merchantId":"a13bsd62s"})");
  EXPECT_EQ(d->paymentMethodJson,
            R"({"descriptor":"Purchase: Socks","paymentType":"SUBSCRIPTION","vaultOnSuccess":true,)"
            R"("authorizationType":"ESTIMATED","firstPaymentReason":"CardOnFile"})");
  EXPECT_TRUE(d->vaultOnSuccess);
  EXPECT_TRUE(d->expandEvents);
  ASSERT_TRUE(d->processor);
  EXPECT_EQ(d->processor->processorMerchantId, "acct_1");
  EXPECT_EQ(d->processor->name, "TEST_PROCESSOR");
}

TEST(PaymentCreate, EmptyOrderIdIsKeptDistinctFromAbsent) {
  auto d = decodePaymentCreate(R"({"paymentMethodToken": "t", "orderId": ""})");
  ASSERT_TRUE(d.isOk());
  EXPECT_EQ(d->orderId, std::optional<std::string>(""));
}

TEST(PaymentCreate, TokenIsRequiredAndNonEmpty) {
  EXPECT_THAT(errorsOf(decodePaymentCreate("{}")),
              ElementsAre(err("$.paymentMethodToken", "Field required")));
  EXPECT_THAT(errorsOf(decodePaymentCreate(R"({"paymentMethodToken": ""})")),
              ElementsAre(err("$.paymentMethodToken", "Value must be at least 1 character long")));
  EXPECT_THAT(errorsOf(decodePaymentCreate(R"({"paymentMethodToken": 12})")),
              ElementsAre(err("$.paymentMethodToken", "Value must be a string")));
  EXPECT_EQ(decodePaymentCreate("{}").error().validation.model, "PaymentCreationAPIRequest");
}

TEST(PaymentCreate, AmountMustBeAPositiveInt64) {
  for (std::string_view bad :
       {"0", "-1", "-9223372036854775808", "9223372036854775808", "18446744073709551616", "12.5",
        "1.0", "1e2", "\"42\"", "true", "null", "[]"}) {
    EXPECT_THAT(errorsOf(decodePaymentCreate(withAmount(bad))),
                ElementsAre(err("$.amount", kPositiveAmount)))
        << bad;
  }
  EXPECT_EQ(decodePaymentCreate(withAmount("1"))->amount, 1);
  EXPECT_EQ(decodePaymentCreate(withAmount("9223372036854775807"))->amount, INT64_MAX);
}

TEST(PaymentCreate, HugeNumberLiteralIsNotACrash) {
  // Whatever Boost.JSON makes of it (double or parse error), the request is refused cleanly.
  auto d = decodePaymentCreate(withAmount("1e999"));
  ASSERT_FALSE(d.isOk());
  auto d2 = decodePaymentCreate(withAmount(std::string(400, '9')));
  ASSERT_FALSE(d2.isOk());
}

// Found by fuzz/api_json_bodies: a number beyond double's range in an open number field was
// accepted as infinity and kept as `"weight":Infinity`, which is not JSON, in the stored order.
TEST(PaymentCreate, NumberBeyondDoubleRangeIsRefusedNotStoredAsInfinity) {
  for (std::string_view weight : {"1e999", "-1e999"}) {
    auto d = decodePaymentCreate(
        std::string(R"({"paymentMethodToken": "t", "order": {"lineItems": [{"amount": 1, )") +
        R"("productData": {"weight": )" + std::string(weight) + "}}]}}");
    EXPECT_THAT(errorsOf(d), ElementsAre(err("$.order.lineItems[0].productData.weight",
                                             "Value must be a finite number")))
        << weight;
  }
}

TEST(PaymentCreate, UnknownFieldsAndWrongTypesEverywhere) {
  auto d = decodePaymentCreate(R"({
    "paymentMethodToken": "t", "currencyCode": "eur", "amaunt": 5, "customerId": ["x"],
    "customer": {"email": "a@b.co", "emailAddress": "nope"},
    "order": {"lineItems": {"amount": 1}, "countryCode": "fr"},
    "paymentMethod": {"authorizationType": "final", "vaultOnSuccess": "yes",
                      "paymentMethodType": "PAYMENT_CARD", "descriptor": null},
    "expand": ["everything"],
    "processor": {"name": "X"},
    "metadata": {"ok": 1, "no": false}
  })");
  EXPECT_THAT(
      errorsOf(d),
      UnorderedElementsAre(
          err("$.currencyCode",
              "Value must be an active ISO 4217 currency code in upper case, e.g. USD"),
          err("$.amaunt", "Unknown field"), err("$.customerId", "Value must be a string"),
          err("$.customer.email", "Unknown field"),
          err("$.customer.emailAddress", "Value must be a valid email address"),
          err("$.order.lineItems", "Value must be an array"),
          err("$.order.countryCode", "Value is not a valid CountryCodeEnum"),
          err("$.paymentMethod.authorizationType", "Value must be one of: ESTIMATED, FINAL"),
          err("$.paymentMethod.vaultOnSuccess", "Value must be a boolean"),
          err("$.paymentMethod.paymentMethodType", "Unknown field"),
          err("$.paymentMethod.descriptor", "Value must be a string"),
          err("$.expand[0]", "Value must be one of: transactions.events"),
          err("$.processor.processorMerchantId", "Field required"),
          err("$.metadata.no", "Value must be a string or an integer")));
}

TEST(PaymentCreate, ExpandMayBeNull) {
  auto d = decodePaymentCreate(R"({"paymentMethodToken": "t", "expand": null})");
  ASSERT_TRUE(d.isOk());
  EXPECT_FALSE(d->expandEvents);
}

TEST(PaymentCreate, MetadataEmptyKeyAndMalformed) {
  auto d = decodePaymentCreate(R"({"paymentMethodToken": "t", "metadata": {"": "v"}})");
  ASSERT_FALSE(d.isOk());
  EXPECT_EQ(d.error().kind, DecodeError::kMetadataEmptyKey);
  EXPECT_EQ(decodePaymentCreate("[1]").error().kind, DecodeError::kMalformedJson);
  EXPECT_EQ(decodePaymentCreate("").error().kind, DecodeError::kMalformedJson);
  EXPECT_EQ(decodePaymentCreate("{\"paymentMethodToken\": \"\xff\"}").error().kind,
            DecodeError::kMalformedJson);  // not UTF-8
}

TEST(Capture, EmptyBodyMeansDefaults) {
  for (std::string_view body : {"", "  \n", "{}"}) {
    auto d = decodeCapture(body);
    ASSERT_TRUE(d.isOk()) << body;
    EXPECT_FALSE(d->amount);
    EXPECT_TRUE(d->final);
    EXPECT_EQ(d->metadataJson, "");
  }
}

TEST(Capture, Fields) {
  auto d = decodeCapture(R"({"amount": 42, "final": false, "metadata": {"k": "v"},
                             "order": {"retailerCountryCode": "GB"},
                             "expand": ["transactions.events"]})");
  ASSERT_TRUE(d.isOk());
  EXPECT_EQ(d->amount, 42);
  EXPECT_FALSE(d->final);
  EXPECT_EQ(d->metadataJson, R"({"k":"v"})");
  EXPECT_EQ(d->retailerCountryCode, "GB");
  EXPECT_TRUE(d->expandEvents);
}

TEST(Capture, Errors) {
  auto d = decodeCapture(R"({"amount": 0, "final": "yes", "reason": "x",
                             "order": {"retailerCountryCode": "ZZ"}})");
  EXPECT_THAT(errorsOf(d),
              UnorderedElementsAre(
                  err("$.amount", kPositiveAmount), err("$.final", "Value must be a boolean"),
                  err("$.reason", "Unknown field"),
                  err("$.order.retailerCountryCode", "Value is not a valid CountryCodeEnum")));
  EXPECT_EQ(d.error().validation.model, "PaymentCaptureAPIRequest");
  EXPECT_EQ(decodeCapture(R"({"metadata": {"": 1}})").error().kind, DecodeError::kMetadataEmptyKey);
  EXPECT_EQ(decodeCapture("nope").error().kind, DecodeError::kMalformedJson);
}

TEST(Cancel, Fields) {
  EXPECT_EQ(decodeCancel("")->reason, "");
  EXPECT_EQ(decodeCancel(R"({"reason": "customer changed mind"})")->reason,
            "customer changed mind");
  auto d = decodeCancel(R"({"reason": 5, "amount": 1})");
  EXPECT_THAT(errorsOf(d), ElementsAre(err("$.reason", "Value must be a string"),
                                       err("$.amount", "Unknown field")));
  EXPECT_EQ(d.error().validation.model, "PaymentCancelAPIRequest");
}

TEST(Refund, Fields) {
  auto empty = decodeRefund("");
  ASSERT_TRUE(empty.isOk());
  EXPECT_FALSE(empty->amount);
  auto d = decodeRefund(R"({"amount": 10, "orderId": "r-1", "reason": "returned",
                            "transactionEventId": "493cde19-04f2-4913-b00b-71af806f4374"})");
  ASSERT_TRUE(d.isOk());
  EXPECT_EQ(d->amount, 10);
  EXPECT_EQ(d->orderId, "r-1");
  EXPECT_EQ(d->reason, "returned");
  EXPECT_EQ(d->transactionEventId, "493cde19-04f2-4913-b00b-71af806f4374");
}

TEST(Refund, Errors) {
  auto d = decodeRefund(R"({"amount": -3, "orderId": 1, "transactionEventId": "abc",
                            "metadata": {}})");
  EXPECT_THAT(errorsOf(d), ElementsAre(err("$.amount", kPositiveAmount),
                                       err("$.orderId", "Value must be a string"),
                                       err("$.transactionEventId", "Value must be a UUID"),
                                       err("$.metadata", "Unknown field")));
  EXPECT_EQ(d.error().validation.model, "PaymentRefundAPIRequest");
  EXPECT_THAT(errorsOf(decodeRefund(R"({"amount": 9223372036854775808})")),
              ElementsAre(err("$.amount", kPositiveAmount)));
}

TEST(Authorize, Fields) {
  auto d = decodeAuthorize(R"({"processor": {"processorMerchantId": "acct_1"}, "extra": true})");
  ASSERT_TRUE(d.isOk());  // the spec leaves this body open
  EXPECT_EQ(d->processor.processorMerchantId, "acct_1");
  EXPECT_EQ(d->processor.name, "");
  EXPECT_EQ(decodeAuthorize(R"({"processor": {"processorMerchantId": "a", "name": "STRIPE"}})")
                ->processor.name,
            "STRIPE");
}

TEST(Authorize, Errors) {
  auto d = decodeAuthorize("{}");
  EXPECT_THAT(errorsOf(d), ElementsAre(err("$.processor", "Field required")));
  EXPECT_EQ(d.error().validation.model, "PaymentAuthorizationAPIRequest");
  EXPECT_THAT(
      errorsOf(decodeAuthorize(R"({"processor": {"processorMerchantId": "", "x": 1}})")),
      ElementsAre(err("$.processor.processorMerchantId", "Value must be at least 1 character long"),
                  err("$.processor.x", "Unknown field")));
  EXPECT_THAT(errorsOf(decodeAuthorize(R"({"processor": "acct_1"})")),
              ElementsAre(err("$.processor", "Value must be an object")));
  EXPECT_EQ(decodeAuthorize("").error().kind, DecodeError::kMalformedJson);
}

TEST(ExpandQuery, Values) {
  using Query = std::vector<std::pair<std::string, std::string>>;
  EXPECT_FALSE(decodeExpandQuery(Query{}).value());
  EXPECT_TRUE(decodeExpandQuery(Query{{"expand", "transactions.events"}}).value());
  EXPECT_TRUE(decodeExpandQuery(Query{{"expand", ",transactions.events,"}}).value());
  EXPECT_THAT(errorsOf(decodeExpandQuery(Query{{"expand", "transactions.events,x"}})),
              ElementsAre(err("$.expand", "Value must be one of: transactions.events")));
}

}  // namespace
}  // namespace sy::api::codec
