// The Stripe emulator's endpoints as plain functions from (caller, params, body) to a response,
// with no sockets involved: the HTTP layer (emulator.h) authenticates, injects faults and applies
// delays around them; unit tests call them directly. Speaks PaymentIntents API 2023-08-16:
// form-encoded requests (deepObject keys), Stripe's JSON objects and error envelope
// {"error":{"type","code","decline_code","message","param",...}}.
//
// Supported:
//   POST /v1/payment_intents                  create (+ confirm=true with payment_method_data card)
//   GET  /v1/payment_intents/{intent}         retrieve
//   POST /v1/payment_intents/{intent}/capture amount_to_capture (once; the rest is released)
//   POST /v1/payment_intents/{intent}/cancel  cancellation_reason
//   GET  /v1/payment_intents/search           query=metadata['k']:'v' only
//   POST /v1/refunds                          payment_intent or charge, amount, reason, metadata
//   GET  /v1/refunds                          payment_intent=, charge=, limit=
//   GET  /v1/_ledger                          emulator-only: what was charged, per PaymentIntent
// Unknown parameters -> 400 parameter_unknown; missing ones -> 400 parameter_missing.
//
// Idempotency as Stripe's: per (account, Idempotency-Key); a replay of the same request gets the
// stored answer (declines and 4xx included) with `Idempotent-Replayed: true`; different
// parameters under a used key -> 400 idempotency_error. POSTs without a key are processed.
//
// Thread-safe (one lock around lookup -> process -> remember).
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "common/status.h"
#include "http/response.h"
#include "sandbox/idempotency_store.h"

namespace sy::sandbox::stripe {

struct CallContext {
  std::string account;  // a hash of the secret key, never the key itself
  std::string idempotencyKey;
  bool declineAll = false;
  std::string baseUrl;  // the emulator's own, for next_action.redirect_to_url.url
};

struct Reply {
  http::Response response;
};

// A decoded application/x-www-form-urlencoded body: full keys ("a[b][c]") -> value, in order.
using FormParams = std::vector<std::pair<std::string, std::string>>;
Result<FormParams> decodeForm(std::string_view body);
// deepObject top-level name: "payment_method_data[card][number]" -> "payment_method_data".
std::string_view topLevelName(std::string_view key);

struct IntentRecord {
  std::string id, account, idempotencyKey, clientSecret;
  int64_t amount = 0, amountCapturable = 0, amountReceived = 0, amountRefunded = 0;
  std::string currency, captureMethod, status, description, statementDescriptorSuffix;
  std::string cancellationReason;
  int64_t created = 0, canceledAt = 0;
  std::vector<std::pair<std::string, std::string>> metadata;
  std::string paymentMethod, latestCharge;
  // last_payment_error, when the last confirmation failed
  std::string errorCode, errorDeclineCode, errorMessage;
  bool everAuthorized = false;
  // 3-D Secure (magic_cards.h): the card, the challenge's return_url, and how it went —
  // flow "challenge"/"frictionless" and result "authenticated"/"failed" ("" while pending or none).
  std::string brand, last4;
  int64_t expMonth = 0, expYear = 0;
  std::string returnUrl, challengeUrl, threeDsFlow, threeDsResult;
  std::string setupFutureUsage;  // "" (null), on_session or off_session
  bool challengePending = false;
};

struct RefundRecord {
  std::string id, account, paymentIntent, charge, currency, reason, status = "succeeded";
  int64_t amount = 0, created = 0;
  std::vector<std::pair<std::string, std::string>> metadata;
};

class StripeApi {
 public:
  explicit StripeApi(size_t capacity);

  Reply createPaymentIntent(const CallContext& ctx, std::string_view body);
  Reply capture(const CallContext& ctx, std::string_view intentId, std::string_view body);
  Reply cancel(const CallContext& ctx, std::string_view intentId, std::string_view body);
  Reply createRefund(const CallContext& ctx, std::string_view body);

  Reply getPaymentIntent(const CallContext& ctx, std::string_view intentId,
                         const FormParams& query) const;
  Reply searchPaymentIntents(const CallContext& ctx, const FormParams& query) const;
  Reply listRefunds(const CallContext& ctx, const FormParams& query) const;
  Reply ledger() const;
  // Emulator control (disputes): the PaymentIntent with this id in any account.
  std::optional<IntentRecord> intentById(std::string_view intentId) const;

  // The 3-D Secure challenge page the customer is sent to (next_action.redirect_to_url.url):
  //   GET  /3ds/challenge/{intent}                  HTML with "Complete" and "Fail" buttons
  //   POST /3ds/challenge/{intent}  decision=approve|refuse  -> 303 to the return_url
  // Served without authentication, as Stripe's hooks.stripe.com pages are: the intent id is the
  // capability. Approving authorizes the PaymentIntent (requires_capture, or succeeded with
  // automatic capture); refusing leaves it requires_payment_method with last_payment_error
  // payment_intent_authentication_failure.
  http::Response challengePage(std::string_view intentId) const;
  http::Response decideChallenge(std::string_view intentId, std::string_view body);

 private:
  template <class Process>
  Reply idempotent(const CallContext& ctx, std::string_view path, std::string_view body,
                   Process&& process);
  Reply doCreate(const CallContext& ctx, std::string_view body);
  Reply doCapture(const CallContext& ctx, std::string_view intentId, std::string_view body);
  Reply doCancel(const CallContext& ctx, std::string_view intentId, std::string_view body);
  Reply doRefund(const CallContext& ctx, std::string_view body);
  IntentRecord* findIntent(std::string_view account, std::string_view id);
  const IntentRecord* findIntent(std::string_view account, std::string_view id) const;
  std::string newId(std::string_view prefix);

  size_t capacity_;
  mutable std::mutex mu_;
  std::map<std::string, IntentRecord> intents_;  // by id
  std::vector<std::string> intentOrder_;
  std::vector<RefundRecord> refunds_;
  IdempotencyStore idempotency_;
  uint64_t nextId_ = 1;
  int64_t captureCount_ = 0, cancelCount_ = 0;
};

}  // namespace sy::sandbox::stripe
