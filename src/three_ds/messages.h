// The EMVCo 3-D Secure 2 messages Switchyard's 3DS Server exchanges with a directory server, as
// pure functions: the AReq it sends, and the reading of the answers (ARes, the RReq after a
// challenge, Erro). three_ds_server.h does the HTTP. No Status message quotes the card number, and
// text from the directory server is bounded and stripped of long digit runs before it is quoted.
// Pure; thread-safe.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "common/clock.h"
#include "common/secret.h"
#include "common/status.h"

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
  std::string merchantName;  // at most 40 characters are sent
  // Where the ACS sends the customer's browser after a challenge (EMVCo notificationURL).
  std::string notificationUrl;
};

// An ARes, or the RReq after a challenge.
struct Authentication {
  std::string transStatus;           // Y A C N R U
  std::string transStatusReason;     // "" or the EMVCo code ("01"...)
  std::string eci;                   // Y and A: 2 digits
  SecretString authenticationValue;  // Y and A: the CAVV/AAV, base64 (28 characters)
  std::string threeDsServerTransactionId, dsTransactionId, acsTransactionId, protocolVersion;
  std::string challengeUrl;  // transStatus C only: the ACS page the customer's browser opens
  bool challenged = false;   // true for a post-challenge result
};

// The AReq (JSON) for `req`, purchaseDate `now`; kInvalidArgument for a request that cannot be
// sent (transaction id not a UUID, card number not 13-19 digits, expiry not MM/YYYY, unknown
// currency, negative amount, no merchant name or notification URL).
Result<std::string> areqJson(const AuthenticationRequest& req, TimePoint now);

// The ARes in a directory server's answer to the AReq of `transactionId`: kUnavailable for an Erro
// (any HTTP status), a non-200 status, or a body that is not a well-formed ARes about that
// transaction (transStatus Y A C N R U; Y/A with eci and a 20-byte base64 authenticationValue; C
// with an http(s) acsURL).
Result<Authentication> readARes(unsigned httpStatus, std::string_view body,
                                std::string_view transactionId);

// The answer to GET /3ds/results/{transactionId}: nullopt for 202 {"challengeCompleted": false},
// the RReq (transStatus Y A N R U, challenged = true) for 200; kUnavailable otherwise, as readARes.
Result<std::optional<Authentication>> readChallengeResult(unsigned httpStatus,
                                                          std::string_view body,
                                                          std::string_view transactionId);

// Primer's ThreeDSecureFailedReasonCodeEnum value for an EMVCo transStatusReason ("01" ->
// CARD_AUTHENTICATION_FAILED, ...); "UNKNOWN" for an empty or unlisted code.
std::string_view primerReasonCode(std::string_view transStatusReason);

}  // namespace sy::three_ds
