// The emulator's HTTP layer on loopback: authentication, routing errors in the processor's
// envelope, the control endpoint, replay headers and a stop that cuts held answers short. The
// endpoints' logic is covered by api_test.cc; the connector's view by the conformance kit
// (connectors/test_processor/conformance_test.cc) and the *_e2e_test.cc files beside it.
#include "sandbox/test_processor/emulator.h"

#include <gtest/gtest.h>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/use_future.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/value.hpp>
#include <future>
#include <thread>

#include "http/client.h"

namespace sy::sandbox::test_processor {
namespace {
namespace asio = boost::asio;
namespace json = boost::json;
using boost::beast::http::verb;
using namespace std::chrono_literals;

constexpr const char* kCard =
    R"({"amount":1000,"currency":"EUR","card":{"number":"4111111111111111","expiry_month":1,)"
    R"("expiry_year":2099}})";
constexpr const char* kSlowCard =
    R"({"amount":1000,"currency":"EUR","card":{"number":"4000000000000259","expiry_month":1,)"
    R"("expiry_year":2099}})";

class EmulatorTest : public ::testing::Test {
 protected:
  void start(TestProcessorOptions options = {}) {
    emulator_ = std::make_unique<TestProcessorEmulator>(ioc_, options);
    ASSERT_TRUE(emulator_->listen({asio::ip::make_address("127.0.0.1"), 0}).isOk());
    emulator_->start();
    for (int i = 0; i < 2; ++i) threads_.emplace_back([this] { ioc_.run(); });
  }

