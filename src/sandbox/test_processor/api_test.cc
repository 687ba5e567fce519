#include "sandbox/test_processor/api.h"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <boost/json/value.hpp>

namespace sy::sandbox::test_processor {
namespace {
namespace json = boost::json;
using std::chrono::milliseconds;

std::string paymentBody(std::string_view number, int64_t amount = 1000, bool capture = false) {
  return R"({"amount":)" + std::to_string(amount) + R"(,"currency":"USD","capture":)" +
         (capture ? "true" : "false") + R"(,"reference":"order-1","card":{"number":")" +
         std::string(number) +
         R"(","expiry_month":12,"expiry_year":2030,"cvc":"123","holder_name":"Ada Lovelace"}})";
}

json::object parse(const Reply& r) {
  return json::parse(r.response.body).as_object();
}

class TestProcessorApiTest : public ::testing::Test {
 protected:
  CallContext ctx(std::string key) {
    CallContext c;
    c.account = "acct";
    c.idempotencyKey = std::move(key);
    c.slowResponse = milliseconds(1234);
    return c;
  }
  json::object ledgerJson() { return parse(api_.ledger()); }

  TestProcessorApi api_{1000};
};

TEST_F(TestProcessorApiTest, AuthorizesAndCapturesOnRequest) {
  Reply auth = api_.createPayment(ctx("k1"), paymentBody("4111111111111111"));
  ASSERT_EQ(auth.response.status, 201u) << auth.response.body;
  json::object p = parse(auth);
  EXPECT_EQ(p["status"], "authorized");
  EXPECT_EQ(p["amount"], 1000);
  EXPECT_EQ(p["amount_captured"], 0);
  EXPECT_EQ(p["currency"], "USD");
  EXPECT_EQ(p["reference"], "order-1");
  EXPECT_EQ(p["card"].at("last4"), "1111");
  EXPECT_EQ(p["card"].at("brand"), "visa");
  EXPECT_EQ(p["card"].at("cvc_check"), "pass");
  EXPECT_EQ(auth.delay, milliseconds(0));
  // The PAN and CVC are never echoed.
  EXPECT_EQ(auth.response.body.find("4111111111111111"), std::string::npos);
  EXPECT_EQ(auth.response.body.find("\"123\""), std::string::npos);

  // Without a CVC (a stored card charged later): authorized, and said so.
  std::string noCvc = paymentBody("4111111111111111");
  noCvc.replace(noCvc.find(R"("cvc":"123",)"), std::string(R"("cvc":"123",)").size(), "");
  Reply withoutCvc = api_.createPayment(ctx("k3"), noCvc);
  ASSERT_EQ(withoutCvc.response.status, 201u) << withoutCvc.response.body;
  EXPECT_EQ(parse(withoutCvc)["card"].at("cvc_check"), "unavailable");

  Reply sale = api_.createPayment(ctx("k2"), paymentBody("5555555555554444", 500, true));
  json::object s = parse(sale);
  EXPECT_EQ(s["status"], "captured");
  EXPECT_EQ(s["amount_captured"], 500);
}

TEST_F(TestProcessorApiTest, MagicDeclinesAndFailureAreRecordedPayments) {
  struct Case {
    const char* number;
    const char* status;
    const char* codeField;
    const char* code;
  };
  for (const Case& c : {Case{"4000000000000002", "declined", "decline_code", "do_not_honor"},
                        Case{"4000000000009995", "declined", "decline_code", "insufficient_funds"},
                        Case{"4000000000000069", "declined", "decline_code", "expired_card"},
                        Case{"4111111111111112", "declined", "decline_code", "invalid_number"},
                        Case{"4000000000000119", "failed", "failure_code", "processing_error"}}) {
    Reply r = api_.createPayment(ctx(std::string("k-") + c.number), paymentBody(c.number));
    ASSERT_EQ(r.response.status, 201u) << c.number;
    json::object p = parse(r);
    EXPECT_EQ(p["status"], c.status) << c.number;
    EXPECT_EQ(p[c.codeField], c.code) << c.number;
    EXPECT_TRUE(p["message"].is_string()) << c.number;
  }
  EXPECT_EQ(ledgerJson()["charge_count"], 0);
  EXPECT_EQ(ledgerJson()["decline_count"], 5);
}

