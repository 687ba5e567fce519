#include "http/server.h"

#include <gtest/gtest.h>

#include <atomic>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <cstdio>
#include <fstream>
#include <stdexcept>

#include "common/log.h"
#include "http/test_harness.h"

namespace sy::http {
namespace {

using namespace sy::http::testing;
using boost::beast::http::verb;

class ServerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    Router& router = harness_.router();
    router.add(verb::get, "/hello", [](Request& request) -> asio::awaitable<Response> {
      co_return Response::json(200, R"({"hello":"world"})");
    });
    router.add(verb::post, "/echo", [](Request& request) -> asio::awaitable<Response> {
      Response response = Response::json(201, request.body);
      response.contentType = "text/plain";
      co_return response;
    });
    router.add(verb::get, "/things/{id}", [](Request& request) -> asio::awaitable<Response> {
      Response response;
      response.body = request.pathParams.at("id") + "|" + request.queryParam("q").value_or("-") +
                      "|" + std::string(request.header("x-custom"));
      response.headers.emplace_back("X-Extra", "1");
      co_return response;
    });
    router.add(verb::get, "/throw", [](Request&) -> asio::awaitable<Response> {
      throw std::runtime_error("boom");
      co_return Response{};
    });
    router.add(verb::post, "/drop",
               [](Request&) -> asio::awaitable<Response> { co_return Response::drop(); });
    router.add(verb::delete_, "/empty",
               [](Request&) -> asio::awaitable<Response> { co_return Response::json(204, ""); });
    router.add(verb::get, "/slow", [this](Request&) -> asio::awaitable<Response> {
      slowEntered_ = true;
      asio::steady_timer timer(co_await asio::this_coro::executor, 200ms);
      co_await timer.async_wait(asio::use_awaitable);
      slowFinished_ = std::chrono::steady_clock::now();
      co_return Response::json(200, "slow done");
    });
  }

  void waitFor(const std::atomic<bool>& flag) {
    for (int i = 0; i < 500 && !flag; ++i) std::this_thread::sleep_for(10ms);
    ASSERT_TRUE(flag);
  }

  ServerHarness harness_;
  std::atomic<bool> slowEntered_{false};
  std::chrono::steady_clock::time_point slowFinished_;
};

TEST_F(ServerTest, ServesTwoRequestsOverOneKeepAliveConnection) {
  harness_.start();
  RawConnection connection(harness_.endpoint());
  ASSERT_TRUE(connection.connected());
  for (int i = 0; i < 2; ++i) {
    ASSERT_TRUE(connection.write(get("/hello")));
    auto response = connection.read();
    ASSERT_TRUE(response) << connection.lastError.message();
    EXPECT_EQ(response->result_int(), 200u);
    EXPECT_EQ(response->body(), R"({"hello":"world"})");
    EXPECT_EQ((*response)[bhttp::field::content_type], "application/json");
    EXPECT_TRUE(response->keep_alive());
  }
  EXPECT_EQ(harness_.server().acceptedConnections(), 1u);
}

TEST_F(ServerTest, AnswersPipelinedRequestsInOrder) {
  harness_.start();
  RawConnection connection(harness_.endpoint());
  ASSERT_TRUE(connection.write(post("/echo", "first") + post("/echo", "second")));
  auto first = connection.read();
  auto second = connection.read();
  ASSERT_TRUE(first && second);
  EXPECT_EQ(first->body(), "first");
  EXPECT_EQ(second->body(), "second");
  EXPECT_EQ((*second)[bhttp::field::content_type], "text/plain");
  EXPECT_EQ(second->result_int(), 201u);
}

TEST_F(ServerTest, PassesParamsQueryAndHeadersToHandler) {
  harness_.start();
  RawConnection connection(harness_.endpoint());
  ASSERT_TRUE(connection.write(get("/things/a%20b?q=x+y", "X-Custom: hi\r\n")));
  auto response = connection.read();
  ASSERT_TRUE(response);
  EXPECT_EQ(response->body(), "a b|x y|hi");
  EXPECT_EQ((*response)["X-Extra"], "1");
}

