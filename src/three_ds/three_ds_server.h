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

namespace sy::three_ds {

struct AuthenticationRequest {
  // UUID chosen by the caller: sending the same request again with it is idempotent (the directory
  // server answers the same ARes).
  std::string threeDsServerTransactionId;
  SecretString cardNumber;
  std::string expirationMonth;  // "01".."12"
  std::string expirationYear;   // "2030"
  std::string cardholderName;   // optional; sent when 2 to 45 characters
  int64_t amount = 0;           // minor units
  std::string currencyCode;     // ISO 4217 alphabetic
  int currencyExponent = 2;
  std::string merchantName;     // at most 40 characters are sent
  // Where the ACS sends the customer's browser after a challenge (EMVCo notificationURL).
  std::string notificationUrl;
};

// An ARes, or the RReq after a challenge.
struct Authentication {
  std::string transStatus;          // Y A C N R U
  std::string transStatusReason;    // "" or the EMVCo code ("01"...)
  std::string eci;                  // Y and A: 2 digits
  SecretString authenticationValue;  // Y and A: the CAVV/AAV, base64 (28 characters)
  std::string threeDsServerTransactionId, dsTransactionId, acsTransactionId, protocolVersion;
  std::string challengeUrl;  // transStatus C only: the ACS page the customer's browser opens
  bool challenged = false;   // true for a post-challenge result
};

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

// Primer's ThreeDSecureFailedReasonCodeEnum value for an EMVCo transStatusReason ("01" ->
// CARD_AUTHENTICATION_FAILED, ...); "UNKNOWN" for an empty or unlisted code.
std::string_view primerReasonCode(std::string_view transStatusReason);

}  // namespace sy::three_ds
