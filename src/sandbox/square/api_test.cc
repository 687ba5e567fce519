// The Square emulator's API without sockets: validation, test cards, state rules,
// idempotency and the ledger. (The conformance kit covers it over HTTP with the connector.)
#include "sandbox/square/api.h"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>

namespace sy::sandbox::square {
namespace {
namespace json = boost::json;

constexpr const char* kPayment =
    R"({"amount":1000,"currency":"USD","capture":false,"reference":"k-1",)"
    R"("card":{"number":"4111111111111111","cvc":"123","exp_month":12,"exp_year":2040}})";

CallContext ctx(std::string key) {
  CallContext c;
  c.account = "acct";
  c.idempotencyKey = std::move(key);
  return c;
}
json::object body(const http::Response& r) {
  return json::parse(r.body).as_object();
}

TEST(SquareApiTest, AuthorizesCapturesAndRefunds) {
  SquareApi api(100);
  auto auth = api.createPayment(ctx("k-1"), kPayment);
  ASSERT_EQ(auth.status, 201u) << auth.body;
  EXPECT_EQ(body(auth).at("status"), "authorized");
  EXPECT_EQ(auth.body.find("4111111111111111"), std::string::npos);  // never echoes the card
  std::string id(body(auth).at("id").as_string());
  EXPECT_EQ(api.modify(ctx("k-2"), "captures", id, R"({"amount":600,"final":true})").status, 201u);
  EXPECT_EQ(api.modify(ctx("k-3"), "captures", id, R"({"amount":100})").status, 409u);
  EXPECT_EQ(api.modify(ctx("k-4"), "refunds", id, R"({"amount":700})").status, 409u);
  EXPECT_EQ(api.modify(ctx("k-5"), "refunds", id, R"({"amount":600})").status, 201u);
  EXPECT_EQ(api.modify(ctx("k-6"), "voids", id, "{}").status, 409u);
  json::object books = body(api.ledger());
  EXPECT_EQ(books.at("charges"), 1);
  EXPECT_EQ(books.at("captures"), 1);
  EXPECT_EQ(books.at("refunds"), 1);
}

TEST(SquareApiTest, TestCardsAreDeclinedWithTheirCode) {
  SquareApi api(100);
  int i = 0;
  for (const TestCard& card : testCards()) {
    std::string request(kPayment);
    request.replace(request.find("4111111111111111"), 16, card.number);
    auto r = api.createPayment(ctx("k-" + std::to_string(i++)), request);
    EXPECT_EQ(body(r).at("status"), "declined") << card.number;
    EXPECT_EQ(body(r).at("decline_code"), card.code.data()) << card.number;
  }
  EXPECT_EQ(body(api.ledger()).at("charges"), 0);
}

TEST(SquareApiTest, TheKeyMakesAReplayWhateverTheBodyOnItsEndpointOnly) {
  SquareApi api(100);
  auto first = api.createPayment(ctx("k-1"), kPayment);
  std::string withoutCvc(kPayment);
  withoutCvc.erase(withoutCvc.find(R"("cvc":"123",)"), 12);
  EXPECT_EQ(api.createPayment(ctx("k-1"), withoutCvc).body, first.body);
  EXPECT_EQ(body(api.ledger()).at("charges"), 1);
  std::string id(body(first).at("id").as_string());
  EXPECT_EQ(api.modify(ctx("k-1"), "voids", id, "{}").status, 422u);
  EXPECT_EQ(api.createPayment(ctx(""), kPayment).status, 422u);  // the key is required
}

TEST(SquareApiTest, InvalidRequestsAreRefused) {
  SquareApi api(100);
  EXPECT_EQ(api.createPayment(ctx("a"), "not json").status, 422u);
  EXPECT_EQ(api.createPayment(ctx("b"), R"({"amount":0,"currency":"USD"})").status, 422u);
  EXPECT_EQ(api.modify(ctx("c"), "captures", "pay_missing", R"({"amount":1})").status, 404u);
}

}  // namespace
}  // namespace sy::sandbox::square
