// POST, GET and PATCH /client-session.
#include "api/api.h"
#include "api/codec/client_session_codec.h"
#include "api/error_response.h"
#include "common/crypto.h"
#include "common/ids.h"
#include "store/awaitable.h"

namespace sy::api {
namespace {
using boost::asio::awaitable;
using http::Request;
using http::Response;
namespace verb = boost::beast::http;

Status invalidClientToken() {
  return Status(StatusCode::kInvalidArgument, "The client token is invalid.",
                "ClientSessionValidationError");
}

awaitable<Response> createSession(ApiContext& ctx, Request& req) {
  if (auto bad = checkApiVersion(req)) co_return *bad;
  auto who = co_await ctx.auth.merchant(req, scopes::kClientSessionWrite);
  if (!who) co_return errorResponse(who.status(), req.requestId);
  auto in = codec::decodeClientSessionCreate(req.body);
  if (!in) co_return decodeErrorResponse(in.error(), req.requestId);

  std::string token = newClientToken();
  store::ClientSession s;
  s.id = newId("cs");
  s.merchantId = who->merchantId;
  s.tokenHash = crypto::sha256Hex(token);
  s.orderId = in->orderId;
  s.currencyCode = in->currencyCode;
  s.amount = in->amount;
  s.customerId = in->customerId;
  s.customerJson = in->customerJson;
  s.orderJson = in->orderJson;
  s.metadataJson = in->metadataJson;
  s.paymentMethodJson = in->paymentMethodJson;
  s.createdAt = s.updatedAt = ctx.clock.now();
  s.expiresAt = s.createdAt + ctx.clientTokenTtl;
  Status st = co_await store::write(ctx.store, [&](store::WriteTx& tx) {
    return tx.insertClientSession(s);
  });
  if (!st) co_return errorResponse(st, req.requestId);
  co_return Response::json(200, codec::writeClientSession(s, &token));
}

awaitable<Result<store::ClientSession>> findSession(ApiContext& ctx, const std::string& merchantId,
                                                    std::string_view token) {
  if (token.empty() || token.size() > 256) co_return invalidClientToken();
  std::string hash = crypto::sha256Hex(token);
  Result<store::ClientSession> s = internalError("not read");
  co_await store::read(ctx.store, [&](store::ReadTx& tx) { s = tx.findClientSessionByTokenHash(hash); });
  if (!s) co_return s.status().code() == StatusCode::kNotFound ? invalidClientToken() : s.status();
  // Another merchant's session is as unknown as a made-up token.
  if (s->merchantId != merchantId || s->expiresAt <= ctx.clock.now()) co_return invalidClientToken();
  co_return s;
}

awaitable<Response> getSession(ApiContext& ctx, Request& req) {
  if (auto bad = checkApiVersion(req)) co_return *bad;
  auto who = co_await ctx.auth.merchant(req, scopes::kClientSessionWrite);
  if (!who) co_return errorResponse(who.status(), req.requestId);
  const std::string token = req.queryParam("clientToken").value_or("");
  auto s = co_await findSession(ctx, who->merchantId, token);
  if (!s) co_return errorResponse(s.status(), req.requestId);
  co_return Response::json(200, codec::writeClientSession(*s, nullptr));
}

awaitable<Response> patchSession(ApiContext& ctx, Request& req) {
  if (auto bad = checkApiVersion(req)) co_return *bad;
  auto who = co_await ctx.auth.merchant(req, scopes::kClientSessionWrite);
  if (!who) co_return errorResponse(who.status(), req.requestId);
  auto patch = codec::decodeClientSessionPatch(req.body);
  if (!patch) co_return decodeErrorResponse(patch.error(), req.requestId);
  auto s = co_await findSession(ctx, who->merchantId, patch->clientToken);
  if (!s) co_return errorResponse(s.status(), req.requestId);
  codec::applyClientSessionPatch(*s, *patch);
  s->updatedAt = ctx.clock.now();
  Status st = co_await store::write(ctx.store, [&](store::WriteTx& tx) {
    return tx.updateClientSession(*s);
  });
  if (!st) co_return errorResponse(st, req.requestId);
  co_return Response::json(200, codec::writeClientSession(*s, nullptr));
}
}  // namespace

void registerClientSessionRoutes(http::Router& router, ApiContext& ctx) {
  router.add(verb::verb::post, "/client-session",
             [&ctx](Request& r) { return createSession(ctx, r); });
  router.add(verb::verb::get, "/client-session", [&ctx](Request& r) { return getSession(ctx, r); });
  router.add(verb::verb::patch, "/client-session",
             [&ctx](Request& r) { return patchSession(ctx, r); });
}

}  // namespace sy::api
