// Checkout.com (unified payments API, NAS) transformers: pure functions between the connector
// model (connector.h) and Checkout.com's JSON wire format
// (../shared/specs/checkoutcom/checkoutcom-nas.openapi.json), plus its response_code table. No I/O,
// no state; tested offline against the recorded bodies in testdata/.
//
// How an answer maps to a CallResult:
//   POST /payments 201 approved=true  "Authorized"  -> kSucceeded, AUTHORIZED (SETTLING when
//                                                      capture=true was asked: captured later)
//   POST /payments 201 approved=false "Declined"    -> kDeclined, reason from the response_code table
//   POST /payments 202 "Pending" + _links.redirect  -> kSucceeded, PENDING, challengeUrl = the
//                                                      redirect (3-D Secure challenge), payment id
//   POST /payments 202 "Pending" without a redirect -> kUnknown (not final; resolve by inquiry) with
//                                                      the payment id
//   the payment's `3ds` (201, GET)                  -> threeDSecure: downgraded -> SKIPPED
//                                                      NOT_SUPPORTED_BY_ISSUER; authentication_response
//                                                      Y/A -> AUTH_SUCCESS, N -> AUTH_FAILED
//                                                      CARD_AUTHENTICATION_FAILED, U -> SKIPPED
//                                                      3DS_SERVER_ERROR; challengeIssued = challenged
//   captures/voids/refunds 202 {action_id}          -> kSucceeded (accepted), processorOperationId;
//                                                      the connector marks captures and refunds
//                                                      awaitsConfirmation (webhook confirms them)
//   401, 403, 404, 422 (request refused, nothing happened)
//                                                   -> kFailed, GATEWAY_REJECTED, processorCode =
//                                                      first error code (or "http_<status>")
//   409 or 429 (a request with the same key still processing, or rate limited),
//   422 idempotency_key_in_use, 5xx, other status, unreadable body, transport failure
//                                                   -> kUnknown, GATEWAY_TIMEOUT "outcome unknown: ..."
//   GET /payments/{id} 200 -> status table below (Pending with _links.redirect: the challenge
//                             again, kSucceeded PENDING); 404 -> kNotFound
//   GET /payments/{id}/actions 200 -> the action whose `reference` is our attempt key, else kNotFound
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "common/secret.h"
#include "common/status.h"
#include "connectors/call_log.h"
#include "connectors/connector.h"
#include "domain/status_reason.h"

namespace sy::connectors::checkoutcom {

// Credentials JSON: {"secretKey":"sk_sbox_...", "processingChannelId":"pc_..." (optional)}.
struct Credentials {
  SecretString secretKey;           // sent as `Authorization: Bearer <secretKey>`
  std::string processingChannelId;  // sent as processing_channel_id when set
};
// kInvalidArgument (never quoting the JSON) when secretKey is missing/empty or not "sk_..." shaped,
// or processingChannelId is not a string.
Result<Credentials> credentialsFrom(const SecretString& credentialsJson);

// Checkout.com's number of minor-unit digits for `currency`: 0 for its zero-decimal list (JPY,
// KRW, VND...), 3 for its three-decimal list (BHD, IQD, JOD, KWD, LYD, OMR, TND), else 2.
int minorUnitDigits(std::string_view currency);
// Converts an amount in `exponent` digits of `currency` to Checkout.com's minor units.
// kInvalidArgument when it cannot be expressed exactly, or (three-decimal currencies) when the last
// digit is not 0, which Checkout.com requires.
Result<int64_t> toProcessorAmount(int64_t amount, std::string_view currency, int exponent);
// The inverse: an amount Checkout.com reports in its minor units of `currency` -> `exponent`
// digits. kInvalidArgument when it cannot be expressed exactly.
Result<int64_t> fromProcessorAmount(int64_t amount, std::string_view currency, int exponent);

// The `reference` sent on captures, voids and refunds: the attempt key itself when it fits the
// 50-character limit, else "sy_" + the first 47 hex digits of its SHA-256. Inquiries find the
// action again by it.
std::string actionReference(std::string_view attemptKey);

// Request bodies. The authorization body carries the card, so it stays a Secret until handed to
// the HTTP client. kInvalidArgument for an unusable expiry date or amount, a return URL that is not
// http(s) or longer than 1024 characters, or incomplete external 3-D Secure data.
// 3-D Secure: kProcessor -> `3ds: {enabled, attempt_n3d, challenge_indicator: no_preference}` and
// success_url = failure_url = returnUrl; kExternal -> `3ds: {enabled, eci, cryptogram, xid (the DS
// transaction id), version, status, flow_type}`; kNone or a merchant-initiated payment -> none.
// Stored credentials: SUBSCRIPTION -> Recurring + merchant_initiated; UNSCHEDULED -> Regular +
// merchant_initiated; FIRST_PAYMENT -> Recurring, merchant_initiated false; ECOMMERCE or a stored
// card -> Regular, merchant_initiated false; otherwise Regular.
Result<SecretString> authorizeBody(const AuthorizeRequest& req, const Credentials& creds);
Result<std::string> captureBody(const CaptureRequest& req);
std::string cancelBody(const CancelRequest& req);
Result<std::string> refundBody(const RefundRequest& req);

// Raw response_code (+ response_summary) -> the Primer taxonomy; the raw code is kept in
// processorCode. Unknown codes become a soft ISSUER_DECLINED UNKNOWN.
domain::StatusReason declineReason(std::string_view responseCode, std::string message);

// Answers to POST /payments. `captureRequested`: the authorization asked capture=true.
CallResult fromAuthorizeResponse(unsigned httpStatus, std::string_view body, bool captureRequested);
// Answers to POST /payments/{id}/captures|voids|refunds; `paymentId` is the one the call was for.
CallResult fromActionResponse(unsigned httpStatus, std::string_view body, std::string_view paymentId);
// Answer to GET /payments/{id}.
CallResult fromPaymentDetails(unsigned httpStatus, std::string_view body);
// Answer to GET /payments/{id}/actions, looking for the `kind` action sent with `attemptKey`.
CallResult fromPaymentActions(unsigned httpStatus, std::string_view body, std::string_view paymentId,
                              InquiryRequest::Kind kind, std::string_view attemptKey);

// The decline reason of a declined payment's Authorization action in GET /payments/{id}/actions
// (GET /payments/{id} itself carries no response_code); nullopt when there is none.
std::optional<domain::StatusReason> declineFromActions(unsigned httpStatus, std::string_view body);

// "Capture", "Void", "Refund" or "Authorization": Checkout.com's action type for an inquiry kind.
std::string_view actionType(InquiryRequest::Kind kind);

}  // namespace sy::connectors::checkoutcom
