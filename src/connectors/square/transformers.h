// Square transformers: pure functions between the connector model (connector.h) and Square's
// Payments API v2 wire format, plus its raw-code -> StatusReason decline table. No I/O, no state;
// tested offline against the recorded bodies in testdata/ (transformers_test.cc).
//
// Calls (see docs/connectors/square.md):
//   POST /v2/payments                      {idempotency_key, source_id, amount_money {amount,
//                                           currency}, autocomplete, reference_id, note?,
//                                           statement_description_identifier?}
//   POST /v2/payments/{payment_id}/complete  {}   (capture: the whole amount, once)
//   POST /v2/payments/{payment_id}/cancel    {}   (void)
//   POST /v2/refunds                       {idempotency_key, payment_id, amount_money, reason?}
// The idempotency key goes IN THE BODY (Square reads no idempotency header); complete and cancel
// take none: Square answers a repeated complete/cancel of a payment already in that state with
// the payment as it stands.
//
// The card: Square's public API takes no card number, only a `source_id` (a nonce from its Web
// Payments SDK, or a card on file). The connector sends the card number as `source_id`, a
// convention of Switchyard's emulator (which also accepts Square's documented sandbox nonces
// such as "cnon:card-nonce-ok"); against the real Square the card must first be tokenized.
//
// How an answer maps to a CallResult:
//   200 {"payment": APPROVED | COMPLETED | CANCELED}  -> kSucceeded, AUTHORIZED / SETTLED / CANCELLED
//   200 {"payment": FAILED}                           -> kDeclined (GENERIC_DECLINE if no code)
//   200 {"refund": PENDING | COMPLETED}               -> kSucceeded, status PENDING (a refund
//                                                        says nothing certain about the sale)
//   4xx {"errors":[{category PAYMENT_METHOD_ERROR, code}]} on an authorization
//                                                     -> kDeclined, reason from the decline table
//   other 4xx {"errors":[{category, code, detail}]}   -> kFailed, GATEWAY_REJECTED,
//                                                        processorCode = the first error's code
//   5xx, other status, unreadable body                -> kUnknown (unknownOutcome): never a decline
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

// Square's Square-Version header: the API version this connector speaks.
inline constexpr std::string_view kSquareVersion = "2024-10-17";

// Credentials JSON: {"accessToken": "..."}, sent as `Authorization: Bearer <accessToken>`.
// kInvalidArgument (never quoting the JSON) when it is not an object with a non-empty accessToken.
Result<SecretString> accessTokenFrom(const SecretString& credentialsJson);

// `amount` in ISO 4217 minor units -> Square's Money.amount. Square's Money uses the smallest
// denomination of the ISO 4217 currency (JPY 0, KWD 3), so the amount goes as it is.
Result<int64_t> toProcessorAmount(int64_t amount, std::string_view currency, int isoExponent);

// Request bodies. The authorization body carries the card, so it stays a Secret until it is
// handed to the HTTP client. kInvalidArgument for an unusable amount.
Result<SecretString> authorizeBody(const AuthorizeRequest& req);
std::string completeBody(const CaptureRequest& req);
std::string cancelBody(const CancelRequest& req);
Result<std::string> refundBody(const RefundRequest& req);

// The decline table: raw error code (+ Square's detail) -> the Primer taxonomy
// (domain::issuerDecline), the raw code kept in processorCode. Unknown codes: soft UNKNOWN.
domain::StatusReason declineReason(std::string_view code, std::string message);

// Answers to POST /v2/payments. A refusal means the sale FAILED (nothing was authorized).
CallResult fromPaymentResponse(unsigned httpStatus, std::string_view body);
// Answers to POST /v2/payments/{id}/complete|cancel. A refusal says nothing about the sale.
CallResult fromModifyResponse(unsigned httpStatus, std::string_view body);
// Answers to POST /v2/payments/{id}/complete for a capture of `requested`: as
// fromModifyResponse, but a COMPLETED payment whose amount is not `requested` is kFailed
// (GATEWAY_REJECTED, AMOUNT_MISMATCH): Square completes the whole amount once and answers a
// repeated complete with the payment as it stands, so another capture must not look like one.
CallResult fromCompleteResponse(unsigned httpStatus, std::string_view body, int64_t requested);
// Answers to POST /v2/refunds.
CallResult fromRefundResponse(unsigned httpStatus, std::string_view body);

}  // namespace sy::connectors::square
