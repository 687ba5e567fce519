// The Square emulator's endpoints as plain functions (no sockets): the HTTP layer
// (emulator.h) authenticates, injects faults and applies latency around them; unit tests call
// them directly. Also holds the emulator's books (its ledger).
//
// Endpoints (Square Payments API v2; `Authorization: Bearer <access token>` required):
//   POST /v2/payments                {idempotency_key, source_id, amount_money {amount, currency},
//                                     autocomplete? (default true), reference_id?, note?}
//        -> 200 {"payment": Payment}   status APPROVED (autocomplete false) or COMPLETED
//        -> 402 {"errors":[{"category":"PAYMENT_METHOD_ERROR","code","detail"}],
//                "payment": Payment with status FAILED}   (a decline)
//   POST /v2/payments/{id}/complete  {}  APPROVED -> COMPLETED (the whole amount, once)
//   POST /v2/payments/{id}/cancel    {}  APPROVED -> CANCELED
//        -> 200 {"payment": Payment}; a payment already COMPLETED / CANCELED is answered as it
//           stands (so a repeated call changes nothing); another state: 400 BAD_REQUEST
//   POST /v2/refunds                 {idempotency_key, payment_id, amount_money, reason?}
//        -> 200 {"refund": {id, status: COMPLETED, payment_id, amount_money, reason?}}
//   GET  /v2/payments/{id}, GET /v2/refunds/{id}
//   Payment: {id, status, amount_money, total_money, refunded_money?, reference_id?, note?,
//             source_type: "CARD"}
//   Errors: {"errors":[{"category","code","detail"}]}: 400 INVALID_REQUEST_ERROR (validation,
//   state, REFUND_AMOUNT_INVALID, IDEMPOTENCY_KEY_REUSED), 404 NOT_FOUND, 401 UNAUTHORIZED,
//   500 API_ERROR INTERNAL_SERVER_ERROR.
//
// source_id: Square's documented sandbox nonces (cnon:card-nonce-ok, -declined, -rejected-cvv,
// -rejected-postalcode, -rejected-expiration) and, as this emulator's own convention, a card
// number standing for a tokenized card (testCards(); any other Luhn-valid number approves, a
// Luhn-invalid one is declined INVALID_CARD).
//
// Idempotency: per (account, idempotency_key from the body) the first answer below 500 is
// stored; the same request again gets it without processing; the key with another request is
// 400 IDEMPOTENCY_KEY_REUSED (ReplayRule::kSameRequest, as Square documents).
//
// Thread-safe.
#pragma once

#include <cstddef>
#include <cstdint>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "http/response.h"
#include "sandbox/idempotency_store.h"

namespace sy::sandbox::square {

struct CallContext {
  std::string account;      // a hash of the access token, never the token itself
  bool declineAll = false;  // fault injection: decline every payment GENERIC_DECLINE
};

// The emulator's test sources: a source_id whose payment is declined with `code`.
struct TestCard {
  std::string_view sourceId;
  std::string_view code;
  std::string_view detail;
};
const std::vector<TestCard>& testCards();

class SquareApi {
 public:
  // `capacity` bounds the ledger and the idempotency store.
  explicit SquareApi(size_t capacity);

  http::Response createPayment(const CallContext& ctx, std::string_view body);
  // action: "complete" or "cancel".
  http::Response modify(const CallContext& ctx, std::string_view action,
                        std::string_view paymentId);
  http::Response refund(const CallContext& ctx, std::string_view body);
  http::Response getPayment(const CallContext& ctx, std::string_view paymentId) const;
  http::Response getRefund(const CallContext& ctx, std::string_view refundId) const;
  // GET /_ledger: every account's payments and counters, for tests.
  http::Response ledger() const;

 private:
  struct Payment {
    std::string id;
    std::string account;
    std::string currency;
    int64_t amount = 0;
    std::string status;  // APPROVED, COMPLETED, CANCELED, FAILED
    std::string referenceId, note;
    int64_t refunded = 0;
  };
  struct Refund {
    std::string id, account, paymentId, currency, reason;
    int64_t amount = 0;
  };
  template <class Process>
  http::Response idempotent(const CallContext& ctx, std::string_view path, std::string_view body,
                            Process&& process);
  http::Response authorize(const CallContext& ctx, std::string_view body);
  http::Response applyRefund(const CallContext& ctx, std::string_view body);
  std::string nextId(std::string_view prefix);

  const size_t capacity_;
  mutable std::mutex mu_;
  IdempotencyStore idempotency_;
  std::unordered_map<std::string, Payment> payments_;  // by id
  std::unordered_map<std::string, Refund> refunds_;    // by id
  std::vector<std::string> order_;                     // creation order, for the ledger
  uint64_t sequence_ = 0;
  int64_t charges_ = 0, declines_ = 0, captures_ = 0, voids_ = 0, refundCount_ = 0;
};

// {"errors":[{"category","code","detail"}]}
std::string errorBody(std::string_view category, std::string_view code, std::string_view detail);

}  // namespace sy::sandbox::square
