// Stripe transformers: pure functions between the connector model (connector.h) and Stripe's
// PaymentIntents API, version 2023-08-16 (form-encoded requests with deepObject `a[b][c]=v` keys,
// JSON answers). No I/O, no state; tested offline against the recorded bodies in testdata/, which
// contract_check.js validates against ../shared/specs/stripe/stripe-api-2023-08-16.spec3.json.
//
// Amounts: Stripe's own minor units per currency (docs: "Zero-decimal currencies",
// "Three-decimal currencies", "Special cases"), converted from/to the ISO 4217 minor units the
// connector model uses:
//   zero-decimal (BIF CLP DJF GNF JPY KMF KRW MGA PYG RWF UGX VND VUV XAF XOF XPF): exponent 0
//     (MGA is 2 in ISO 4217: an ISO amount must then be a multiple of 100);
//   three-decimal (BHD JOD KWD OMR TND): exponent 3, and the amount must be a multiple of 10;
//   ISK: zero-decimal in ISO but two-decimal at Stripe (5 ISK is sent as 500);
//   everything else: exponent 2.
// An amount Stripe cannot represent is refused before sending (kInvalidArgument), never rounded.
//
// How an answer maps to a CallResult:
//   200 PaymentIntent requires_capture      -> kSucceeded AUTHORIZED
//   200 PaymentIntent succeeded             -> kSucceeded SETTLED
//   200 PaymentIntent canceled              -> kSucceeded CANCELLED
//   200 PaymentIntent requires_payment_method with last_payment_error -> kDeclined (decline table)
//   200 PaymentIntent processing            -> kUnknown (resolved later by inquiry)
//   200 PaymentIntent requires_action with next_action.redirect_to_url.url
//                                           -> kSucceeded PENDING with challengeUrl (3-D Secure)
//   latest_charge expanded: payment_method_details.card.three_d_secure -> threeDSecure
//     (authenticated/attempt_acknowledged AUTH_SUCCESS, failed AUTH_FAILED, exempted/not_supported/
//     processing_error SKIPPED); last_payment_error payment_intent_authentication_failure ->
//     kDeclined AUTHENTICATION_REQUIRED with threeDSecure AUTH_FAILED
//   200 PaymentIntent other (requires_action/_confirmation/_payment_method) -> kFailed
//   402 card_error (code/decline_code)      -> kDeclined, or kFailed RETRY_LATER for
//   processing_error 400/401/403/404 invalid_request_error   -> kFailed GATEWAY_REJECTED (nothing
//   happened) idempotency_error, 409, 429, 5xx, other status, unreadable body, transport failure
//                                           -> kUnknown GATEWAY_TIMEOUT "outcome unknown: ..."
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

namespace sy::connectors::stripe {

inline constexpr std::string_view kApiVersion = "2023-08-16";
// The metadata key under which every PaymentIntent and Refund carries our attempt key, so that an
// inquiry can find it again (Search API for PaymentIntents, list-by-payment_intent for Refunds).
inline constexpr std::string_view kAttemptKeyMetadata = "sy_attempt_key";

// Credentials JSON: {"secretKey":"sk_test_..."} (required; a restricted key "rk_..." works too)
// and optionally {"stripeAccount":"acct_..."} (Connect: sent as the Stripe-Account header).
struct Credentials {
  SecretString secretKey;
  std::string stripeAccount;
};
// kInvalidArgument (never quoting the JSON) when malformed.
Result<Credentials> credentialsFrom(const SecretString& credentialsJson);

// --- form encoding -------------------------------------------------------------------------
// application/x-www-form-urlencoded: unreserved characters pass, '[' and ']' in keys pass (as
// Stripe's own libraries send them), everything else is %XX.
std::string formEscape(std::string_view s, bool isKey = false);

class FormBuilder {
 public:
  FormBuilder& add(std::string_view key, std::string_view value);
  FormBuilder& add(std::string_view key, int64_t value);
  const std::string& str() const { return body_; }
  std::string take() { return std::move(body_); }

