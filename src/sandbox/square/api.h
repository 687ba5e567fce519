// The Square emulator's endpoints as plain functions (no sockets): the HTTP layer
// (emulator.h) authenticates, injects faults and applies latency around them; unit tests call
// them directly. Also holds the emulator's books (its ledger).
//
// TEMPLATE: this is a small, complete processor speaking a generic JSON wire format, so that the
// generated connector passes the conformance kit at once. Replace the wire format with
// Square's own (its paths, fields, error envelope, status names, test cards) on both sides,
// connector and emulator, keeping the behaviour: validation like the real API, a stateful ledger,
// idempotency as the processor documents it, the processor's documented test data.
//
// Endpoints (`Authorization: Bearer <api key>` required; `Idempotency-Key` on every POST):
//   POST /v1/payments                    {amount, currency, capture, reference, order_id?,
//                                         statement_descriptor?, card {number, cvc?, exp_month,
//                                         exp_year, holder?}}
//        -> 201 payment {id, status: authorized|captured|declined, amount, currency,
//                        captured_amount, refunded_amount, decline_code?, message?}
//   POST /v1/payments/{id}/captures      {amount, final, reference} -> 201 operation
//   POST /v1/payments/{id}/voids         {reference}                -> 201 operation
//   POST /v1/payments/{id}/refunds       {amount, reason?, reference} -> 201 operation
//        operation {id, type: capture|void|refund, payment_id, amount, payment {...}}
//   Errors: 4xx/5xx {"error": {"code", "message"}}; 404 unknown payment; 409 wrong state or
//   amount; 422 invalid request or a key reused on another endpoint.
//
// Idempotency: per (account, Idempotency-Key) the first answer below 500 is stored; a later
// request with the key to the same endpoint gets it again without processing, whatever its body
// (ReplayRule::kSameEndpoint: a replayed authorization comes without the CVC).
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
  std::string account;         // a hash of the API key, never the key itself
  std::string idempotencyKey;  // may be empty
  bool declineAll = false;     // fault injection: decline every authorization do_not_honor
};

// The emulator's test cards: numbers whose authorization is declined with `code`. Any other
// Luhn-valid number is approved; a Luhn-invalid one is declined invalid_number.
struct TestCard {
  std::string_view number;
  std::string_view code;
  std::string_view message;
};
const std::vector<TestCard>& testCards();

class SquareApi {
 public:
  // `capacity` bounds the ledger and the idempotency store.
  explicit SquareApi(size_t capacity);

  http::Response createPayment(const CallContext& ctx, std::string_view body);
  // kind: "captures", "voids", "refunds".
  http::Response modify(const CallContext& ctx, std::string_view kind, std::string_view paymentId,
                        std::string_view body);
  // GET /_ledger: every account's payments and counters, for tests.
  http::Response ledger() const;

 private:
  struct Payment {
    std::string id;
    std::string account;
    std::string currency;
    int64_t amount = 0;
    std::string status;  // authorized, captured, partially_captured, voided, declined
    std::string declineCode;
    std::string message;
    int64_t captured = 0;
    int64_t refunded = 0;
    bool final = false;  // a final capture released the rest
  };
  template <class Process>
  http::Response idempotent(const CallContext& ctx, std::string_view path, std::string_view body,
                            Process&& process);
  http::Response authorize(const CallContext& ctx, std::string_view body);
  http::Response applyModification(const CallContext& ctx, std::string_view kind,
                                   std::string_view paymentId, std::string_view body);
  std::string nextId(std::string_view prefix);

  const size_t capacity_;
  mutable std::mutex mu_;
  IdempotencyStore idempotency_;
  std::unordered_map<std::string, Payment> payments_;  // by id
  std::vector<std::string> order_;                     // creation order, for the ledger
  uint64_t sequence_ = 0;
  int64_t charges_ = 0, declines_ = 0, captures_ = 0, voids_ = 0, refunds_ = 0;
};

// {"error": {"code", "message"}}
std::string errorBody(std::string_view code, std::string_view message);

}  // namespace sy::sandbox::square
