#include "api/codec/client_session_codec.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "api/codec/codec_test_util.h"

namespace sy::api::codec {
namespace {

using ::testing::ElementsAre;
using ::testing::UnorderedElementsAre;
using namespace testing_util;

TEST(ClientSessionCreate, DecodesEverything) {
  auto d = decodeClientSessionCreate(R"({
    "orderId": "order-abc", "currencyCode": "GBP", "amount": 1000,
    "order": {"countryCode": "FR", "lineItems": [{"itemId": "shoe-123", "description": "Blue Shoe",
              "amount": 100, "quantity": 10}]},
    "customerId": "customer-123",
    "customer": {"emailAddress": "john@primer.io", "billingAddress": {"city": "Paris"}},
    "metadata": {"productType": "Shoes", "productId": 1001},
    "paymentMethod": {"descriptor": "Purchase: Shoes", "paymentMethodType": "PAYMENT_CARD",
      "vaultOnSuccess": true, "vaultOn3DS": false,
      "options": {"PAYMENT_CARD": {"networks": {"VISA": {"surcharge": {"amount": 10}}}},
                  "GOOGLE_PAY": {"surcharge": {"amount": 20}}},
      "authorizationType": "ESTIMATED"}
  })");
  ASSERT_TRUE(d.isOk()) << d.error().validation.errors.at(0).path;
  EXPECT_EQ(d->orderId, "order-abc");
  EXPECT_EQ(d->currencyCode, "GBP");
  EXPECT_EQ(d->amount, 1000);
  EXPECT_EQ(d->customerId, "customer-123");
  EXPECT_EQ(d->customerEmail, "john@primer.io");
  EXPECT_EQ(d->customerJson,
            R"({"emailAddress":"john@primer.io","billingAddress":{"city":"Paris"}})");
  EXPECT_EQ(d->metadataJson, R"({"productType":"Shoes","productId":1001})");
  expectJsonEq(d->orderJson,
               R"({"countryCode":"FR","lineItems":[{"itemId":"shoe-123","description":"Blue Shoe",
                   "amount":100,"quantity":10}]})");
  EXPECT_NE(d->paymentMethodJson.find("\"GOOGLE_PAY\""), std::string::npos);
}

TEST(ClientSessionCreate, EmptyObjectIsValidAndAmountZeroAllowed) {
  auto d = decodeClientSessionCreate("{}");
  ASSERT_TRUE(d.isOk());
  EXPECT_FALSE(d->amount.has_value());
  EXPECT_EQ(d->customerJson, "");
  EXPECT_EQ(decodeClientSessionCreate(R"({"amount": 0})")->amount, 0);
}

TEST(ClientSessionCreate, MalformedBodies) {
  for (std::string_view body : {"", "not json", "{", "[]", "42", "\"x\"", "null", "{\"a\":1,}"}) {
    auto d = decodeClientSessionCreate(body);
    ASSERT_FALSE(d.isOk()) << body;
    EXPECT_EQ(d.error().kind, DecodeError::kMalformedJson) << body;
  }
}

TEST(ClientSessionCreate, CollectsAllErrors) {
  auto d = decodeClientSessionCreate(R"({
    "orderId": "", "currencyCode": "usd", "amount": -1, "customerId": 7, "colour": "red",
    "customer": {"emailAddress": "not-an-email", "firstName": "", "nickname": "x",
                 "billingAddress": {"countryCode": "XX"}},
    "order": {"lineItems": [{"amount": 1}, {"quantity": 2, "amount": 1.5}], "fees": [{}],
              "shipping": {"amount": "3"}},
    "metadata": {"ok": "x", "bad": 1.5, "nested": {"a": 1}},
    "paymentMethod": {"authorizationType": "SOMETIMES", "options": {"NOT_A_METHOD": {}}}
  })");
  EXPECT_THAT(
      errorsOf(d),
      UnorderedElementsAre(
          err("$.orderId", "Value must be between 1 and 255 characters long"),
          err("$.currencyCode",
              "Value must be an active ISO 4217 currency code in upper case, e.g. USD"),
          err("$.amount", "Value must be an integer between 0 and 9223372036854775807"),
          err("$.customerId", "Value must be a string"), err("$.colour", "Unknown field"),
          err("$.customer.emailAddress", "Value must be a valid email address"),
          err("$.customer.firstName", "Value must be between 1 and 255 characters long"),
          err("$.customer.nickname", "Unknown field"),
          err("$.customer.billingAddress.countryCode", "Value is not a valid CountryCodeEnum"),
          err("$.order.lineItems[1].amount",
              "Value must be an integer between 0 and 9223372036854775807"),
          err("$.order.fees[0].amount", "Field required"),
          err("$.order.shipping.amount",
              "Value must be an integer between 0 and 9223372036854775807"),
          err("$.metadata.bad", "Value must be a string or an integer"),
          err("$.metadata.nested", "Value must be a string or an integer"),
          err("$.paymentMethod.authorizationType", "Value must be one of: ESTIMATED, FINAL"),
          err("$.paymentMethod.options.NOT_A_METHOD",
              "Unknown field: the name is not a valid PaymentMethodTypeEnum")));
  EXPECT_EQ(d.error().validation.model, "ClientSessionAPIRequest");
}

