// Test processor transformers: pure functions between the connector model (connector.h) and the
// test processor's JSON wire format (docs/test-processor.md), plus its decline table. No I/O, no
// state; tested offline against the recorded bodies in testdata/.
//
// How an answer maps to a CallResult:
//   2xx payment "authorized"/"captured"/"voided" -> kSucceeded (AUTHORIZED / SETTLED / CANCELLED)
//   2xx payment "declined"                       -> kDeclined, reason from the decline table
//   2xx payment "failed"                         -> kFailed, GATEWAY_REJECTED
//   2xx capture/void/refund object               -> kSucceeded with the payment as it now stands
//   4xx error envelope                           -> kFailed, GATEWAY_REJECTED (the processor
//                                                   refused the request: nothing happened)
//   409 idempotency_conflict, 5xx, other status, unreadable body, transport failure
//                                                -> kUnknown, GATEWAY_TIMEOUT "outcome unknown:
//                                                ..."
//   inquiry: 200 {"data":[]} -> kNotFound; 200 with an object -> as above; anything else ->
//   kUnknown
#pragma once

#include <string>
#include <string_view>

#include "common/secret.h"
#include "common/status.h"
#include "connectors/call_log.h"
#include "connectors/connector.h"
#include "domain/status_reason.h"

namespace sy::connectors::test_processor {

// The API key from the connection's credentials JSON {"apiKey":"..."}. kInvalidArgument (never
// quoting the JSON) when it is not an object with a non-empty string apiKey.
Result<SecretString> apiKeyFrom(const SecretString& credentialsJson);

// Request bodies. The authorization body carries the card number, so it stays a Secret until the
// moment it is handed to the HTTP client. kInvalidArgument for an unusable expiry date.
Result<SecretString> authorizeBody(const AuthorizeRequest& req);
std::string captureBody(const CaptureRequest& req);
std::string cancelBody(const CancelRequest& req);
std::string refundBody(const RefundRequest& req);

// Raw decline code (+ the processor's message) -> the Primer taxonomy; the raw code is kept in
// processorCode. Unknown codes become a soft ISSUER_DECLINED UNKNOWN.
domain::StatusReason declineReason(std::string_view code, std::string message);
// A payment the processor could not process ("failed", e.g. processing_error).
domain::StatusReason failureReason(std::string_view code, std::string message);

// Answers to POST /v1/payments (and GET /v1/payments/{id}).
CallResult fromPaymentResponse(unsigned httpStatus, std::string_view body);
// Answers to POST .../captures, .../voids, .../refunds.
CallResult fromOperationResponse(unsigned httpStatus, std::string_view body);
// Answers to GET /v1/payments?idempotency_key= and GET /v1/operations?idempotency_key=. For
// operations, `expected` is the kind of call being looked up ("capture", "void", "refund"): an
// object of another kind under that key cannot resolve it.
CallResult fromPaymentInquiry(unsigned httpStatus, std::string_view body);
CallResult fromOperationInquiry(unsigned httpStatus, std::string_view body,
                                std::string_view expected);

// "capture", "void" or "refund" for an inquiry kind other than kAuthorize.
std::string_view operationObjectName(InquiryRequest::Kind kind);

}  // namespace sy::connectors::test_processor
