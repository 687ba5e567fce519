// The Checkout.com emulator's 3-D Secure (three_ds.h): which cards challenge, the challenge page
// and its decision, the redirect back with cko-session-id, what GET /payments/{id} says before and
// after, external MPI data and merchant-initiated payments.
#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <boost/json/value.hpp>

#include "sandbox/checkoutcom/api.h"

namespace sy::sandbox::checkoutcom {
namespace {
namespace json = boost::json;

constexpr std::string_view kChallengeCard = "5385308360135181";
constexpr std::string_view kFrictionlessCard = "4485040371536584";
constexpr std::string_view kReturn = "http://127.0.0.1:9/checkout/3ds/return?payment=p1";

std::string request(std::string_view number, std::string_view extra, int64_t amount = 4200) {
  return R"({"source":{"type":"card","number":")" + std::string(number) +
         R"(","expiry_month":12,"expiry_year":2030},"amount":)" + std::to_string(amount) +
         R"(,"currency":"EUR","capture":false,"reference":"ORD-1")" + std::string(extra) + "}";
}
std::string askThreeDs() {
  return R"(,"3ds":{"enabled":true,"attempt_n3d":true},"success_url":")" + std::string(kReturn) +
         R"(","failure_url":")" + std::string(kReturn) + R"(&failed=1")";
}

class CheckoutComThreeDs : public ::testing::Test {
 protected:
  CallContext ctx() {
    CallContext c;
    c.account = "acct";
    c.idempotencyKey = "key-" + std::to_string(++n_);
    c.baseUrl = "http://127.0.0.1:4242";
    return c;
  }
  json::object pay(const std::string& body, unsigned status) {
    http::Response r = api_.createPayment(ctx(), body);
    EXPECT_EQ(r.status, status) << r.body;
    return r.status < 300 ? json::parse(r.body).as_object() : json::object{};
  }
  json::object get(const std::string& id) {
    http::Response r = api_.getPayment(ctx(), id);
    EXPECT_EQ(r.status, 200u) << r.body;
    return json::parse(r.body).as_object();
  }
  std::vector<std::string> errors(const std::string& body) {
    http::Response r = api_.createPayment(ctx(), body);
    EXPECT_EQ(r.status, 422u) << r.body;
    std::vector<std::string> out;
    const json::value parsed = json::parse(r.body);  // named: the loop reads into it
    for (const auto& c : parsed.at("error_codes").as_array()) out.emplace_back(c.as_string());
    return out;
  }
  static std::string location(const http::Response& r) {
    for (const auto& [k, v] : r.headers)
      if (k == "Location") return v;
    return {};
  }
  CheckoutComApi api_{100};
  int n_ = 0;
};