TEST(ClientSessionCreate, OverflowingAmountIsAValidationError) {
  for (std::string_view amount :
       {"9223372036854775808", "18446744073709551615", "18446744073709551616",
        "99999999999999999999999", "1.0", "1e3", "\"100\"", "true", "null"}) {
    std::string body = std::string(R"({"amount": )") + std::string(amount) + "}";
    EXPECT_THAT(
        errorsOf(decodeClientSessionCreate(body)),
        ElementsAre(err("$.amount", "Value must be an integer between 0 and 9223372036854775807")))
        << amount;
  }
  EXPECT_EQ(decodeClientSessionCreate(R"({"amount": 9223372036854775807})")->amount, INT64_MAX);
}

TEST(ClientSessionCreate, CurrencyMustBeActiveUpperCaseIso4217) {
  EXPECT_TRUE(decodeClientSessionCreate(R"({"currencyCode": "JPY"})").isOk());
  for (std::string_view code : {"usd", "Usd", "XXX", "US", "USDD", "", "MRO", "VES"}) {
    std::string body = std::string(R"({"currencyCode": ")") + std::string(code) + "\"}";
    EXPECT_THAT(errorsOf(decodeClientSessionCreate(body)),
                ElementsAre(err("$.currencyCode",
                                "Value must be an active ISO 4217 currency code in upper case, "
                                "e.g. USD")))
        << code;
  }
}

TEST(ClientSessionCreate, EmptyMetadataKey) {
  auto d = decodeClientSessionCreate(R"({"metadata": {"": "x", "a": 1}})");
  ASSERT_FALSE(d.isOk());
  EXPECT_EQ(d.error().kind, DecodeError::kMetadataEmptyKey);
  // Validation errors elsewhere win: the body is rejected as a whole with 422 first.
  EXPECT_EQ(decodeClientSessionCreate(R"({"amount": -1, "metadata": {"": "x"}})").error().kind,
            DecodeError::kValidation);
}

TEST(ClientSessionCreate, OddKeysUseBracketPaths) {
  EXPECT_THAT(errorsOf(decodeClientSessionCreate(R"({"metadata": {"a b": [], "it's": {}}})")),
              ElementsAre(err("$.metadata['a b']", "Value must be a string or an integer"),
                          err("$.metadata['it\\'s']", "Value must be a string or an integer")));
}

TEST(ClientSessionCreate, StringLengthsCountCodePoints) {
  std::string name;
  for (int i = 0; i < 255; ++i) name += "\xC3\xA9";  // 255 x "é": 510 bytes, 255 characters
  EXPECT_TRUE(decodeClientSessionCreate(R"({"customerId": ")" + name + "\"}").isOk());
  EXPECT_THAT(errorsOf(decodeClientSessionCreate(R"({"customerId": ")" + name + "e\"}")),
              ElementsAre(err("$.customerId", "Value must be between 1 and 255 characters long")));
}

TEST(ClientSessionCreate, ApplePayAndCardNetworkOptions) {
  EXPECT_TRUE(decodeClientSessionCreate(R"({"paymentMethod": {"options": {"APPLE_PAY": {
      "merchantName": "Shop", "recurringPaymentRequest": {"managementUrl": "https://x.test/m",
      "regularBilling": {"label": "Monthly", "amount": 100, "recurringIntervalUnit": "month",
                         "recurringIntervalCount": 1,
                         "recurringStartDate": "2030-01-01T00:00:00Z"}}}}}})")
                  .isOk());
  EXPECT_THAT(
      errorsOf(decodeClientSessionCreate(R"({"paymentMethod": {"options": {
      "APPLE_PAY": {"recurringPaymentRequest": {"managementUrl": "not a uri",
                    "regularBilling": {"recurringIntervalCount": 0}}},
      "PAYMENT_CARD": {"networks": {"EFTPOS": {}, "VISA": {"surcharge": {"amount": -1}}}},
      "KLARNA": {"extraMerchantData": {"anything": [1, {"goes": true}]}}},
      "orderedAllowedCardNetworks": ["VISA", "VIZA"]}})")),
      UnorderedElementsAre(
          err("$.paymentMethod.options.APPLE_PAY.recurringPaymentRequest.managementUrl",
              "Value must be an absolute URI"),
          err("$.paymentMethod.options.APPLE_PAY.recurringPaymentRequest.regularBilling."
              "recurringIntervalCount",
              "Value must be an integer between 1 and 9223372036854775807"),
          err("$.paymentMethod.options.APPLE_PAY.recurringPaymentRequest.regularBilling.label",
              "Field required"),
          err("$.paymentMethod.options.PAYMENT_CARD.networks.EFTPOS", "Unknown field"),
          err("$.paymentMethod.options.PAYMENT_CARD.networks.VISA.surcharge.amount",
              "Value must be an integer between 0 and 9223372036854775807"),
          err("$.paymentMethod.options.KLARNA.surcharge", "Field required"),
          err("$.paymentMethod.orderedAllowedCardNetworks[1]",
              "Value is not a valid CardNetworkEnum")));
}