TEST_F(ServerTest, EchoesSaneRequestIdAndGeneratesOtherwise) {
  harness_.start();
  RawConnection connection(harness_.endpoint());
  ASSERT_TRUE(connection.write(get("/hello", "X-Request-Id: caller-id_42\r\n")));
  auto echoed = connection.read();
  ASSERT_TRUE(echoed);
  EXPECT_EQ((*echoed)["X-Request-Id"], "caller-id_42");

  for (const char* header : {"", "X-Request-Id: has spaces!\r\n"}) {
    ASSERT_TRUE(connection.write(get("/hello", header)));
    auto generated = connection.read();
    ASSERT_TRUE(generated);
    std::string id((*generated)["X-Request-Id"]);
    EXPECT_EQ(id.size(), 16u) << id;
    EXPECT_EQ(id.find_first_not_of("0123456789abcdef"), std::string::npos) << id;
  }
}

TEST_F(ServerTest, OversizedBodyGets413AndConnectionCloses) {
  harness_.start(ServerOptions{.maxBodyBytes = 1024});
  RawConnection connection(harness_.endpoint());
  ASSERT_TRUE(connection.write(post("/echo", std::string(4096, 'x'))));
  auto response = connection.read();
  ASSERT_TRUE(response) << connection.lastError.message();
  EXPECT_EQ(response->result_int(), 413u);
  EXPECT_NE(response->body().find("PayloadTooLarge"), std::string::npos);
  EXPECT_FALSE(response->keep_alive());
  EXPECT_TRUE(connection.closedWithin(3s));
}

TEST_F(ServerTest, OversizedChunkedBodyGets413) {
  harness_.start(ServerOptions{.maxBodyBytes = 1024});
  RawConnection connection(harness_.endpoint());
  std::string chunk(800, 'y');
  ASSERT_TRUE(connection.write(
      "POST /echo HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n320\r\n" + chunk +
      "\r\n320\r\n" + chunk + "\r\n0\r\n\r\n"));
  auto response = connection.read();
  ASSERT_TRUE(response) << connection.lastError.message();
  EXPECT_EQ(response->result_int(), 413u);
}

TEST_F(ServerTest, BodyAtTheLimitIsAccepted) {
  harness_.start(ServerOptions{.maxBodyBytes = 1024});
  RawConnection connection(harness_.endpoint());
  ASSERT_TRUE(connection.write(post("/echo", std::string(1024, 'x'))));
  auto response = connection.read();
  ASSERT_TRUE(response);
  EXPECT_EQ(response->result_int(), 201u);
  EXPECT_EQ(response->body().size(), 1024u);
}

TEST_F(ServerTest, MalformedRequestGets400AndCloses) {
  harness_.start();
  RawConnection connection(harness_.endpoint());
  ASSERT_TRUE(connection.write("GET /hello HTTP/1.1\r\nNot a header line\r\n\r\n"));
  auto response = connection.read();
  ASSERT_TRUE(response) << connection.lastError.message();
  EXPECT_EQ(response->result_int(), 400u);
  EXPECT_NE(response->body().find("BadRequest"), std::string::npos);
  EXPECT_TRUE(connection.closedWithin(3s));
}

TEST_F(ServerTest, MalformedTargetGets400ButKeepsConnection) {
  harness_.start();
  RawConnection connection(harness_.endpoint());
  ASSERT_TRUE(connection.write(get("/bad%zz")));
  auto response = connection.read();
  ASSERT_TRUE(response);
  EXPECT_EQ(response->result_int(), 400u);
  ASSERT_TRUE(connection.write(get("/hello")));
  auto next = connection.read();
  ASSERT_TRUE(next);
  EXPECT_EQ(next->result_int(), 200u);
}

TEST_F(ServerTest, OversizedHeadGets431) {
  harness_.start(ServerOptions{.maxHeaderBytes = 1024});
  RawConnection connection(harness_.endpoint());
  ASSERT_TRUE(connection.write(get("/hello", "X-Big: " + std::string(2048, 'h') + "\r\n")));
  auto response = connection.read();
  ASSERT_TRUE(response) << connection.lastError.message();
  EXPECT_EQ(response->result_int(), 431u);
}

