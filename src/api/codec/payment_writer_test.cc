#include "api/codec/payment_writer.h"

#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "api/codec/codec_test_util.h"
#include "api/codec/error_writer.h"
#include "api/codec/json_writer.h"
#include "api/codec/payment_list_codec.h"

namespace sy::api::codec {
namespace {

using domain::EventType;
using domain::Outcome;
using domain::Payment;
using domain::PaymentStatus;
using domain::Transaction;
using domain::TransactionEvent;
using domain::TransactionType;

TimePoint at(std::string_view s) {
  return *parseTimestamp(s);
}

// A payment authorized on TEST_PROCESSOR, captured in full and partly refunded.
Payment settledPayment() {
  Payment p;
  p.id = "pay_kHdEw9EG";
  p.merchantId = "m_1";
  p.createdAt = at("2021-02-21T15:36:16.367687");
  p.updatedAt = at("2021-02-21T15:36:17.133701");
  p.status = PaymentStatus::kSettled;
  p.orderId = "order-abc";
  p.amount = 42;
  p.currencyCode = "EUR";
  p.customerId = "customer-123";
  p.customerEmail = "john@primer.io";
  p.paymentMethodToken = "tok_heNwnqae";
  p.card = domain::CardSummary{"411111", "1111", "12", "2030", "John Biggins", "VISA"};
  p.customerJson = R"({"emailAddress":"john@primer.io"})";
  p.orderJson = R"({"lineItems":[{"amount":42}]})";
  p.metadataJson = R"({"productId":123})";
  p.paymentMethodJson =
      R"({"descriptor":"Purchase: Socks","paymentType":"SUBSCRIPTION","vaultOnSuccess":true})";
  p.connectionId = "conn_1";
  p.processorName = "TEST_PROCESSOR";
  p.processorMerchantId = "acct_test_1";
  p.amountAuthorized = 42;
  p.amountCaptured = 42;
  p.amountRefunded = 10;

  Transaction sale;
  sale.id = "tx_sale";
  sale.type = TransactionType::kSale;
  sale.status = PaymentStatus::kSettled;
  sale.outcome = Outcome::kSucceeded;
  sale.connectionId = "conn_1";
  sale.processorName = "TEST_PROCESSOR";
  sale.processorMerchantId = "acct_test_1";
  sale.processorTransactionId = "54c4eb5b3ef8a";
  sale.amount = 42;
  sale.currencyCode = "EUR";
  sale.orderId = "order-abc";
  sale.createdAt = at("2021-02-21T15:36:16.500000");
  TransactionEvent auth{"0b4c2f8e-3f1a-4d8e-9a7b-1c2d3e4f5a6b",
                        EventType::kAuthorizationSucceeded,
                        Outcome::kSucceeded,
                        "k1",
                        42,
                        false,
                        "evt_auth",
                        at("2021-02-21T15:36:16.600000")};
  TransactionEvent capture{"1b4c2f8e-3f1a-4d8e-9a7b-1c2d3e4f5a6b",
                           EventType::kCaptureSucceeded,
                           Outcome::kSucceeded,
                           "k2",
                           42,
                           true,
                           "",
                           at("2021-02-21T15:36:17.000000")};
  TransactionEvent inFlight{"2b4c2f8e-3f1a-4d8e-9a7b-1c2d3e4f5a6b",
                            EventType::kCaptureSucceeded,
                            Outcome::kInFlight,
                            "k3",
                            1,
                            false,
                            "",
                            at("2021-02-21T15:36:17.100000")};
  sale.events = {auth, capture, inFlight};

  Transaction refund;
  refund.id = "tx_refund";
  refund.type = TransactionType::kRefund;
  refund.status = PaymentStatus::kSettled;
  refund.outcome = Outcome::kSucceeded;
  refund.connectionId = "conn_1";
  refund.processorName = "TEST_PROCESSOR";
  refund.processorMerchantId = "acct_test_1";
  refund.processorTransactionId = "re_1";
  refund.amount = 10;
  refund.currencyCode = "EUR";
  refund.reason = "Customer returned order #1234.";
  refund.createdAt = at("2021-02-22T09:00:00.000000");
  p.transactions = {sale, refund};
  return p;
}

constexpr std::string_view kSettledGolden =
    R"({"id":"pay_kHdEw9EG","date":"2021-02-21T15:36:16.367687",)"
    R"("dateUpdated":"2021-02-21T15:36:17.133701","status":"SETTLED","cardTokenType":"CARD_PAN",)"
    R"("orderId":"order-abc","currencyCode":"EUR","amount":42,"customerId":"customer-123",)"
    R"("customer":{"emailAddress":"john@primer.io"},"order":{"lineItems":[{"amount":42}]},)"
    R"("metadata":{"productId":123},)"
    R"("paymentMethod":{"descriptor":"Purchase: Socks","paymentType":"SUBSCRIPTION",)"
    R"("authorizationType":"FINAL","paymentMethodToken":"tok_heNwnqae","isVaulted":false,)"
    R"("paymentMethodType":"PAYMENT_CARD","paymentMethodData":{"first6Digits":"411111",)"
    R"("last4Digits":"1111","expirationMonth":"12","expirationYear":"2030",)"
    R"("cardholderName":"John Biggins","network":"VISA","isNetworkTokenized":false,)"
    // 411111 is in the BIN table (domain/bin_table.h): country, issuer, funding and usage known.
    R"("binData":{"network":"VISA","issuerCountryCode":"US","issuerName":"Test Issuer Bank",)"
    R"("regionalRestriction":"UNKNOWN",)"
    R"("accountNumberType":"PRIMARY_ACCOUNT_NUMBER","accountFundingType":"CREDIT",)"
    R"("prepaidReloadableIndicator":"UNKNOWN","productUsageType":"CONSUMER","productCode":"VISA",)"
    R"("productName":"VISA"}}},)"
    R"("processor":{"name":"TEST_PROCESSOR","processorMerchantId":"acct_test_1",)"
    R"("amountCaptured":42,"amountRefunded":10},)"
    R"("transactions":[)"
    R"({"id":"tx_sale","date":"2021-02-21T15:36:16.500000","amount":42,"currencyCode":"EUR",)"
    R"("orderId":"order-abc","type":"SALE","transactionType":"SALE","status":"SETTLED",)"
    R"("processorStatus":"SETTLED","processor":"TEST_PROCESSOR","processorName":"TEST_PROCESSOR",)"
    R"("processorMerchantId":"acct_test_1","processorTransactionId":"54c4eb5b3ef8a",)"
    R"("cardTokenType":"CARD_PAN"},)"
    R"({"id":"tx_refund","date":"2021-02-22T09:00:00.000000","amount":10,"currencyCode":"EUR",)"
    R"("orderId":"order-abc","type":"REFUND","transactionType":"REFUND","status":"SETTLED",)"
    R"("processorStatus":"SETTLED","processor":"TEST_PROCESSOR","processorName":"TEST_PROCESSOR",)"
    R"("processorMerchantId":"acct_test_1","processorTransactionId":"re_1",)"
    R"("cardTokenType":"CARD_PAN","reason":"Customer returned order #1234."}]})";

TEST(WritePayment, GoldenSettledPayment) {
  EXPECT_EQ(writePayment(settledPayment(), false), kSettledGolden);
}

TEST(WritePayment, ExpandedEventsOnlySucceededOnes) {
  boost::json::value v = boost::json::parse(writePayment(settledPayment(), true));
  const boost::json::array& txs = v.at("transactions").as_array();
  EXPECT_EQ(txs.at(0).at("events"),
            boost::json::parse(
                R"([{"id":"0b4c2f8e-3f1a-4d8e-9a7b-1c2d3e4f5a6b","processorEventId":"evt_auth",
                     "date":"2021-02-21T15:36:16.600000","type":"AUTHORIZATION_SUCCEEDED",
                     "amount":42},
                    {"id":"1b4c2f8e-3f1a-4d8e-9a7b-1c2d3e4f5a6b",
                     "date":"2021-02-21T15:36:17.000000","type":"CAPTURE_SUCCEEDED","amount":42,
                     "final":true}])"));
  EXPECT_EQ(txs.at(1).at("events"), boost::json::array());
}

TEST(WritePayment, DeclinedPaymentCarriesReasons) {
  Payment p = settledPayment();
  p.status = PaymentStatus::kDeclined;
  p.amountCaptured = p.amountRefunded = 0;
  p.paymentMethodJson = R"({"authorizationType":"ESTIMATED"})";
  p.statusReason = domain::issuerDecline(domain::DeclineCode::kInsufficientFunds, "Not enough");
  p.transactions.resize(1);
  p.transactions[0].status = PaymentStatus::kDeclined;
  p.transactions[0].outcome = Outcome::kDeclined;
  p.transactions[0].statusReason = p.statusReason;
  p.transactions[0].events.clear();
  boost::json::value v = boost::json::parse(writePayment(p, false));
  const boost::json::value expectedReason = boost::json::parse(
      R"({"type":"ISSUER_DECLINED","declineType":"SOFT_DECLINE","code":"INSUFFICIENT_FUNDS",
          "message":"Not enough","advisedAction":"RETRY_LATER"})");
  EXPECT_EQ(v.at("statusReason"), expectedReason);
  EXPECT_EQ(v.at("transactions").at(0).at("processorStatusReason"), expectedReason);
  EXPECT_EQ(v.at("paymentMethod").at("authorizationType"), "ESTIMATED");
  EXPECT_FALSE(v.at("paymentMethod").as_object().contains("descriptor"));
}

