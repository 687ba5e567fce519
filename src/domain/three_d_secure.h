// 3-D Secure on a payment (docs/three_d_secure.md): the authentication the customer still has to do
// (Primer's `requiredAction` 3DS_AUTHENTICATION) and the result of the one that was done (Primer's
// `paymentMethod.threeDSecureAuthentication`). Pure data plus its one JSON form, stored with the
// payment (column three_ds_json) — the stored form, not the rendered one.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "common/clock.h"
#include "common/status.h"

namespace sy::domain {

// ThreeDSecureAuthenticationAPISchema. Codes are the spec's enum values.
struct ThreeDsAuthentication {
  std::string responseCode;     // AUTH_SUCCESS, AUTH_FAILED, SKIPPED, NOT_PERFORMED, CHALLENGE...
  std::string reasonCode;       // ThreeDSecureFailedReasonCodeEnum / SkippedReasonCodeEnum; "" none
  std::string reasonText;       // "" none
  std::string protocolVersion;  // "2.2.0"; "" unknown
  std::optional<bool> challengeIssued;
};

// A challenge the customer must complete before the payment's authorization can finish. The
// waiting SALE attempt has outcome ACTION_REQUIRED; POST /payments/{id}/resume with resumeToken
// asks its processor for the result.
struct PendingChallenge {
  std::string transactionId;  // the SALE attempt that waits
  std::string challengeUrl;   // where the customer authenticates (the processor's or ACS page)
  std::string resumeToken;    // uuid; what the checkout hands back to resume
  TimePoint expiresAt{};      // abandoned after this: the recovery sweep ends the payment
  // Set when Switchyard's own 3-D Secure server issued the challenge (the ACS's page): the resume
  // asks the directory server for the result, then authorizes at the processor with it. Empty for
  // a processor's challenge.
  std::string threeDsServerTransactionId;
  // What the processor's challenge page appended when it sent the customer back to our return
  // URL (Adyen's redirectResult); the last return wins. Passed to completeAuthentication.
  std::string returnQuery;
};

// An authentication Switchyard's own 3-D Secure server completed (transStatus Y or A): what every
// processor of the route is sent as external 3-D Secure data, so a fallback needs no second
// challenge. The cryptogram (authenticationValue) is kept only until the route ends.
struct ServerAuthentication {
  std::string threeDsServerTransactionId;
  std::string dsTransactionId;
  std::string acsTransactionId;
  std::string transStatus;          // "Y" or "A"
  std::string eci;
  std::string authenticationValue;  // CAVV/AAV; "" once the route ended
  std::string protocolVersion;
  bool challenged = false;
};

struct ThreeDs {
  std::optional<PendingChallenge> challenge;       // set while the customer has to act
  std::optional<ThreeDsAuthentication> result;     // set once the processor reported one
  std::optional<ServerAuthentication> server;      // Switchyard's own 3-D Secure, once it succeeded
  // The resume token of the last challenge, kept after it ended so that a repeated resume with it
  // is answered with the payment as it stands (idempotent) instead of an error.
  std::string lastResumeToken;
};

std::string threeDsToJson(const ThreeDs& t);
Result<ThreeDs> threeDsFromJson(std::string_view json);

}  // namespace sy::domain