TEST_F(TestProcessorApiTest, PastExpiryDeclinesExpiredCard) {
  std::string body = paymentBody("4111111111111111");
  body.replace(body.find("2030"), 4, "2020");
  json::object p = parse(api_.createPayment(ctx("k"), body));
  EXPECT_EQ(p["status"], "declined");
  EXPECT_EQ(p["decline_code"], "expired_card");
}

TEST_F(TestProcessorApiTest, SlowCardIsRecordedAtOnceButAnsweredLate) {
  Reply r = api_.createPayment(ctx("k-slow"), paymentBody("4000000000000259"));
  EXPECT_EQ(r.response.status, 201u);
  EXPECT_EQ(r.delay, milliseconds(1234));
  // Already visible to an inquiry while the answer is held.
  json::object found = parse(api_.findPayments(ctx(""), "k-slow"));
  ASSERT_EQ(found["data"].as_array().size(), 1u);
  EXPECT_EQ(found["data"].as_array()[0].at("status"), "authorized");
  // A replay answers at once.
  EXPECT_EQ(api_.createPayment(ctx("k-slow"), paymentBody("4000000000000259")).delay,
            milliseconds(0));
}

TEST_F(TestProcessorApiTest, ReplayReturnsStoredResponseWithoutCharging) {
  std::string body = paymentBody("4111111111111111");
  Reply first = api_.createPayment(ctx("same"), body);
  Reply again = api_.createPayment(ctx("same"), body);
  EXPECT_EQ(again.response.status, first.response.status);
  EXPECT_EQ(again.response.body, first.response.body);
  ASSERT_EQ(again.response.headers.size(), 1u);
  EXPECT_EQ(again.response.headers[0].first, "Idempotent-Replayed");
  EXPECT_EQ(ledgerJson()["charge_count"], 1);

  Reply conflict = api_.createPayment(ctx("same"), paymentBody("4111111111111111", 999));
  EXPECT_EQ(conflict.response.status, 409u);
  EXPECT_EQ(parse(conflict)["error"].at("type"), "idempotency_conflict");
  EXPECT_EQ(ledgerJson()["charge_count"], 1);

  // Keys are per account.
  CallContext other = ctx("same");
  other.account = "other";
  EXPECT_EQ(api_.createPayment(other, body).response.status, 201u);
  EXPECT_EQ(ledgerJson()["charge_count"], 2);
}

TEST_F(TestProcessorApiTest, ValidationErrorsNameTheParam) {
  struct Case {
    std::string body;
    const char* param;
  };
  std::string good = paymentBody("4111111111111111");
  auto with = [&](std::string_view from, std::string_view to) {
    std::string b = good;
    b.replace(b.find(from), from.size(), to);
    return b;
  };
  for (const Case& c :
       {Case{"not json", ""}, Case{"[1]", ""},
        Case{with(R"("amount":1000)", R"("amount":0)"), "amount"},
        Case{with(R"("amount":1000)", R"("amount":10.5)"), "amount"},
        Case{with(R"("amount":1000,)", ""), "amount"}, Case{with("USD", "usd"), "currency"},
        Case{with("USD", "XXY"), "currency"},
        Case{with(R"("capture":false)", R"("capture":"no")"), "capture"},
        Case{with("4111111111111111", "4111"), "card.number"},
        Case{with("4111111111111111", "4111x11111111111"), "card.number"},
        Case{with(R"("expiry_month":12)", R"("expiry_month":13)"), "card.expiry_month"},
        Case{with(R"("expiry_year":2030)", R"("expiry_year":"2030")"), "card.expiry_year"},
        Case{with(R"("cvc":"123")", R"("cvc":"12")"), "card.cvc"},
        Case{with(R"("reference")", R"("color":1,"reference")"), "color"},
        Case{with(R"("cvc")", R"("pin":"1","cvc")"), "card.pin"}}) {
    Reply r = api_.createPayment(ctx("k-" + c.body), c.body);
    ASSERT_EQ(r.response.status, 400u) << c.body;
    json::object e = parse(r)["error"].as_object();
    EXPECT_EQ(e["type"], "invalid_request") << c.body;
    if (*c.param) {
      EXPECT_EQ(e["param"], c.param) << c.body;
    } else {
      EXPECT_FALSE(e.contains("param")) << c.body;
    }
  }
  EXPECT_EQ(api_.createPayment(ctx(""), good).response.status, 400u);
  EXPECT_EQ(ledgerJson()["payments"].as_array().size(), 0u);
}