TEST(WritePayment, RoutingIsTheDecisionTraceAfterTheSpecMembers) {
  Payment p = settledPayment();
  EXPECT_FALSE(boost::json::parse(writePayment(p, false)).as_object().contains("routing"));
  domain::Routing routing;
  routing.source = domain::RoutingSource::kWorkflow;
  domain::AuthorizationRoute route;
  route.connections = {"acct_test_1"};
  route.fallbackOn = {"SOFT_DECLINE"};
  route.state = "STOPPED";
  route.stopReason = "SUCCEEDED";
  route.attempts.push_back({p.transactions[0].id, "acct_test_1", "FIRST", "", ""});
  routing.authorization = route;
  p.routing = routing;
  boost::json::value v = boost::json::parse(writePayment(p, false));
  EXPECT_EQ(v.at("routing"), boost::json::parse(domain::routingToJson(routing)));
  EXPECT_EQ(v.at("routing").at("authorization").at("attempts").at(0).at("reason"), "FIRST");
}

TEST(WritePayment, ReasonOnlyForDeclinedOrFailedTransactions) {
  Payment p = settledPayment();
  p.status = PaymentStatus::kPending;
  p.statusReason = domain::StatusReason{domain::ReasonType::kGatewayTimeout, {}, {}, {}, "", ""};
  p.transactions.resize(1);
  p.transactions[0].status = PaymentStatus::kPending;
  p.transactions[0].outcome = Outcome::kUnknown;
  p.transactions[0].statusReason = p.statusReason;
  boost::json::value v = boost::json::parse(writePayment(p, false));
  EXPECT_EQ(v.at("statusReason"), boost::json::parse(R"({"type":"GATEWAY_TIMEOUT"})"));
  EXPECT_FALSE(v.at("transactions").at(0).as_object().contains("processorStatusReason"));
}

