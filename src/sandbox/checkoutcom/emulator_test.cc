// The Checkout.com emulator's HTTP layer on loopback: authentication, routing errors in Checkout.com's
// shapes, the control endpoint and its faults, and a stop that cuts held answers short.
#include "sandbox/checkoutcom/emulator.h"

#include <gtest/gtest.h>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/use_future.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/value.hpp>
#include <future>
#include <thread>

#include "http/client.h"

namespace sy::sandbox::checkoutcom {
namespace {
namespace asio = boost::asio;
namespace json = boost::json;
using boost::beast::http::verb;
using namespace std::chrono_literals;

constexpr const char* kCard =
    R"({"source":{"type":"card","number":"4242424242424242","expiry_month":12,"expiry_year":2030},)"
    R"("amount":1000,"currency":"USD","capture":false})";

class CheckoutComEmulatorTest : public ::testing::Test {
 protected:
  void SetUp() override {
    emulator_ = std::make_unique<CheckoutComEmulator>(ioc_, CheckoutComOptions{});
    ASSERT_TRUE(emulator_->listen({asio::ip::make_address("127.0.0.1"), 0}).isOk());
    emulator_->start();
    for (int i = 0; i < 2; ++i) threads_.emplace_back([this] { ioc_.run(); });
  }
  void TearDown() override {
    if (!stopped_) {
      EXPECT_TRUE(stop());
    }
    client_.reset();
    work_.reset();
    ioc_.stop();
    for (auto& t : threads_) t.join();
  }
  bool stop() {
    stopped_ = true;
    auto drained = std::make_shared<std::promise<void>>();
    auto done = drained->get_future();
    emulator_->stop([drained] { drained->set_value(); });
    return done.wait_for(5s) == std::future_status::ready;
  }

  // Result<T> has no default constructor, which use_future needs.
  struct Outcome {
    bool ok = false;
    http::ClientResponse response;
    std::string error;
  };
  std::future<Outcome> sendAsync(verb method, std::string path,
                                                      std::string body = {},
                                                      std::string auth = "Bearer sk_sbox_unit_test_key") {
    http::ClientRequest req;
    req.method = method;
    req.url = emulator_->baseUrl() + path;
    if (!auth.empty()) req.headers.emplace_back("Authorization", auth);
    req.body = std::move(body);
    if (!req.body.empty()) req.contentType = "application/json";
    return asio::co_spawn(ioc_, exchange(std::move(req)), asio::use_future);
  }
  asio::awaitable<Outcome> exchange(http::ClientRequest req) {
    auto r = co_await client_->send(std::move(req), 5s);
    Outcome out;
    out.ok = r.isOk();
    if (r.isOk()) out.response = std::move(*r);
    else out.error = r.status().toString();
    co_return out;
  }
  http::ClientResponse send(verb method, std::string path, std::string body = {},
                            std::string auth = "Bearer sk_sbox_unit_test_key") {
    auto r = sendAsync(method, std::move(path), std::move(body), std::move(auth)).get();
    EXPECT_TRUE(r.ok) << r.error;
    return std::move(r.response);
  }

  asio::io_context ioc_;
  asio::executor_work_guard<asio::io_context::executor_type> work_ = asio::make_work_guard(ioc_);
  std::vector<std::thread> threads_;
  std::unique_ptr<CheckoutComEmulator> emulator_;
  std::unique_ptr<http::HttpClient> client_ = std::make_unique<http::HttpClient>(ioc_.get_executor());
  bool stopped_ = false;
};

TEST_F(CheckoutComEmulatorTest, NeedsABearerSecretKey) {
  for (const char* auth : {"", "sk_sbox_unit_test_key", "Bearer pk_sbox_public", "Basic abc"}) {
    auto r = send(verb::post, "/payments", kCard, auth);
    EXPECT_EQ(r.status, 401u) << auth;
    EXPECT_TRUE(r.body.empty());
  }
  EXPECT_EQ(send(verb::post, "/payments", kCard).status, 201u);
}

TEST_F(CheckoutComEmulatorTest, UnknownPathsAnswerLikeCheckoutCom) {
  auto r = send(verb::get, "/nope");
  EXPECT_EQ(r.status, 404u);
  EXPECT_TRUE(r.body.empty());
  EXPECT_EQ(send(verb::get, "/payments/pay_aaaaaaaaaaaaaaaaaaaaaaaaaa").status, 404u);
}

TEST_F(CheckoutComEmulatorTest, ControlEndpointDrivesFaults) {
  EXPECT_EQ(send(verb::post, "/_control", R"({"nonsense":1})").status, 422u);
  EXPECT_EQ(send(verb::post, "/_control", R"({"failNext":1})").status, 200u);
  auto failed = send(verb::post, "/payments", kCard);
  EXPECT_EQ(failed.status, 502u);
  EXPECT_EQ(send(verb::post, "/payments", kCard).status, 201u);
  EXPECT_EQ(send(verb::post, "/_control", R"({"dropNext":1})").status, 200u);
  auto dropped = sendAsync(verb::post, "/payments", kCard).get();
  EXPECT_FALSE(dropped.ok);
  auto state = json::parse(send(verb::get, "/_control").body);
  EXPECT_EQ(state.at("dropNext"), 0);
  EXPECT_EQ(json::parse(send(verb::get, "/_ledger").body).at("charge_count"), 1);
}

TEST_F(CheckoutComEmulatorTest, StopCutsLatencyShort) {
  EXPECT_EQ(send(verb::post, "/_control", R"({"latencyMs":20000})").status, 200u);
  auto held = sendAsync(verb::post, "/payments", kCard);
  std::this_thread::sleep_for(100ms);
  auto started = std::chrono::steady_clock::now();
  EXPECT_TRUE(stop());
  EXPECT_LT(std::chrono::steady_clock::now() - started, 3s);
  auto r = held.get();
  if (r.ok) {
    EXPECT_EQ(r.response.status, 502u);
  }
}

}  // namespace
}  // namespace sy::sandbox::checkoutcom
