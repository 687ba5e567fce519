#include "http/client.h"

#include <openssl/ssl.h>
#include <openssl/x509_vfy.h>
#include <openssl/x509v3.h>
#include <sys/socket.h>

#include <atomic>
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/message.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/http/write.hpp>
#include <boost/beast/ssl/ssl_stream.hpp>
#include <boost/url/parse.hpp>
#include <boost/url/url_view.hpp>
#include <cerrno>
#include <mutex>
#include <optional>
#include <unordered_map>
#include <variant>

#include "http/tls_context.h"

namespace sy::http {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = beast::http;
namespace ssl = asio::ssl;
using tcp = asio::ip::tcp;
using TlsStream = beast::ssl_stream<beast::tcp_stream>;
using SteadyClock = std::chrono::steady_clock;

namespace {

constexpr auto kNoThrow = asio::as_tuple(asio::use_awaitable);

struct Target {
  bool tls = false;  // https://
  std::string host;  // to connect to: a name or an IP literal without brackets
  std::string port;  // decimal, for the resolver
  unsigned short portNumber = 80;
  std::string hostHeader;  // "host[:port]" as written in the URL
  std::string pathAndQuery;
  // "http://host:port" or "https://host:port": connections are shared only within one origin.
  std::string poolKey;
};

Result<Target> parseTarget(std::string_view url) {
  auto parsed = boost::urls::parse_absolute_uri(url);
  if (!parsed) return invalidArgument("malformed URL");
  const boost::urls::url_view& view = *parsed;
  if (view.scheme_id() != boost::urls::scheme::http &&
      view.scheme_id() != boost::urls::scheme::https) {
    return invalidArgument("unsupported URL scheme: " + std::string(view.scheme()));
  }
  if (!view.has_authority() || view.encoded_host().empty()) {
    return invalidArgument("URL has no host");
  }
  Target target;
  target.tls = view.scheme_id() == boost::urls::scheme::https;
  target.portNumber = target.tls ? 443 : 80;
  target.host = view.host_address();
  if (view.has_port() && !view.port().empty()) {
    if (view.port_number() == 0) return invalidArgument("URL has a bad port");
    target.portNumber = view.port_number();
  }
  target.port = std::to_string(target.portNumber);
  target.hostHeader = view.encoded_host_and_port();
  target.pathAndQuery = view.encoded_path().empty() ? "/" : std::string(view.encoded_path());
  if (view.has_query()) target.pathAndQuery += "?" + std::string(view.encoded_query());
  target.poolKey = (target.tls ? "https://" : "http://") + target.host + ":" + target.port;
  return target;
}

// One keep-alive connection: plain TCP, or TLS over TCP. Either way the tcp_stream at the bottom
// carries the timeouts and its executor is the connection's strand. A connection is dropped by
// closing the socket without a TLS close_notify: HTTP/1.1 frames its messages, so a truncated
// close cannot be mistaken for a complete response.
struct ClientConnection {
  explicit ClientConnection(asio::any_io_executor strand)
      : stream(std::in_place_type<beast::tcp_stream>, std::move(strand)) {}
  ClientConnection(asio::any_io_executor strand, ssl::context& tls)
      : stream(std::in_place_type<TlsStream>, std::move(strand), tls) {}

  beast::tcp_stream& tcp() {
    return std::visit([](auto& s) -> beast::tcp_stream& { return beast::get_lowest_layer(s); },
                      stream);
  }

  std::variant<beast::tcp_stream, TlsStream> stream;
  beast::flat_buffer buffer;
  SteadyClock::time_point idleSince;
};

// True unless the peer already closed (FIN or RST) or sent unsolicited bytes: then the
// connection must not carry another request. A non-blocking peek; the socket has no pending ops.
// On TLS any pending record (a close_notify, say) counts as unsolicited: discarding is the safe
// side.
bool stillOpen(ClientConnection& connection) {
  char byte;
  ssize_t n = ::recv(connection.tcp().socket().native_handle(), &byte, 1, MSG_PEEK | MSG_DONTWAIT);
  return n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK);
}

bool isPeerClosed(const beast::error_code& ec) {
  return ec == asio::error::broken_pipe || ec == asio::error::connection_reset ||
         ec == asio::error::connection_aborted || ec == asio::error::eof ||
         ec == asio::error::not_connected;
}

// Result of one attempt. Default-constructible because co_spawn needs that of its value type.
struct ExchangeOutcome {
  std::optional<ClientResponse> response;
  Status status;                                // set when !response
  bool notDeliveredOnPooledConnection = false;  // stale keep-alive: a fresh retry is safe
  bool reusable = false;                        // the connection may carry another request

