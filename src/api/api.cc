#include "api/api.h"

#include "api/error_response.h"

namespace sy::api {

void registerRoutes(http::Router& router, ApiContext& ctx) {
  registerHealthRoutes(router, ctx);
  registerClientSessionRoutes(router, ctx);
  registerTokenizeRoutes(router, ctx);
  registerPaymentRoutes(router, ctx);
  registerPaymentInstrumentRoutes(router, ctx);
  registerAdminRoutes(router, ctx);
  registerWorkflowRoutes(router, ctx);
  registerWorkflowSimulationRoutes(router, ctx);
  registerWebhookRoutes(router, ctx);
  registerProcessorWebhookRoutes(router, ctx);
  registerConnectionHealthRoutes(router, ctx);
}

std::optional<http::Response> checkApiVersion(const http::Request& request) {
  std::string_view v = request.header("X-Api-Version");
  if (v.empty() || v == "2.4") return std::nullopt;
  return errorResponse(400, "UnsupportedApiVersion",
                       "X-Api-Version must be 2.4 (or absent); this server speaks Primer API v2.4",
                       request.requestId);
}

}  // namespace sy::api
