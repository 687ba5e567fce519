// The Stripe emulator's 3-D Secure: which cards challenge, the challenge page and its decision,
// and what the PaymentIntent says afterwards.
#include <gtest/gtest.h>

#include <boost/json/parse.hpp>

#include "sandbox/challenge_page.h"
#include "sandbox/stripe/api.h"

namespace sy::sandbox::stripe {
namespace {
namespace json = boost::json;

std::string confirmBody(const std::string& number, const std::string& extra) {
  return "amount=4200&currency=eur&capture_method=manual&confirm=true"
         "&payment_method_data[type]=card&payment_method_data[card][number]=" +
         number + "&payment_method_data[card][exp_month]=12&payment_method_data[card][exp_year]=2030" +
         extra;
}
constexpr const char* kAsk =
    "&payment_method_options[card][request_three_d_secure]=any"
    "&return_url=http%3A%2F%2F127.0.0.1%3A9%2Fcheckout%2F3ds%2Freturn%3Fpayment%3Dp1";

class StripeThreeDs : public ::testing::Test {
 protected:
  json::object confirm(const std::string& number, const std::string& extra, unsigned status = 200) {
    CallContext ctx{"acct", "key-" + std::to_string(++n_), false, "http://127.0.0.1:4242"};
    Reply r = api_.createPaymentIntent(ctx, confirmBody(number, extra));
    EXPECT_EQ(r.response.status, status) << r.response.body;
    return json::parse(r.response.body).as_object();
  }
  json::object retrieve(const std::string& id) {
    Reply r = api_.getPaymentIntent({"acct", "", false}, id, {{"expand[0]", "latest_charge"}});
    EXPECT_EQ(r.response.status, 200u) << r.response.body;
    return json::parse(r.response.body).as_object();
  }
  StripeApi api_{100};
  int n_ = 0;
};

TEST_F(StripeThreeDs, AChallengeCardRequiresActionWithTheChallengePage) {
  auto pi = confirm("4000000000003220", kAsk);
  EXPECT_EQ(pi.at("status").as_string(), "requires_action");
  const auto& next = pi.at("next_action").as_object();
  EXPECT_EQ(next.at("type").as_string(), "redirect_to_url");
  const std::string id(pi.at("id").as_string());
  EXPECT_EQ(next.at("redirect_to_url").at("url").as_string(),
            "http://127.0.0.1:4242/3ds/challenge/" + id);
  EXPECT_EQ(next.at("redirect_to_url").at("return_url").as_string(),
            "http://127.0.0.1:9/checkout/3ds/return?payment=p1");

  http::Response page = api_.challengePage(id);
  EXPECT_EQ(page.status, 200u);
  EXPECT_NE(page.body.find("42.00 EUR"), std::string::npos);
  EXPECT_NE(page.body.find("name=\"decision\" value=\"approve\""), std::string::npos);
  EXPECT_NE(page.body.find("name=\"decision\" value=\"refuse\""), std::string::npos);
  EXPECT_EQ(api_.decideChallenge(id, "decision=maybe").status, 404u);

  http::Response back = api_.decideChallenge(id, "decision=approve");
  EXPECT_EQ(back.status, 303u);
  bool located = false;
  for (const auto& [k, v] : back.headers)
    if (k == "Location") {
      located = true;
      EXPECT_EQ(v, "http://127.0.0.1:9/checkout/3ds/return?payment=p1&payment_intent=" + id);
    }
  EXPECT_TRUE(located);
  auto after = retrieve(id);
  EXPECT_EQ(after.at("status").as_string(), "requires_capture");
  EXPECT_TRUE(after.at("next_action").is_null());
  const auto& tds = after.at("latest_charge").at("payment_method_details").at("card").at("three_d_secure");
  EXPECT_EQ(tds.at("result").as_string(), "authenticated");
  EXPECT_EQ(tds.at("authentication_flow").as_string(), "challenge");
  // The page is gone once answered; answering again only sends the customer back.
  EXPECT_EQ(api_.challengePage(id).status, 404u);
  EXPECT_EQ(api_.decideChallenge(id, "decision=refuse").status, 303u);
  EXPECT_EQ(retrieve(id).at("status").as_string(), "requires_capture");
}

TEST_F(StripeThreeDs, ARefusedChallengeFailsAuthentication) {
  auto pi = confirm("4000000000003063", kAsk);
  const std::string id(pi.at("id").as_string());
  EXPECT_EQ(api_.decideChallenge(id, "decision=refuse").status, 303u);
  auto after = retrieve(id);
  EXPECT_EQ(after.at("status").as_string(), "requires_payment_method");
  EXPECT_EQ(after.at("last_payment_error").at("code").as_string(),
            "payment_intent_authentication_failure");
  EXPECT_EQ(after.at("latest_charge").at("payment_method_details").at("card").at("three_d_secure")
                .at("result").as_string(),
            "failed");
}

TEST_F(StripeThreeDs, ErrorOnRequiresActionDeclinesInstead) {
  auto e = confirm("4000000000003220", "&error_on_requires_action=true", 402);
  EXPECT_EQ(e.at("error").at("code").as_string(), "authentication_required");
}

TEST_F(StripeThreeDs, FrictionlessWhenAskedOtherwiseNoThreeDs) {
  auto asked = confirm("4000000000003055", kAsk + std::string("&expand[0]=latest_charge"));
  EXPECT_EQ(asked.at("status").as_string(), "requires_capture");
  EXPECT_EQ(asked.at("latest_charge").at("payment_method_details").at("card").at("three_d_secure")
                .at("authentication_flow").as_string(),
            "frictionless");
  auto plain = confirm("4000000000003055", "&expand[0]=latest_charge");
  EXPECT_EQ(plain.at("status").as_string(), "requires_capture");
  EXPECT_TRUE(plain.at("latest_charge").at("payment_method_details").at("card").at("three_d_secure")
                  .is_null());
  // Other cards are not enrolled: no 3-D Secure even when asked.
  auto other = confirm("4242424242424242", kAsk);
  EXPECT_EQ(other.at("status").as_string(), "requires_capture");
}

TEST_F(StripeThreeDs, UnknownThreeDsOptionsAreRefused) {
  auto bad = confirm("4000000000003220", "&payment_method_options[card][request_three_d_secure]=always", 400);
  EXPECT_EQ(bad.at("error").at("param").as_string(),
            "payment_method_options[card][request_three_d_secure]");
  auto unknown = confirm("4000000000003220", "&payment_method_options[card][moto]=true", 400);
  EXPECT_EQ(unknown.at("error").at("code").as_string(), "parameter_unknown");
}

TEST(ChallengePage, ShowsAmountsInTheCurrencysUnits) {
  EXPECT_EQ(displayAmount(4200, "eur"), "42.00 EUR");
  EXPECT_EQ(displayAmount(500, "JPY"), "500 JPY");
  EXPECT_EQ(displayAmount(5, "KWD"), "0.005 KWD");
  EXPECT_EQ(challengeApproved("decision=approve"), std::optional<bool>(true));
  EXPECT_EQ(challengeApproved("decision=refuse"), std::optional<bool>(false));
  EXPECT_EQ(challengeApproved("decision=approve&x=1"), std::nullopt);
}

}  // namespace
}  // namespace sy::sandbox::stripe
