// The Adyen emulator's endpoints called directly (no sockets): validation in Adyen's error shape,
// refusal testing by holder name, idempotency and the books. The HTTP layer and the connector's
// view are covered by the conformance kit (src/connectors/adyen/conformance_test.cc) and the
// *_e2e_test.cc files beside it.
#include "sandbox/adyen/api.h"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>
#include <functional>
#include <vector>

namespace sy::sandbox::adyen {
namespace {
namespace json = boost::json;

json::object payment(std::string holder = "John Smith", std::string number = "4111111111111111",
                     int64_t value = 1000) {
  return json::object{
      {"amount", json::object{{"currency", "EUR"}, {"value", value}}},
      {"reference", "ref-1"},
      {"paymentMethod", json::object{{"type", "scheme"},
                                     {"number", number},
                                     {"expiryMonth", "03"},
                                     {"expiryYear", "2030"},
                                     {"cvc", "737"},
                                     {"holderName", holder}}},
      {"merchantAccount", "M"},
      {"returnUrl", "https://x.example/r"},
      {"additionalData", json::object{{"manualCapture", "true"}}}};
}

json::object body(const Reply& r) { return json::parse(r.response.body).as_object(); }

class AdyenApiTest : public ::testing::Test {
 protected:
  CallContext ctx(std::string key = {}) {
    CallContext c;
    c.account = "acct";
    c.idempotencyKey = std::move(key);
    return c;
  }
  Reply pay(const json::object& o, std::string key = {}) {
    return api_.payments(ctx(std::move(key)), json::serialize(o));
  }
  AdyenApi api_{1000, ""};
};

TEST_F(AdyenApiTest, AuthorisesAndRecords) {
  Reply r = pay(payment());
  ASSERT_EQ(r.response.status, 200u) << r.response.body;
  json::object o = body(r);
  EXPECT_EQ(o.at("resultCode").as_string(), "Authorised");
  EXPECT_EQ(o.at("pspReference").as_string().size(), 16u);
  EXPECT_EQ(o.at("merchantReference").as_string(), "ref-1");
  EXPECT_EQ(r.response.body.find("4111111111111111"), std::string::npos);
  json::object l = body(api_.ledger());
  EXPECT_EQ(l.at("chargeCount").as_int64(), 1);
  EXPECT_EQ(l.at("payments").as_array()[0].at("captured").as_int64(), 0);
}

TEST_F(AdyenApiTest, ValidationErrorsUseServiceErrorShape) {
  struct Case {
    std::function<void(json::object&)> mutate;
    unsigned status;
    const char* code;
  };
  std::vector<Case> cases = {
      {[](json::object& o) { o["capture"] = true; }, 400, "702"},
      {[](json::object& o) { o.erase("merchantAccount"); }, 422, "14_0"},
      {[](json::object& o) { o.erase("amount"); }, 422, "100"},
      {[](json::object& o) { o.erase("reference"); }, 422, "130"},
      {[](json::object& o) { o.erase("returnUrl"); }, 422, "14_0"},
      {[](json::object& o) { o["amount"].as_object()["currency"] = "eur"; }, 422, "138"},
      {[](json::object& o) { o["amount"].as_object()["value"] = -1; }, 422, "137"},
      {[](json::object& o) { o["paymentMethod"].as_object()["number"] = "4111111111111112"; }, 422, "101"},
      {[](json::object& o) { o["paymentMethod"].as_object()["expiryMonth"] = "13"; }, 422, "129"},
      {[](json::object& o) { o["paymentMethod"].as_object()["bogus"] = 1; }, 400, "702"},
  };
  for (auto& c : cases) {
    json::object o = payment();
    c.mutate(o);
    Reply r = pay(o);
    EXPECT_EQ(r.response.status, c.status) << r.response.body;
    json::object e = body(r);
    EXPECT_EQ(e.at("errorCode").as_string(), c.code) << r.response.body;
    EXPECT_EQ(e.at("status").as_int64(), c.status);
    EXPECT_TRUE(e.contains("errorType"));
    EXPECT_TRUE(e.contains("message"));
  }
  EXPECT_EQ(api_.payments(ctx(), "{not json").response.status, 400u);
  EXPECT_EQ(body(api_.ledger()).at("payments").as_array().size(), 0u);
}

TEST_F(AdyenApiTest, HolderNamesSelectRefusals) {
  for (const MagicHolder& m : magicHolders()) {
    json::object o = body(pay(payment(std::string(m.holderName))));
    EXPECT_EQ(o.at("resultCode").as_string(), m.resultCode) << m.holderName;
    if (!m.reasonCode.empty()) {
      EXPECT_EQ(o.at("refusalReasonCode").as_string(), m.reasonCode);
    }
  }
}

TEST_F(AdyenApiTest, TheIdempotencyKeyAloneMakesAReplay) {
  Reply a = pay(payment(), "key-1");
  Reply b = pay(payment(), "key-1");
  EXPECT_EQ(a.response.body, b.response.body);
  // A replay rebuilt without the CVC (never kept) gets the first answer and charges nothing.
  json::object withoutCvc = payment();
  withoutCvc["paymentMethod"].as_object().erase("cvc");
  Reply c = pay(withoutCvc, "key-1");
  EXPECT_EQ(c.response.body, a.response.body);
  EXPECT_EQ(body(api_.ledger()).at("chargeCount").as_int64(), 1);
  // The key on another endpoint is not a replay.
  std::string psp(body(a).at("pspReference").as_string());
  Reply other = api_.modification(ctx("key-1"), "cancels", psp, R"({"merchantAccount":"M"})");
  EXPECT_EQ(other.response.status, 422u);
  EXPECT_EQ(body(other).at("errorCode").as_string(), "704");
  // Without a key (optional at Adyen) each request is processed.
  pay(payment());
  pay(payment());
  EXPECT_EQ(body(api_.ledger()).at("chargeCount").as_int64(), 3);
  EXPECT_EQ(pay(payment(), std::string(65, 'k')).response.status, 400u);
}

TEST_F(AdyenApiTest, ModificationRules) {
  std::string psp(body(pay(payment())).at("pspReference").as_string());
  auto mod = [&](const char* kind, std::string b) {
    return api_.modification(ctx(), kind, psp, b);
  };
  const char* cap = R"({"merchantAccount":"M","amount":{"currency":"EUR","value":600}})";
  Reply c1 = mod("captures", cap);
  ASSERT_EQ(c1.response.status, 201u) << c1.response.body;
  EXPECT_EQ(body(c1).at("status").as_string(), "received");
  EXPECT_EQ(body(c1).at("paymentPspReference").as_string(), psp);
  EXPECT_EQ(mod("captures", cap).response.status, 422u);  // 1200 > 1000
  EXPECT_EQ(mod("captures", R"({"merchantAccount":"M","amount":{"currency":"USD","value":1}})")
                .response.status,
            422u);
  EXPECT_EQ(mod("cancels", R"({"merchantAccount":"M"})").response.status, 422u);  // captured
  EXPECT_EQ(mod("refunds", R"({"merchantAccount":"M","amount":{"currency":"EUR","value":601}})")
                .response.status,
            422u);
  EXPECT_EQ(mod("refunds", R"({"merchantAccount":"M","amount":{"currency":"EUR","value":600}})")
                .response.status,
            201u);
  EXPECT_EQ(mod("refunds", R"({"merchantAccount":"M","amount":{"currency":"EUR","value":1},"merchantRefundReason":"because"})")
                .response.status,
            422u);
  EXPECT_EQ(mod("captures", R"({"amount":{"currency":"EUR","value":1}})").response.status, 422u);
  EXPECT_EQ(mod("cancels", R"({"merchantAccount":"M","unknown":1})").response.status, 400u);
  Reply notFound = api_.modification(ctx(), "captures", "0000000000000000", cap);
  EXPECT_EQ(body(notFound).at("errorCode").as_string(), "167");
  // Another account cannot see the payment.
  CallContext other = ctx();
  other.account = "other";
  EXPECT_EQ(api_.modification(other, "refunds", psp,
                              R"({"merchantAccount":"M","amount":{"currency":"EUR","value":1}})")
                .response.status,
            422u);
  json::object l = body(api_.ledger());
  EXPECT_EQ(l.at("captureCount").as_int64(), 1);
  EXPECT_EQ(l.at("refundCount").as_int64(), 1);
}

TEST_F(AdyenApiTest, ReversalCancelsOrRefunds) {
  std::string a(body(pay(payment())).at("pspReference").as_string());
  EXPECT_EQ(api_.modification(ctx(), "reversals", a, R"({"merchantAccount":"M"})").response.status,
            201u);
  json::object auto_capture = payment();
  auto_capture.erase("additionalData");  // Adyen's default: immediate automatic capture
  std::string b(body(pay(auto_capture)).at("pspReference").as_string());
  EXPECT_EQ(api_.modification(ctx(), "reversals", b, R"({"merchantAccount":"M"})").response.status,
            201u);
  json::array p = body(api_.ledger()).at("payments").as_array();
  EXPECT_TRUE(p[0].at("cancelled").as_bool());
  EXPECT_EQ(p[1].at("captured").as_int64(), 1000);
  EXPECT_EQ(p[1].at("refunded").as_int64(), 1000);
}

TEST_F(AdyenApiTest, DeclineAllRefusesWith27) {
  CallContext c = ctx();
  c.declineAll = true;
  json::object o = body(api_.payments(c, json::serialize(payment())));
  EXPECT_EQ(o.at("resultCode").as_string(), "Refused");
  EXPECT_EQ(o.at("refusalReasonCode").as_string(), "27");
}

}  // namespace
}  // namespace sy::sandbox::adyen
