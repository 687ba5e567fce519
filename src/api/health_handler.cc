// GET /healthz: liveness and readiness for load balancers and operators, with the webhook
// counters (outbound deliveries of this process, inbound processor notifications) and how many
// processor connections' circuit breakers are closed, open or half-open on this node.
#include <boost/json.hpp>

#include "api/api.h"

namespace sy::api {

void registerHealthRoutes(http::Router& router, ApiContext& ctx) {
  router.add(boost::beast::http::verb::get, "/healthz",
             [&ctx](http::Request&) -> boost::asio::awaitable<http::Response> {
               const bool up = ctx.ready();
               const webhooks::DispatcherStats out = ctx.dispatcherStats();
               const InboundWebhookCounters& in = *ctx.inboundWebhooks;
               boost::json::object body{
                   {"status", up ? "ok" : "unavailable"},
                   {"webhooks",
                    boost::json::object{
                        {"outbound", boost::json::object{{"attempts", out.attempts},
                                                         {"delivered", out.delivered},
                                                         {"failedAttempts", out.failedAttempts},
                                                         {"deadLettered", out.deadLettered}}},
                        {"inbound", boost::json::object{{"received", in.received.load()},
                                                        {"applied", in.applied.load()},
                                                        {"duplicates", in.duplicates.load()},
                                                        {"unmatched", in.unmatched.load()},
                                                        {"rejected", in.rejected.load()}}}}}};
               if (ctx.circuitBreakers != nullptr) {
                 const orchestrator::CircuitCounts c = ctx.circuitBreakers->counts();
                 body["circuitBreakers"] = boost::json::object{
                     {"closed", c.closed}, {"open", c.open}, {"halfOpen", c.halfOpen}};
               }
               co_return http::Response::json(up ? 200 : 503, boost::json::serialize(body));
             });
}

}  // namespace sy::api