TEST_F(CheckoutComThreeDs, AChallengeCardIsPendingUntilTheCustomerApproves) {
  auto pending = pay(request(kChallengeCard, askThreeDs()), 202);
  const std::string id(pending.at("id").as_string());
  EXPECT_EQ(pending.at("status").as_string(), "Pending");
  EXPECT_EQ(pending.at("3ds").at("enrolled").as_string(), "Y");
  EXPECT_EQ(pending.at("_links").at("redirect").at("href").as_string(),
            "http://127.0.0.1:4242/3ds/" + id);
  auto before = get(id);
  EXPECT_EQ(before.at("status").as_string(), "Pending");
  EXPECT_FALSE(before.at("approved").as_bool());
  EXPECT_EQ(before.at("_links").at("redirect").at("href").as_string(),
            "http://127.0.0.1:4242/3ds/" + id);
  EXPECT_FALSE(before.at("3ds").as_object().contains("authentication_response"));

  http::Response page = api_.challengePage(id);
  EXPECT_EQ(page.status, 200u);
  EXPECT_NE(page.body.find("42.00 EUR"), std::string::npos);
  EXPECT_NE(page.body.find("action=\"/3ds/" + id + "\""), std::string::npos);
  EXPECT_EQ(api_.decideChallenge(id, "decision=maybe").status, 404u);

  http::Response back = api_.decideChallenge(id, "decision=approve");
  EXPECT_EQ(back.status, 303u);
  const std::string to = location(back);
  EXPECT_EQ(to.rfind(std::string(kReturn) + "&cko-session-id=sid_", 0), 0u) << to;
  auto after = get(id);
  EXPECT_EQ(after.at("status").as_string(), "Authorized");
  EXPECT_TRUE(after.at("approved").as_bool());
  EXPECT_FALSE(after.at("_links").as_object().contains("redirect"));
  EXPECT_EQ(after.at("3ds").at("authentication_response").as_string(), "Y");
  EXPECT_TRUE(after.at("3ds").at("challenged").as_bool());
  EXPECT_EQ(after.at("eci").as_string(), "02");  // Mastercard's authenticated ECI
  // The page is gone once answered; answering again only sends the customer back.
  EXPECT_EQ(api_.challengePage(id).status, 404u);
  http::Response again = api_.decideChallenge(id, "decision=refuse");
  EXPECT_EQ(again.status, 303u);
  EXPECT_EQ(location(again), to);
  EXPECT_EQ(get(id).at("status").as_string(), "Authorized");
}

TEST_F(CheckoutComThreeDs, ARefusedChallengeIsDeclined20151) {
  const std::string id(pay(request(kChallengeCard, askThreeDs()), 202).at("id").as_string());
  http::Response back = api_.decideChallenge(id, "decision=refuse");
  EXPECT_EQ(back.status, 303u);
  EXPECT_EQ(location(back).rfind(std::string(kReturn) + "&failed=1&cko-session-id=sid_", 0), 0u)
      << location(back);
  auto after = get(id);
  EXPECT_EQ(after.at("status").as_string(), "Declined");
  EXPECT_EQ(after.at("3ds").at("authentication_response").as_string(), "N");
  auto actions = json::parse(api_.getActions(ctx(), id).body).as_array();
  ASSERT_EQ(actions.size(), 1u);
  EXPECT_EQ(actions[0].at("type").as_string(), "Authorization");
  EXPECT_EQ(actions[0].at("response_code").as_string(), "20151");
  EXPECT_FALSE(actions[0].at("approved").as_bool());
}

TEST_F(CheckoutComThreeDs, ApprovalWithCaptureTrueCapturesAndTheAmountTableStillApplies) {
  std::string body = request(kChallengeCard, askThreeDs());
  body.replace(body.find("\"capture\":false"), 15, "\"capture\":true");
  const std::string id(pay(body, 202).at("id").as_string());
  api_.decideChallenge(id, "decision=approve");
  EXPECT_EQ(get(id).at("status").as_string(), "Captured");

  const std::string poor(
      pay(request(kChallengeCard, askThreeDs(), 20051), 202).at("id").as_string());
  api_.decideChallenge(poor, "decision=approve");
  EXPECT_EQ(get(poor).at("status").as_string(), "Declined");
}

TEST_F(CheckoutComThreeDs, WithoutThreeDsAChallengeCardIsDeclined20154) {
  auto declined = pay(request(kChallengeCard, ""), 201);
  EXPECT_EQ(declined.at("status").as_string(), "Declined");
  EXPECT_EQ(declined.at("response_code").as_string(), "20154");
  EXPECT_FALSE(declined.contains("3ds"));
  EXPECT_EQ(api_.challengePage(std::string(declined.at("id").as_string())).status, 404u);
}

