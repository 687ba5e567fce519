// HttpClient over https:// against a TLS server on loopback whose certificates are made at test
// time (test_certificates.h). Nothing here reaches beyond 127.0.0.1.
#include <gtest/gtest.h>
#include <openssl/ssl.h>

#include <atomic>
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/ssl/ssl_stream.hpp>
#include <filesystem>
#include <mutex>

#include "http/client.h"
#include "http/test_certificates.h"
#include "http/test_harness.h"
#include "http/tls_context.h"

namespace sy::http {
namespace {

using namespace sy::http::testing;
using boost::beast::http::verb;
namespace ssl = asio::ssl;
constexpr auto kNoThrow = asio::as_tuple(asio::use_awaitable);

// An HTTPS server on 127.0.0.1:0 presenting `identity`. It answers every request with
// "<method> <target> <body>" and keeps the connection open, closing it after `idleTimeout` without
// a request. With `answerHandshakes` false it accepts TCP connections and then stays silent.
class TlsTestServer {
 public:
  struct Options {
    bool answerHandshakes = true;
    std::chrono::milliseconds idleTimeout{5000};
  };

  TlsTestServer(asio::io_context& ioc, const TestIdentity& identity, Options options)
      : state_(std::make_shared<State>(ioc, options)) {
    state_->context.use_certificate_chain(asio::buffer(identity.certificatePem));
    state_->context.use_private_key(asio::buffer(identity.privateKeyPem), ssl::context::pem);
    asio::co_spawn(state_->acceptor.get_executor(), acceptLoop(state_), asio::detached);
  }
  TlsTestServer(asio::io_context& ioc, const TestIdentity& identity)
      : TlsTestServer(ioc, identity, Options{}) {}
  ~TlsTestServer() {  // on the acceptor's strand: the accept loop may be running on another thread
    asio::post(state_->acceptor.get_executor(), [state = state_] {
      beast::error_code ignored;
      state->acceptor.close(ignored);
    });
  }

  unsigned short port() const { return state_->port; }
  int accepted() const { return state_->accepted; }      // TCP connections
  int handshakes() const { return state_->handshakes; }  // completed TLS handshakes
  int requests() const { return state_->requests; }      // HTTP requests received
  std::string lastServerName() const {                   // SNI of the last handshake
    std::lock_guard lock(state_->mu);
    return state_->serverName;
  }

 private:
  // Shared with the coroutines, which may outlive the server object by a moment.
  struct State {
    State(asio::io_context& io, Options opts)
        : ioc(io),
          options(opts),
          acceptor(asio::make_strand(io), tcp::endpoint(asio::ip::make_address("127.0.0.1"), 0)),
          port(acceptor.local_endpoint().port()) {}
    asio::io_context& ioc;
    const Options options;
    ssl::context context{ssl::context::tls_server};
    tcp::acceptor acceptor;  // used on its own strand only
    const unsigned short port;
    std::atomic<int> accepted{0}, handshakes{0}, requests{0};
    mutable std::mutex mu;
    std::string serverName;  // mu
  };
  using StatePtr = std::shared_ptr<State>;

  static asio::awaitable<void> acceptLoop(StatePtr state) {
    while (true) {
      // Each connection on its own strand: Beast's timeouts need one with two io threads.
      auto strand = asio::make_strand(state->ioc);
      auto [ec, socket] = co_await state->acceptor.async_accept(strand, kNoThrow);
      if (ec) co_return;
      ++state->accepted;
      asio::co_spawn(socket.get_executor(), serve(state, std::move(socket)), asio::detached);
    }
  }