TEST(WritePayment, PendingWithoutConnection) {
  Payment p;
  p.id = "pay_1";
  p.createdAt = p.updatedAt = at("2024-01-01T00:00:00");
  p.amount = 100;
  p.currencyCode = "USD";
  p.paymentMethodToken = "tok_1";
  EXPECT_EQ(writePayment(p, false),
            R"({"id":"pay_1","date":"2024-01-01T00:00:00.000000",)"
            R"("dateUpdated":"2024-01-01T00:00:00.000000","status":"PENDING",)"
            R"("cardTokenType":"CARD_PAN","currencyCode":"USD","amount":100,)"
            R"("paymentMethod":{"authorizationType":"FINAL","paymentMethodToken":"tok_1",)"
            R"("isVaulted":false,"paymentMethodType":"PAYMENT_CARD"},"transactions":[]})");
}

TEST(WritePayment, UnknownNetworkHasNoBinData) {
  Payment p = settledPayment();
  p.card->network = "";
  p.card->first6 = "";
  boost::json::value v = boost::json::parse(writePayment(p, false));
  const boost::json::object& data = v.at("paymentMethod").at("paymentMethodData").as_object();
  EXPECT_FALSE(data.contains("binData"));
  EXPECT_FALSE(data.contains("first6Digits"));
  EXPECT_FALSE(data.contains("network"));
}

TEST(WritePaymentSummaryList, GoldenPage) {
  store::PaymentPage page;
  page.payments.push_back(settledPayment());
  Payment pending;
  pending.id = "pay_2";
  pending.createdAt = pending.updatedAt = at("2024-01-01T00:00:00");
  pending.amount = 5;
  pending.currencyCode = "JPY";
  page.payments.push_back(pending);
  EXPECT_EQ(
      writePaymentSummaryList(page, std::string("next=="), std::nullopt),
      R"({"data":[{"id":"pay_kHdEw9EG","date":"2021-02-21T15:36:16.367687",)"
      R"("dateUpdated":"2021-02-21T15:36:17.133701","status":"SETTLED","orderId":"order-abc",)"
      R"("processor":{"name":"TEST_PROCESSOR","processorMerchantId":"acct_test_1"},)"
      R"("currencyCode":"EUR","amount":42,"metadata":{"productId":123}},)"
      R"({"id":"pay_2","date":"2024-01-01T00:00:00.000000",)"
      R"("dateUpdated":"2024-01-01T00:00:00.000000","status":"PENDING","orderId":"",)"
      R"("currencyCode":"JPY","amount":5}],"nextCursor":"next=="})");
  EXPECT_EQ(writePaymentSummaryList({}, std::nullopt, std::string("p")),
            R"({"data":[],"prevCursor":"p"})");
}

