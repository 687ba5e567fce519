// The merchant's X-Idempotency-Key: same key and same body replays the stored response (marked
// with X-Idempotent-Replayed: true) and runs nothing; same key, other body is 409
// IdempotencyKeyAlreadyExists; same key while the first request still runs is 409
// IdempotencyKeyInUse. The record itself is written by the engine in the same transaction as the
// state change it guards. A key whose request ended without its outcome (process killed, store
// failed at the last commit) is answered, once its payment's call is resolved by the recovery
// sweep, with the payment as it then is; that answer is stored and replayed from then on.
#pragma once

#include <boost/asio/awaitable.hpp>
#include <functional>
#include <string>

#include "common/clock.h"
#include "http/request.h"
#include "http/response.h"
#include "orchestrator/payment_engine.h"
#include "store/store.h"

namespace sy::api {

using PaymentOperation = std::function<boost::asio::awaitable<Result<domain::Payment>>(
    orchestrator::Idempotency)>;

// Runs `op` under the request's idempotency key (if any) for `scope` ("POST /payments" or
// "POST /payments/{id}/capture" with the id filled in) and renders its result with `render`.
boost::asio::awaitable<http::Response> runIdempotent(store::Store& store, const Clock& clock,
                                                     const http::Request& request,
                                                     const std::string& merchantId,
                                                     const std::string& scope,
                                                     const orchestrator::ResponseRenderer& render,
                                                     const PaymentOperation& op);

}  // namespace sy::api
