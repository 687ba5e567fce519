// /payments: create, list, get, and the operations on one payment (authorize, capture, cancel,
// refund, resume). Handlers parse and validate; the engine decides and records.
#include "api/api.h"
#include "api/codec/payment_list_codec.h"
#include "api/codec/payment_request_codec.h"
#include "api/codec/payment_writer.h"
#include "api/error_response.h"
#include "api/idempotency.h"
#include "store/awaitable.h"

namespace sy::api {
namespace {
using boost::asio::awaitable;
using domain::Payment;
using http::Request;
using http::Response;
namespace bhttp = boost::beast::http;

// How a payment operation's result is rendered (and stored for idempotent replay).
orchestrator::ResponseRenderer paymentRenderer(std::string requestId, bool expandEvents) {
  return [requestId = std::move(requestId), expandEvents](const Result<Payment>& r) {
    if (r) return std::pair<unsigned, std::string>(200, codec::writePayment(*r, expandEvents));
    auto e = errorResponse(r.status(), requestId);
    return std::pair<unsigned, std::string>(e.status, std::move(e.body));
  };
}

awaitable<Response> createPayment(ApiContext& ctx, Request& req) {
  if (auto bad = checkApiVersion(req)) co_return *bad;
  auto who = co_await ctx.auth.merchant(req, scopes::kPaymentsWrite);
  if (!who) co_return errorResponse(who.status(), req.requestId);
  auto in = codec::decodePaymentCreate(req.body);
  if (!in) co_return decodeErrorResponse(in.error(), req.requestId);

  orchestrator::NewPayment np;
  np.merchantId = who->merchantId;
  np.paymentMethodToken = in->paymentMethodToken;
  np.orderId = in->orderId;
  np.currencyCode = in->currencyCode;
  np.amount = in->amount;
  np.customerId = in->customerId;
  auto present = [](const std::string& s) {
    return s.empty() ? std::nullopt : std::optional<std::string>(s);
  };
  np.customerJson = present(in->customerJson);
  np.customerEmail = present(in->customerEmail);
  np.orderJson = present(in->orderJson);
  np.metadataJson = present(in->metadataJson);
  np.paymentMethodJson = present(in->paymentMethodJson);
  if (in->processor) np.processorMerchantId = in->processor->processorMerchantId;
  const orchestrator::ResponseRenderer render = paymentRenderer(req.requestId, in->expandEvents);
  const PaymentOperation op = [&ctx, np](orchestrator::Idempotency idem) {
    return ctx.engine.create(np, std::move(idem));
  };
  const std::string scope = "POST /payments";
  co_return co_await runIdempotent(ctx.store, ctx.clock, req, who->merchantId, scope, render, op);
}

awaitable<Response> getPayment(ApiContext& ctx, Request& req) {
  if (auto bad = checkApiVersion(req)) co_return *bad;
  auto who = co_await ctx.auth.merchant(req, scopes::kPaymentsRead);
  if (!who) co_return errorResponse(who.status(), req.requestId);
  auto expand = codec::decodeExpandQuery(req.query);
  if (!expand) co_return decodeErrorResponse(expand.error(), req.requestId);
  auto p = co_await ctx.engine.load(who->merchantId, req.pathParams["id"]);
  if (!p) co_return errorResponse(p.status(), req.requestId);
  co_return Response::json(200, codec::writePayment(*p, *expand));
}

awaitable<Response> listPayments(ApiContext& ctx, Request& req) {
  if (auto bad = checkApiVersion(req)) co_return *bad;
  auto who = co_await ctx.auth.merchant(req, scopes::kPaymentsRead);
  if (!who) co_return errorResponse(who.status(), req.requestId);
  auto q = codec::decodePaymentListQuery(req.query);
  if (!q) co_return decodeErrorResponse(q.error(), req.requestId);
  store::PaymentPage page;
  if (!q->matchesNothing) {
    Result<store::PaymentPage> found = internalError("not read");
    co_await store::read(ctx.store, [&](store::ReadTx& tx) {
      found = tx.listPayments(who->merchantId, q->filter);
    });
    if (!found) co_return errorResponse(found.status(), req.requestId);
    page = std::move(*found);
  }
  std::optional<std::string> next, prev;
  if (!page.payments.empty()) {
    auto keyOf = [](const Payment& p) { return store::PageKey{toMicros(p.createdAt), p.id}; };
    if (page.hasOlder) next = codec::encodeCursor(keyOf(page.payments.back()), true);
    if (page.hasNewer) prev = codec::encodeCursor(keyOf(page.payments.front()), false);
  }
  co_return Response::json(200, codec::writePaymentSummaryList(page, next, prev));
}

// The common frame of POST /payments/{id}/<operation>.
template <class Decode, class Run>
awaitable<Response> paymentOperation(ApiContext& ctx, Request& req, const char* operation,
                                     Decode decode, Run run) {
  if (auto bad = checkApiVersion(req)) co_return *bad;
  auto who = co_await ctx.auth.merchant(req, scopes::kPaymentsWrite);
  if (!who) co_return errorResponse(who.status(), req.requestId);
  auto in = decode(req.body);
  if (!in) co_return decodeErrorResponse(in.error(), req.requestId);
  const std::string id = req.pathParams["id"];
  std::string scope = "POST /payments/" + id + "/" + operation;
  auto input = std::move(*in);
  const orchestrator::ResponseRenderer render = paymentRenderer(req.requestId, input.expandEvents);
  const PaymentOperation op = [&ctx, run, merchantId = who->merchantId, id,
                               input](orchestrator::Idempotency idem) {
    return run(ctx.engine, merchantId, id, input, std::move(idem));
  };
  co_return co_await runIdempotent(ctx.store, ctx.clock, req, who->merchantId, scope, render, op);
}

awaitable<Response> authorizePayment(ApiContext& ctx, Request& req) {
  return paymentOperation(ctx, req, "authorize", codec::decodeAuthorize,
                          [](orchestrator::PaymentEngine& e, const std::string& m,
                             const std::string& id, const codec::PaymentAuthorize& in,
                             orchestrator::Idempotency idem) {
                            return e.authorize(m, id, in.processor.processorMerchantId,
                                               std::move(idem));
                          });
}

awaitable<Response> capturePayment(ApiContext& ctx, Request& req) {
  return paymentOperation(ctx, req, "capture", codec::decodeCapture,
                          [](orchestrator::PaymentEngine& e, const std::string& m,
                             const std::string& id, const codec::PaymentCapture& in,
                             orchestrator::Idempotency idem) {
                            return e.capture(m, id, in.amount, in.final, std::move(idem));
                          });
}

awaitable<Response> cancelPayment(ApiContext& ctx, Request& req) {
  return paymentOperation(ctx, req, "cancel", codec::decodeCancel,
                          [](orchestrator::PaymentEngine& e, const std::string& m,
                             const std::string& id, const codec::PaymentCancel& in,
                             orchestrator::Idempotency idem) {
                            return e.cancel(m, id, in.reason, std::move(idem));
                          });
}

awaitable<Response> refundPayment(ApiContext& ctx, Request& req) {
  return paymentOperation(ctx, req, "refund", codec::decodeRefund,
                          [](orchestrator::PaymentEngine& e, const std::string& m,
                             const std::string& id, const codec::PaymentRefund& in,
                             orchestrator::Idempotency idem) {
                            return e.refund(m, id, in.amount, in.orderId, in.reason,
                                            std::move(idem));
                          });
}
awaitable<Response> resumePayment(ApiContext& ctx, Request& req) {
  return paymentOperation(ctx, req, "resume", codec::decodeResume,
                          [](orchestrator::PaymentEngine& e, const std::string& m,
                             const std::string& id, const codec::PaymentResume& in,
                             orchestrator::Idempotency idem) {
                            return e.resume(m, id, in.resumeToken, std::move(idem));
                          });
}
}  // namespace

void registerPaymentRoutes(http::Router& router, ApiContext& ctx) {
  using bhttp::verb;
  router.add(verb::post, "/payments", [&ctx](Request& r) { return createPayment(ctx, r); });
  router.add(verb::get, "/payments", [&ctx](Request& r) { return listPayments(ctx, r); });
  router.add(verb::get, "/payments/{id}", [&ctx](Request& r) { return getPayment(ctx, r); });
  router.add(verb::post, "/payments/{id}/authorize",
             [&ctx](Request& r) { return authorizePayment(ctx, r); });
  router.add(verb::post, "/payments/{id}/capture",
             [&ctx](Request& r) { return capturePayment(ctx, r); });
  router.add(verb::post, "/payments/{id}/cancel",
             [&ctx](Request& r) { return cancelPayment(ctx, r); });
  router.add(verb::post, "/payments/{id}/refund",
             [&ctx](Request& r) { return refundPayment(ctx, r); });
  router.add(verb::post, "/payments/{id}/resume",
             [&ctx](Request& r) { return resumePayment(ctx, r); });
}

}  // namespace sy::api