  static ExchangeOutcome failure(Status status) {
    ExchangeOutcome outcome;
    outcome.status = std::move(status);
    return outcome;
  }
};

}  // namespace

struct HttpClient::Pool {
  Pool(asio::any_io_executor ex, ClientOptions opts)
      : executor(std::move(ex)), options(std::move(opts)), tlsContext(options.tlsContext) {}

  const asio::any_io_executor executor;
  const ClientOptions options;
  std::atomic<uint64_t> opened{0};

  // The TLS context of every https:// connection; declared before `idle` so it outlives them.
  // Without one in the options, the default is built once, on first use: loading the system's
  // CA bundle costs milliseconds that a client used only for http:// need not pay.
  std::once_flag tlsOnce;
  std::shared_ptr<ssl::context> tlsContext;  // set before, or inside, tlsOnce; then read-only
  Status tlsError;

  Result<ssl::context*> tls() {
    std::call_once(tlsOnce, [this] {
      if (tlsContext) return;
      auto made = makeTlsClientContext({});
      if (made) {
        tlsContext = std::move(*made);
      } else {
        tlsError = made.status();
      }
    });
    if (!tlsContext) return tlsError;
    return tlsContext.get();
  }

  mutable std::mutex mu;
  // Most recently used at the back: it is the most likely to still be open.
  std::unordered_map<std::string, std::vector<std::unique_ptr<ClientConnection>>> idle;  // mu

  std::unique_ptr<ClientConnection> checkout(const std::string& key) {
    std::vector<std::unique_ptr<ClientConnection>> discarded;  // closed outside the lock
    std::unique_ptr<ClientConnection> found;
    auto now = SteadyClock::now();
    {
      std::lock_guard lock(mu);
      auto it = idle.find(key);
      if (it == idle.end()) return nullptr;
      auto& stack = it->second;
      while (!stack.empty() && !found) {
        std::unique_ptr<ClientConnection> candidate = std::move(stack.back());
        stack.pop_back();
        bool usable = now - candidate->idleSince < options.maxIdleTime &&
                      (!options.probeIdleConnections || stillOpen(*candidate));
        if (usable) {
          found = std::move(candidate);
        } else {
          discarded.push_back(std::move(candidate));
        }
      }
    }
    return found;
  }

  void checkin(const std::string& key, std::unique_ptr<ClientConnection> connection) {
    connection->idleSince = SteadyClock::now();
    connection->tcp().expires_never();
    std::lock_guard lock(mu);
    auto& stack = idle[key];
    if (stack.size() < options.maxIdlePerHost) stack.push_back(std::move(connection));
  }
};