TEST_F(TestProcessorApiTest, CapturesVoidsAndRefundsFollowTheLedgerRules) {
  std::string id(
      parse(api_.createPayment(ctx("a"), paymentBody("4111111111111111")))["id"].as_string());
  Reply c1 = api_.capture(ctx("c1"), id, R"({"amount":400,"final":false})");
  ASSERT_EQ(c1.response.status, 201u) << c1.response.body;
  json::object cap = parse(c1);
  EXPECT_EQ(cap["object"], "capture");
  EXPECT_EQ(cap["payment"].at("amount_captured"), 400);
  EXPECT_EQ(cap["payment"].at("status"), "authorized");

  Reply over = api_.capture(ctx("c2"), id, R"({"amount":601,"final":true})");
  EXPECT_EQ(over.response.status, 400u);
  EXPECT_EQ(parse(over)["error"].at("type"), "amount_too_large");

  ASSERT_EQ(api_.capture(ctx("c3"), id, R"({"amount":100,"final":true})").response.status, 201u);
  Reply late = api_.capture(ctx("c4"), id, R"({"amount":1})");
  EXPECT_EQ(late.response.status, 409u);
  EXPECT_EQ(parse(late)["error"].at("type"), "invalid_state");

  Reply r1 = api_.refund(ctx("r1"), id, R"({"amount":300,"reason":"requested_by_customer"})");
  ASSERT_EQ(r1.response.status, 201u) << r1.response.body;
  json::object re = parse(r1);
  EXPECT_EQ(re["status"], "succeeded");
  EXPECT_EQ(re["payment"].at("amount_refunded"), 300);
  EXPECT_EQ(api_.refund(ctx("r2"), id, R"({"amount":201})").response.status, 400u);

  EXPECT_EQ(api_.voidPayment(ctx("v"), id, "").response.status, 409u);
  EXPECT_EQ(api_.capture(ctx("c5"), "tp_pay_nope", "{}").response.status, 404u);

  // The operation is found by its key, with the payment as it is now.
  json::object ops = parse(api_.findOperations(ctx(""), "r1"));
  ASSERT_EQ(ops["data"].as_array().size(), 1u);
  EXPECT_EQ(ops["data"].as_array()[0].at("object"), "refund");
  EXPECT_TRUE(parse(api_.findOperations(ctx(""), "never"))["data"].as_array().empty());
}

TEST_F(TestProcessorApiTest, VoidOfAuthorizedPayment) {
  std::string id(
      parse(api_.createPayment(ctx("a"), paymentBody("4111111111111111")))["id"].as_string());
  EXPECT_EQ(api_.voidPayment(ctx("v"), id, R"({"bogus":1})").response.status, 400u);
  Reply v = api_.voidPayment(ctx("v2"), id, "{}");
  ASSERT_EQ(v.response.status, 201u);
  EXPECT_EQ(parse(v)["payment"].at("status"), "voided");
  // The same key on another endpoint is a different request.
  EXPECT_EQ(api_.capture(ctx("v2"), id, "{}").response.status, 409u);
}

TEST_F(TestProcessorApiTest, DeclineAllOverridesMagicCards) {
  CallContext c = ctx("k");
  c.declineAll = true;
  json::object p = parse(api_.createPayment(c, paymentBody("4111111111111111")));
  EXPECT_EQ(p["status"], "declined");
  EXPECT_EQ(p["decline_code"], "do_not_honor");
}