  static asio::awaitable<void> serve(StatePtr state, tcp::socket socket) {
    beast::ssl_stream<beast::tcp_stream> stream(beast::tcp_stream(std::move(socket)),
                                                state->context);
    auto& lowest = beast::get_lowest_layer(stream);
    if (!state->options.answerHandshakes) {
      char scratch[1024];  // read and drop the ClientHello until the client gives up
      const asio::mutable_buffer into = asio::buffer(scratch);
      while (true) {
        lowest.expires_after(10s);
        auto [ec, n] = co_await lowest.async_read_some(into, kNoThrow);
        if (ec) co_return;
      }
    }
    lowest.expires_after(5s);
    auto [handshakeEc] = co_await stream.async_handshake(ssl::stream_base::server, kNoThrow);
    if (handshakeEc) co_return;
    ++state->handshakes;
    if (const char* name = SSL_get_servername(stream.native_handle(), TLSEXT_NAMETYPE_host_name)) {
      std::lock_guard lock(state->mu);
      state->serverName = name;
    }
    beast::flat_buffer buffer;
    while (true) {
      bhttp::request<bhttp::string_body> request;
      lowest.expires_after(state->options.idleTimeout);
      auto [readEc, read] = co_await bhttp::async_read(stream, buffer, request, kNoThrow);
      if (readEc) co_return;  // includes the idle timeout, which closes the socket
      ++state->requests;
      bhttp::response<bhttp::string_body> response{bhttp::status::ok, 11};
      response.body() = std::string(request.method_string()) + " " + std::string(request.target()) +
                        " " + request.body();
      response.keep_alive(request.keep_alive());
      response.prepare_payload();
      lowest.expires_after(5s);
      auto [writeEc, written] = co_await bhttp::async_write(stream, response, kNoThrow);
      if (writeEc || !request.keep_alive()) co_return;
    }
  }

  StatePtr state_;
};

// The CA and server identity are made once: key generation is the slow part.
class HttpsClientTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    ca_ = std::make_unique<TestCertificateAuthority>();
    identity_ = std::make_unique<TestIdentity>(ca_->issueServerCertificate());
    caFile_ = ca_->writeCertificateFile(::testing::TempDir());
  }
  static void TearDownTestSuite() {
    std::filesystem::remove(caFile_);
    ca_.reset();
    identity_.reset();
  }

  void SetUp() override {
    harness_.router().add(verb::get, "/plain", [](Request&) -> asio::awaitable<Response> {
      co_return Response::json(200, R"({"plain":true})");
    });
    harness_.start();
  }

  // Options of a client that trusts the test CA (besides the system's CAs).
  static ClientOptions trustingTestCa() {
    auto context = makeTlsClientContext({.extraCaFile = caFile_});
    EXPECT_TRUE(context.isOk()) << context.status().toString();
    ClientOptions options;
    if (context) options.tlsContext = *context;
    return options;
  }

  static ClientRequest request(verb method, const std::string& url, std::string body = "") {
    ClientRequest r;
    r.method = method;
    r.url = url;
    r.body = std::move(body);
    if (!r.body.empty()) r.contentType = "text/plain";
    return r;
  }

  static std::string httpsUrl(const TlsTestServer& server, const std::string& path,
                              const std::string& host = "127.0.0.1") {
    return "https://" + host + ":" + std::to_string(server.port()) + path;
  }

  static inline std::unique_ptr<TestCertificateAuthority> ca_;
  static inline std::unique_ptr<TestIdentity> identity_;
  static inline std::string caFile_;  // ca_'s certificate, for makeTlsClientContext
  ServerHarness harness_;
};

TEST_F(HttpsClientTest, GetAndPostWithTheCaTrustedOverOneKeptAliveConnection) {
  TlsTestServer server(harness_.ioc(), *identity_);
  HttpClient client(harness_.ioc().get_executor(), trustingTestCa());

  auto got = sendAndWait(harness_.ioc(), client, request(verb::get, httpsUrl(server, "/a?b=c")));
  ASSERT_TRUE(got.isOk()) << got.status().toString();
  EXPECT_EQ(got->status, 200u);
  EXPECT_EQ(got->body, "GET /a?b=c ");

  auto posted = sendAndWait(harness_.ioc(), client,
                            request(verb::post, httpsUrl(server, "/pay"), "amount=100"));
  ASSERT_TRUE(posted.isOk()) << posted.status().toString();
  EXPECT_EQ(posted->body, "POST /pay amount=100");

  EXPECT_EQ(server.accepted(), 1);
  EXPECT_EQ(server.handshakes(), 1);
  EXPECT_EQ(server.requests(), 2);
  EXPECT_EQ(client.connectionsOpened(), 1u);
  EXPECT_EQ(client.idleConnections(), 1u);
  EXPECT_EQ(server.lastServerName(), "");  // no SNI for an IP address (RFC 6066)
}

