// The Stripe emulator over HTTP on loopback: authentication, headers, routes, control.

#include "sandbox/stripe/emulator.h"

#include <gtest/gtest.h>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/use_future.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/value.hpp>
#include <future>
#include <thread>

#include "http/client.h"

namespace sy::sandbox::stripe {
namespace {
namespace asio = boost::asio;
namespace json = boost::json;
using boost::beast::http::verb;
using namespace std::chrono_literals;

struct Answer {
  bool ok = false;
  unsigned status = 0;
  std::string body;
  std::string replayed;
};

class StripeEmulatorTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto bound = emulator_.listen({asio::ip::make_address("127.0.0.1"), 0});
    ASSERT_TRUE(bound.isOk());
    emulator_.start();
    thread_ = std::thread([this] { ioc_.run(); });
  }
  void TearDown() override {
    std::promise<void> drained;
    emulator_.stop([&] { drained.set_value(); });
    drained.get_future().wait_for(5s);
    client_.reset();
    work_.reset();
    ioc_.stop();
    thread_.join();
  }
  Answer send(verb method, std::string path, std::string body = {},
              std::vector<std::pair<std::string, std::string>> headers = {
                  {"Authorization", "Bearer sk_test_emulator"}}) {
    http::ClientRequest req;
    req.method = method;
    req.url = emulator_.baseUrl() + path;
    req.headers = std::move(headers);
    req.body = std::move(body);
    if (!req.body.empty())
      req.contentType =
          path.starts_with("/v1/_") ? "application/json" : "application/x-www-form-urlencoded";
    return asio::co_spawn(ioc_, exchange(std::move(req)), asio::use_future).get();
  }
  asio::awaitable<Answer> exchange(http::ClientRequest req) {
    auto r = co_await client_->send(std::move(req), 2s);
    Answer a;
    if (!r) co_return a;
    a.ok = true;
    a.status = r->status;
    a.body = r->body;
    a.replayed = std::string(r->header("Idempotent-Replayed"));
    co_return a;
  }

  asio::io_context ioc_;
  asio::executor_work_guard<asio::io_context::executor_type> work_ = asio::make_work_guard(ioc_);
  StripeEmulator emulator_{ioc_, {}};
  std::unique_ptr<http::HttpClient> client_ =
      std::make_unique<http::HttpClient>(ioc_.get_executor());
  std::thread thread_;
};

TEST_F(StripeEmulatorTest, RequiresATestSecretKey) {
  Answer none = send(verb::get, "/v1/payment_intents/pi_1", {}, {});
  EXPECT_EQ(none.status, 401u);
  EXPECT_EQ(json::parse(none.body).at("error").at("type"), "invalid_request_error");
  Answer live =
      send(verb::get, "/v1/payment_intents/pi_1", {}, {{"Authorization", "Bearer sk_live_nope"}});
  EXPECT_EQ(live.status, 401u);
  EXPECT_EQ(live.body.find("sk_live_nope"), std::string::npos);  // never echoed
}

TEST_F(StripeEmulatorTest, SpeaksOneApiVersionAndFormBodies) {
  Answer v = send(verb::get, "/v1/payment_intents/pi_1", {},
                  {{"Authorization", "Bearer sk_test_emulator"}, {"Stripe-Version", "2020-08-27"}});
  EXPECT_EQ(v.status, 400u);
  Answer noKey = send(verb::post, "/v1/payment_intents", "amount=1", {});
  EXPECT_EQ(noKey.status, 401u);
  Answer jsonBody = send(verb::post, "/v1/refunds", {}, {{"Authorization", "Bearer sk_test_e"}});
  EXPECT_EQ(jsonBody.status, 400u);  // missing payment_intent/charge
  Answer unknownPath = send(verb::get, "/v1/charges_nope");
  EXPECT_EQ(unknownPath.status, 404u);
  EXPECT_EQ(json::parse(unknownPath.body).at("error").at("type"), "invalid_request_error");
}

TEST_F(StripeEmulatorTest, IdempotentReplayOverHttpAndFaults) {
  std::string form =
      "amount=1000&currency=usd&confirm=true&payment_method_data[type]=card"
      "&payment_method_data[card][number]=4242424242424242"
      "&payment_method_data[card][exp_month]=12&payment_method_data[card][exp_year]=2030";
  std::vector<std::pair<std::string, std::string>> headers = {
      {"Authorization", "Bearer sk_test_emulator"}, {"Idempotency-Key", "idem-1"}};
  Answer first = send(verb::post, "/v1/payment_intents", form, headers);
  ASSERT_EQ(first.status, 200u) << first.body;
  Answer second = send(verb::post, "/v1/payment_intents", form, headers);
  EXPECT_EQ(second.body, first.body);
  EXPECT_EQ(second.replayed, "true");

  ASSERT_EQ(send(verb::post, "/v1/_control", R"({"failNext":1})").status, 200u);
  headers[1].second = "idem-2";
  Answer failed = send(verb::post, "/v1/payment_intents", form, headers);
  EXPECT_EQ(failed.status, 500u);
  EXPECT_EQ(json::parse(failed.body).at("error").at("type"), "api_error");
  ASSERT_EQ(send(verb::post, "/v1/_control", R"({"dropNext":1,"phase":"after"})").status, 200u);
  headers[1].second = "idem-3";
  EXPECT_FALSE(send(verb::post, "/v1/payment_intents", form, headers).ok);
  EXPECT_EQ(send(verb::post, "/v1/_control", R"({"bogus":1})").status, 400u);

  auto books = json::parse(send(verb::get, "/v1/_ledger").body).as_object();
  EXPECT_EQ(books["chargeCount"], 2);  // idem-1 once, idem-3 processed though its answer was lost
}

}  // namespace
}  // namespace sy::sandbox::stripe
