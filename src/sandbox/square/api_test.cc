// The Square emulator's API without sockets: validation, test cards, state rules,
// idempotency and the ledger. (The conformance kit covers it over HTTP with the connector.)
#include "sandbox/square/api.h"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>

namespace sy::sandbox::square {
namespace {
namespace json = boost::json;

std::string payment(std::string_view key, std::string_view source = "4111111111111111") {
  return R"({"idempotency_key":")" + std::string(key) + R"(","source_id":")" +
         std::string(source) +
         R"(","amount_money":{"amount":1000,"currency":"USD"},"autocomplete":false})";
}
std::string refund(std::string_view key, std::string_view id, int amount) {
  return R"({"idempotency_key":")" + std::string(key) + R"(","payment_id":")" + std::string(id) +
         R"(","amount_money":{"amount":)" + std::to_string(amount) + R"(,"currency":"USD"}})";
}

CallContext ctx() {
  CallContext c;
  c.account = "acct";
  return c;
}
json::object body(const http::Response& r) {
  return json::parse(r.body).as_object();
}

TEST(SquareApiTest, AuthorizesCompletesAndRefunds) {
  SquareApi api(100);
  auto auth = api.createPayment(ctx(), payment("k-1"));
  ASSERT_EQ(auth.status, 200u) << auth.body;
  EXPECT_EQ(body(auth).at("payment").at("status"), "APPROVED");
  EXPECT_EQ(auth.body.find("4111111111111111"), std::string::npos);  // never echoes the card
  std::string id(body(auth).at("payment").at("id").as_string());
  EXPECT_EQ(api.createPayment(ctx(), refund("k-0", id, 1)).status, 400u);  // no source_id
  EXPECT_EQ(api.refund(ctx(), refund("k-2", id, 100)).status, 400u);  // not completed yet
  EXPECT_EQ(api.modify(ctx(), "complete", id).status, 200u);
  EXPECT_EQ(api.modify(ctx(), "complete", id).status, 200u);  // as it stands, no second capture
  EXPECT_EQ(api.modify(ctx(), "cancel", id).status, 400u);
  EXPECT_EQ(api.refund(ctx(), refund("k-3", id, 1100)).status, 400u);
  auto r = api.refund(ctx(), refund("k-4", id, 600));
  ASSERT_EQ(r.status, 200u) << r.body;
  std::string refundId(body(r).at("refund").at("id").as_string());
  EXPECT_EQ(api.getRefund(ctx(), refundId).status, 200u);
  EXPECT_EQ(body(api.getPayment(ctx(), id)).at("payment").at("refunded_money").at("amount"), 600);
  json::object books = body(api.ledger());
  EXPECT_EQ(books.at("charges"), 1);
  EXPECT_EQ(books.at("captures"), 1);
  EXPECT_EQ(books.at("refunds"), 1);
}

TEST(SquareApiTest, TestCardsAndNoncesAreDeclinedWithTheirCode) {
  SquareApi api(100);
  int i = 0;
  for (const TestCard& card : testCards()) {
    auto r = api.createPayment(ctx(), payment("k-" + std::to_string(i++), card.sourceId));
    EXPECT_EQ(r.status, 402u) << card.sourceId;
    EXPECT_EQ(body(r).at("errors").at(0).at("code"), card.code.data()) << card.sourceId;
    EXPECT_EQ(body(r).at("payment").at("status"), "FAILED") << card.sourceId;
  }
  EXPECT_EQ(body(api.ledger()).at("charges"), 0);
  EXPECT_EQ(api.createPayment(ctx(), payment("ok", "cnon:card-nonce-ok")).status, 200u);
}

TEST(SquareApiTest, TheKeyReplaysTheSameRequestAndRefusesAnother) {
  SquareApi api(100);
  auto first = api.createPayment(ctx(), payment("k-1"));
  EXPECT_EQ(api.createPayment(ctx(), payment("k-1")).body, first.body);
  EXPECT_EQ(body(api.ledger()).at("charges"), 1);
  auto reused = api.createPayment(ctx(), payment("k-1", "5555555555554444"));
  EXPECT_EQ(reused.status, 400u);
  EXPECT_EQ(body(reused).at("errors").at(0).at("code"), "IDEMPOTENCY_KEY_REUSED");
  EXPECT_EQ(api.createPayment(ctx(), payment("")).status, 400u);  // the key is required
  EXPECT_EQ(api.createPayment(ctx(), payment(std::string(46, 'k'))).status, 400u);
}

TEST(SquareApiTest, InvalidRequestsAreRefused) {
  SquareApi api(100);
  EXPECT_EQ(api.createPayment(ctx(), "not json").status, 400u);
  EXPECT_EQ(api.createPayment(ctx(), R"({"idempotency_key":"b","source_id":"4111111111111111",)"
                                     R"("amount_money":{"amount":0,"currency":"USD"}})")
                .status,
            400u);
  EXPECT_EQ(api.createPayment(ctx(), payment("c", "not-a-nonce")).status, 400u);
  EXPECT_EQ(api.modify(ctx(), "complete", "sqpay_missing").status, 404u);
  EXPECT_EQ(api.refund(ctx(), refund("d", "sqpay_missing", 1)).status, 404u);
}

}  // namespace
}  // namespace sy::sandbox::square
