// Adyen Checkout API v71 transformers: pure functions between the connector model (connector.h)
// and Adyen's JSON wire format (../shared/specs/adyen/CheckoutService-v71.json), plus the
// refusalReasonCode -> StatusReason table. No I/O, no state; tested offline against the recorded
// bodies in testdata/ (which contract_check.js validates against the spec).
//
// Capture model: an authorization without capture sends additionalData.manualCapture="true"
// (Adyen's documented per-request manual capture); with capture it sends captureDelayHours=0
// (immediate automatic capture). Captures, cancels and refunds are POST
// /payments/{pspReference}/captures|cancels|refunds; Adyen answers 201 {"status":"received"} and
// confirms (or rejects) them later by webhook.
//
// How an answer maps to a CallResult:
//   POST /payments 200 resultCode
//     Authorised            -> kSucceeded, AUTHORIZED (SETTLING when capture was requested:
//                              the automatic capture is itself confirmed only by webhook)
//     Refused               -> kDeclined, DECLINED, reason from refusalReasonCode
//     Error                 -> kFailed, FAILED, GATEWAY_REJECTED (raw code kept)
//     Cancelled             -> kFailed, CANCELLED
//     RedirectShopper with action {type "redirect", method "GET", url}
//                           -> kSucceeded, PENDING, challengeUrl = action.url (3-D Secure: the
//                              shopper authenticates there; completed by /payments/details)
//     RedirectShopper otherwise (POST redirects), IdentifyShopper, ChallengeShopper (native
//     3DS2, which needs Adyen's own script), PresentToShopper
//                           -> kDeclined, AUTHENTICATION_REQUIRED
//     Pending, Received, PartiallyAuthorised, anything else
//                           -> kUnknown (final result only by webhook / not handled)
//   Authorised/Refused with additionalData threeDOffered/threeDAuthenticated -> threeDSecure
//     (AUTH_SUCCESS, or AUTH_FAILED CARD_AUTHENTICATION_FAILED; challengeIssued false from
//     /payments, true from /payments/details)
//   POST /payments/details 200: as /payments; a Refused 11 "3D Not Authenticated" is AUTH_FAILED
//   modifications 201 status "received"
//     capture -> kSucceeded, SETTLING      (confirmed later: CAPTURE webhook)
//     cancel  -> kSucceeded, CANCELLED     (confirmed later: CANCELLATION webhook)
//     refund  -> kSucceeded, PENDING = "no statement about the sale" (REFUND webhook)
//   4xx ServiceError       -> kFailed, GATEWAY_REJECTED with errorCode (nothing happened), except
//                             422 errorCode 704 (request in progress / key reused) -> kUnknown
//   5xx, other status, unreadable body, transport failure -> kUnknown, GATEWAY_TIMEOUT
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "common/secret.h"
#include "common/status.h"
#include "connectors/call_log.h"
#include "connectors/connector.h"
#include "domain/status_reason.h"