 private:
  std::string body_;
};

// --- currencies ----------------------------------------------------------------------------
// Stripe's number of minor-unit digits for `currency` (ISO code, any case) given its ISO exponent.
int stripeExponent(std::string_view currency, int isoExponent);
bool isZeroDecimal(std::string_view currency);
bool isThreeDecimal(std::string_view currency);
// ISO minor units -> Stripe's; kInvalidArgument when Stripe cannot represent the amount.
Result<int64_t> toStripeAmount(int64_t amount, std::string_view currency, int isoExponent);
// Stripe's minor units -> ISO minor units for a currency Stripe answered with (lower case OK);
// the amount as given when the currency is not in the ISO table.
int64_t fromStripeAmount(int64_t amount, std::string_view currency);

// --- request bodies ------------------------------------------------------------------------
// POST /v1/payment_intents with confirm=true and raw card data. Carries the PAN, so it stays a
// Secret until handed to the HTTP client. kInvalidArgument for an unusable expiry or amount.
Result<SecretString> authorizeBody(const AuthorizeRequest& req);
// POST /v1/payment_intents/{id}/capture
Result<std::string> captureBody(const CaptureRequest& req);
// POST /v1/payment_intents/{id}/cancel
std::string cancelBody(const CancelRequest& req);
// POST /v1/refunds
Result<std::string> refundBody(const RefundRequest& req);
// GET /v1/payment_intents/search query value: metadata['sy_attempt_key']:'<key>'
std::string attemptSearchQuery(std::string_view attemptKey);

// Request targets (ids percent-encoded): /v1/payment_intents/{id}[/<action>],
// /v1/payment_intents/search?query=..., /v1/refunds?limit=100&payment_intent={id}.
std::string paymentIntentPath(std::string_view id, std::string_view action = {});
// GET /v1/payment_intents/{id}?expand[0]=latest_charge: the intent with its charge's 3-D Secure
// details, after the customer's challenge.
std::string authenticatedIntentPath(std::string_view id);
std::string searchPath(std::string_view attemptKey);
std::string refundListPath(std::string_view paymentIntentId);

// --- answers -------------------------------------------------------------------------------
// Stripe's decline code (decline_code, else code) + its message -> Primer's taxonomy; the raw
// code is kept in processorCode. Unknown codes become a soft ISSUER_DECLINED UNKNOWN.
domain::StatusReason declineReason(std::string_view code, std::string message);
// A card error's reason (a 402, or a PaymentIntent's last_payment_error; `code` is its
// decline_code, else its code): processing_error is GATEWAY_REJECTED with advised RETRY_LATER
// (Stripe failed to process the card; nothing was charged), anything else an issuer decline by
// declineReason().
domain::StatusReason cardErrorReason(std::string_view code, std::string message);

// Answers that carry a PaymentIntent (create+confirm, retrieve, capture, cancel).
CallResult fromPaymentIntentResponse(unsigned httpStatus, std::string_view body);
// POST /v1/refunds answers.
CallResult fromRefundResponse(unsigned httpStatus, std::string_view body);
// GET /v1/payment_intents/search answers: empty -> kNotFound.
CallResult fromSearchResponse(unsigned httpStatus, std::string_view body);
// GET /v1/refunds?payment_intent= answers: the refund carrying `attemptKey` in its metadata, or
// kNotFound.
CallResult fromRefundListResponse(unsigned httpStatus, std::string_view body,
                                  std::string_view attemptKey);
// Inquiry of a capture or a cancel from the PaymentIntent as it now stands (Stripe captures or
// cancels a PaymentIntent at most once): kSucceeded when it is in the state that call leads to,
// kNotFound when it is still requires_capture, kFailed when it went the other way.
CallResult fromModificationInquiry(unsigned httpStatus, std::string_view body,
                                   InquiryRequest::Kind kind);

}  // namespace sy::connectors::stripe
