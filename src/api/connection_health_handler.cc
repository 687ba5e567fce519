// GET /connections/health and GET /connections/{id}/health (Switchyard's own, merchant API):
// each of the merchant's processor connections with its circuit breaker as this node sees it
// (docs/resilience.md). `X-Api-Key` with payments:read; a merchant sees only its own connections.
#include <boost/json.hpp>

#include "api/api.h"
#include "api/error_response.h"
#include "store/awaitable.h"

namespace sy::api {
namespace {
using boost::asio::awaitable;
using http::Request;
using http::Response;
namespace json = boost::json;

json::object healthJson(const ApiContext& ctx, const store::Connection& c) {
  orchestrator::CircuitSnapshot s;
  orchestrator::CircuitBreakerOptions o;
  if (ctx.circuitBreakers != nullptr) {
    s = ctx.circuitBreakers->snapshot(c.id);
    o = ctx.circuitBreakers->options();
  }
  json::object out{{"connectionId", c.id},
                   {"processor", c.processor},
                   {"processorMerchantId", c.processorMerchantId},
                   {"state", orchestrator::toString(s.state)},
                   {"failureRatePercent", s.failurePercent},
                   {"window", json::object{{"durationMs", o.window.count()},
                                           {"calls", s.windowCalls},
                                           {"failures", s.windowFailures},
                                           {"minimumCalls", o.minimumCalls},
                                           {"failureRateThresholdPercent", o.failureRatePercent}}},
                   {"timesOpened", s.timesOpened},
                   {"callsRefused", s.callsRefused},
                   {"nodeId", ctx.engine.nodeId()}};
  if (s.openedAt) out["openedAt"] = formatTimestamp(*s.openedAt);
  if (s.nextProbeAt) out["nextProbeAt"] = formatTimestamp(*s.nextProbeAt);
  if (s.state == orchestrator::CircuitState::kHalfOpen)
    out["halfOpen"] = json::object{{"probes", o.halfOpenProbes},
                                   {"probesInFlight", s.probesInFlight},
                                   {"probesSucceeded", s.probesSucceeded}};
  return out;
}

awaitable<Response> listHealth(ApiContext& ctx, Request& req) {
  if (auto bad = checkApiVersion(req)) co_return *bad;
  auto who = co_await ctx.auth.merchant(req, scopes::kPaymentsRead);
  if (!who) co_return errorResponse(who.status(), req.requestId);
  Result<std::vector<store::Connection>> cs = internalError("not read");
  co_await store::read(ctx.store,
                       [&](store::ReadTx& tx) { cs = tx.listConnections(who->merchantId); });
  if (!cs) co_return errorResponse(cs.status(), req.requestId);
  json::array data;
  for (const auto& c : *cs) data.emplace_back(healthJson(ctx, c));
  co_return Response::json(200, json::serialize(json::object{{"data", std::move(data)}}));
}

awaitable<Response> getHealth(ApiContext& ctx, Request& req) {
  if (auto bad = checkApiVersion(req)) co_return *bad;
  auto who = co_await ctx.auth.merchant(req, scopes::kPaymentsRead);
  if (!who) co_return errorResponse(who.status(), req.requestId);
  const std::string id = req.pathParams["id"];
  Result<store::Connection> c = internalError("not read");
  co_await store::read(ctx.store,
                       [&](store::ReadTx& tx) { c = tx.findConnection(who->merchantId, id); });
  if (!c && c.status().code() == StatusCode::kNotFound)
    co_return errorResponse(404, "ConnectionNotFound", "The connection could not be found",
                            req.requestId);
  if (!c) co_return errorResponse(c.status(), req.requestId);
  co_return Response::json(200, json::serialize(healthJson(ctx, *c)));
}
}  // namespace

void registerConnectionHealthRoutes(http::Router& router, ApiContext& ctx) {
  using boost::beast::http::verb;
  router.add(verb::get, "/connections/health", [&ctx](Request& r) { return listHealth(ctx, r); });
  router.add(verb::get, "/connections/{id}/health",
             [&ctx](Request& r) { return getHealth(ctx, r); });
}

}  // namespace sy::api