namespace sy::connectors::adyen {

// The connection's credentials JSON:
//   {"apiKey": "...",            required: sent as X-API-Key
//    "merchantAccount": "...",   required: Adyen merchant account name, sent in every body
//    "returnUrl": "https://..."} optional: PaymentRequest.returnUrl (required by the API; the
//                                default is used when absent)
struct Credentials {
  SecretString apiKey;
  std::string merchantAccount;
  std::string returnUrl;
};
inline constexpr std::string_view kDefaultReturnUrl = "https://switchyard.invalid/adyen/return";

// kInvalidArgument (never quoting the JSON) when a required key is missing or not a string.
Result<Credentials> credentialsFrom(const SecretString& credentialsJson);

// Adyen's minor-unit digits for `currency` (Adyen's own table: ISO 4217 except CLP 2, CVE 0,
// IDR 0, ISK 2).
int adyenExponent(std::string_view currency, int isoExponent);
// `amount` in ISO minor units (exponent `isoExponent`) -> Adyen minor units. kInvalidArgument
// when the amount cannot be expressed exactly (e.g. IDR 12345 sen).
Result<int64_t> toAdyenValue(int64_t amount, std::string_view currency, int isoExponent);
// Adyen minor units -> ISO minor units (inverse of toAdyenValue).
int64_t fromAdyenValue(int64_t value, std::string_view currency, int isoExponent);

// Request bodies. The authorization body carries the card, so it stays a Secret. `reference` of
// every body is the attempt key, so an Adyen-side object names the attempt that made it.
//
// 3-D Secure (AuthorizeRequest::threeDSecure; docs/three_d_secure.md):
//   kProcessor  authenticationData {attemptAuthentication "always", threeDSRequestData
//               {nativeThreeDS "disabled"}} (the redirect flow: no Adyen script in the page),
//               channel "Web", origin and returnUrl from AuthorizeRequest::returnUrl (the
//               credentials' returnUrl when it is empty),
//               redirectFromIssuerMethod "GET" (redirectResult comes back in the query string),
//               browserInfo kRedirectBrowserInfo
//   kExternal   mpiData from AuthorizeRequest::externalThreeDs (directoryResponse = the ARes
//               transStatus, "C" + authenticationResponse after a challenge; cavv, eci,
//               dsTransID, threeDSVersion) and attemptAuthentication "never"
//   kNone       attemptAuthentication "never": a card whose issuer requires authentication is
//               refused 38 "Authentication required" rather than redirected
// A merchant-initiated payment (SUBSCRIPTION, UNSCHEDULED) never asks for 3-D Secure.
// Stored credentials (AuthorizeRequest::paymentType, storedCard):
//   SUBSCRIPTION -> shopperInteraction ContAuth, recurringProcessingModel Subscription
//   UNSCHEDULED  -> ContAuth, UnscheduledCardOnFile
//   FIRST_PAYMENT, ECOMMERCE, or unspecified with storedCard -> Ecommerce, CardOnFile
//   unspecified without storedCard -> Ecommerce
// (storePaymentMethod is not sent: Switchyard's vault keeps the card, not Adyen.)
Result<SecretString> authorizeBody(const AuthorizeRequest& req, const Credentials& creds);
// The BrowserInfo sent with kProcessor. AuthorizeRequest carries no shopper browser data yet, and
// Adyen requires the full object for web 3-D Secure; these values describe a desktop browser
// following a full-page redirect (the challenge page renders for it).
extern const std::string_view kRedirectBrowserInfo;
// POST /payments/details {"details":{"redirectResult"}}.
std::string paymentDetailsBody(std::string_view redirectResult);
// The redirectResult parameter (percent-decoded) of the query string the shopper came back with
// (CompleteAuthenticationRequest::returnQuery); nullopt when it has none.
std::optional<std::string> redirectResultFrom(std::string_view returnQuery);
Result<std::string> captureBody(const CaptureRequest& req, const Credentials& creds);
std::string cancelBody(const CancelRequest& req, const Credentials& creds);
Result<std::string> refundBody(const RefundRequest& req, const Credentials& creds);

// refusalReasonCode (+ refusalReason text) -> the Primer taxonomy; raw code kept in
// processorCode. Unknown codes become a soft ISSUER_DECLINED UNKNOWN.
domain::StatusReason declineReason(std::string_view refusalReasonCode, std::string message);
// The same table, keyed by Adyen's refusalReason text (case-insensitive), for a refusal known only
// by its text, as an AUTHORISATION webhook's `reason` carries it: processorCode is the matching
// refusalReasonCode (as the synchronous answer would have it), or the text itself when Adyen's
// table does not list it (then UNKNOWN, soft); message is the text.
domain::StatusReason declineReasonFromText(std::string_view refusalReason);

// Answers to POST /payments. `captureRequested` = the request asked for immediate capture.
CallResult fromPaymentResponse(unsigned httpStatus, std::string_view body, bool captureRequested);
// Answers to POST /payments/details, after the shopper's redirect (so a 3-D Secure result has
// challengeIssued true).
CallResult fromPaymentDetailsResponse(unsigned httpStatus, std::string_view body,
                                      bool captureRequested);
// Answers to POST /payments/{psp}/captures|cancels|refunds.
enum class Modification { kCapture, kCancel, kRefund };
CallResult fromModificationResponse(unsigned httpStatus, std::string_view body,
                                    Modification kind);

}  // namespace sy::connectors::adyen