TEST_F(CheckoutComThreeDs, FrictionlessAndNotEnrolledCards) {
  auto frictionless = pay(request(kFrictionlessCard, askThreeDs()), 201);
  EXPECT_EQ(frictionless.at("status").as_string(), "Authorized");
  EXPECT_EQ(frictionless.at("3ds").at("authentication_response").as_string(), "Y");
  EXPECT_FALSE(frictionless.at("3ds").at("challenged").as_bool());
  EXPECT_EQ(frictionless.at("eci").as_string(), "05");
  // Without 3ds the same card authorizes without authentication.
  EXPECT_FALSE(pay(request(kFrictionlessCard, ""), 201).contains("3ds"));

  auto downgraded = pay(request("4242424242424242", askThreeDs()), 201);
  EXPECT_EQ(downgraded.at("status").as_string(), "Authorized");
  EXPECT_TRUE(downgraded.at("3ds").at("downgraded").as_bool());
  EXPECT_EQ(downgraded.at("3ds").at("enrolled").as_string(), "N");
  auto strict = pay(request("4242424242424242", R"(,"3ds":{"enabled":true})"), 201);
  EXPECT_EQ(strict.at("response_code").as_string(), "20150");
}

TEST_F(CheckoutComThreeDs, ExternalAuthenticationDataAuthorizesWithoutAChallenge) {
  auto ok = pay(request(kChallengeCard,
                        R"(,"3ds":{"enabled":true,"eci":"02","cryptogram":"AJkBBkhgQQAAAE4gSEJydQAAAAA=",)"
                        R"("xid":"f25084f0-5b16-4c0a-ae5d-b24808a95e4b","version":"2.2.0","status":"Y"})"),
                201);
  EXPECT_EQ(ok.at("status").as_string(), "Authorized");
  EXPECT_EQ(ok.at("3ds").at("authentication_response").as_string(), "Y");
  EXPECT_EQ(ok.at("3ds").at("xid").as_string(), "f25084f0-5b16-4c0a-ae5d-b24808a95e4b");
  EXPECT_EQ(ok.at("eci").as_string(), "02");

  auto has = [](const std::vector<std::string>& v, std::string_view s) {
    return std::find(v.begin(), v.end(), s) != v.end();
  };
  EXPECT_TRUE(has(errors(request(kChallengeCard,
                                 R"(,"3ds":{"enabled":true,"eci":"5","cryptogram":"AJkBBkhgQQAAAE4gSEJydQAAAAA="})")),
                  "eci_invalid"));
  EXPECT_TRUE(has(errors(request(kChallengeCard, R"(,"3ds":{"enabled":true,"eci":"05"})")),
                  "cryptogram_required"));
  EXPECT_TRUE(has(errors(request(kChallengeCard,
                                 R"(,"3ds":{"enabled":true,"eci":"05","cryptogram":"not base64!"})")),
                  "cryptogram_invalid"));
  EXPECT_TRUE(has(errors(request(kChallengeCard,
                                 R"(,"3ds":{"enabled":true,"eci":"05","cryptogram":"AAAA","version":"9"})")),
                  "3ds_version_invalid"));
  EXPECT_TRUE(has(errors(request(kChallengeCard, R"(,"3ds":true)")), "3ds_invalid"));
  EXPECT_TRUE(has(errors(request(kChallengeCard, R"(,"success_url":"ftp://x")")),
                  "success_url_invalid"));
  EXPECT_TRUE(has(errors(request(kChallengeCard, R"(,"merchant_initiated":"yes")")),
                  "merchant_initiated_invalid"));
}

TEST_F(CheckoutComThreeDs, MerchantInitiatedPaymentsAreNeverAuthenticated) {
  auto mit = pay(request(kChallengeCard,
                         R"(,"payment_type":"Recurring","merchant_initiated":true)" + askThreeDs()),
                 201);
  EXPECT_EQ(mit.at("status").as_string(), "Authorized");
  EXPECT_FALSE(mit.contains("3ds"));
  EXPECT_EQ(get(std::string(mit.at("id").as_string())).at("payment_type").as_string(), "Recurring");
  auto stored = api_.paymentById(std::string(mit.at("id").as_string()));
  ASSERT_TRUE(stored);
  EXPECT_TRUE(stored->merchantInitiated);
}

}  // namespace
}  // namespace sy::sandbox::checkoutcom
