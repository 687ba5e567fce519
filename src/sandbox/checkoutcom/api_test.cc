// The Checkout.com emulator's endpoints without sockets: validation in Checkout.com's error shape,
// state transitions, idempotency and the ledger. The HTTP layer is covered by emulator_test.cc and
// the connector's view by the conformance kit (connectors/checkoutcom/conformance_test.cc) and the
// *_e2e_test.cc files beside it.
#include "sandbox/checkoutcom/api.h"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <boost/json/value.hpp>

namespace sy::sandbox::checkoutcom {
namespace {
namespace json = boost::json;

constexpr const char* kCard =
    R"({"source":{"type":"card","number":"4242424242424242","expiry_month":12,"expiry_year":2030},)"
    R"("amount":1000,"currency":"USD","capture":false})";

CallContext ctx(std::string key = {}, std::string account = "acct-a") {
  CallContext c;
  c.account = std::move(account);
  c.idempotencyKey = std::move(key);
  c.baseUrl = "http://127.0.0.1:1";
  return c;
}

json::value body(const http::Response& r) { return json::parse(r.body); }

std::vector<std::string> codes(const http::Response& r) {
  std::vector<std::string> out;
  EXPECT_EQ(r.status, 422u) << r.body;
  auto v = json::parse(r.body);
  EXPECT_EQ(v.at("error_type"), "request_invalid");
  for (const auto& c : v.at("error_codes").as_array()) out.emplace_back(c.as_string());
  return out;
}

bool has(const std::vector<std::string>& v, std::string_view s) {
  return std::find(v.begin(), v.end(), s) != v.end();
}

TEST(CheckoutComApiTest, ValidatesLikeCheckoutCom) {
  CheckoutComApi api(100);
  EXPECT_TRUE(has(codes(api.createPayment(ctx(), "not json")), "request_body_malformed"));
  auto missing = codes(api.createPayment(ctx(), "{}"));
  EXPECT_TRUE(has(missing, "currency_required"));
  EXPECT_TRUE(has(missing, "payment_source_required"));
  auto card = codes(api.createPayment(
      ctx(), R"({"currency":"usd","amount":-1,"source":{"type":"card","number":"4242424242424241","expiry_month":13,"cvv":"12"}})"));
  for (const char* c : {"currency_invalid", "amount_invalid", "card_number_invalid",
                        "card_expiry_month_invalid", "card_expiry_year_required", "cvv_invalid"})
    EXPECT_TRUE(has(card, c)) << c;
  EXPECT_TRUE(has(codes(api.createPayment(
                      ctx(), R"({"currency":"USD","source":{"type":"card","number":"4242424242424242","expiry_month":1,"expiry_year":2001}})")),
                  "card_expired"));
  EXPECT_TRUE(has(codes(api.createPayment(
                      ctx(), R"({"currency":"KWD","amount":1005,"source":{"type":"card","number":"4242424242424242","expiry_month":1,"expiry_year":2099}})")),
                  "amount_invalid"));
  EXPECT_TRUE(has(codes(api.createPayment(ctx(), R"({"currency":"USD","source":{"type":"token","token":"tok_x"}})")),
                  "payment_source_type_invalid"));
  EXPECT_EQ(body(api.ledger()).at("payments").as_array().size(), 0u);
}

TEST(CheckoutComApiTest, AuthorizeCaptureRefundVoidStates) {
  CheckoutComApi api(100);
  auto created = api.createPayment(ctx(), kCard);
  ASSERT_EQ(created.status, 201u) << created.body;
  auto p = body(created);
  EXPECT_EQ(p.at("status"), "Authorized");
  EXPECT_EQ(p.at("approved"), true);
  EXPECT_EQ(p.at("response_code"), "10000");
  EXPECT_EQ(p.at("source").at("last4"), "4242");
  EXPECT_EQ(created.body.find("4242424242424242"), std::string::npos);  // never echoes the PAN
  std::string id(p.at("id").as_string());

  EXPECT_EQ(api.refund(ctx(), id, R"({"amount":100})").status, 403u);  // nothing captured yet
  auto cap = api.capture(ctx(), id, R"({"amount":600,"capture_type":"NonFinal"})");
  ASSERT_EQ(cap.status, 202u) << cap.body;
  EXPECT_EQ(body(cap).at("action_id").as_string().size(), 30u);
  EXPECT_EQ(body(api.getPayment(ctx(), id)).at("status"), "Partially Captured");
  EXPECT_EQ(api.voidPayment(ctx(), id, "{}").status, 403u);  // captured in part
  EXPECT_TRUE(has(codes(api.capture(ctx(), id, R"({"amount":500})")), "amount_exceeds_balance"));
  EXPECT_EQ(api.capture(ctx(), id, "").status, 202u);  // no amount: the rest
  EXPECT_EQ(body(api.getPayment(ctx(), id)).at("status"), "Captured");
  EXPECT_EQ(api.refund(ctx(), id, R"({"amount":1000})").status, 202u);
  EXPECT_EQ(body(api.getPayment(ctx(), id)).at("status"), "Refunded");
  auto actions = body(api.getActions(ctx(), id)).as_array();
  ASSERT_EQ(actions.size(), 4u);
  EXPECT_EQ(actions[0].at("type"), "Refund");  // newest first
  EXPECT_EQ(actions[3].at("type"), "Authorization");

  std::string other(body(api.createPayment(ctx(), kCard)).at("id").as_string());
  EXPECT_EQ(api.voidPayment(ctx(), other, R"({"reference":"v1"})").status, 202u);
  EXPECT_EQ(body(api.getPayment(ctx(), other)).at("status"), "Voided");
  EXPECT_EQ(api.capture(ctx(), other, "{}").status, 403u);

  EXPECT_EQ(api.getPayment(ctx(), "pay_aaaaaaaaaaaaaaaaaaaaaaaaaa").status, 404u);
  EXPECT_TRUE(api.getPayment(ctx(), "pay_aaaaaaaaaaaaaaaaaaaaaaaaaa").body.empty());
  // Another account cannot see or touch the payment.
  EXPECT_EQ(api.getPayment(ctx({}, "acct-b"), id).status, 404u);
  EXPECT_EQ(api.capture(ctx({}, "acct-b"), other, "{}").status, 404u);

  auto books = body(api.ledger());
  EXPECT_EQ(books.at("charge_count"), 2);
  EXPECT_EQ(books.at("capture_count"), 2);
  EXPECT_EQ(books.at("refund_count"), 1);
  EXPECT_EQ(books.at("void_count"), 1);
}

TEST(CheckoutComApiTest, AmountTableDeclines) {
  EXPECT_EQ(responseCodeForAmount(1000), "10000");
  EXPECT_EQ(responseCodeForAmount(20051), "20051");
  EXPECT_EQ(responseCodeForAmount(120051), "20051");
  EXPECT_EQ(responseCodeForAmount(30043), "30043");
  EXPECT_EQ(responseCodeForAmount(29999), "10000");
  CheckoutComApi api(100);
  auto declined = api.createPayment(
      ctx(), R"({"source":{"type":"card","number":"4242424242424242","expiry_month":12,"expiry_year":2030},"amount":20054,"currency":"USD"})");
  ASSERT_EQ(declined.status, 201u);
  auto d = body(declined);
  EXPECT_EQ(d.at("approved"), false);
  EXPECT_EQ(d.at("status"), "Declined");
  EXPECT_EQ(d.at("response_code"), "20054");
  EXPECT_EQ(d.at("response_summary"), "Expired Card");
  EXPECT_FALSE(d.as_object().contains("auth_code"));
  CallContext all = ctx();
  all.declineAll = true;
  EXPECT_EQ(body(api.createPayment(all, kCard)).at("response_code"), "20005");
  EXPECT_EQ(body(api.ledger()).at("charge_count"), 0);
  EXPECT_EQ(body(api.ledger()).at("decline_count"), 2);
}

TEST(CheckoutComApiTest, TheIdempotencyKeyAloneMakesAReplay) {
  CheckoutComApi api(100);
  auto first = api.createPayment(ctx("key-1"), kCard);
  auto again = api.createPayment(ctx("key-1"), kCard);
  EXPECT_EQ(first.status, 201u);
  EXPECT_EQ(again.status, 201u);
  EXPECT_EQ(first.body, again.body);
  // Checkout.com: a later request with the key gets the original status and body, whatever its
  // body (a replay rebuilt without the CVV, which is never kept).
  auto otherBody = api.createPayment(ctx("key-1"), R"({"currency":"USD"})");
  EXPECT_EQ(otherBody.status, 201u);
  EXPECT_EQ(otherBody.body, first.body);
  // The key on another endpoint is not a replay.
  std::string firstId(body(first).at("id").as_string());
  EXPECT_TRUE(has(codes(api.voidPayment(ctx("key-1"), firstId, "{}")), "idempotency_key_in_use"));
  // Keys are per account; no key means every request is processed.
  EXPECT_NE(body(api.createPayment(ctx("key-1", "acct-b"), kCard)).at("id"), body(first).at("id"));
  api.createPayment(ctx(), kCard);
  api.createPayment(ctx(), kCard);
  EXPECT_EQ(body(api.ledger()).at("charge_count"), 4);

  std::string id(body(first).at("id").as_string());
  auto cap1 = api.capture(ctx("cap-1"), id, R"({"amount":100,"capture_type":"NonFinal"})");
  auto cap2 = api.capture(ctx("cap-1"), id, R"({"amount":100,"capture_type":"NonFinal"})");
  EXPECT_EQ(cap1.body, cap2.body);
  EXPECT_EQ(body(api.ledger()).at("capture_count"), 1);
}

TEST(CheckoutComApiTest, CaptureTrueCapturesAtOnce) {
  CheckoutComApi api(100);
  auto r = api.createPayment(
      ctx(), R"({"source":{"type":"card","number":"5436031030606378","expiry_month":12,"expiry_year":2030},"amount":1500,"currency":"JPY"})");
  ASSERT_EQ(r.status, 201u);
  EXPECT_EQ(body(r).at("status"), "Authorized");  // the 201 is the authorization's answer
  EXPECT_EQ(body(r).at("source").at("scheme"), "Mastercard");
  std::string id(body(r).at("id").as_string());
  EXPECT_EQ(body(api.getPayment(ctx(), id)).at("status"), "Captured");
}

}  // namespace
}  // namespace sy::sandbox::checkoutcom
