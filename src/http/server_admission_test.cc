// The server's admission control end to end over loopback: requests beyond the limits get
// 503 ServiceOverloaded with Retry-After on a connection that stays usable, exempt paths keep
// answering, admitted requests finish, and the server serves normally once the load is gone.
#include <gtest/gtest.h>

#include <atomic>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/json.hpp>

#include "http/server.h"
#include "http/test_harness.h"

namespace sy::http {
namespace {

using namespace sy::http::testing;
using boost::beast::http::verb;

class ServerAdmissionTest : public ::testing::Test {
 protected:
  void SetUp() override {
    Router& router = harness_.router();
    router.add(verb::get, "/hello", [](Request&) -> asio::awaitable<Response> {
      co_return Response::json(200, R"({"hello":"world"})");
    });
    router.add(verb::get, "/healthz", [](Request&) -> asio::awaitable<Response> {
      co_return Response::json(200, R"({"status":"ok"})");
    });
    // Holds its request until the test opens the gate: an admitted request that is still running.
    router.add(verb::get, "/hold", [this](Request&) -> asio::awaitable<Response> {
      held_.fetch_add(1);
      asio::steady_timer timer(co_await asio::this_coro::executor);
      while (!gateOpen_) {
        timer.expires_after(2ms);
        co_await timer.async_wait(asio::use_awaitable);
      }
      co_return Response::json(200, R"({"held":"done"})");
    });
  }

  void waitForHeld(int n) {
    for (int i = 0; i < 2000 && held_ < n; ++i) std::this_thread::sleep_for(5ms);
    ASSERT_EQ(held_.load(), n);
  }

  static std::string errorIdOf(const bhttp::response<bhttp::string_body>& r) {
    boost::system::error_code ec;
    auto v = boost::json::parse(r.body(), ec);
    if (ec || !v.is_object()) return "";
    auto* e = v.as_object().if_contains("error");
    if (e == nullptr || !e->is_object()) return "";
    auto* id = e->as_object().if_contains("errorId");
    return id != nullptr && id->is_string() ? std::string(id->as_string()) : "";
  }

  static void expectShed(const std::optional<bhttp::response<bhttp::string_body>>& r) {
    ASSERT_TRUE(r);
    EXPECT_EQ(r->result_int(), 503u);
    EXPECT_EQ((*r)["Retry-After"], "1");
    EXPECT_EQ(errorIdOf(*r), "ServiceOverloaded");
    EXPECT_TRUE(r->keep_alive());
  }

  ServerHarness harness_;
  std::atomic<int> held_{0};
  std::atomic<bool> gateOpen_{false};
};

TEST_F(ServerAdmissionTest, RequestsBeyondTheConcurrencyLimitAreShedAndAdmittedOnesFinish) {
  ServerOptions options;
  options.admission = AdmissionOptions{.maxInFlight = 2, .exemptPaths = {"/healthz"}};
  harness_.start(options);

  RawConnection a(harness_.endpoint()), b(harness_.endpoint()), c(harness_.endpoint());
  ASSERT_TRUE(a.write(get("/hold")));
  ASSERT_TRUE(b.write(get("/hold")));
  waitForHeld(2);

  // Both slots taken: the next request is answered at once, while the held ones still run.
  ASSERT_TRUE(c.write(get("/hello")));
  expectShed(c.read());
  ASSERT_TRUE(c.write(get("/healthz")));
  auto health = c.read();
  ASSERT_TRUE(health);
  EXPECT_EQ(health->result_int(), 200u);
  EXPECT_EQ(harness_.server().admission().rejected(), 1u);
  EXPECT_EQ(harness_.server().admission().inFlight(), 2u);

  gateOpen_ = true;
  for (RawConnection* held : {&a, &b}) {
    auto done = held->read();
    ASSERT_TRUE(done) << held->lastError.message();
    EXPECT_EQ(done->result_int(), 200u);
    EXPECT_EQ(done->body(), R"({"held":"done"})");
  }
  // The same connection retries and is served: the shed left nothing behind.
  for (int i = 0; i < 2000 && harness_.server().admission().inFlight() != 0; ++i)
    std::this_thread::sleep_for(1ms);
  ASSERT_TRUE(c.write(get("/hello")));
  auto retried = c.read();
  ASSERT_TRUE(retried);
  EXPECT_EQ(retried->result_int(), 200u);
}

TEST_F(ServerAdmissionTest, ShedsWhileTheDependencyQueueIsSlowAndRecoversWhenItDrains) {
  auto delayMs = std::make_shared<std::atomic<int64_t>>(0);
  ServerOptions options;
  options.admission = AdmissionOptions{
      .queueDelayTarget = std::chrono::milliseconds(100),
      .queueDelay = [delayMs] { return std::chrono::milliseconds(delayMs->load()); },
      .exemptPaths = {"/healthz"}};
  harness_.start(options);
  RawConnection conn(harness_.endpoint());

  ASSERT_TRUE(conn.write(get("/hello")));
  auto before = conn.read();
  ASSERT_TRUE(before);
  EXPECT_EQ(before->result_int(), 200u);

  *delayMs = 2500;  // e.g. the database is locked: the store's oldest unit has waited 2.5 s
  ASSERT_TRUE(conn.write(get("/hello?x=1")));
  expectShed(conn.read());
  ASSERT_TRUE(conn.write(get("/healthz")));
  auto health = conn.read();
  ASSERT_TRUE(health);
  EXPECT_EQ(health->result_int(), 200u);

  *delayMs = 0;
  ASSERT_TRUE(conn.write(get("/hello")));
  auto after = conn.read();
  ASSERT_TRUE(after);
  EXPECT_EQ(after->result_int(), 200u);
  EXPECT_EQ(harness_.server().admission().rejected(), 1u);
}

TEST_F(ServerAdmissionTest, ConnectionsBeyondTheLimitAreToldWhenToRetry) {
  ServerOptions options;
  options.maxConnections = 1;
  harness_.start(options);
  RawConnection first(harness_.endpoint());
  ASSERT_TRUE(first.write(get("/hello")));
  ASSERT_TRUE(first.read());
  RawConnection second(harness_.endpoint());
  auto rejected = second.read();
  ASSERT_TRUE(rejected);
  EXPECT_EQ(rejected->result_int(), 503u);
  EXPECT_EQ((*rejected)["Retry-After"], "1");
}

}  // namespace
}  // namespace sy::http
