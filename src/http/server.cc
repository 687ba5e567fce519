#include "http/server.h"

#include <atomic>
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/string.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/empty_body.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/message.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/http/write.hpp>
#include <mutex>
#include <optional>
#include <unordered_map>
#include <vector>

#include "common/log.h"

namespace sy::http {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = beast::http;
using tcp = asio::ip::tcp;

namespace {

// Completion token that reports errors as values: no exceptions on the I/O path.
constexpr auto kNoThrow = asio::as_tuple(asio::use_awaitable);
constexpr size_t kFirstReadBytes = 4096;
// After an error response with unread request bytes pending, closing at once would make the
// kernel send RST and the client could lose our response. Drain a little before closing.
constexpr std::chrono::seconds kLingerTimeout{1};
constexpr size_t kLingerMaxBytes = 1 << 20;
constexpr std::chrono::seconds kRejectWriteTimeout{1};
constexpr std::chrono::milliseconds kAcceptRetryDelay{50};

using RequestParser = bhttp::request_parser<bhttp::string_body>;

struct Connection {
  explicit Connection(tcp::socket socket) : stream(std::move(socket)) {}
  beast::tcp_stream stream;   // its executor is the connection's strand
  beast::flat_buffer buffer;  // reused for every request on the connection
  // True while waiting for the first byte of the next request. Touched only on the strand, so
  // stop() can tell idle connections (close now) from busy ones (close after the response).
  bool idle = false;
};

std::string formatEndpoint(const tcp::endpoint& endpoint) {
  const auto& address = endpoint.address();
  std::string host = address.to_string();
  if (address.is_v6()) host = "[" + host + "]";
  return host + ":" + std::to_string(endpoint.port());
}

struct ReadFailure {
  unsigned status;
  std::string_view errorId;
  std::string_view description;
};

// Read errors that deserve an answer. Timeouts, resets and EOF mid-request leave nobody to
// answer, so they map to nullopt and the connection just closes.
std::optional<ReadFailure> answerableReadFailure(const beast::error_code& ec) {
  if (ec == bhttp::error::body_limit) {
    return ReadFailure{413, error_ids::kPayloadTooLarge, "request body too large"};
  }
  if (ec == bhttp::error::header_limit) {
    return ReadFailure{431, error_ids::kHeadersTooLarge, "request head too large"};
  }
  bool isHttpError = ec.category() == bhttp::make_error_code(bhttp::error::bad_method).category();
  if (isHttpError && ec != bhttp::error::end_of_stream && ec != bhttp::error::partial_message &&
      ec != bhttp::error::short_read) {
    return ReadFailure{400, error_ids::kBadRequest, "malformed HTTP request"};
  }
  return std::nullopt;
}

}  // namespace

struct Server::State {
  State(asio::io_context& context, ServerOptions opts, const Router& routes,
        ErrorResponder responder)
      : ioc(context),
        options(opts),
        router(routes),
        errorResponder(responder ? std::move(responder) : ErrorResponder(defaultErrorResponse)),
        acceptStrand(asio::make_strand(context)),
        acceptor(acceptStrand),
        admission(options.admission) {}

  asio::io_context& ioc;
  const ServerOptions options;
  const Router& router;
  const ErrorResponder errorResponder;
  asio::strand<asio::io_context::executor_type> acceptStrand;  // serializes acceptor use
  tcp::acceptor acceptor;
  AdmissionControl admission;
  std::atomic<bool> stopping{false};
  std::atomic<uint64_t> accepted{0};

  mutable std::mutex mu;
  std::unordered_map<Connection*, std::shared_ptr<Connection>> connections;  // guarded by mu
  bool accepting = false;           // accept loop running; guarded by mu
  std::function<void()> onDrained;  // guarded by mu

  Response renderError(unsigned status, std::string_view errorId, std::string_view description,
                       const Request& request) const {
    try {
      return errorResponder(status, errorId, description, request);
    } catch (...) {
      log::error("http error responder threw", {{"request_id", request.requestId}});
      return defaultErrorResponse(status, errorId, description, request);
    }
  }

  bool admit(const std::shared_ptr<Connection>& connection) {
    std::lock_guard lock(mu);
    if (connections.size() >= options.maxConnections) return false;
    connections.emplace(connection.get(), connection);
    return true;
  }

  // A 503 the client may retry: every 503 the server makes tells it when.
  Response renderUnavailable(std::string_view errorId, std::string_view description,
                             const Request& request) const {
    Response response = renderError(503, errorId, description, request);
    response.headers.emplace_back("Retry-After", std::to_string(admission.retryAfter().count()));
    return response;
  }

