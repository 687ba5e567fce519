#include "api/idempotency.h"

#include "api/error_response.h"
#include "common/crypto.h"
#include "domain/state_machine.h"
#include "store/awaitable.h"

namespace sy::api {
namespace {
constexpr size_t kMaxKeyLength = 255;

bool saneKey(std::string_view k) {
  if (k.empty() || k.size() > kMaxKeyLength) return false;
  for (unsigned char c : k)
    if (c < 0x21 || c > 0x7e) return false;
  return true;
}

// An outcome the renderer turned into (status, body). A 503 (the database or the node could not
// take the request now) says when to retry, as errorResponse() does.
http::Response rendered(unsigned status, std::string body) {
  auto r = http::Response::json(status, std::move(body));
  if (status == 503) r.headers.emplace_back("Retry-After", "1");
  return r;
}

http::Response replay(const store::IdempotencyRecord& rec) {
  auto r = http::Response::json(rec.responseStatus, rec.responseBody);
  r.headers.emplace_back("X-Idempotent-Replayed", "true");
  return r;
}
}  // namespace

boost::asio::awaitable<http::Response> runIdempotent(store::Store& store, const Clock& clock,
                                                     const http::Request& request,
                                                     const std::string& merchantId,
                                                     const std::string& scope,
                                                     const orchestrator::ResponseRenderer& render,
                                                     const PaymentOperation& op) {
  std::string_view key = request.header("X-Idempotency-Key");
  if (key.empty()) {
    orchestrator::Idempotency none{std::nullopt, render};
    auto r = co_await op(std::move(none));
    auto [status, body] = render(r);
    co_return rendered(status, std::move(body));
  }
  if (!saneKey(key))
    co_return errorResponse(400, "InvalidIdempotencyKey",
                            "X-Idempotency-Key must be 1 to 255 printable ASCII characters",
                            request.requestId);
  store::IdempotencyRecord rec;
  rec.merchantId = merchantId;
  rec.scope = scope;
  rec.key = std::string(key);
  rec.requestHash = crypto::sha256Hex(rec.scope + "\n" + request.body);

  // Twice at most: a duplicate that slips in between our check and our insert shows up as
  // IdempotencyRace (an abandoned key completed by another node as IdempotencyCompleted), and the
  // second look then finds its record.
  for (int attempt = 0; attempt < 2; ++attempt) {
    Result<store::IdempotencyRecord> found = internalError("not read");
    std::string paymentStatus;
    std::optional<domain::Payment> payment;
    co_await store::read(store, [&](store::ReadTx& tx) {
      found = tx.findIdempotency(rec.merchantId, rec.scope, rec.key);
      if (found && !found->paymentId.empty()) {
        auto p = tx.findPayment(rec.merchantId, found->paymentId);
        if (p) {
          paymentStatus = std::string(domain::toString(p->status));
          payment = std::move(*p);
        }
      }
    });
    if (found) {
      const bool sameBody = found->requestHash == rec.requestHash;
      if (!sameBody)
        co_return errorResponse(
            Status(StatusCode::kAlreadyExists,
                   "The idempotency key \"" + rec.key + "\" was already used with another request",
                   "IdempotencyKeyAlreadyExists"),
            request.requestId, found->paymentId, paymentStatus);
      if (found->state == store::IdempotencyState::kCompleted) co_return replay(*found);
      // In progress, but the payment has no call in flight: the request that owns the key ended
      // without recording its outcome (its process died, or the store failed at the last commit)
      // and the recovery sweep has since resolved the call. The outcome is the payment as it is
      // now; it is stored as the key's response, once, whichever node gets here first.
      if (payment && !domain::hasCallInFlight(*payment)) {
        store::IdempotencyRecord completed = *found;
        auto [status, body] = render(Result<domain::Payment>(*payment));
        completed.state = store::IdempotencyState::kCompleted;
        completed.responseStatus = status;
        completed.responseBody = std::move(body);
        Status st = co_await store::write(store, [&](store::WriteTx& tx) {
          return tx.completeIdempotencyIfInProgress(completed);
        });
        if (st.isOk()) co_return replay(completed);
        if (st.reason() == "IdempotencyCompleted") continue;  // another node did: replay its
        co_return errorResponse(st, request.requestId);
      }
      co_return errorResponse(
          Status(StatusCode::kAlreadyExists,
                 "A request with this idempotency key is still being processed; retry shortly",
                 "IdempotencyKeyInUse"),
          request.requestId, found->paymentId, paymentStatus);
    }
    if (found.status().code() != StatusCode::kNotFound)
      co_return errorResponse(found.status(), request.requestId);

    rec.createdAt = clock.now();
    orchestrator::Idempotency idem{rec, render};
    auto r = co_await op(std::move(idem));
    if (!r && r.status().reason() == "IdempotencyRace") continue;
    auto [status, body] = render(r);
    co_return rendered(status, std::move(body));
  }
  co_return errorResponse(Status(StatusCode::kAlreadyExists,
                                 "A request with this idempotency key is still being processed",
                                 "IdempotencyKeyInUse"),
                          request.requestId);
}

}  // namespace sy::api