TEST(WriteError, ShapesPerSpec) {
  EXPECT_EQ(writeError("PaymentNotFoundError", "No such payment", "req-1"),
            R"({"error":{"errorId":"PaymentNotFoundError","description":"No such payment",)"
            R"("diagnosticsId":"req-1"}})");
  ValidationFailure v{"PaymentCreationAPIRequest",
                      {{"$.amount", "Value must be an integer between 1 and 9223372036854775807"},
                       {"$.currencyCode", "bad \"quote\""}}};
  EXPECT_EQ(
      writeError("RequestValidationError", "The request failed validation", "req-2", &v),
      R"({"error":{"errorId":"RequestValidationError",)"
      R"("description":"The request failed validation","diagnosticsId":"req-2",)"
      R"("validationErrors":[{"model":"PaymentCreationAPIRequest","errors":[)"
      R"({"path":"$.amount","description":"Value must be an integer between 1 and )"
      R"(9223372036854775807"},{"path":"$.currencyCode","description":"bad \"quote\""}]}]}})");
  EXPECT_EQ(
      writeError("IdempotencyKeyAlreadyExists", "Key reused with another body", "req-3", nullptr,
                 "pay_1", "SETTLED", "Use a new key"),
      R"({"error":{"errorId":"IdempotencyKeyAlreadyExists",)"
      R"("description":"Key reused with another body","diagnosticsId":"req-3",)"
      R"("recoverySuggestion":"Use a new key","paymentId":"pay_1","paymentStatus":"SETTLED"}})");
}

TEST(WriteError, FromDecodeErrors) {
  boost::json::value v = boost::json::parse(writeDecodeError(metadataEmptyKey(), "d"));
  EXPECT_EQ(v.at("error").at("errorId"), "MetadataContainsEmptyKey");
  EXPECT_EQ(httpStatusFor(DecodeError::kMetadataEmptyKey), 400u);
  v = boost::json::parse(
      writeDecodeError(malformedJson("The request body is not valid JSON"), "d"));
  EXPECT_EQ(v.at("error").at("errorId"), "MalformedJson");
  EXPECT_EQ(httpStatusFor(DecodeError::kMalformedJson), 400u);
  v = boost::json::parse(writeDecodeError(validationError("M", {{"$.a", "x"}}), "d"));
  EXPECT_EQ(v.at("error").at("errorId"), "RequestValidationError");
  EXPECT_EQ(v.at("error").at("validationErrors"),
            boost::json::parse(R"([{"model":"M","errors":[{"path":"$.a","description":"x"}]}])"));
  EXPECT_EQ(httpStatusFor(DecodeError::kValidation), 422u);
}

TEST(JsonWriter, EscapesAndRepairsStrings) {
  std::string out;
  appendJsonString(out, "a\"b\\c\n\t\x01\x7f é \xe2\x82\xac \xf0\x9f\x98\x80");
  EXPECT_EQ(out, "\"a\\\"b\\\\c\\n\\t\\u0001\x7f é \xe2\x82\xac \xf0\x9f\x98\x80\"");
  out.clear();
  // Invalid UTF-8: lone continuation, truncated sequence, overlong, surrogate.
  appendJsonString(out,
                   "x\x80y\xe2\x82"
                   "z\xc0\xaf\xed\xa0\x80");
  EXPECT_EQ(out, "\"x\\ufffdy\\ufffd\\ufffdz\\ufffd\\ufffd\\ufffd\\ufffd\\ufffd\"");
  EXPECT_NO_THROW(boost::json::parse(out));
  JsonWriter w;
  w.beginObject().field("a", int64_t{-9223372036854775807 - 1}).field("b", true);
  w.key("c").beginArray().integer(1).string("x").beginObject().endObject().endArray();
  w.fieldIfNotEmpty("d", "").key("e").raw(R"({"k":[1]})").endObject();
  EXPECT_EQ(w.str(), R"({"a":-9223372036854775808,"b":true,"c":[1,"x",{}],"e":{"k":[1]}})");
}

TEST(JsonWriter, TimestampsMatchFormatTimestamp) {
  std::vector<int64_t> micros = {0,
                                 -1,
                                 1,
                                 999999,
                                 -86400000000,
                                 1700000000123456,
                                 9000000000000000 /* 2255 */,
                                 -2208988800000000,
                                 951782400000000 /* 2000-02-29 */};
  uint64_t x = 88172645463325252ull;  // xorshift: a spread of instants from 1678 to 2261
  for (int i = 0; i < 2000; ++i) {
    x ^= x << 13, x ^= x >> 7, x ^= x << 17;
    micros.push_back(static_cast<int64_t>(x % 18'000'000'000'000'000ull) - 9'000'000'000'000'000);
  }
  for (int64_t us : micros) {
    std::string out;
    appendTimestamp(out, fromMicros(us));
    EXPECT_EQ(out, "\"" + formatTimestamp(fromMicros(us)) + "\"") << us;
  }
}

}  // namespace
}  // namespace sy::api::codec