namespace {

using PoolPtr = std::shared_ptr<HttpClient::Pool>;
using OutgoingMessage = bhttp::request<bhttp::string_body>;

// Resolves target.host (IP literals skip DNS) within the deadline.
asio::awaitable<Result<std::vector<tcp::endpoint>>> resolve(const Target& target,
                                                            SteadyClock::time_point expiry) {
  std::vector<tcp::endpoint> endpoints;
  beast::error_code ec;
  auto address = asio::ip::make_address(target.host, ec);
  if (!ec) {
    endpoints.emplace_back(address, target.portNumber);
    co_return endpoints;
  }
  auto executor = co_await asio::this_coro::executor;
  // Shared with the timer's handler, which may run after this frame moves on.
  auto resolver = std::make_shared<tcp::resolver>(executor);
  asio::steady_timer timer(executor, expiry);
  timer.async_wait([resolver](beast::error_code timerEc) {
    if (!timerEc) resolver->cancel();
  });
  auto [resolveEc, results] = co_await resolver->async_resolve(target.host, target.port, kNoThrow);
  timer.cancel();
  if (resolveEc == asio::error::operation_aborted) {
    co_return deadlineExceeded("deadline exceeded resolving " + target.host + "; request not sent");
  }
  if (resolveEc) {
    co_return unavailable("connect failed: cannot resolve " + target.host + ": " +
                          resolveEc.message());
  }
  for (const auto& entry : results) endpoints.push_back(entry.endpoint());
  co_return endpoints;
}

// Why a handshake failed, with OpenSSL's verification verdict when there is one ("certificate
// verify failed (SSL routines): unable to get local issuer certificate").
std::string handshakeFailure(TlsStream& stream, const beast::error_code& ec) {
  std::string why = ec.message();
  long verdict = SSL_get_verify_result(stream.native_handle());
  if (verdict != X509_V_OK) why += std::string(": ") + X509_verify_cert_error_string(verdict);
  return why;
}

// Makes the handshake send `host` as SNI (names only: RFC 6066 excludes IP literals) and accept
// only a certificate naming it: a DNS name among its names, an IP literal among its addresses.
// The check is OpenSSL's own, part of chain verification, so a mismatch is reported as such
// ("hostname mismatch") rather than as asio::ssl::host_name_verification's bare rejection.
bool expectHost(TlsStream& stream, const std::string& host) {
  SSL* ssl = stream.native_handle();
  beast::error_code notAnAddress;
  asio::ip::make_address(host, notAnAddress);
  if (!notAnAddress) return X509_VERIFY_PARAM_set1_ip_asc(SSL_get0_param(ssl), host.c_str()) == 1;
  SSL_set_hostflags(ssl, X509_CHECK_FLAG_NO_PARTIAL_WILDCARDS);
  return SSL_set_tlsext_host_name(ssl, host.c_str()) == 1 && SSL_set1_host(ssl, host.c_str()) == 1;
}

// Sets up SNI and the host check, then handshakes within the deadline. The chain itself is
// verified against the context's trust anchors (tls_context.h).
asio::awaitable<Status> handshake(TlsStream& stream, const Target& target,
                                  SteadyClock::time_point expiry) {
  const std::string where = target.host + ":" + target.port;
  if (!expectHost(stream, target.host)) {
    co_return unavailable("TLS handshake with " + where + " failed: cannot set up the check of " +
                          target.host + "; request not sent");
  }
  beast::get_lowest_layer(stream).expires_at(expiry);
  auto [handshakeEc] = co_await stream.async_handshake(ssl::stream_base::client, kNoThrow);
  if (handshakeEc == beast::error::timeout) {
    co_return deadlineExceeded("deadline exceeded in TLS handshake with " + where +
                               "; request not sent");
  }
  if (handshakeEc) {
    co_return unavailable("TLS handshake with " + where + " failed: " +
                          handshakeFailure(stream, handshakeEc) + "; request not sent");
  }
  co_return Status::ok();
}

// Writes the request and reads the response on an open (and, for TLS, handshaken) stream.
template <class Stream>
asio::awaitable<ExchangeOutcome> roundTrip(Stream& stream, beast::flat_buffer& buffer, bool fresh,
                                           const ClientOptions& options, const Target& target,
                                           const OutgoingMessage& message,
                                           SteadyClock::time_point expiry) {
  const std::string where = target.host + ":" + target.port;
  beast::get_lowest_layer(stream).expires_at(expiry);
  auto [writeEc, written] = co_await bhttp::async_write(stream, message, kNoThrow);
  if (writeEc) {
    // A failed write means the request never fully left: the peer cannot have acted on it.
    if (writeEc == beast::error::timeout) {
      co_return ExchangeOutcome::failure(deadlineExceeded("deadline exceeded sending request to " +
                                                          where + "; request not delivered"));
    }
    ExchangeOutcome outcome = ExchangeOutcome::failure(unavailable(
        "send to " + where + " failed: " + writeEc.message() + "; request not delivered"));
    outcome.notDeliveredOnPooledConnection = !fresh && isPeerClosed(writeEc);
    co_return outcome;
  }

  // From here the request was sent: any failure leaves the outcome unknown.
  std::optional<bhttp::response_parser<bhttp::string_body>> parser;
  while (true) {
    parser.emplace();
    parser->body_limit(options.maxResponseBodyBytes);
    if (message.method() == bhttp::verb::head) parser->skip(true);
    auto [readEc, read] = co_await bhttp::async_read(stream, buffer, *parser, kNoThrow);
    if (readEc == beast::error::timeout) {
      co_return ExchangeOutcome::failure(deadlineExceeded(
          "deadline exceeded waiting for response from " + where + "; outcome unknown"));
    }
    if (readEc == bhttp::error::end_of_stream) {
      co_return ExchangeOutcome::failure(
          unavailable("connection to " + where + " closed before any response; outcome unknown"));
    }
    if (readEc == bhttp::error::body_limit) {
      co_return ExchangeOutcome::failure(
          unavailable("response from " + where + " exceeds the body limit; outcome unknown"));
    }
    if (readEc) {
      co_return ExchangeOutcome::failure(unavailable(
          "reading response from " + where + " failed: " + readEc.message() + "; outcome unknown"));
    }
    unsigned status = parser->get().result_int();
    if (status < 100 || status >= 200) break;
    if (status == 101) {
      co_return ExchangeOutcome::failure(
          unavailable("unexpected protocol switch from " + where + "; outcome unknown"));
    }
    // Other 1xx are interim: the final response follows on the same connection.
  }

  auto& received = parser->get();
  ExchangeOutcome outcome;
  outcome.reusable = received.keep_alive() && !parser->need_eof() && buffer.size() == 0;
  outcome.response.emplace();
  outcome.response->status = received.result_int();
  outcome.response->body = std::move(received.body());
  outcome.response->headers = std::move(static_cast<bhttp::fields&>(received));
  co_return outcome;
}

// One attempt: connect (and handshake) if `fresh`, write, read. Runs on the connection's strand,
// the executor of its stream, as Beast's timeouts require. Returns the connection to the pool
// when reusable.
asio::awaitable<ExchangeOutcome> exchange(PoolPtr pool,
                                          std::unique_ptr<ClientConnection> connection, bool fresh,
                                          const Target& target, const OutgoingMessage& message,
                                          SteadyClock::time_point expiry) {
  const std::string where = target.host + ":" + target.port;
  beast::tcp_stream& tcpStream = connection->tcp();
  TlsStream* tlsStream = std::get_if<TlsStream>(&connection->stream);
  if (SteadyClock::now() >= expiry) {
    co_return ExchangeOutcome::failure(deadlineExceeded("deadline exceeded; request not sent"));
  }
  if (fresh) {
    auto endpoints = co_await resolve(target, expiry);
    if (!endpoints.isOk()) co_return ExchangeOutcome::failure(endpoints.status());
    if (pool->options.addressFilter) {
      std::vector<tcp::endpoint> allowed;
      Status refused;
      for (const tcp::endpoint& e : *endpoints) {
        Status ok = pool->options.addressFilter(e.address());
        if (ok.isOk()) allowed.push_back(e);
        else refused = ok;
      }
      if (allowed.empty())
        co_return ExchangeOutcome::failure(Status(refused.code(),
                                                  "connect refused: " + where + ": " +
                                                      refused.message() + "; request not sent",
                                                  refused.reason()));
      endpoints = std::move(allowed);
    }
    tcpStream.expires_at(expiry);
    auto [ec, endpoint] = co_await tcpStream.async_connect(*endpoints, kNoThrow);
    if (ec == beast::error::timeout) {
      co_return ExchangeOutcome::failure(
          deadlineExceeded("deadline exceeded connecting to " + where + "; request not sent"));
    }
    if (ec) {
      co_return ExchangeOutcome::failure(
          unavailable("connect failed: " + where + ": " + ec.message()));
    }
    pool->opened.fetch_add(1, std::memory_order_relaxed);
    beast::error_code ignored;
    tcpStream.socket().set_option(tcp::no_delay(true), ignored);
    if (tlsStream) {
      Status handshaken = co_await handshake(*tlsStream, target, expiry);
      if (!handshaken) co_return ExchangeOutcome::failure(std::move(handshaken));
    }
  }

  ExchangeOutcome outcome;
  if (tlsStream) {
    outcome = co_await roundTrip(*tlsStream, connection->buffer, fresh, pool->options, target,
                                 message, expiry);
  } else {
    outcome = co_await roundTrip(tcpStream, connection->buffer, fresh, pool->options, target,
                                 message, expiry);
  }
  if (outcome.reusable) pool->checkin(target.poolKey, std::move(connection));
  co_return outcome;
}

OutgoingMessage buildMessage(ClientRequest& request, const Target& target,
                             const ClientOptions& options) {
  OutgoingMessage message{request.method, target.pathAndQuery, 11};
  for (const auto& [name, value] : request.headers) message.insert(name, value);
  if (message.count(bhttp::field::host) == 0) message.set(bhttp::field::host, target.hostHeader);
  if (message.count(bhttp::field::user_agent) == 0 && !options.userAgent.empty()) {
    message.set(bhttp::field::user_agent, options.userAgent);
  }
  if (!request.contentType.empty()) message.set(bhttp::field::content_type, request.contentType);
  message.body() = std::move(request.body);
  message.keep_alive(true);
  message.prepare_payload();
  return message;
}

// Runs exchange() on the connection's strand and waits for it from the caller's executor.
asio::awaitable<ExchangeOutcome> attempt(const PoolPtr& pool,
                                         std::unique_ptr<ClientConnection> connection,
                                         const Target& target, const OutgoingMessage& message,
                                         SteadyClock::time_point expiry) {
  bool fresh = connection == nullptr;
  if (fresh && target.tls) {
    auto context = pool->tls();
    if (!context) {
      co_return ExchangeOutcome::failure(
          unavailable("TLS is unavailable: " + context.status().message() + "; request not sent"));
    }
    connection = std::make_unique<ClientConnection>(asio::make_strand(pool->executor), **context);
  } else if (fresh) {
    connection = std::make_unique<ClientConnection>(asio::make_strand(pool->executor));
  }
  auto strand = connection->tcp().get_executor();
  auto [error, outcome] = co_await asio::co_spawn(
      strand, exchange(pool, std::move(connection), fresh, target, message, expiry), kNoThrow);
  if (error) {
    // Only allocation failures and the like can land here; the request may have gone out.
    co_return ExchangeOutcome::failure(
        internalError("http client exchange threw; outcome unknown"));
  }
  co_return std::move(outcome);
}

}  // namespace

