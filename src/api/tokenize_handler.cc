// POST /checkout/tokenize: the checkout sends card data straight to Switchyard with its client
// token, and gets a SINGLE_USE payment method token back; the merchant's server never sees the card.
#include "api/api.h"
#include "api/codec/tokenize_codec.h"
#include "api/cors.h"
#include "api/error_response.h"
#include "store/awaitable.h"

namespace sy::api {
namespace {
using boost::asio::awaitable;
using http::Request;
using http::Response;

awaitable<Response> tokenize(ApiContext& ctx, Request& req) {
  auto session = co_await ctx.auth.clientSession(req);
  if (!session) co_return errorResponse(session.status(), req.requestId);
  auto in = codec::decodeTokenize(req.body, ctx.clock.now());
  if (!in) co_return decodeErrorResponse(in.error(), req.requestId);
  vault::CardInput card{std::move(in->number), std::move(in->cvv), in->card.expirationMonth,
                        in->card.expirationYear, in->card.cardholderName, in->card.network};
  auto tokenized = ctx.vault.tokenize(session->merchantId, session->id, card);
  if (!tokenized) co_return errorResponse(tokenized.status(), req.requestId);
  // The CVV's sealed hold with its token, so any node can make the payment (vault/vault.h).
  Status st = co_await store::write(ctx.store, [&](store::WriteTx& tx) -> Status {
    SY_RETURN_IF_ERROR(tx.insertCardToken(tokenized->token));
    if (tokenized->cvvHold) SY_RETURN_IF_ERROR(tx.insertCvvHold(*tokenized->cvvHold));
    return Status::ok();
  });
  if (!st) co_return errorResponse(st, req.requestId);
  co_return Response::json(200, codec::writeTokenizeResponse(tokenized->token));
}
}  // namespace

void registerTokenizeRoutes(http::Router& router, ApiContext& ctx) {
  // Called by the checkout from the merchant's page, another origin than Switchyard's.
  router.add(boost::beast::http::verb::post, "/checkout/tokenize",
             withCors([&ctx](Request& r) { return tokenize(ctx, r); }));
  addCorsPreflight(router, "/checkout/tokenize", "POST");
}

}  // namespace sy::api