TEST_F(ServerTest, SlowClientIsCutOffAfterReadTimeout) {
  harness_.start(ServerOptions{.readTimeout = 200ms});
  RawConnection connection(harness_.endpoint());
  auto started = std::chrono::steady_clock::now();
  ASSERT_TRUE(connection.write("GET /hello HTTP/1.1\r\nHost: t\r\n"));  // head never finishes
  EXPECT_TRUE(connection.closedWithin(3s));
  EXPECT_GE(std::chrono::steady_clock::now() - started, 150ms);
}

TEST_F(ServerTest, IdleKeepAliveConnectionIsClosedAfterIdleTimeout) {
  harness_.start(ServerOptions{.idleTimeout = 200ms});
  RawConnection connection(harness_.endpoint());
  ASSERT_TRUE(connection.write(get("/hello")));
  ASSERT_TRUE(connection.read());
  EXPECT_TRUE(connection.closedWithin(3s));
}

TEST_F(ServerTest, HandlerExceptionBecomes500AndConnectionSurvives) {
  harness_.start();
  RawConnection connection(harness_.endpoint());
  ASSERT_TRUE(connection.write(get("/throw")));
  auto response = connection.read();
  ASSERT_TRUE(response);
  EXPECT_EQ(response->result_int(), 500u);
  EXPECT_NE(response->body().find("InternalServerError"), std::string::npos);
  EXPECT_EQ(response->body().find("boom"), std::string::npos);  // internals stay in the log
  ASSERT_TRUE(connection.write(get("/hello")));
  auto next = connection.read();
  ASSERT_TRUE(next);
  EXPECT_EQ(next->result_int(), 200u);
}

TEST_F(ServerTest, HandlerCanDropTheConnectionWithoutAnswering) {
  harness_.start();
  RawConnection connection(harness_.endpoint());
  ASSERT_TRUE(connection.write(post("/drop", "charge")));
  EXPECT_FALSE(connection.read());
  EXPECT_EQ(connection.lastError, bhttp::error::end_of_stream);
}

TEST_F(ServerTest, NoContentHasNoBodyOrLength) {
  harness_.start();
  RawConnection connection(harness_.endpoint());
  ASSERT_TRUE(connection.write("DELETE /empty HTTP/1.1\r\nHost: t\r\n\r\n"));
  auto response = connection.read();
  ASSERT_TRUE(response);
  EXPECT_EQ(response->result_int(), 204u);
  EXPECT_EQ(response->count(bhttp::field::content_length), 0u);
  EXPECT_EQ(response->count(bhttp::field::content_type), 0u);
}

TEST_F(ServerTest, DefaultErrorResponderRenders404And405) {
  harness_.start();
  RawConnection connection(harness_.endpoint());
  ASSERT_TRUE(connection.write(get("/nope", "X-Request-Id: r1\r\n")));
  auto notFound = connection.read();
  ASSERT_TRUE(notFound);
  EXPECT_EQ(notFound->result_int(), 404u);
  EXPECT_EQ(notFound->body(), R"({"error":{"errorId":"NotFound","description":"no such resource",)"
                              R"("diagnosticsId":"r1"}})");
  ASSERT_TRUE(connection.write(post("/hello", "")));
  auto notAllowed = connection.read();
  ASSERT_TRUE(notAllowed);
  EXPECT_EQ(notAllowed->result_int(), 405u);
  EXPECT_EQ((*notAllowed)[bhttp::field::allow], "GET");
}

TEST_F(ServerTest, CustomErrorResponderRendersServerErrors) {
  harness_.start(
      {}, [](unsigned status, std::string_view errorId, std::string_view, const Request& request) {
        Response response = Response::json(status, "custom:" + std::string(errorId));
        response.headers.emplace_back("X-Path", request.path);
        return response;
      });
  RawConnection connection(harness_.endpoint());
  ASSERT_TRUE(connection.write(get("/nope?secret=1")));
  auto response = connection.read();
  ASSERT_TRUE(response);
  EXPECT_EQ(response->result_int(), 404u);
  EXPECT_EQ(response->body(), "custom:NotFound");
  EXPECT_EQ((*response)["X-Path"], "/nope");
}

TEST_F(ServerTest, AnswersExpectContinueBeforeReadingBody) {
  harness_.start();
  RawConnection connection(harness_.endpoint());
  ASSERT_TRUE(connection.write(
      "POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 5\r\nExpect: 100-continue\r\n\r\n"));
  auto interim = connection.read();
  ASSERT_TRUE(interim);
  EXPECT_EQ(interim->result_int(), 100u);
  ASSERT_TRUE(connection.write("hello"));
  auto response = connection.read();
  ASSERT_TRUE(response);
  EXPECT_EQ(response->body(), "hello");
}

