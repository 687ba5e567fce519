#include "http/client.h"

#include <gtest/gtest.h>

#include <atomic>
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>

#include "http/test_harness.h"

namespace sy::http {
namespace {

using namespace sy::http::testing;
using boost::beast::http::verb;

ClientRequest getRequest(const tcp::endpoint& endpoint, std::string_view path) {
  ClientRequest request;
  request.url = "http://127.0.0.1:" + std::to_string(endpoint.port()) + std::string(path);
  return request;
}

// A bare TCP server whose connections follow a script: for faults our Server never produces.
class ScriptedServer {
 public:
  using Script = std::function<asio::awaitable<void>(tcp::socket, int index)>;

  ScriptedServer(asio::io_context& ioc, Script script)
      : acceptor_(std::make_shared<tcp::acceptor>(
            ioc, tcp::endpoint(asio::ip::make_address("127.0.0.1"), 0))) {
    asio::co_spawn(ioc, acceptLoop(acceptor_, std::move(script), accepted_), asio::detached);
  }

  tcp::endpoint endpoint() const { return acceptor_->local_endpoint(); }
  int accepted() const { return *accepted_; }

 private:
  static asio::awaitable<void> acceptLoop(std::shared_ptr<tcp::acceptor> acceptor, Script script,
                                          std::shared_ptr<std::atomic<int>> accepted) {
    for (int index = 0;; ++index) {
      auto [ec, socket] = co_await acceptor->async_accept(asio::as_tuple(asio::use_awaitable));
      if (ec) co_return;
      ++*accepted;
      asio::co_spawn(acceptor->get_executor(), script(std::move(socket), index), asio::detached);
    }
  }

  std::shared_ptr<tcp::acceptor> acceptor_;
  std::shared_ptr<std::atomic<int>> accepted_ = std::make_shared<std::atomic<int>>(0);
};

asio::awaitable<void> readOneRequest(tcp::socket& socket, beast::flat_buffer& buffer) {
  bhttp::request<bhttp::string_body> request;
  co_await bhttp::async_read(socket, buffer, request, asio::as_tuple(asio::use_awaitable));
}

asio::awaitable<void> writeRaw(tcp::socket& socket, std::string data) {
  co_await asio::async_write(socket, asio::buffer(data), asio::as_tuple(asio::use_awaitable));
}

class HttpClientTest : public ::testing::Test {
 protected:
  void SetUp() override {
    Router& router = harness_.router();
    router.add(verb::get, "/hello", [](Request&) -> asio::awaitable<Response> {
      co_return Response::json(200, R"({"hello":"world"})");
    });
    router.add(verb::post, "/echo", [](Request& request) -> asio::awaitable<Response> {
      Response response = Response::json(200, request.body);
      response.headers.emplace_back("X-Seen-Content-Type", request.header("content-type"));
      response.headers.emplace_back("X-Seen-Custom", request.header("x-custom"));
      response.headers.emplace_back("X-Seen-Query", request.queryParam("q").value_or(""));
      co_return response;
    });
    router.add(verb::get, "/sleep", [](Request&) -> asio::awaitable<Response> {
      asio::steady_timer timer(co_await asio::this_coro::executor, 500ms);
      co_await timer.async_wait(asio::use_awaitable);
      co_return Response::json(200, "late");
    });
  }