TEST_F(HttpsClientTest, HostNameIsSentAsSniAndMatchedAgainstTheCertificate) {
  TlsTestServer server(harness_.ioc(), *identity_);
  HttpClient client(harness_.ioc().get_executor(), trustingTestCa());
  auto response =
      sendAndWait(harness_.ioc(), client, request(verb::get, httpsUrl(server, "/", "localhost")));
  ASSERT_TRUE(response.isOk()) << response.status().toString();
  EXPECT_EQ(response->body, "GET / ");
  EXPECT_EQ(server.lastServerName(), "localhost");
}

TEST_F(HttpsClientTest, UntrustedCertificateFailsTheHandshakeAndNothingIsDelivered) {
  TlsTestServer server(harness_.ioc(), *identity_);
  // Trusts another throwaway CA (and the system's), not the one that signed the server's.
  TestCertificateAuthority stranger("Some Other CA");
  std::string strangerFile = stranger.writeCertificateFile(::testing::TempDir());
  auto context = makeTlsClientContext({.extraCaFile = strangerFile});
  std::filesystem::remove(strangerFile);
  ASSERT_TRUE(context.isOk()) << context.status().toString();
  HttpClient client(harness_.ioc().get_executor(), ClientOptions{.tlsContext = *context});

  auto response =
      sendAndWait(harness_.ioc(), client, request(verb::post, httpsUrl(server, "/pay"), "x=1"));
  ASSERT_FALSE(response.isOk());
  EXPECT_EQ(response.status().code(), StatusCode::kUnavailable);
  const std::string& message = response.status().message();
  EXPECT_NE(message.find("TLS handshake with 127.0.0.1:" + std::to_string(server.port()) +
                         " failed: certificate verify failed"),
            std::string::npos)
      << message;
  EXPECT_NE(message.find("unable to get local issuer certificate"), std::string::npos) << message;
  EXPECT_NE(message.find("request not sent"), std::string::npos) << message;
  EXPECT_EQ(server.accepted(), 1);
  EXPECT_EQ(server.handshakes(), 0);
  EXPECT_EQ(server.requests(), 0);
  EXPECT_EQ(client.idleConnections(), 0u);
}

TEST_F(HttpsClientTest, CertificateForAnotherHostFailsForANameAndForAnAddress) {
  TestIdentity elsewhere = ca_->issueServerCertificate("DNS:elsewhere.test");
  TlsTestServer server(harness_.ioc(), elsewhere);
  HttpClient client(harness_.ioc().get_executor(), trustingTestCa());
  const std::pair<std::string, std::string> hostsAndVerdicts[] = {
      {"localhost", "hostname mismatch"}, {"127.0.0.1", "IP address mismatch"}};
  for (const auto& [host, verdict] : hostsAndVerdicts) {
    auto response =
        sendAndWait(harness_.ioc(), client, request(verb::get, httpsUrl(server, "/", host)));
    ASSERT_FALSE(response.isOk()) << host;
    EXPECT_EQ(response.status().code(), StatusCode::kUnavailable) << host;
    const std::string& message = response.status().message();
    EXPECT_NE(message.find("TLS handshake with " + host + ":"), std::string::npos) << message;
    EXPECT_NE(message.find("certificate verify failed"), std::string::npos) << message;
    EXPECT_NE(message.find(verdict), std::string::npos) << message;
  }
  EXPECT_EQ(server.handshakes(), 0);
  EXPECT_EQ(server.requests(), 0);
}

