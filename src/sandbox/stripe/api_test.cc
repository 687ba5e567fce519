// The Stripe emulator's endpoints without sockets, and its magic cards.

#include "sandbox/stripe/api.h"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <boost/json/value.hpp>

#include "sandbox/stripe/magic_cards.h"

namespace sy::sandbox::stripe {
namespace {
namespace json = boost::json;

constexpr const char* kCard =
    "&payment_method_data[type]=card&payment_method_data[card][number]=4242424242424242"
    "&payment_method_data[card][exp_month]=12&payment_method_data[card][exp_year]=2030"
    "&payment_method_data[card][cvc]=123";

json::object body(const Reply& r) {
  return json::parse(r.response.body).as_object();
}
std::string errorCode(const Reply& r) {
  auto e = body(r).at("error").as_object();
  return e.contains("code") ? std::string(e.at("code").as_string()) : "";
}

TEST(StripeForm, DecodesDeepObjectKeysAndPercentEscapes) {
  auto p = decodeForm("a[b][c]=x%20y&metadata[k]=1+2&empty=&z");
  ASSERT_TRUE(p.isOk());
  ASSERT_EQ(p->size(), 4u);
  EXPECT_EQ((*p)[0].first, "a[b][c]");
  EXPECT_EQ((*p)[0].second, "x y");
  EXPECT_EQ((*p)[1].second, "1 2");
  EXPECT_EQ(topLevelName("payment_method_data[card][number]"), "payment_method_data");
  EXPECT_FALSE(decodeForm("a=%zz").isOk());
  EXPECT_FALSE(decodeForm("a=%4").isOk());
}

TEST(StripeMagicCards, DocumentedDeclines) {
  EXPECT_FALSE(declineForCard("4242424242424242").has_value());
  EXPECT_FALSE(declineForCard("4111111111111111").has_value());
  EXPECT_EQ(declineForCard("4000000000009995")->declineCode, "insufficient_funds");
  EXPECT_EQ(declineForCard("4000000000000002")->declineCode, "generic_decline");
  EXPECT_EQ(declineForCard("4000000000000069")->code, "expired_card");
  EXPECT_EQ(declineForCard("4000000000000127")->code, "incorrect_cvc");
  EXPECT_EQ(declineForCard("4242424242424241")->code, "incorrect_number");
  EXPECT_EQ(declineForCard("4000000000000515")->declineCode, "do_not_honor");
}

class StripeApiTest : public ::testing::Test {
 protected:
  Reply create(std::string form, std::string key = "k1", std::string account = "a1") {
    return api_.createPaymentIntent({std::move(account), std::move(key), false}, form);
  }
  StripeApi api_{100};
};

TEST_F(StripeApiTest, ValidatesLikeStripe) {
  Reply missing = create("currency=usd");
  EXPECT_EQ(missing.response.status, 400u);
  EXPECT_EQ(errorCode(missing), "parameter_missing");
  EXPECT_EQ(body(missing)["error"].as_object()["param"], "amount");
  Reply unknown = create("amount=100&currency=usd&colour=red", "k2");
  EXPECT_EQ(errorCode(unknown), "parameter_unknown");
  EXPECT_EQ(body(unknown)["error"].as_object()["type"], "invalid_request_error");
  EXPECT_EQ(errorCode(create("amount=ten&currency=usd", "k3")), "parameter_invalid_integer");
  EXPECT_EQ(create("amount=100&currency=xxx", "k4").response.status, 400u);
  EXPECT_EQ(create("amount=1005&currency=kwd", "k5").response.status, 400u);  // three-decimal
  EXPECT_EQ(create("amount=1010&currency=kwd", "k6").response.status, 200u);
  EXPECT_EQ(create("amount=150&currency=isk", "k7").response.status, 400u);
  EXPECT_EQ(errorCode(create(std::string("amount=100&currency=usd&confirm=true") + kCard +
                                 "&payment_method_data[card][pin]=1",
                             "k8")),
            "parameter_unknown");
  EXPECT_EQ(create("amount=100&currency=usd&confirm=true", "k9").response.status, 400u);
}

TEST_F(StripeApiTest, AuthorizeCaptureRefundAndIdempotency) {
  std::string form = std::string("amount=1000&currency=usd&capture_method=manual&confirm=true") +
                     kCard + "&metadata[sy_attempt_key]=att1";
  Reply first = create(form);
  ASSERT_EQ(first.response.status, 200u) << first.response.body;
  auto pi = body(first);
  EXPECT_EQ(pi["status"], "requires_capture");
  EXPECT_EQ(pi["amount_capturable"], 1000);
  std::string id(pi["id"].as_string());

  Reply replay = create(form);
  EXPECT_EQ(replay.response.body, first.response.body);
  bool replayed = false;
  for (auto& [k, v] : replay.response.headers)
    replayed |= k == "Idempotent-Replayed" && v == "true";
  EXPECT_TRUE(replayed);
  EXPECT_EQ(body(create(form + "&description=x"))["error"].as_object()["type"],
            "idempotency_error");
  EXPECT_EQ(create(form, "k1", "other-account").response.status, 200u);  // keys are per account

  // Another account cannot see it.
  EXPECT_EQ(api_.getPaymentIntent({"other-account", "", false}, id, {}).response.status, 404u);

  Reply tooMuch = api_.capture({"a1", "c0", false}, id, "amount_to_capture=2000");
  EXPECT_EQ(errorCode(tooMuch), "amount_too_large");
  Reply captured = api_.capture({"a1", "c1", false}, id, "amount_to_capture=700");
  ASSERT_EQ(captured.response.status, 200u) << captured.response.body;
  EXPECT_EQ(body(captured)["amount_received"], 700);
  EXPECT_EQ(body(captured)["status"], "succeeded");
  EXPECT_EQ(errorCode(api_.capture({"a1", "c2", false}, id, "")),
            "payment_intent_unexpected_state");
  EXPECT_EQ(errorCode(api_.cancel({"a1", "v1", false}, id, "")), "payment_intent_unexpected_state");

  Reply r1 = api_.createRefund({"a1", "r1", false}, "payment_intent=" + id + "&amount=300");
  ASSERT_EQ(r1.response.status, 200u) << r1.response.body;
  EXPECT_EQ(body(r1)["status"], "succeeded");
  Reply r2 = api_.createRefund({"a1", "r2", false}, "payment_intent=" + id);  // the rest
  EXPECT_EQ(body(r2)["amount"], 400);
  EXPECT_EQ(errorCode(api_.createRefund({"a1", "r3", false}, "payment_intent=" + id)),
            "charge_already_refunded");
  auto list = decodeForm("payment_intent=" + id);
  Reply refunds = api_.listRefunds({"a1", "", false}, *list);
  EXPECT_EQ(body(refunds)["data"].as_array().size(), 2u);

  auto q = decodeForm("query=metadata%5B%27sy_attempt_key%27%5D%3A%27att1%27");
  Reply found = api_.searchPaymentIntents({"a1", "", false}, *q);
  ASSERT_EQ(found.response.status, 200u) << found.response.body;
  EXPECT_EQ(body(found)["data"].as_array().size(), 1u);
  EXPECT_EQ(body(found)["object"], "search_result");

  auto books = body(api_.ledger());
  EXPECT_EQ(books["chargeCount"], 2);
  EXPECT_EQ(books["refundCount"], 2);
}

TEST_F(StripeApiTest, DeclinesAnswer402WithThePaymentIntent) {
  std::string form =
      "amount=1000&currency=usd&confirm=true&payment_method_data[type]=card"
      "&payment_method_data[card][number]=4000000000009995"
      "&payment_method_data[card][exp_month]=12&payment_method_data[card][exp_year]=2030";
  Reply r = create(form);
  EXPECT_EQ(r.response.status, 402u);
  auto e = body(r)["error"].as_object();
  EXPECT_EQ(e["type"], "card_error");
  EXPECT_EQ(e["code"], "card_declined");
  EXPECT_EQ(e["decline_code"], "insufficient_funds");
  EXPECT_EQ(e["payment_intent"].as_object()["status"], "requires_payment_method");
  Reply declineAll = api_.createPaymentIntent(
      {"a1", "k-all", true}, std::string("amount=1000&currency=usd&confirm=true") + kCard);
  EXPECT_EQ(body(declineAll)["error"].as_object()["decline_code"], "do_not_honor");
  std::string expired =
      std::string("amount=1000&currency=usd&confirm=true") +
      "&payment_method_data[type]=card&payment_method_data[card][number]=4242424242424242"
      "&payment_method_data[card][exp_month]=1&payment_method_data[card][exp_year]=2020";
  EXPECT_EQ(body(create(expired, "k-exp"))["error"].as_object()["code"], "expired_card");
  EXPECT_EQ(body(api_.ledger())["chargeCount"], 0);
  EXPECT_EQ(body(api_.ledger())["declineCount"], 3);
}

TEST_F(StripeApiTest, CancelReleases) {
  Reply a =
      create(std::string("amount=500&currency=eur&capture_method=manual&confirm=true") + kCard);
  std::string id(body(a)["id"].as_string());
  EXPECT_EQ(errorCode(api_.cancel({"a1", "v0", false}, id, "cancellation_reason=bored")), "");
  Reply v = api_.cancel({"a1", "v1", false}, id, "cancellation_reason=requested_by_customer");
  ASSERT_EQ(v.response.status, 200u) << v.response.body;
  EXPECT_EQ(body(v)["status"], "canceled");
  EXPECT_EQ(body(v)["cancellation_reason"], "requested_by_customer");
  EXPECT_EQ(api_.cancel({"a1", "v2", false}, "pi_nope", "").response.status, 404u);
}

}  // namespace
}  // namespace sy::sandbox::stripe
