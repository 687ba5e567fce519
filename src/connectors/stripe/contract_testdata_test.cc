// Ties testdata/ to the code: every recorded request body is exactly what the transformers send,
// and every recorded response has exactly the shape (keys and JSON types, recursively) of what the
// emulator (src/sandbox/stripe) answers. contract_check.js validates the same files against
// Stripe's spec, so together they prove that what the connector sends and what the emulator
// answers are in the spec.
//
// SY_STRIPE_RECORD=1 rewrites the files from the current code (then run contract_check.js).

#include <gtest/gtest.h>

#include <boost/json/object.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>

#include "connectors/stripe/transformers.h"
#include "sandbox/stripe/api.h"

namespace sy::connectors::stripe {
namespace {
namespace json = boost::json;
using sandbox::stripe::CallContext;
using sandbox::stripe::FormParams;
using sandbox::stripe::Reply;
using sandbox::stripe::StripeApi;

constexpr const char* kTestKeyHeader = "Bearer sk_test_51SyRecordedTestdataKeyNotARealOne";

std::filesystem::path dir() {
  return std::filesystem::path(__FILE__).parent_path() / "testdata";
}
bool recording() {
  return std::getenv("SY_STRIPE_RECORD") != nullptr;
}

std::string readFile(const std::filesystem::path& p) {
  std::ifstream in(p);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// Pretty enough: one JSON document per file.
void writeFile(const std::string& name, const json::value& v) {
  std::ofstream out(dir() / name);
  out << json::serialize(v) << "\n";
}

json::value shape(const json::value& v) {
  switch (v.kind()) {
    case json::kind::object: {
      json::object o;
      for (const auto& [k, x] : v.as_object()) {
        // metadata keys are data, not shape
        o[k] = k == "metadata" ? json::value("object") : shape(x);
      }
      return o;
    }
    case json::kind::array: {
      json::array a;
      if (!v.as_array().empty()) a.push_back(shape(v.as_array()[0]));
      return a;
    }
    case json::kind::string:
      return "string";
    case json::kind::int64:
    case json::kind::uint64:
      return "integer";
    case json::kind::bool_:
      return "boolean";
    case json::kind::null:
      return "null";
    default:
      return "number";
  }
}

void checkRequest(const std::string& name, std::string_view method, std::string_view target,
                  std::string_view body, std::string_view idempotencyKey) {
  std::string_view path = target.substr(0, target.find('?'));
  std::string_view query =
      target.find('?') == std::string_view::npos ? "" : target.substr(target.find('?') + 1);
  json::object headers{{"Authorization", kTestKeyHeader}, {"Stripe-Version", kApiVersion}};
  json::object doc{{"method", method}, {"path", path}};
  if (method == "POST") {
    headers["Idempotency-Key"] = idempotencyKey;
    headers["Content-Type"] = "application/x-www-form-urlencoded";
    doc["body"] = body;
  } else {
    doc["query"] = query;
  }
  doc["headers"] = std::move(headers);
  if (recording()) return writeFile(name, doc);
  // Object ids are the emulator's random ones: compared as placeholders.
  static const std::regex kId("(pi|re|ch|pm)_[A-Za-z0-9]+");
  std::string recorded = json::serialize(json::parse(readFile(dir() / name)));
  std::string actual = json::serialize(doc);
  EXPECT_EQ(std::regex_replace(recorded, kId, "$1_ID"), std::regex_replace(actual, kId, "$1_ID"))
      << name;
}

void checkResponse(const std::string& name, const Reply& reply) {
  const std::string status = std::to_string(reply.response.status);
  ASSERT_NE(name.find(".response." + status), std::string::npos)
      << name << " answered " << status << ": " << reply.response.body;
  auto actual = json::parse(reply.response.body);
  if (recording()) return writeFile(name, actual);
  auto recorded = json::parse(readFile(dir() / name));
  EXPECT_EQ(shape(recorded), shape(actual)) << name << "\nactual: " << reply.response.body;
}

FormParams query(std::string_view target) {
  auto q = target.find('?');
  auto decoded =
      sandbox::stripe::decodeForm(q == std::string_view::npos ? "" : target.substr(q + 1));
  EXPECT_TRUE(decoded.isOk());
  return decoded ? *decoded : FormParams{};
}

AuthorizeRequest authorize(std::string number, std::string key, int64_t amount,
                           std::string currency, int exponent, bool capture) {
  AuthorizeRequest req;
  req.attemptKey = std::move(key);
  req.amount = amount;
  req.currencyCode = std::move(currency);
  req.currencyExponent = exponent;
  req.capture = capture;
  req.orderId = "order-1042";
  req.descriptor = "SWITCHYARD DEMO";
  req.card.number = SecretString(std::move(number));
  req.card.cvv = SecretString("123");
  req.card.expirationMonth = "12";
  req.card.expirationYear = "2030";
  req.card.cardholderName = "Ada Lovelace";
  return req;
}

class StripeContractTestdata : public ::testing::Test {
 protected:
  Reply create(const AuthorizeRequest& req) {
    auto body = authorizeBody(req);
    EXPECT_TRUE(body.isOk()) << body.status().toString();
    CallContext ctx{account_, req.attemptKey, false};
    return api_.createPaymentIntent(ctx, body->reveal());
  }
  std::string idOf(const Reply& r) {
    return std::string(json::parse(r.response.body).as_object().at("id").as_string());
  }

  StripeApi api_{1000};
  std::string account_ = "acct_hash_1";
};

TEST_F(StripeContractTestdata, PaymentIntentsAndRefunds) {
  // Authorize only (manual capture), USD.
  auto manual = authorize("4242424242424242", "att_01HV8Z3K9M2", 1000, "USD", 2, false);
  checkRequest("create_payment_intent.request.manual.json", "POST", "/v1/payment_intents",
               authorizeBody(manual)->reveal(), manual.attemptKey);
  Reply authorized = create(manual);
  checkResponse("create_payment_intent.response.200.requires_capture.json", authorized);
  std::string pi = idOf(authorized);

  // Same key, same body: Stripe replays; different body: idempotency_error.
  Reply replay = create(manual);
  EXPECT_EQ(replay.response.body, authorized.response.body);
  auto other = manual;
  other.amount = 2000;
  checkResponse("create_payment_intent.response.400.idempotency_error.json", create(other));

  // Authorize and capture, and the zero- and three-decimal currencies.
  auto sale = authorize("5555555555554444", "att_01HV8Z3K9M3", 1000, "USD", 2, true);
  checkRequest("create_payment_intent.request.automatic.json", "POST", "/v1/payment_intents",
               authorizeBody(sale)->reveal(), sale.attemptKey);
  checkResponse("create_payment_intent.response.200.succeeded.json", create(sale));
  auto jpy = authorize("4242424242424242", "att_01HV8Z3K9M4", 5000, "JPY", 0, true);
  checkRequest("create_payment_intent.request.jpy.json", "POST", "/v1/payment_intents",
               authorizeBody(jpy)->reveal(), jpy.attemptKey);
  auto kwd = authorize("4242424242424242", "att_01HV8Z3K9M5", 12340, "KWD", 3, false);
  checkRequest("create_payment_intent.request.kwd.json", "POST", "/v1/payment_intents",
               authorizeBody(kwd)->reveal(), kwd.attemptKey);
  EXPECT_EQ(create(jpy).response.status, 200u);
  EXPECT_EQ(create(kwd).response.status, 200u);

  // Declines.
  struct Card {
    const char* number;
    const char* name;
  };
  for (Card c :
       {Card{"4000000000000002", "generic_decline"}, Card{"4000000000009995", "insufficient_funds"},
        Card{"4000000000009987", "lost_card"}, Card{"4000000000000069", "expired_card"},
        Card{"4000000000000127", "incorrect_cvc"}, Card{"4000000000000119", "processing_error"},
        Card{"4000000000006975", "card_velocity_exceeded"}, Card{"4100000000000019", "fraudulent"},
        Card{"4000002760003184", "authentication_required"}}) {
    auto req = authorize(c.number, std::string("att_decline_") + c.name, 1000, "USD", 2, false);
    checkResponse(std::string("create_payment_intent.response.402.") + c.name + ".json",
                  create(req));
  }
  std::string declinedKey = "att_decline_insufficient_funds";

  // Unknown parameter.
  checkResponse("create_payment_intent.response.400.parameter_unknown.json",
                api_.createPaymentIntent({account_, "att_bad", false},
                                         "amount=1000&currency=usd&colour=blue"));

  // Partial capture, then a second capture Stripe refuses.
  CaptureRequest cap{"att_cap_1", pi, 600, "USD", 2, true};
  std::string capPath = paymentIntentPath(pi, "capture");
  checkRequest("capture_payment_intent.request.partial.json", "POST", capPath, *captureBody(cap),
               cap.attemptKey);
  checkResponse("capture_payment_intent.response.200.json",
                api_.capture({account_, cap.attemptKey, false}, pi, *captureBody(cap)));
  checkResponse("capture_payment_intent.response.400.payment_intent_unexpected_state.json",
                api_.capture({account_, "att_cap_2", false}, pi, *captureBody(cap)));

  // Refunds: partial, then more than what is left.
  RefundRequest ref{"att_ref_1", pi, 250, "USD", 2, "requested_by_customer"};
  checkRequest("create_refund.request.partial.json", "POST", "/v1/refunds", *refundBody(ref),
               ref.attemptKey);
  checkResponse("create_refund.response.200.json",
                api_.createRefund({account_, ref.attemptKey, false}, *refundBody(ref)));
  RefundRequest tooMuch{"att_ref_2", pi, 500, "USD", 2, ""};
  checkResponse("create_refund.response.400.amount_too_large.json",
                api_.createRefund({account_, tooMuch.attemptKey, false}, *refundBody(tooMuch)));
  std::string listTarget = refundListPath(pi);
  checkRequest("list_refunds.request.json", "GET", listTarget, "", "");
  checkResponse("list_refunds.response.200.json",
                api_.listRefunds({account_, "", false}, query(listTarget)));

  // Void of another authorization.
  auto toVoid = authorize("4242424242424242", "att_01HV8Z3K9M6", 700, "EUR", 2, false);
  std::string voidId = idOf(create(toVoid));
  CancelRequest cancel{"att_void_1", voidId};
  checkRequest("cancel_payment_intent.request.json", "POST", paymentIntentPath(voidId, "cancel"),
               cancelBody(cancel), cancel.attemptKey);
  checkResponse("cancel_payment_intent.response.200.json",
                api_.cancel({account_, cancel.attemptKey, false}, voidId, cancelBody(cancel)));

  // Inquiry: retrieve by id, search by our attempt key.
  checkRequest("retrieve_payment_intent.request.json", "GET", paymentIntentPath(pi), "", "");
  checkResponse("retrieve_payment_intent.response.200.json",
                api_.getPaymentIntent({account_, "", false}, pi, {}));
  checkResponse("retrieve_payment_intent.response.404.json",
                api_.getPaymentIntent({account_, "", false}, "pi_missing", {}));
  std::string search = searchPath(declinedKey);
  checkRequest("search_payment_intents.request.json", "GET", search, "", "");
  checkResponse("search_payment_intents.response.200.declined.json",
                api_.searchPaymentIntents({account_, "", false}, query(search)));
  checkResponse(
      "search_payment_intents.response.200.empty.json",
      api_.searchPaymentIntents({account_, "", false}, query(searchPath("att_never_sent"))));
}

// 3-D Secure: the confirm that asks for authentication, the challenge it answers, the frictionless
// authentication, and the PaymentIntent read back (with its charge) after the customer answered.
TEST_F(StripeContractTestdata, ThreeDSecure) {
  auto challenge = authorize("4000000000003220", "att_3ds_challenge", 4200, "EUR", 2, false);
  challenge.threeDSecure = ThreeDsMode::kProcessor;
  challenge.returnUrl = "http://127.0.0.1:8080/checkout/3ds/return?payment=pay_1";
  checkRequest("create_payment_intent.request.three_d_secure.json", "POST", "/v1/payment_intents",
               authorizeBody(challenge)->reveal(), challenge.attemptKey);
  auto body = authorizeBody(challenge);
  CallContext ctx{account_, challenge.attemptKey, false, "http://127.0.0.1:12111"};
  Reply pending = api_.createPaymentIntent(ctx, body->reveal());
  checkResponse("create_payment_intent.response.200.requires_action.json", pending);
  const std::string pi = idOf(pending);

  auto frictionless = authorize("4000000000003055", "att_3ds_frictionless", 4200, "EUR", 2, false);
  frictionless.threeDSecure = ThreeDsMode::kProcessor;
  frictionless.returnUrl = challenge.returnUrl;
  checkResponse("create_payment_intent.response.200.frictionless.json", create(frictionless));

  // The customer approves; the connector reads the intent with its charge.
  EXPECT_EQ(api_.decideChallenge(pi, "decision=approve").status, 303u);
  const std::string target = authenticatedIntentPath(pi);
  checkRequest("retrieve_payment_intent.request.authenticated.json", "GET", target, "", "");
  checkResponse("retrieve_payment_intent.response.200.authenticated.json",
                api_.getPaymentIntent({account_, "", false}, pi, query(target)));

  // Another one the customer refuses.
  auto refused = authorize("4000000000003220", "att_3ds_refused", 4200, "EUR", 2, false);
  refused.threeDSecure = ThreeDsMode::kProcessor;
  refused.returnUrl = challenge.returnUrl;
  const std::string refusedId = idOf(create(refused));
  EXPECT_EQ(api_.decideChallenge(refusedId, "decision=refuse").status, 303u);
  checkResponse("retrieve_payment_intent.response.200.authentication_failed.json",
                api_.getPaymentIntent({account_, "", false}, refusedId,
                                      query(authenticatedIntentPath(refusedId))));
}

}  // namespace
}  // namespace sy::connectors::stripe