TEST(ClientSessionPatch, DecodesSetClearAndKeep) {
  auto d = decodeClientSessionPatch(R"({"clientToken": "tok", "orderId": "o-2", "amount": null,
      "customer": {"emailAddress": "new@x.io", "firstName": null}, "metadata": null})");
  ASSERT_TRUE(d.isOk());
  EXPECT_EQ(d->clientToken, "tok");
  EXPECT_TRUE(d->orderId.set());
  EXPECT_EQ(d->orderId.value, "o-2");
  EXPECT_TRUE(d->amount.clear());
  EXPECT_TRUE(d->currencyCode.keep());
  EXPECT_TRUE(d->customerJson.set());
  EXPECT_TRUE(d->metadataJson.clear());
  EXPECT_TRUE(d->orderJson.keep());
}

TEST(ClientSessionPatch, Errors) {
  EXPECT_THAT(errorsOf(decodeClientSessionPatch(R"({"amount": 5})")),
              ElementsAre(err("$.clientToken", "Field required")));
  EXPECT_THAT(errorsOf(decodeClientSessionPatch(R"({"clientToken": null})")),
              ElementsAre(err("$.clientToken", "Value must be a string")));
  auto d = decodeClientSessionPatch(R"({"clientToken": "t", "currencyCode": "eur", "foo": 1,
      "order": {"lineItems": [{"amount": -5}], "countryCode": null}})");
  EXPECT_THAT(errorsOf(d),
              UnorderedElementsAre(
                  err("$.currencyCode",
                      "Value must be an active ISO 4217 currency code in upper case, e.g. USD"),
                  err("$.foo", "Unknown field"),
                  err("$.order.lineItems[0].amount",
                      "Value must be an integer between 0 and 9223372036854775807")));
  EXPECT_EQ(d.error().validation.model, "ClientSessionUpdateAPIRequest");
  EXPECT_EQ(decodeClientSessionPatch(R"({"clientToken": "t", "metadata": {"": 1}})").error().kind,
            DecodeError::kMetadataEmptyKey);
}

store::ClientSession storedSession() {
  store::ClientSession s;
  s.orderId = "order-1";
  s.currencyCode = "EUR";
  s.amount = 500;
  s.customerId = "cust-1";
  s.customerJson =
      R"({"emailAddress":"old@x.io","firstName":"Ada","billingAddress":{"city":"Paris","postalCode":"75001"}})";
  s.orderJson = R"({"countryCode":"FR","lineItems":[{"amount":100},{"amount":200}]})";
  s.metadataJson = R"({"a":"1","b":2})";
  s.paymentMethodJson = R"({"descriptor":"Shop","vaultOnSuccess":true})";
  return s;
}

ClientSessionPatch patchOf(std::string_view body) {
  auto d = decodeClientSessionPatch(body);
  EXPECT_TRUE(d.isOk()) << body;
  return d.isOk() ? std::move(d).value() : ClientSessionPatch{};
}

TEST(ApplyClientSessionPatch, NestedCustomerFieldsAreMerged) {
  store::ClientSession s = storedSession();
  applyClientSessionPatch(s, patchOf(R"({"clientToken": "t",
                                        "customer": {"emailAddress": "new@x.io"}})"));
  expectJsonEq(s.customerJson,
               R"({"emailAddress":"new@x.io","firstName":"Ada",
                   "billingAddress":{"city":"Paris","postalCode":"75001"}})");
  EXPECT_EQ(customerEmailOf(s.customerJson), "new@x.io");
  // Everything else untouched.
  EXPECT_EQ(s.orderId, "order-1");
  EXPECT_EQ(s.amount, 500);
  EXPECT_EQ(s.metadataJson, R"({"a":"1","b":2})");
}

TEST(ApplyClientSessionPatch, CustomerMembersAreReplacedWholeAndNullRemoves) {
  store::ClientSession s = storedSession();
  applyClientSessionPatch(s, patchOf(R"({"clientToken": "t", "customer": {
      "firstName": null, "billingAddress": {"city": "Lyon"}}})"));
  expectJsonEq(s.customerJson, R"({"emailAddress":"old@x.io","billingAddress":{"city":"Lyon"}})");
}