std::string_view ClientResponse::header(std::string_view name) const {
  auto it = headers.find(name);
  return it == headers.end() ? std::string_view() : std::string_view(it->value());
}

HttpClient::HttpClient(asio::any_io_executor executor, ClientOptions options)
    : pool_(std::make_shared<Pool>(std::move(executor), std::move(options))) {}

HttpClient::~HttpClient() = default;

asio::awaitable<Result<ClientResponse>> HttpClient::send(ClientRequest request,
                                                         std::chrono::milliseconds deadline) {
  auto expiry = SteadyClock::now() + deadline;
  auto target = parseTarget(request.url);
  if (!target.isOk()) co_return target.status();
  OutgoingMessage message = buildMessage(request, *target, pool_->options);
  PoolPtr pool = pool_;  // keeps the pool alive across suspensions even if the client goes away

  auto pooled = pool->checkout(target->poolKey);
  bool reused = pooled != nullptr;
  ExchangeOutcome outcome = co_await attempt(pool, std::move(pooled), *target, message, expiry);
  if (reused && outcome.notDeliveredOnPooledConnection) {
    outcome = co_await attempt(pool, nullptr, *target, message, expiry);
  }
  if (outcome.response) co_return std::move(*outcome.response);
  co_return std::move(outcome.status);
}

void HttpClient::prepareTls() {
  // An error is kept by the pool and reported by the first https:// request that needs it.
  (void)pool_->tls();
}

size_t HttpClient::idleConnections() const {
  std::lock_guard lock(pool_->mu);
  size_t total = 0;
  for (const auto& [key, stack] : pool_->idle) total += stack.size();
  return total;
}

uint64_t HttpClient::connectionsOpened() const {
  return pool_->opened.load(std::memory_order_relaxed);
}

}  // namespace sy::http