TEST_F(TestProcessorApiTest, GetAndFindArePerAccount) {
  std::string id(
      parse(api_.createPayment(ctx("a"), paymentBody("4111111111111111")))["id"].as_string());
  EXPECT_EQ(api_.getPayment(ctx(""), id).response.status, 200u);
  CallContext other = ctx("");
  other.account = "other";
  EXPECT_EQ(api_.getPayment(other, id).response.status, 404u);
  EXPECT_TRUE(parse(api_.findPayments(other, "a"))["data"].as_array().empty());
  EXPECT_TRUE(parse(api_.findPayments(ctx(""), "b"))["data"].as_array().empty());
}

}  // namespace
}  // namespace sy::sandbox::test_processor

namespace sy::sandbox::test_processor {
namespace {

std::string withMembers(std::string_view members) {
  std::string body = paymentBody("4000000000003220");
  body.insert(body.size() - 1, std::string(",") + std::string(members));
  return body;
}

TEST_F(TestProcessorApiTest, RecordsExternalThreeDsAndStoredCredentialsWithoutEchoingTheCavv) {
  const std::string cavv = "AAABBEg0VhI0VniQEjRWAAAAAAA=";
  Reply r = api_.createPayment(
      ctx("k3ds"), withMembers(R"("three_d_secure":{"eci":"05","cavv":")" + cavv +
                               R"(","transaction_id":"f25084f0-5b16-4c0a-ae5d-b24808a95e4b",)"
                               R"("version":"2.2.0","trans_status":"Y"},"stored_credential":true)"));
  ASSERT_EQ(r.response.status, 201u) << r.response.body;
  json::object p = parse(r);
  EXPECT_EQ(p["status"], "authorized");
  EXPECT_EQ(p["three_d_secure"].at("eci"), "05");
  EXPECT_EQ(p["three_d_secure"].at("authenticated"), true);
  EXPECT_EQ(p["initiator"], "customer");
  EXPECT_EQ(p["stored_credential"], true);
  EXPECT_EQ(r.response.body.find(cavv), std::string::npos);

  Reply mit = api_.createPayment(ctx("kmit"), withMembers(R"("initiator":"merchant")"));
  EXPECT_EQ(parse(mit)["initiator"], "merchant");
  EXPECT_FALSE(parse(mit).contains("three_d_secure"));
}

TEST_F(TestProcessorApiTest, RefusesMalformedExternalThreeDs) {
  struct Case {
    std::string members;
    std::string param;
  };
  const std::string ok = R"("cavv":"AAABBEg0VhI0VniQEjRWAAAAAAA=","transaction_id":"t","version":"2.2.0")";
  for (const Case& c : {
           Case{R"("three_d_secure":{"eci":"5",)" + ok + R"(,"trans_status":"Y"})", "three_d_secure.eci"},
           Case{R"("three_d_secure":{"eci":"05","cavv":"short","transaction_id":"t","version":"2.2.0","trans_status":"Y"})",
                "three_d_secure.cavv"},
           Case{R"("three_d_secure":{"eci":"05",)" + ok + R"(,"trans_status":"N"})", "three_d_secure.trans_status"},
           Case{R"("three_d_secure":{"eci":"05",)" + ok + R"(})", "three_d_secure.trans_status"},
           Case{R"("initiator":"bot")", "initiator"},
           Case{R"("initiator":"merchant","three_d_secure":{"eci":"05",)" + ok + R"(,"trans_status":"Y"})",
                "three_d_secure"},
       }) {
    Reply r = api_.createPayment(ctx("bad-" + c.param + c.members), withMembers(c.members));
    EXPECT_EQ(r.response.status, 400u) << c.members;
    EXPECT_EQ(parse(r)["error"].at("param").as_string(), c.param) << r.response.body;
  }
  EXPECT_EQ(ledgerJson()["payments"].as_array().size(), 0u);
}

}  // namespace
}  // namespace sy::sandbox::test_processor