TEST_F(ServerTest, RejectsConnectionsBeyondTheLimitWith503) {
  harness_.start(ServerOptions{.maxConnections = 1});
  RawConnection first(harness_.endpoint());
  ASSERT_TRUE(first.write(get("/hello")));
  ASSERT_TRUE(first.read());  // now certainly admitted and held open by keep-alive
  RawConnection second(harness_.endpoint());
  auto rejected = second.read();
  ASSERT_TRUE(rejected) << second.lastError.message();
  EXPECT_EQ(rejected->result_int(), 503u);
  EXPECT_TRUE(second.closedWithin(3s));
}

TEST_F(ServerTest, GracefulStopFinishesInFlightRequestAndClosesIdleOnes) {
  harness_.start();
  RawConnection idle(harness_.endpoint());
  ASSERT_TRUE(idle.write(get("/hello")));
  ASSERT_TRUE(idle.read());

  RawConnection busy(harness_.endpoint());
  ASSERT_TRUE(busy.write(get("/slow")));
  waitFor(slowEntered_);

  std::atomic<bool> drained{false};
  std::chrono::steady_clock::time_point drainedAt;
  harness_.server().stop([&] {
    drainedAt = std::chrono::steady_clock::now();
    drained = true;
  });

  EXPECT_TRUE(idle.closedWithin(150ms));  // well before the slow handler finishes
  auto response = busy.read();
  ASSERT_TRUE(response) << busy.lastError.message();
  EXPECT_EQ(response->result_int(), 200u);
  EXPECT_EQ(response->body(), "slow done");
  EXPECT_FALSE(response->keep_alive());
  EXPECT_TRUE(busy.closedWithin(3s));
  waitFor(drained);
  EXPECT_GE(drainedAt, slowFinished_);

  RawConnection late(harness_.endpoint());
  EXPECT_FALSE(late.connected());  // no longer accepting
}

TEST_F(ServerTest, AccessLogHasRequestFieldsButNeverQueryOrHeaders) {
  std::string logPath = ::testing::TempDir() + "http_access_log_test.jsonl";
  std::remove(logPath.c_str());
  log::setOutputFile(logPath);
  log::setLevel(log::Level::kDebug);
  harness_.start();
  RawConnection connection(harness_.endpoint());
  ASSERT_TRUE(connection.write(
      get("/things/t1?card=4111111111111111", "X-Api-Key: sk_secret\r\nX-Request-Id: acc-1\r\n")));
  ASSERT_TRUE(connection.read());
  harness_.shutdown();  // the log line is written after the response; wait for the server
  log::setLevel(log::Level::kInfo);
  log::setOutputFile("");

  std::ifstream file(logPath);
  std::string line, accessLine;
  while (std::getline(file, line)) {
    if (line.find("\"http request\"") != std::string::npos) accessLine = line;
  }
  ASSERT_FALSE(accessLine.empty());
  for (const char* expected :
       {R"("method":"GET")", R"("path":"/things/t1")", R"("status":200)", R"("duration_us":)",
        R"("request_id":"acc-1")", R"("level":"info")"}) {
    EXPECT_NE(accessLine.find(expected), std::string::npos) << expected << " in " << accessLine;
  }
  EXPECT_EQ(accessLine.find("4111"), std::string::npos);
  EXPECT_EQ(accessLine.find("sk_secret"), std::string::npos);
}

TEST_F(ServerTest, StopWithNoConnectionsDrainsAtOnce) {
  harness_.start();
  EXPECT_TRUE(harness_.stopAndWait(1000ms));
}

TEST(ServerListenTest, FailsWhenPortIsTaken) {
  ServerHarness first;
  first.start();
  asio::io_context ioc;
  Router router;
  Server second(ioc, {}, router);
  auto bound = second.listen(first.endpoint());
  ASSERT_FALSE(bound.isOk());
  EXPECT_EQ(bound.status().code(), StatusCode::kUnavailable);
}

}  // namespace
}  // namespace sy::http