  ServerHarness harness_;
};

TEST_F(HttpClientTest, RoundTripReusesOnePooledConnection) {
  harness_.start();
  HttpClient client(harness_.ioc().get_executor());
  for (int i = 0; i < 2; ++i) {
    auto response = sendAndWait(harness_.ioc(), client, getRequest(harness_.endpoint(), "/hello"));
    ASSERT_TRUE(response.isOk()) << response.status().toString();
    EXPECT_EQ(response->status, 200u);
    EXPECT_EQ(response->body, R"({"hello":"world"})");
    EXPECT_EQ(response->header("content-type"), "application/json");
    EXPECT_EQ(response->header("x-request-id").size(), 16u);
  }
  EXPECT_EQ(harness_.server().acceptedConnections(), 1u);
  EXPECT_EQ(client.connectionsOpened(), 1u);
  EXPECT_EQ(client.idleConnections(), 1u);
}

TEST_F(HttpClientTest, SendsBodyHeadersQueryAndContentType) {
  harness_.start();
  HttpClient client(harness_.ioc().get_executor());
  ClientRequest request = getRequest(harness_.endpoint(), "/echo?q=a%20b");
  request.method = verb::post;
  request.body = "amount=100";
  request.contentType = "application/x-www-form-urlencoded";
  request.headers.emplace_back("X-Custom", "yes");
  auto response = sendAndWait(harness_.ioc(), client, request);
  ASSERT_TRUE(response.isOk()) << response.status().toString();
  EXPECT_EQ(response->body, "amount=100");
  EXPECT_EQ(response->header("X-Seen-Content-Type"), "application/x-www-form-urlencoded");
  EXPECT_EQ(response->header("X-Seen-Custom"), "yes");
  EXPECT_EQ(response->header("X-Seen-Query"), "a b");
}

TEST_F(HttpClientTest, ErrorStatusesAreResponsesNotErrors) {
  harness_.start();
  HttpClient client(harness_.ioc().get_executor());
  auto response = sendAndWait(harness_.ioc(), client, getRequest(harness_.endpoint(), "/missing"));
  ASSERT_TRUE(response.isOk());
  EXPECT_EQ(response->status, 404u);
}

TEST_F(HttpClientTest, DeadlineExceededAgainstSlowHandler) {
  harness_.start();
  HttpClient client(harness_.ioc().get_executor());
  auto started = std::chrono::steady_clock::now();
  auto response =
      sendAndWait(harness_.ioc(), client, getRequest(harness_.endpoint(), "/sleep"), 100ms);
  auto elapsed = std::chrono::steady_clock::now() - started;
  ASSERT_FALSE(response.isOk());
  EXPECT_EQ(response.status().code(), StatusCode::kDeadlineExceeded);
  EXPECT_NE(response.status().message().find("outcome unknown"), std::string::npos);
  EXPECT_GE(elapsed, 90ms);
  EXPECT_LT(elapsed, 450ms);
  EXPECT_EQ(client.idleConnections(), 0u);  // a timed-out connection is never reused
}

TEST_F(HttpClientTest, ConnectRefusedIsUnavailable) {
  harness_.start();
  tcp::endpoint closed;
  {
    tcp::acceptor probe(harness_.ioc(), tcp::endpoint(asio::ip::make_address("127.0.0.1"), 0));
    closed = probe.local_endpoint();
  }  // closed again: nothing listens there now
  HttpClient client(harness_.ioc().get_executor());
  auto response = sendAndWait(harness_.ioc(), client, getRequest(closed, "/hello"));
  ASSERT_FALSE(response.isOk());
  EXPECT_EQ(response.status().code(), StatusCode::kUnavailable);
  EXPECT_NE(response.status().message().find("connect failed"), std::string::npos);
}

TEST_F(HttpClientTest, RejectsUnsupportedUrls) {
  harness_.start();
  HttpClient client(harness_.ioc().get_executor());
  for (const char* url : {"ftp://example.com/", "not a url", "/relative", "http:///nohost",
                          "https:///nohost", "http://example.com:0/", "https://example.com:0/"}) {
    ClientRequest request;
    request.url = url;
    auto response = sendAndWait(harness_.ioc(), client, request);
    ASSERT_FALSE(response.isOk()) << url;
    EXPECT_EQ(response.status().code(), StatusCode::kInvalidArgument) << url;
  }
}

TEST_F(HttpClientTest, ResolvesHostNames) {
  harness_.start();
  HttpClient client(harness_.ioc().get_executor());
  ClientRequest request;
  request.url = "http://localhost:" + std::to_string(harness_.endpoint().port()) + "/hello";
  auto response = sendAndWait(harness_.ioc(), client, request);
  ASSERT_TRUE(response.isOk()) << response.status().toString();
  EXPECT_EQ(response->status, 200u);
}

TEST_F(HttpClientTest, ConcurrentSendsEachGetAConnectionThenShareThePool) {
  harness_.start();
  HttpClient client(harness_.ioc().get_executor());
  constexpr int kConcurrent = 16;
  std::vector<std::future<bool>> results;
  for (int i = 0; i < kConcurrent; ++i) {
    results.push_back(std::async(std::launch::async, [&] {
      auto response =
          sendAndWait(harness_.ioc(), client, getRequest(harness_.endpoint(), "/hello"));
      return response.isOk() && response->status == 200;
    }));
  }
  for (auto& result : results) EXPECT_TRUE(result.get());
  uint64_t opened = client.connectionsOpened();
  EXPECT_LE(opened, static_cast<uint64_t>(kConcurrent));
  EXPECT_EQ(client.idleConnections(), opened);
  for (int i = 0; i < 5; ++i) {
    ASSERT_TRUE(
        sendAndWait(harness_.ioc(), client, getRequest(harness_.endpoint(), "/hello")).isOk());
  }
  EXPECT_EQ(client.connectionsOpened(), opened);  // sequential sends reuse pooled connections
}

TEST_F(HttpClientTest, IdleConnectionClosedByServerIsDetectedBeforeReuse) {
  harness_.start(ServerOptions{.idleTimeout = 100ms});
  HttpClient client(harness_.ioc().get_executor());
  ASSERT_TRUE(
      sendAndWait(harness_.ioc(), client, getRequest(harness_.endpoint(), "/hello")).isOk());
  std::this_thread::sleep_for(300ms);  // the server closes the idle connection meanwhile
  auto response = sendAndWait(harness_.ioc(), client, getRequest(harness_.endpoint(), "/hello"));
  ASSERT_TRUE(response.isOk()) << response.status().toString();
  EXPECT_EQ(harness_.server().acceptedConnections(), 2u);
}

TEST_F(HttpClientTest, StaleConnectionIsNotRetriedOnceTheRequestWasWritten) {
  harness_.start(ServerOptions{.idleTimeout = 100ms});
  HttpClient client(harness_.ioc().get_executor(), ClientOptions{.probeIdleConnections = false});
  ASSERT_TRUE(
      sendAndWait(harness_.ioc(), client, getRequest(harness_.endpoint(), "/hello")).isOk());
  std::this_thread::sleep_for(300ms);
  // The write lands in the kernel buffer of a half-closed socket; the read then sees the close.
  // The request may have reached the server, so the client must not resend it.
  auto response = sendAndWait(harness_.ioc(), client, getRequest(harness_.endpoint(), "/hello"));
  ASSERT_FALSE(response.isOk());
  EXPECT_EQ(response.status().code(), StatusCode::kUnavailable);
  EXPECT_NE(response.status().message().find("outcome unknown"), std::string::npos);
  EXPECT_EQ(harness_.server().acceptedConnections(), 1u);
}

TEST_F(HttpClientTest, WriteFailureOnPooledConnectionIsRetriedOnceOnAFreshOne) {
  harness_.start();
  // Connection 0 answers once with keep-alive, then resets; connection 1 answers normally.
  ScriptedServer scripted(
      harness_.ioc(), [](tcp::socket socket, int index) -> asio::awaitable<void> {
        beast::flat_buffer buffer;
        co_await readOneRequest(socket, buffer);
        co_await writeRaw(socket, "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok");
        if (index == 0) {
          beast::error_code ignored;
          socket.set_option(asio::socket_base::linger(true, 0), ignored);  // close sends RST
          socket.close(ignored);
          co_return;
        }
        co_await readOneRequest(socket, buffer);
      });
  HttpClient client(harness_.ioc().get_executor(), ClientOptions{.probeIdleConnections = false});
  ASSERT_TRUE(sendAndWait(harness_.ioc(), client, getRequest(scripted.endpoint(), "/")).isOk());
  std::this_thread::sleep_for(100ms);  // let the RST arrive
  auto response = sendAndWait(harness_.ioc(), client, getRequest(scripted.endpoint(), "/"));
  ASSERT_TRUE(response.isOk()) << response.status().toString();
  EXPECT_EQ(response->body, "ok");
  EXPECT_EQ(scripted.accepted(), 2);
}

TEST_F(HttpClientTest, GarbledResponseIsUnavailableWithUnknownOutcome) {
  harness_.start();
  ScriptedServer scripted(harness_.ioc(), [](tcp::socket socket, int) -> asio::awaitable<void> {
    beast::flat_buffer buffer;
    co_await readOneRequest(socket, buffer);
    co_await writeRaw(socket, "SMTP ready\r\n\r\n");
  });
  HttpClient client(harness_.ioc().get_executor());
  auto response = sendAndWait(harness_.ioc(), client, getRequest(scripted.endpoint(), "/"));
  ASSERT_FALSE(response.isOk());
  EXPECT_EQ(response.status().code(), StatusCode::kUnavailable);
  EXPECT_NE(response.status().message().find("outcome unknown"), std::string::npos);
}

TEST_F(HttpClientTest, ConnectionDroppedAfterRequestIsUnknownOutcomeAndNotRetried) {
  harness_.start();
  ScriptedServer scripted(harness_.ioc(), [](tcp::socket socket, int) -> asio::awaitable<void> {
    beast::flat_buffer buffer;
    co_await readOneRequest(socket, buffer);
    socket.close();
  });
  HttpClient client(harness_.ioc().get_executor());
  auto response = sendAndWait(harness_.ioc(), client, getRequest(scripted.endpoint(), "/"));
  ASSERT_FALSE(response.isOk());
  EXPECT_EQ(response.status().code(), StatusCode::kUnavailable);
  EXPECT_NE(response.status().message().find("outcome unknown"), std::string::npos);
  EXPECT_EQ(scripted.accepted(), 1);
}

TEST_F(HttpClientTest, ConnectionCloseResponseIsNotPooledAndInterimResponsesAreSkipped) {
  harness_.start();
  ScriptedServer scripted(harness_.ioc(), [](tcp::socket socket, int) -> asio::awaitable<void> {
    beast::flat_buffer buffer;
    co_await readOneRequest(socket, buffer);
    co_await writeRaw(
        socket,
        "HTTP/1.1 100 Continue\r\n\r\n"
        "HTTP/1.1 202 Accepted\r\nConnection: close\r\nContent-Length: 4\r\n\r\ndone");
  });
  HttpClient client(harness_.ioc().get_executor());
  for (int i = 0; i < 2; ++i) {
    auto response = sendAndWait(harness_.ioc(), client, getRequest(scripted.endpoint(), "/"));
    ASSERT_TRUE(response.isOk()) << response.status().toString();
    EXPECT_EQ(response->status, 202u);
    EXPECT_EQ(response->body, "done");
  }
  EXPECT_EQ(client.idleConnections(), 0u);
  EXPECT_EQ(scripted.accepted(), 2);
}

}  // namespace
}  // namespace sy::http
