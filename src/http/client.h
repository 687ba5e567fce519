// Outgoing HTTP/1.1 client with a keep-alive connection pool per scheme://host:port, for http://
// and https:// URLs. An https:// connection verifies the server's certificate chain (see
// tls_context.h) and that the certificate names the URL's host (DNS name or IP address), and
// sends the host name as SNI. A failed handshake or verification is an error: the request is not
// sent, in plaintext or otherwise.
//
// Errors are Status values, phrased so a payment caller can tell "not sent" from "unknown":
//   kInvalidArgument   bad or unsupported URL
//   kUnavailable       "connect failed" / "TLS handshake with host:port failed: <why>" /
//                      "request not delivered" (safe to retry), or a reset, close or garbled
//                      response after sending: "... outcome unknown"
//   kDeadlineExceeded  the deadline passed; the message says whether the request was sent
// Any HTTP status (including 4xx/5xx) is a successful exchange: it is in ClientResponse::status.
//
// Thread safety: send() may be called concurrently from any coroutines; the pool is locked and
// each exchange runs on its connection's own strand.
#pragma once

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/beast/http/fields.hpp>
#include <boost/beast/http/verb.hpp>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <boost/asio/ip/address.hpp>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/status.h"

namespace boost::asio::ssl {
class context;
}

namespace sy::http {

struct ClientRequest {
  boost::beast::http::verb method = boost::beast::http::verb::get;
  std::string url;  // "http://host:port/path?query" or "https://..."
  // Sent as given; names may repeat. Host and User-Agent are added unless present.
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
  std::string contentType;  // sent as Content-Type when non-empty
};

struct ClientResponse {
  unsigned status = 0;
  std::string body;
  boost::beast::http::fields headers;

  // The first value of header `name` (case-insensitive), or "" if absent.
  std::string_view header(std::string_view name) const;
};

struct ClientOptions {
  size_t maxIdlePerHost = 64;                    // extra idle connections are closed
  std::chrono::milliseconds maxIdleTime{30000};  // idle longer and a connection is not reused
  size_t maxResponseBodyBytes = 8 * 1024 * 1024;
  std::string userAgent = "switchyard";
  // Before reusing a pooled connection, peek at it for a close the peer already sent. Tests turn
  // this off to exercise the write-failure retry.
  bool probeIdleConnections = true;
  // TLS context of https:// connections (makeTlsClientContext() in tls_context.h). Null: one
  // trusting only the system's CAs is built by prepareTls() or else on the first https:// request,
  // on the calling thread.
  std::shared_ptr<boost::asio::ssl::context> tlsContext = nullptr;
  // Checked on each address a host resolves to (or an IP literal) before connecting: a refused
  // address is not connected to, and with none left the request fails, not sent, with the
  // filter's status. Empty: any address (the webhooks' receiver policy sets one).
  std::function<Status(const boost::asio::ip::address&)> addressFilter;
};

class HttpClient {
 public:
  // Connections and their strands are made on `executor` (typically the io_context's).
  explicit HttpClient(boost::asio::any_io_executor executor, ClientOptions options = {});
  ~HttpClient();
  HttpClient(const HttpClient&) = delete;
  HttpClient& operator=(const HttpClient&) = delete;

  // Sends `request` and reads the whole response, all within `deadline` from now (name
  // resolution, connect, write, read). A pooled connection the peer had closed is retried once on
  // a fresh connection only when it failed while writing, i.e. the request was not delivered.
  boost::asio::awaitable<Result<ClientResponse>> send(ClientRequest request,
                                                      std::chrono::milliseconds deadline);

  // Builds the default TLS context now if none was given (idempotent, thread-safe), so that the
  // first https:// request does not pay for loading the CA bundle. `serve` posts it after start-up.
  void prepareTls();

  size_t idleConnections() const;      // pooled, across hosts
  uint64_t connectionsOpened() const;  // since construction

  struct Pool;  // shared with in-flight exchanges so they may outlive the client

 private:
  std::shared_ptr<Pool> pool_;
};

}  // namespace sy::http