TEST_F(HttpsClientTest, PlainHttpStillWorksBesideHttpsOnOneClient) {
  TlsTestServer server(harness_.ioc(), *identity_);
  HttpClient client(harness_.ioc().get_executor(), trustingTestCa());
  const std::string plainUrl =
      "http://127.0.0.1:" + std::to_string(harness_.endpoint().port()) + "/plain";
  for (int i = 0; i < 2; ++i) {
    auto plain = sendAndWait(harness_.ioc(), client, request(verb::get, plainUrl));
    ASSERT_TRUE(plain.isOk()) << plain.status().toString();
    EXPECT_EQ(plain->body, R"({"plain":true})");
    auto secure = sendAndWait(harness_.ioc(), client, request(verb::get, httpsUrl(server, "/s")));
    ASSERT_TRUE(secure.isOk()) << secure.status().toString();
    EXPECT_EQ(secure->body, "GET /s ");
  }
  // One pooled connection per origin, each reused.
  EXPECT_EQ(harness_.server().acceptedConnections(), 1u);
  EXPECT_EQ(server.accepted(), 1);
  EXPECT_EQ(client.connectionsOpened(), 2u);
  EXPECT_EQ(client.idleConnections(), 2u);
}

TEST_F(HttpsClientTest, HttpsToAPlaintextServerFailsWithoutSendingTheRequest) {
  HttpClient client(harness_.ioc().get_executor(), trustingTestCa());
  const std::string url =
      "https://127.0.0.1:" + std::to_string(harness_.endpoint().port()) + "/plain";
  auto response = sendAndWait(harness_.ioc(), client, request(verb::get, url));
  ASSERT_FALSE(response.isOk());
  EXPECT_EQ(response.status().code(), StatusCode::kUnavailable);
  EXPECT_NE(response.status().message().find("TLS handshake with"), std::string::npos)
      << response.status().message();
  EXPECT_NE(response.status().message().find("request not sent"), std::string::npos);
}

TEST_F(HttpsClientTest, DeadlineFiresWhenTheServerNeverAnswersTheHandshake) {
  TlsTestServer server(harness_.ioc(), *identity_, {.answerHandshakes = false});
  HttpClient client(harness_.ioc().get_executor(), trustingTestCa());
  auto started = std::chrono::steady_clock::now();
  auto response =
      sendAndWait(harness_.ioc(), client, request(verb::get, httpsUrl(server, "/")), 150ms);
  auto elapsed = std::chrono::steady_clock::now() - started;
  ASSERT_FALSE(response.isOk());
  EXPECT_EQ(response.status().code(), StatusCode::kDeadlineExceeded);
  EXPECT_NE(response.status().message().find("TLS handshake"), std::string::npos)
      << response.status().message();
  EXPECT_NE(response.status().message().find("request not sent"), std::string::npos);
  EXPECT_GE(elapsed, 140ms);
  EXPECT_LT(elapsed, 1000ms);
  EXPECT_EQ(server.accepted(), 1);
  EXPECT_EQ(client.idleConnections(), 0u);
}

TEST_F(HttpsClientTest, IdleConnectionClosedByServerIsReplacedBeforeReuse) {
  TlsTestServer server(harness_.ioc(), *identity_, {.idleTimeout = 100ms});
  HttpClient client(harness_.ioc().get_executor(), trustingTestCa());
  ASSERT_TRUE(
      sendAndWait(harness_.ioc(), client, request(verb::get, httpsUrl(server, "/1"))).isOk());
  std::this_thread::sleep_for(300ms);  // the server closes the idle connection meanwhile
  auto response = sendAndWait(harness_.ioc(), client, request(verb::get, httpsUrl(server, "/2")));
  ASSERT_TRUE(response.isOk()) << response.status().toString();
  EXPECT_EQ(response->body, "GET /2 ");
  EXPECT_EQ(server.accepted(), 2);
  EXPECT_EQ(server.requests(), 2);
}

}  // namespace
}  // namespace sy::http
