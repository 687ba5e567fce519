// GET /healthz: liveness and readiness for load balancers and operators.
#include "api/api.h"

namespace sy::api {

void registerHealthRoutes(http::Router& router, ApiContext& ctx) {
  router.add(boost::beast::http::verb::get, "/healthz",
             [&ctx](http::Request&) -> boost::asio::awaitable<http::Response> {
               if (!ctx.ready())
                 co_return http::Response::json(503, R"({"status":"unavailable"})");
               co_return http::Response::json(200, R"({"status":"ok"})");
             });
}

}  // namespace sy::api
