// The test processor's endpoints as plain functions from (caller, path params, body) to a response,
// with no sockets involved: the emulator's HTTP layer (emulator.h) authenticates, injects faults
// and applies delays around them, and unit tests call them directly.
//
// Every POST is idempotent per (account, Idempotency-Key): the lookup, the ledger change and the
// storing of the response happen under one lock, so a replay (same key, same method, path and
// body) gets the stored status and body with `Idempotent-Replayed: true` and never touches the
// ledger, and a different request under a used key gets 409 idempotency_conflict.
//
// Thread-safe.
#pragma once

#include <chrono>
#include <cstddef>
#include <mutex>
#include <string>
#include <string_view>

#include "http/response.h"
#include "sandbox/idempotency_store.h"
#include "sandbox/test_processor/ledger.h"

namespace sy::sandbox::test_processor {

struct CallContext {
  // Who is calling: derived from the API key (a hash), never the key itself.
  std::string account;
  std::string idempotencyKey;                     // required on POST
  bool declineAll = false;                        // fault injection: decline every authorization
  std::chrono::milliseconds slowResponse{30000};  // how long the slow card holds its answer
};

struct Reply {
  http::Response response;
  // How long the HTTP layer must wait before answering (the slow magic card). The work is already
  // recorded when the reply is made; only the answer is late.
  std::chrono::milliseconds delay{0};
};

class TestProcessorApi {
 public:
  // `capacity` bounds both the ledger (objects) and the idempotency store (keys).
  explicit TestProcessorApi(size_t capacity);

  // POST /v1/payments
  Reply createPayment(const CallContext& ctx, std::string_view body);
  // POST /v1/payments/{id}/captures, /voids, /refunds
  Reply capture(const CallContext& ctx, std::string_view paymentId, std::string_view body);
  Reply voidPayment(const CallContext& ctx, std::string_view paymentId, std::string_view body);
  Reply refund(const CallContext& ctx, std::string_view paymentId, std::string_view body);

  // GET /v1/payments/{id}
  Reply getPayment(const CallContext& ctx, std::string_view paymentId) const;
  // GET /v1/payments?idempotency_key=K and GET /v1/operations?idempotency_key=K: {"data":[...]}
  // with the one object created under K, or an empty list when K was never received.
  Reply findPayments(const CallContext& ctx, std::string_view idempotencyKey) const;
  Reply findOperations(const CallContext& ctx, std::string_view idempotencyKey) const;
  // GET /v1/ledger: every account's payments, so tests can count what was charged.
  Reply ledger() const;

 private:
  // Runs `process` once per (account, key) under the lock; replays or refuses otherwise.
  template <class Process>
  Reply idempotent(const CallContext& ctx, std::string_view path, std::string_view body,
                   Process&& process);
  Reply authorize(const CallContext& ctx, std::string_view body);
  Reply operationReply(Result<const OperationRecord*> result, const CallContext& ctx);

  mutable std::mutex mu_;
  Ledger ledger_;
  IdempotencyStore idempotency_;
};

}  // namespace sy::sandbox::test_processor
