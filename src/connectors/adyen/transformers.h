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
//     RedirectShopper, IdentifyShopper, ChallengeShopper, PresentToShopper
//                           -> kDeclined, AUTHENTICATION_REQUIRED (no 3DS/redirect support)
//     Pending, Received, PartiallyAuthorised, anything else
//                           -> kUnknown (final result only by webhook / not handled)
//   modifications 201 status "received"
//     capture -> kSucceeded, SETTLING      (confirmed later: CAPTURE webhook)
//     cancel  -> kSucceeded, CANCELLED     (confirmed later: CANCELLATION webhook)
//     refund  -> kSucceeded, PENDING = "no statement about the sale" (REFUND webhook)
//   4xx ServiceError       -> kFailed, GATEWAY_REJECTED with errorCode (nothing happened), except
//                             422 errorCode 704 (request in progress / key reused) -> kUnknown
//   5xx, other status, unreadable body, transport failure -> kUnknown, GATEWAY_TIMEOUT
#pragma once

#include <cstdint>
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
Result<SecretString> authorizeBody(const AuthorizeRequest& req, const Credentials& creds);
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
// Answers to POST /payments/{psp}/captures|cancels|refunds.
enum class Modification { kCapture, kCancel, kRefund };
CallResult fromModificationResponse(unsigned httpStatus, std::string_view body,
                                    Modification kind);

}  // namespace sy::connectors::adyen