  void TearDown() override {
    if (emulator_ && !stopped_) {
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

  using Headers = std::vector<std::pair<std::string, std::string>>;
  std::future<http::ClientResponse> sendAsync(verb method, std::string path, std::string body = {},
                                              Headers headers = {{"Authorization", "Bearer k"}},
                                              std::chrono::milliseconds deadline = 5s) {
    http::ClientRequest req;
    req.method = method;
    req.url = emulator_->baseUrl() + path;
    req.headers = std::move(headers);
    req.body = std::move(body);
    if (!req.body.empty()) req.contentType = "application/json";
    return asio::co_spawn(ioc_, exchange(std::move(req), deadline), asio::use_future);
  }
  // A member coroutine, not a capturing lambda: the spawned frame must not point into a closure
  // that is gone by the time it runs. Result<T> has no default constructor, which use_future
  // needs, so the result is unwrapped here.
  asio::awaitable<http::ClientResponse> exchange(http::ClientRequest request,
                                                 std::chrono::milliseconds deadline) {
    auto result = co_await client_->send(std::move(request), deadline);
    if (!result.isOk()) {
      ADD_FAILURE() << result.status().toString();
      co_return http::ClientResponse{};
    }
    co_return std::move(*result);
  }
  http::ClientResponse send(verb method, std::string path, std::string body = {},
                            Headers headers = {{"Authorization", "Bearer k"}}) {
    return sendAsync(method, std::move(path), std::move(body), std::move(headers)).get();
  }
  static std::string errorType(const http::ClientResponse& r) {
    return std::string(json::parse(r.body).at("error").at("type").as_string());
  }

  asio::io_context ioc_;
  asio::executor_work_guard<asio::io_context::executor_type> work_ = asio::make_work_guard(ioc_);
  std::vector<std::thread> threads_;
  std::unique_ptr<TestProcessorEmulator> emulator_;
  std::unique_ptr<http::HttpClient> client_ =
      std::make_unique<http::HttpClient>(ioc_.get_executor());
  bool stopped_ = false;
};

TEST_F(EmulatorTest, BaseUrlNamesTheBoundLoopbackPort) {
  start();
  EXPECT_EQ(emulator_->baseUrl().rfind("http://127.0.0.1:", 0), 0u);
  EXPECT_NE(emulator_->baseUrl(), "http://127.0.0.1:0");
}

TEST_F(EmulatorTest, AuthorizationMustBeABearerSecret) {
  start();
  for (const Headers& h :
       {Headers{}, Headers{{"Authorization", "Basic abc"}}, Headers{{"Authorization", "Bearer "}},
        Headers{{"Authorization", "Bearer    "}}}) {
    auto r = send(verb::get, "/v1/payments?idempotency_key=x", {}, h);
    EXPECT_EQ(r.status, 401u);
    EXPECT_EQ(errorType(r), "authentication_error");
  }
  EXPECT_EQ(send(verb::get, "/v1/payments?idempotency_key=x", {},
                 {{"Authorization", "bearer lower-case-scheme"}})
                .status,
            200u);
}

TEST_F(EmulatorTest, RoutingErrorsUseTheProcessorEnvelope) {
  start();
  auto missing = send(verb::get, "/v1/nothing");
  EXPECT_EQ(missing.status, 404u);
  EXPECT_EQ(errorType(missing), "not_found");
  auto wrongMethod = send(verb::delete_, "/v1/payments");
  EXPECT_EQ(wrongMethod.status, 405u);
  EXPECT_EQ(errorType(wrongMethod), "method_not_allowed");
  auto noKey = send(verb::get, "/v1/operations");
  EXPECT_EQ(noKey.status, 400u);
  EXPECT_EQ(json::parse(noKey.body).at("error").at("param"), "idempotency_key");
  EXPECT_EQ(send(verb::get, "/v1/payments/tp_pay_unknown").status, 404u);
}

TEST_F(EmulatorTest, ReplayIsMarkedAndConflictRefused) {
  start();
  Headers h{{"Authorization", "Bearer k"}, {"Idempotency-Key", "idem-1"}};
  auto first = send(verb::post, "/v1/payments", kCard, h);
  ASSERT_EQ(first.status, 201u) << first.body;
  EXPECT_EQ(first.header("Idempotent-Replayed"), "");
  auto again = send(verb::post, "/v1/payments", kCard, h);
  EXPECT_EQ(again.status, 201u);
  EXPECT_EQ(again.body, first.body);
  EXPECT_EQ(again.header("Idempotent-Replayed"), "true");
  auto other = send(verb::post, "/v1/payments", kSlowCard, h);
  EXPECT_EQ(other.status, 409u);
  EXPECT_EQ(errorType(other), "idempotency_conflict");
  // The same key under another API key is another account's key.
  Headers otherAccount{{"Authorization", "Bearer k2"}, {"Idempotency-Key", "idem-1"}};
  EXPECT_EQ(send(verb::post, "/v1/payments", kCard, otherAccount).header("Idempotent-Replayed"),
            "");
  EXPECT_EQ(json::parse(send(verb::get, "/v1/ledger").body).at("charge_count"), 2);
}

TEST_F(EmulatorTest, ControlEndpointSetsAndReportsFaults) {
  start();
  auto bad = send(verb::post, "/v1/_control", R"({"failNext":"lots"})");
  EXPECT_EQ(bad.status, 400u);
  EXPECT_EQ(errorType(bad), "invalid_request");
  auto set = send(verb::post, "/v1/_control", R"({"failNext":1})");
  ASSERT_EQ(set.status, 200u);
  EXPECT_EQ(json::parse(set.body).at("failNext"), 1);
  // Ledger and control calls do not consume faults; business calls do.
  EXPECT_EQ(send(verb::get, "/v1/ledger").status, 200u);
  EXPECT_EQ(json::parse(send(verb::get, "/v1/_control").body).at("failNext"), 1);
  auto failed = send(verb::get, "/v1/payments?idempotency_key=x");
  EXPECT_EQ(failed.status, 500u);
  EXPECT_EQ(errorType(failed), "api_error");
  EXPECT_EQ(send(verb::get, "/v1/payments?idempotency_key=x").status, 200u);
}

TEST_F(EmulatorTest, RequiredApiKeyIsTheOnlyOneAccepted) {
  TestProcessorOptions options;
  options.requiredApiKey = "sk_only";
  start(options);
  EXPECT_EQ(send(verb::get, "/v1/ledger", {}, {{"Authorization", "Bearer sk_other"}}).status, 401u);
  EXPECT_EQ(send(verb::get, "/v1/ledger", {}, {{"Authorization", "Bearer sk_only"}}).status, 200u);
}

TEST_F(EmulatorTest, StopCutsAHeldAnswerShortAndDrains) {
  TestProcessorOptions options;
  options.slowResponse = 30s;
  start(options);
  auto held = sendAsync(verb::post, "/v1/payments", kSlowCard,
                        {{"Authorization", "Bearer k"}, {"Idempotency-Key", "slow-1"}}, 10s);
  // The payment is recorded while its answer is held.
  for (int i = 0; i < 100; ++i) {
    auto found = json::parse(send(verb::get, "/v1/payments?idempotency_key=slow-1").body);
    if (!found.at("data").as_array().empty()) break;
    std::this_thread::sleep_for(10ms);
  }
  EXPECT_EQ(json::parse(send(verb::get, "/v1/ledger").body).at("charge_count"), 1);
  auto started = std::chrono::steady_clock::now();
  ASSERT_TRUE(stop());
  ASSERT_EQ(held.wait_for(5s), std::future_status::ready);
  EXPECT_EQ(held.get().status, 503u);
  EXPECT_LT(std::chrono::steady_clock::now() - started, 5s);
}

}  // namespace
}  // namespace sy::sandbox::test_processor
