// /payment-instruments (Primer "Payment Methods API"): vault a SINGLE_USE token for a customer,
// list a customer's instruments, delete one, make one the default. Merchant-isolated: another
// merchant's token is as unknown as a made-up one (404 InvalidPaymentInstrumentToken).
#include "api/api.h"
#include "api/codec/instrument_codec.h"
#include "api/error_response.h"
#include "store/awaitable.h"

namespace sy::api {
namespace {
using boost::asio::awaitable;
using http::Request;
using http::Response;

Status invalidInstrument() {
  return Status(StatusCode::kNotFound, "Invalid payment instrument.",
                "InvalidPaymentInstrumentToken");
}

// The token from the path: tokens are ids we issued, so anything longer is simply unknown.
std::string tokenOf(Request& req) {
  return req.pathParams["paymentMethodToken"];
}

awaitable<Response> vaultInstrument(ApiContext& ctx, Request& req) {
  if (auto bad = checkApiVersion(req)) co_return *bad;
  auto who = co_await ctx.auth.merchant(req, scopes::kPaymentInstrumentsWrite);
  if (!who) co_return errorResponse(who.status(), req.requestId);
  auto customer = codec::decodeVaultRequest(req.body);
  if (!customer) co_return decodeErrorResponse(customer.error(), req.requestId);
  const std::string token = tokenOf(req);
  const std::string merchantId = who->merchantId;
  const std::string customerId = customer.value();
  auto instrument = co_await ctx.engine.vaultCard(merchantId, token, customerId);
  if (!instrument) co_return errorResponse(instrument.status(), req.requestId);
  co_return Response::json(200, codec::writeInstrument(*instrument));
}

awaitable<Response> listInstruments(ApiContext& ctx, Request& req) {
  if (auto bad = checkApiVersion(req)) co_return *bad;
  auto who = co_await ctx.auth.merchant(req, scopes::kPaymentInstrumentsRead);
  if (!who) co_return errorResponse(who.status(), req.requestId);
  const std::string customerId = req.queryParam("customer_id").value_or("");
  if (customerId.empty() || customerId.size() > 255) {
    codec::DecodeError e;
    e.kind = codec::DecodeError::kValidation;
    e.description = "customer_id is required";
    e.validation.model = "GetPaymentMethodsQuery";
    e.validation.errors.push_back({"$.customer_id", "Ensure this value has 1 to 255 characters"});
    co_return decodeErrorResponse(e, req.requestId);
  }
  Result<std::vector<store::CardToken>> list = internalError("not read");
  co_await store::read(ctx.store, [&](store::ReadTx& tx) {
    list = tx.listInstruments(who->merchantId, customerId);
  });
  if (!list) co_return errorResponse(list.status(), req.requestId);
  co_return Response::json(200, codec::writeInstrumentList(*list));
}

// Runs `change` (delete or make default) on the merchant's instrument, then answers with it.
template <class Change>
awaitable<Response> changeInstrument(ApiContext& ctx, Request& req, Change& change) {
  if (auto bad = checkApiVersion(req)) co_return *bad;
  auto who = co_await ctx.auth.merchant(req, scopes::kPaymentInstrumentsWrite);
  if (!who) co_return errorResponse(who.status(), req.requestId);
  const std::string token = tokenOf(req);
  Result<store::CardToken> after = internalError("not written");
  Status st = co_await store::write(ctx.store, [&](store::WriteTx& tx) -> Status {
    Status s = change(tx, who->merchantId, token);
    if (!s) return s.code() == StatusCode::kNotFound ? invalidInstrument() : s;
    after = tx.findCardToken(who->merchantId, token);
    return after.status();
  });
  if (!st) co_return errorResponse(st, req.requestId);
  co_return Response::json(200, codec::writeInstrument(*after));
}

awaitable<Response> deleteInstrument(ApiContext& ctx, Request& req) {
  const TimePoint now = ctx.clock.now();
  auto change = [now](store::WriteTx& tx, const std::string& merchant, const std::string& token) {
    return tx.deleteInstrument(merchant, token, now);
  };
  co_return co_await changeInstrument(ctx, req, change);
}

awaitable<Response> makeDefault(ApiContext& ctx, Request& req) {
  auto change = [](store::WriteTx& tx, const std::string& merchant, const std::string& token) {
    return tx.setDefaultInstrument(merchant, token);
  };
  co_return co_await changeInstrument(ctx, req, change);
}

}  // namespace

void registerPaymentInstrumentRoutes(http::Router& router, ApiContext& ctx) {
  using boost::beast::http::verb;
  router.add(verb::post, "/payment-instruments/{paymentMethodToken}/vault",
             [&ctx](Request& r) { return vaultInstrument(ctx, r); });
  router.add(verb::get, "/payment-instruments",
             [&ctx](Request& r) { return listInstruments(ctx, r); });
  router.add(verb::delete_, "/payment-instruments/{paymentMethodToken}",
             [&ctx](Request& r) { return deleteInstrument(ctx, r); });
  router.add(verb::post, "/payment-instruments/{paymentMethodToken}/default",
             [&ctx](Request& r) { return makeDefault(ctx, r); });
}

}  // namespace sy::api
