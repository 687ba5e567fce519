// HTTP/1.1 server: Beast on C++20 coroutines, keep-alive, limits, timeouts, request ids, graceful
// shutdown. Each connection runs on its own strand, so the io_context may be run by many threads.
//
//   Router router;  router.add(verb::get, "/health", handler);
//   Server server(ioc, ServerOptions{}, router);
//   auto bound = server.listen({asio::ip::make_address("127.0.0.1"), 0});
//   server.start();  ...  server.stop([] { /* all responses written */ });
#pragma once

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>

#include "common/status.h"
#include "http/admission.h"
#include "http/error_responder.h"
#include "http/router.h"

namespace sy::http {

struct ServerOptions {
  size_t maxBodyBytes = 64 * 1024;    // larger bodies get 413 and the connection closes
  size_t maxHeaderBytes = 16 * 1024;  // larger request heads get 431
  // The whole request (head and body) must arrive within readTimeout of its first byte; a client
  // that dribbles is cut off. Writing a response must finish within writeTimeout. A keep-alive
  // connection with no request for idleTimeout is closed.
  std::chrono::milliseconds readTimeout{30000};
  std::chrono::milliseconds writeTimeout{30000};
  std::chrono::milliseconds idleTimeout{60000};
  size_t maxConnections = 10000;  // beyond this, new connections get 503 and are closed
  // Which requests start executing; the others get 503 ServiceOverloaded + Retry-After at once,
  // on a connection that stays open (http/admission.h). Default: everything is admitted.
  AdmissionOptions admission;
};

class Server {
 public:
  // `router` must outlive the server and every in-flight request. `errorResponder` renders the
  // errors the server produces itself; empty means defaultErrorResponse.
  Server(boost::asio::io_context& ioc, ServerOptions options, const Router& router,
         ErrorResponder errorResponder = {});
  // Destroy only after stop() has drained, or once the io_context no longer runs.
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  // Binds and listens (port 0 lets the OS choose). Returns the bound endpoint, or kUnavailable.
  Result<boost::asio::ip::tcp::endpoint> listen(const boost::asio::ip::tcp::endpoint& endpoint);
  // Starts accepting; call once, after listen().
  void start();
  // Graceful shutdown, safe from any thread: stops accepting, closes idle connections at once,
  // lets in-flight requests finish and write their responses (with "Connection: close"), then
  // posts onDrained to the io_context. Call once.
  void stop(std::function<void()> onDrained);

  uint64_t acceptedConnections() const;  // since start, including rejected ones
  size_t activeConnections() const;
  const AdmissionControl& admission() const;

  struct State;  // shared with connection coroutines so it outlives the last of them

 private:
  std::shared_ptr<State> state_;
};

}  // namespace sy::http
