// The Checkout.com emulator's endpoints as plain functions from (caller, path params, body) to a
// response, with no sockets involved: the HTTP layer (emulator.h) authenticates, injects faults
// and applies delays around them, and unit tests call them directly.
//
// Wire format: Checkout.com's unified payments API (NAS), ../shared/specs/checkoutcom. Requests are
// validated as the real API does (422 {"request_id","error_type":"request_invalid","error_codes":[...]}
// with Checkout.com's error codes; unknown fields are ignored, as the real API ignores them).
// Payments: 201 approved "Authorized" or declined "Declined" (approved=false, response_code); with
// capture=true the emulator captures at once (the 201 still says "Authorized", as the real one
// does; GET shows "Captured"). Captures, voids, refunds: 202 {action_id, reference, _links}; 403
// (empty body) when the payment's state forbids it; 404 (empty body) for an unknown payment.
//
// Every POST carrying `Cko-Idempotency-Key` is idempotent per (account, key): lookup, ledger change
// and storing the response happen under one lock, so a replay gets the stored status and body and
// never touches the ledger. As Checkout.com documents ("subsequent requests with the same key will
// return the same HTTP status code and response body as the original request"), a replay is any
// later request with the key to the same method and path, whatever its body (an authorization
// replayed without the CVV, which is never kept); the key on another endpoint gets 422
// error_codes ["idempotency_key_in_use"]. Without the header every POST is processed.
//
// Thread-safe.
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include "http/response.h"
#include "sandbox/idempotency_store.h"

namespace sy::sandbox::checkoutcom {

struct CallContext {
  std::string account;         // a hash of the secret key, never the key itself
  std::string idempotencyKey;  // Cko-Idempotency-Key, may be empty
  std::string baseUrl;         // for _links
  bool declineAll = false;     // fault injection: decline every authorization 20005
};

// The response code an authorization of `amount` gets, by the emulator's amount table: an amount
// whose last five digits equal a listed decline code (20005, 20051, 30043...) is declined with that
// code; anything else is "10000". See docs/connectors/checkoutcom.md.
std::string_view responseCodeForAmount(int64_t amount);
// Checkout.com's response_summary for a response code ("Approved", "Insufficient Funds"...).
std::string_view responseSummary(std::string_view code);

class CheckoutComApi {
 public:
  // `capacity` bounds both the payments held and the idempotency store.
  explicit CheckoutComApi(size_t capacity);

  http::Response createPayment(const CallContext& ctx, std::string_view body);
  http::Response capture(const CallContext& ctx, std::string_view paymentId, std::string_view body);
  http::Response voidPayment(const CallContext& ctx, std::string_view paymentId,
                             std::string_view body);
  http::Response refund(const CallContext& ctx, std::string_view paymentId, std::string_view body);
  http::Response getPayment(const CallContext& ctx, std::string_view paymentId) const;
  http::Response getActions(const CallContext& ctx, std::string_view paymentId) const;
  // The customer's 3-D Secure challenge (three_ds.h), at the payment's _links.redirect; no API key
  // (the payment id is the capability):
  //   GET  /3ds/{id}                          HTML with "Complete" and "Fail" buttons
  //   POST /3ds/{id}  decision=approve|refuse  the payment ends Authorized (or the amount table's
  //        decline) / Declined 20151 (3DS failed); 303 to success_url / failure_url with
  //        cko-session-id=<sid> appended (a page saying so when none was given). Answering again
  //        only redirects again. 404 page for an unknown payment or one never challenged.
  http::Response challengePage(std::string_view paymentId) const;
  http::Response decideChallenge(std::string_view paymentId, std::string_view formBody);
  // GET /_ledger: every account's payments and counters, for tests.
  http::Response ledger() const;

  struct Action {
    std::string id;
    std::string type;  // Authorization, Capture, Void, Refund
    int64_t amount = 0;
    bool approved = true;
    std::string responseCode;
    std::string reference;
    std::string processedOn;
    std::string authCode;
  };
  struct Payment {
    std::string id;
    std::string account;
    int64_t amount = 0;
    std::string currency;
    std::string reference;
    std::string description;
    std::string paymentType = "Regular";
    bool approved = false;
    std::string status;  // Authorized, Partially Captured, Captured, Voided, ...
    std::string requestedOn;
    // Card, as the response echoes it: never the full number or the CVV.
    int expiryMonth = 0;
    int expiryYear = 0;
    std::string name, last4, bin, scheme, fingerprint;
    int64_t captured = 0, refunded = 0, voided = 0;
    std::vector<Action> actions;  // oldest first
    bool merchantInitiated = false;
    bool captureOnApproval = false;  // capture=true asked while a challenge was pending
    // 3-D Secure (three_ds.h): set when the request asked for it (3ds.enabled).
    struct ThreeDs {
      bool downgraded = false;             // not enrolled, went on without (attempt_n3d)
      std::string enrolled;                // Y, N
      std::string authenticationResponse;  // Y, N, A...; "" while the challenge is pending
      std::optional<bool> challenged;      // set once the authentication ended
      std::string version, eci, cryptogram, xid;
    };
    std::optional<ThreeDs> threeDs;
    bool challengePending = false;
    std::string sessionId;  // sid_...: appended to the URL the customer returns to
    std::string successUrl, failureUrl;
  };
  // Emulator webhooks and control (disputes): a copy of the payment with this id, any account.
  std::optional<Payment> paymentById(std::string_view id) const;

 private:
  template <class Process>
  http::Response idempotent(const CallContext& ctx, std::string_view path, std::string_view body,
                            Process&& process);
  http::Response authorize(const CallContext& ctx, std::string_view body);
  Payment* find(const CallContext& ctx, std::string_view id);
  const Payment* find(const CallContext& ctx, std::string_view id) const;
  std::string newId(std::string_view prefix);
  Action& addAction(Payment& p, std::string type, int64_t amount, std::string reference);
  // Records the Authorization action with response `code` (10000 approves) and the status it gives.
  void settleAuthorization(Payment& p, const std::string& code, bool capture);

  mutable std::mutex mu_;
  size_t capacity_;
  std::map<std::string, Payment> payments_;  // by id
  std::vector<std::string> order_;           // creation order, for the ledger
  IdempotencyStore idempotency_;
  std::mt19937_64 rng_;
  int64_t charges_ = 0, declines_ = 0, captures_ = 0, voids_ = 0, refunds_ = 0;
};

}  // namespace sy::sandbox::checkoutcom