TEST(ApplyClientSessionPatch, OrderLineItemsAreReplacedNotAppended) {
  store::ClientSession s = storedSession();
  applyClientSessionPatch(
      s,
      patchOf(R"({"clientToken": "t", "order": {"lineItems": [{"amount": 7, "quantity": 3}]}})"));
  expectJsonEq(s.orderJson, R"({"countryCode":"FR","lineItems":[{"amount":7,"quantity":3}]})");
}

TEST(ApplyClientSessionPatch, NullClearsAndMetadataIsReplacedWhole) {
  store::ClientSession s = storedSession();
  applyClientSessionPatch(s, patchOf(R"({"clientToken": "t", "amount": null, "orderId": null,
      "customer": null, "paymentMethod": null, "metadata": {"c": "3"}, "currencyCode": "USD",
      "customerId": "cust-2"})"));
  EXPECT_FALSE(s.amount.has_value());
  EXPECT_EQ(s.orderId, "");
  EXPECT_EQ(s.customerJson, "");
  EXPECT_EQ(s.paymentMethodJson, "");
  EXPECT_EQ(s.metadataJson, R"({"c":"3"})");
  EXPECT_EQ(s.currencyCode, "USD");
  EXPECT_EQ(s.customerId, "cust-2");
  EXPECT_EQ(s.orderJson, R"({"countryCode":"FR","lineItems":[{"amount":100},{"amount":200}]})");
}

TEST(ApplyClientSessionPatch, RemovingEveryMemberLeavesNoObject) {
  store::ClientSession s = storedSession();
  applyClientSessionPatch(s, patchOf(R"({"clientToken": "t", "customer": {"emailAddress": null,
      "firstName": null, "billingAddress": null}, "order": {"countryCode": null,
      "lineItems": null}})"));
  EXPECT_EQ(s.customerJson, "");
  EXPECT_EQ(s.orderJson, "");
}

TEST(ApplyClientSessionPatch, OntoAnEmptySession) {
  store::ClientSession s;
  applyClientSessionPatch(
      s, patchOf(R"({"clientToken": "t", "amount": 0, "customer": {"firstName": "Bo"}})"));
  EXPECT_EQ(s.amount, 0);
  EXPECT_EQ(s.customerJson, R"({"firstName":"Bo"})");
}

TEST(OrderTotal, SumsLineItemsFeesAndShipping) {
  EXPECT_EQ(orderTotal(R"({"lineItems":[{"amount":500,"quantity":1}],"fees":[{"type":"SURCHARGE",
                         "amount":100}],"shipping":{"amount":50}})"),
            650);
  EXPECT_EQ(orderTotal(R"({"lineItems":[{"amount":100,"quantity":10,"discountAmount":50,
                         "taxAmount":20},{"amount":5}]})"),
            955);
  EXPECT_EQ(orderTotal(R"({"countryCode":"FR"})"), std::nullopt);
  EXPECT_EQ(orderTotal(""), std::nullopt);
  EXPECT_EQ(orderTotal(R"({"lineItems":[{"amount":9223372036854775807,"quantity":2}]})"),
            std::nullopt);
  EXPECT_EQ(orderTotal(R"({"lineItems":[{"amount":1,"discountAmount":5}]})"), std::nullopt);
}

TEST(WriteClientSession, WithTokenAndWithout) {
  store::ClientSession s = storedSession();
  s.expiresAt = fromMicros(1700000000123456);
  std::string token = "ct_abc";
  EXPECT_EQ(
      writeClientSession(s, &token),
      R"({"clientToken":"ct_abc","clientTokenExpirationDate":"2023-11-14T22:13:20.123456",)"
      R"("customerId":"cust-1","orderId":"order-1","currencyCode":"EUR","amount":500,)"
      R"("metadata":{"a":"1","b":2},"customer":{"emailAddress":"old@x.io","firstName":"Ada",)"
      R"("billingAddress":{"city":"Paris","postalCode":"75001"}},"order":{"countryCode":"FR",)"
      R"("lineItems":[{"amount":100},{"amount":200}]},)"
      R"("paymentMethod":{"descriptor":"Shop","vaultOnSuccess":true}})");

  // Without a top-level amount the order's total is reported; empty members are omitted.
  store::ClientSession bare;
  bare.currencyCode = "USD";
  bare.orderJson = R"({"lineItems":[{"amount":250,"quantity":2}]})";
  EXPECT_EQ(
      writeClientSession(bare, nullptr),
      R"({"currencyCode":"USD","amount":500,"order":{"lineItems":[{"amount":250,"quantity":2}]}})");
  EXPECT_EQ(writeClientSession(store::ClientSession{}, nullptr), "{}");
}

}  // namespace
}  // namespace sy::api::codec
