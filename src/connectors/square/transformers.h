// Square transformers: pure functions between the connector model (connector.h) and
// Square's wire format, plus its raw-code -> StatusReason decline table. No I/O, no state;
// tested offline against the recorded bodies in testdata/ (transformers_test.cc).
//
// TEMPLATE: the wire format here is the generic one the template's emulator speaks
// (src/sandbox/square/api.h). Replace it with Square's, field by field, from its
// published spec; keep the mapping rules below, which every connector follows.
//
// How an answer maps to a CallResult:
//   201 payment "authorized" / "captured"  -> kSucceeded, AUTHORIZED / SETTLED
//   201 payment "declined"                 -> kDeclined, reason from the decline table
//   201 operation (capture, void, refund)  -> kSucceeded with the payment as it now stands
//   4xx error (the request was refused, nothing happened)
//                                          -> kFailed, GATEWAY_REJECTED, processorCode = the code
//   5xx, other status, unreadable body     -> kUnknown (unknownOutcome): never a decline
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "common/secret.h"
#include "common/status.h"
#include "connectors/call_log.h"
#include "connectors/connector.h"
#include "domain/status_reason.h"

namespace sy::connectors::square {

// Credentials JSON: {"apiKey": "..."}, sent as `Authorization: Bearer <apiKey>`.
// kInvalidArgument (never quoting the JSON) when it is not an object with a non-empty apiKey.
Result<SecretString> apiKeyFrom(const SecretString& credentialsJson);

// `amount` in ISO 4217 minor units (exponent `isoExponent`) -> Square's minor units.
// Square uses ISO 4217 exponents (JPY 0, KWD 3), so the amount goes as it is; a processor
// with its own table (see stripe/ or adyen/transformers.h) converts here and refuses what it
// cannot express exactly (kInvalidArgument), never rounding.
Result<int64_t> toProcessorAmount(int64_t amount, std::string_view currency, int isoExponent);

// Request bodies. The authorization body carries the card, so it stays a Secret until it is
// handed to the HTTP client. kInvalidArgument for an unusable expiry date or amount.
Result<SecretString> authorizeBody(const AuthorizeRequest& req);
Result<std::string> captureBody(const CaptureRequest& req);
std::string cancelBody(const CancelRequest& req);
Result<std::string> refundBody(const RefundRequest& req);

// The decline table: raw decline_code (+ the processor's message) -> the Primer taxonomy
// (domain::issuerDecline), the raw code kept in processorCode. Unknown codes: soft UNKNOWN.
domain::StatusReason declineReason(std::string_view code, std::string message);

// Answers to POST /v1/payments. An error status means the sale FAILED (nothing was authorized).
CallResult fromPaymentResponse(unsigned httpStatus, std::string_view body);
// Answers to POST /v1/payments/{id}/captures|voids|refunds. An error status says nothing about
// the sale (status PENDING).
CallResult fromOperationResponse(unsigned httpStatus, std::string_view body);

}  // namespace sy::connectors::square
