// Switchyard's own 3-D Secure server ("3DS Server" in EMVCo 3-D Secure 2): sends the AReq for a
// browser payment to the configured directory server and reads its ARes; after a challenge,
// fetches the result (the RReq). The engine authorizes with an authenticated result as external
// 3-D Secure data (connectors::ExternalThreeDs) at any processor, and reuses it on a fallback.
// docs/three_d_secure.md, "Switchyard's own 3-D Secure".
//
// Errors (transport failure, timeout, an Erro message, an answer that is not a well-formed ARes or
// RReq for this transaction) are a non-OK Result: kInvalidArgument for a request this side refuses
// to send, kDeadlineExceeded for a timeout, kUnavailable otherwise. Callers treat every one as
// "3-D Secure unavailable". No message quotes the card number or the authentication value, and
// neither is logged.
//
// Thread-safe: one object serves every payment; it keeps no per-call state. Coroutines run on the
// caller's executor.
#pragma once

#include <boost/asio/awaitable.hpp>
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>

#include "common/secret.h"
#include "common/status.h"
#include "http/client.h"
#include "three_ds/messages.h"

namespace sy::three_ds {

class ThreeDsServer {
 public:
  // `directoryUrl`: the directory server's base URL ("http://127.0.0.1:9100"); empty: not
  // configured. `timeout` bounds each exchange.
  ThreeDsServer(http::HttpClient& client, std::string directoryUrl,
                std::chrono::milliseconds timeout);

  bool configured() const { return !directoryUrl_.empty(); }

  // AReq -> ARes. `req` must stay alive until the call completes (pass a named object).
  boost::asio::awaitable<Result<Authentication>> authenticate(const AuthenticationRequest& req);
  // The result of a challenge: nullopt while the customer has not finished.
  boost::asio::awaitable<Result<std::optional<Authentication>>> challengeResult(
      std::string threeDsServerTransactionId);

 private:
  http::HttpClient& client_;
  std::string directoryUrl_;
  std::chrono::milliseconds timeout_;
};

}  // namespace sy::three_ds