  void release(Connection* connection) {
    {
      std::lock_guard lock(mu);
      connections.erase(connection);
    }
    maybeDrained();
  }

  void maybeDrained() {
    std::function<void()> callback;
    {
      std::lock_guard lock(mu);
      if (!stopping || accepting || !connections.empty() || !onDrained) return;
      callback = std::move(onDrained);
      onDrained = nullptr;
    }
    asio::post(ioc, std::move(callback));
  }
};

namespace {

using StatePtr = std::shared_ptr<Server::State>;

void logAccess(const Request& request, unsigned status,
               std::chrono::steady_clock::time_point started) {
  if (!log::enabled(log::Level::kInfo)) return;
  auto elapsed = std::chrono::steady_clock::now() - started;
  // Never the query string or headers: they may carry tokens.
  log::info(
      "http request",
      {{"method", std::string_view(bhttp::to_string(request.method))},
       {"path", request.path},
       {"status", static_cast<int>(status)},
       {"duration_us", static_cast<int64_t>(
                           std::chrono::duration_cast<std::chrono::microseconds>(elapsed).count())},
       {"request_id", request.requestId}});
}

asio::awaitable<beast::error_code> writeResponse(Connection& connection, const Request& request,
                                                 Response response, unsigned version,
                                                 bool keepAlive,
                                                 std::chrono::milliseconds timeout) {
  bhttp::response<bhttp::string_body> out;
  out.version(version);
  out.result(response.status);
  for (auto& [name, value] : response.headers) out.insert(name, value);
  out.set("X-Request-Id", request.requestId);
  out.keep_alive(keepAlive);
  // 204 and 304 carry neither a body nor Content-Length (RFC 9110 8.6).
  if (response.status != 204 && response.status != 304) {
    if (!response.contentType.empty()) out.set(bhttp::field::content_type, response.contentType);
    out.body() = std::move(response.body);
    out.prepare_payload();
    if (request.method == bhttp::verb::head) out.body().clear();  // keeps Content-Length
  }
  connection.stream.expires_after(timeout);
  auto [ec, written] = co_await bhttp::async_write(connection.stream, out, kNoThrow);
  co_return ec;
}

asio::awaitable<void> lingeringClose(Connection& connection) {
  beast::error_code ignored;
  connection.stream.socket().shutdown(tcp::socket::shutdown_send, ignored);
  connection.stream.expires_after(kLingerTimeout);
  size_t discarded = 0;
  while (discarded < kLingerMaxBytes) {
    connection.buffer.clear();
    auto [ec, n] =
        co_await connection.stream.async_read_some(connection.buffer.prepare(16384), kNoThrow);
    if (ec) break;
    discarded += n;
  }
}

// Reads one request into `parser`, answering "Expect: 100-continue" once the head is accepted.
asio::awaitable<beast::error_code> readRequest(Connection& connection, RequestParser& parser) {
  auto [ec, n] =
      co_await bhttp::async_read_header(connection.stream, connection.buffer, parser, kNoThrow);
  if (ec || parser.is_done()) co_return ec;
  const auto& head = parser.get();
  if (head.version() >= 11 && beast::iequals(head[bhttp::field::expect], "100-continue")) {
    bhttp::response<bhttp::empty_body> proceed{bhttp::status::continue_, head.version()};
    auto [writeEc, written] = co_await bhttp::async_write(connection.stream, proceed, kNoThrow);
    if (writeEc) co_return writeEc;
  }
  auto [bodyEc, bodyBytes] =
      co_await bhttp::async_read(connection.stream, connection.buffer, parser, kNoThrow);
  co_return bodyEc;
}

std::string chooseRequestId(std::string_view incoming) {
  return isSaneRequestId(incoming) ? std::string(incoming) : generateRequestId();
}

// Routes and runs the handler; every failure becomes a response via the error responder.
asio::awaitable<Response> dispatch(const Server::State& server, Request& request) {
  auto encodedPath = parseRequestTarget(request);
  if (!encodedPath.isOk()) {
    co_return server.renderError(400, error_ids::kBadRequest, "malformed request target", request);
  }
  Router::Match match = server.router.match(request.method, *encodedPath);
  if (match.outcome == Router::Match::Outcome::kNotFound) {
    co_return server.renderError(404, error_ids::kNotFound, "no such resource", request);
  }
  if (match.outcome == Router::Match::Outcome::kMethodNotAllowed) {
    Response response = server.renderError(405, error_ids::kMethodNotAllowed,
                                           "method not allowed on this resource", request);
    response.headers.emplace_back("Allow", std::move(match.allow));
    co_return response;
  }
  request.pathParams = std::move(match.params);
  std::optional<Response> response;
  try {
    response = co_await (*match.handler)(request);
  } catch (const std::exception& e) {
    log::error("http handler threw",
               {{"route", match.pattern}, {"request_id", request.requestId}, {"error", e.what()}});
  } catch (...) {
    log::error("http handler threw", {{"route", match.pattern}, {"request_id", request.requestId}});
  }
  if (response && (response->status < 200 || response->status > 599)) {
    log::error("http handler returned an invalid status",
               {{"route", match.pattern}, {"status", static_cast<int>(response->status)}});
    response.reset();
  }
  if (!response) {
    co_return server.renderError(500, error_ids::kInternal, "internal error", request);
  }
  co_return std::move(*response);
}

// Serves requests until the peer leaves, a timeout or error hits, or the server stops.
asio::awaitable<void> serveRequests(Server::State& server, Connection& connection) {
  const ServerOptions& options = server.options;
  beast::error_code endpointEc;
  std::string remoteAddress =
      formatEndpoint(connection.stream.socket().remote_endpoint(endpointEc));
  std::optional<RequestParser> parser;  // Beast parsers are single-use: re-emplaced per request

  while (true) {
    // Pipelined bytes may already be buffered; otherwise wait, idle, for the next request.
    if (connection.buffer.size() == 0) {
      connection.idle = true;
      if (server.stopping.load()) co_return;
      connection.stream.expires_after(options.idleTimeout);
      auto [ec, n] = co_await connection.stream.async_read_some(
          connection.buffer.prepare(kFirstReadBytes), kNoThrow);
      connection.idle = false;
      if (ec) co_return;  // peer closed, idle timeout, or stop() closed us
      connection.buffer.commit(n);
    }
    auto started = std::chrono::steady_clock::now();
    connection.stream.expires_after(options.readTimeout);
    parser.emplace();
    parser->header_limit(static_cast<std::uint32_t>(options.maxHeaderBytes));
    parser->body_limit(options.maxBodyBytes);
    beast::error_code readEc = co_await readRequest(connection, *parser);

    auto& message = parser->get();
    Request request;
    request.remoteAddress = remoteAddress;
    request.requestId = chooseRequestId(message["X-Request-Id"]);
    request.method = message.method();
    request.target = std::string(message.target());

    if (readEc) {
      std::optional<ReadFailure> failure = answerableReadFailure(readEc);
      if (!failure) co_return;
      request.path = std::string(request.target.substr(0, request.target.find('?')));
      Response response =
          server.renderError(failure->status, failure->errorId, failure->description, request);
      co_await writeResponse(connection, request, std::move(response), 11, false,
                             options.writeTimeout);
      logAccess(request, failure->status, started);
      co_await lingeringClose(connection);
      co_return;
    }

    bool keepAlive = message.keep_alive();
    unsigned version = message.version();
    request.headers = std::move(static_cast<bhttp::fields&>(message));
    request.body = std::move(message.body());

    // Shed before any handler runs, so a rejected request has changed nothing.
    const std::string_view target = request.target;
    AdmissionControl::Decision admission =
        server.admission.admit(target.substr(0, target.find('?')));
    Response response;
    if (admission.admitted()) {
      response = co_await dispatch(server, request);
    } else {
      response = server.renderUnavailable(
          error_ids::kServiceOverloaded,
          admission.verdict == AdmissionControl::Verdict::kQueueTooSlow
              ? "The server is overloaded (its database queue is too slow); retry later"
              : "The server is overloaded (too many requests in progress); retry later",
          request);
    }
    if (response.dropConnection) {
      logAccess(request, 0, started);  // status 0: no response was written
      co_return;
    }
    unsigned status = response.status;
    keepAlive = keepAlive && !server.stopping.load();
    beast::error_code writeEc = co_await writeResponse(connection, request, std::move(response),
                                                       version, keepAlive, options.writeTimeout);
    logAccess(request, status, started);
    if (writeEc || !keepAlive) co_return;
  }
}

asio::awaitable<void> serveConnection(StatePtr server, std::shared_ptr<Connection> connection) {
  beast::error_code ignored;
  connection->stream.socket().set_option(tcp::no_delay(true), ignored);
  try {
    co_await serveRequests(*server, *connection);
  } catch (const std::exception& e) {
    log::error("http connection failed", {{"error", e.what()}});
  }
  connection->stream.socket().shutdown(tcp::socket::shutdown_both, ignored);
  connection->stream.close();
  server->release(connection.get());
}

// Over maxConnections: answer 503 cheaply and close, rather than leave the client hanging.
asio::awaitable<void> rejectOverloaded(StatePtr server, std::shared_ptr<Connection> connection) {
  Request request;
  request.requestId = generateRequestId();
  beast::error_code ec;
  request.remoteAddress = formatEndpoint(connection->stream.socket().remote_endpoint(ec));
  Response response =
      server->renderUnavailable(error_ids::kOverloaded, "too many connections", request);
  co_await writeResponse(*connection, request, std::move(response), 11, false, kRejectWriteTimeout);
  connection->stream.socket().shutdown(tcp::socket::shutdown_both, ec);
  connection->stream.close();
}

asio::awaitable<void> acceptConnections(StatePtr server) {
  while (!server->stopping.load()) {
    tcp::socket socket(asio::make_strand(server->ioc));
    auto [ec] = co_await server->acceptor.async_accept(socket, kNoThrow);
    if (server->stopping.load() || ec == asio::error::operation_aborted ||
        ec == asio::error::bad_descriptor) {
      break;
    }
    if (ec) {
      // Out of file descriptors and the like: back off rather than spin.
      log::warn("http accept failed", {{"error", ec.message()}});
      asio::steady_timer delay(co_await asio::this_coro::executor, kAcceptRetryDelay);
      co_await delay.async_wait(kNoThrow);
      continue;
    }
    server->accepted.fetch_add(1, std::memory_order_relaxed);
    auto connection = std::make_shared<Connection>(std::move(socket));
    auto executor = connection->stream.get_executor();
    if (server->admit(connection)) {
      asio::co_spawn(executor, serveConnection(server, std::move(connection)), asio::detached);
    } else {
      asio::co_spawn(executor, rejectOverloaded(server, std::move(connection)), asio::detached);
    }
  }
  {
    std::lock_guard lock(server->mu);
    server->accepting = false;
  }
  server->maybeDrained();
}

}  // namespace

Server::Server(asio::io_context& ioc, ServerOptions options, const Router& router,
               ErrorResponder errorResponder)
    : state_(std::make_shared<State>(ioc, options, router, std::move(errorResponder))) {}

Server::~Server() {
  // Normally already stopped; otherwise make sure the accept loop ends once the context runs.
  state_->stopping = true;
  asio::post(state_->acceptStrand, [state = state_] {
    beast::error_code ignored;
    state->acceptor.close(ignored);
  });
}

Result<tcp::endpoint> Server::listen(const tcp::endpoint& endpoint) {
  tcp::acceptor& acceptor = state_->acceptor;
  beast::error_code ec;
  auto fail = [&](std::string_view step) {
    beast::error_code ignored;
    acceptor.close(ignored);
    return unavailable("listen on " + formatEndpoint(endpoint) + " failed at " + std::string(step) +
                       ": " + ec.message());
  };
  if (acceptor.open(endpoint.protocol(), ec); ec) return fail("open");
  if (acceptor.set_option(asio::socket_base::reuse_address(true), ec); ec)
    return fail("setsockopt");
  if (acceptor.bind(endpoint, ec); ec) return fail("bind");
  if (acceptor.listen(asio::socket_base::max_listen_connections, ec); ec) return fail("listen");
  tcp::endpoint bound = acceptor.local_endpoint(ec);
  if (ec) return fail("getsockname");
  log::info("http server listening", {{"address", formatEndpoint(bound)}});
  return bound;
}

void Server::start() {
  if (!state_->acceptor.is_open()) {
    log::error("http server started without a successful listen()");
    return;
  }
  {
    std::lock_guard lock(state_->mu);
    state_->accepting = true;
  }
  asio::co_spawn(state_->acceptStrand, acceptConnections(state_), asio::detached);
}

void Server::stop(std::function<void()> onDrained) {
  StatePtr state = state_;
  std::vector<std::shared_ptr<Connection>> open;
  {
    std::lock_guard lock(state->mu);
    state->stopping = true;
    state->onDrained = std::move(onDrained);
    open.reserve(state->connections.size());
    for (const auto& [raw, connection] : state->connections) open.push_back(connection);
  }
  asio::post(state->acceptStrand, [state] {
    beast::error_code ignored;
    state->acceptor.close(ignored);
  });
  // Busy connections see `stopping` after writing their response and close themselves.
  for (auto& connection : open) {
    asio::post(connection->stream.get_executor(), [connection] {
      if (connection->idle) connection->stream.cancel();
    });
  }
  state->maybeDrained();
}

uint64_t Server::acceptedConnections() const {
  return state_->accepted.load(std::memory_order_relaxed);
}

const AdmissionControl& Server::admission() const {
  return state_->admission;
}

size_t Server::activeConnections() const {
  std::lock_guard lock(state_->mu);
  return state_->connections.size();
}

}  // namespace sy::http
