// POST /webhooks/processors/{connectionId}: where a processor sends its notifications for one of
// our connections (Stripe, Adyen, Checkout.com, the test processor). No API key: the request is
// authenticated by the processor's own signature, verified with the webhook secret in that
// connection's credentials (Connector::parseWebhook). Answers:
//   200 {"received", "applied", "duplicates", "unchanged", "unmatched"}  (also for events about
//       payments we do not know: the processor must not retry those forever)
//   401 WebhookSignatureInvalid (unsigned, badly signed, stale) / WebhookSecretNotConfigured
//   404 ConnectionNotFound, or the connector reads no webhooks
//   400 for an authentic but unreadable body; 503 PaymentBusy (retry: the processor redelivers)
// Every refusal is counted (/healthz "webhooks.inbound.rejected") and logged, never with the body.
#include <boost/json.hpp>

#include "api/api.h"
#include "api/error_response.h"
#include "common/log.h"

namespace sy::api {
namespace {
using boost::asio::awaitable;
using http::Request;
using http::Response;

awaitable<Response> receive(ApiContext& ctx, Request& req) {
  InboundWebhookCounters& counters = *ctx.inboundWebhooks;
  counters.received += 1;
  connectors::InboundWebhook webhook;
  webhook.body = req.body;
  for (const auto& field : req.headers)
    webhook.headers.emplace_back(std::string(field.name_string()), std::string(field.value()));
  const std::string connectionId = req.pathParams["connectionId"];
  auto receipt = co_await ctx.engine.receiveWebhook(connectionId, std::move(webhook));
  if (!receipt) {
    Status s = receipt.status();
    const bool rejected = s.code() == StatusCode::kUnauthenticated ||
                          s.code() == StatusCode::kFailedPrecondition ||
                          s.code() == StatusCode::kNotFound ||
                          s.code() == StatusCode::kUnimplemented ||
                          s.code() == StatusCode::kInvalidArgument;
    if (rejected) counters.rejected += 1;
    log::warn("processor webhook refused", {{"connection_id", connectionId},
                                            {"request_id", req.requestId},
                                            {"remote", req.remoteAddress},
                                            {"error", s.message()}});
    switch (s.code()) {
      case StatusCode::kUnauthenticated:
        co_return errorResponse(401, "WebhookSignatureInvalid", s.message(), req.requestId);
      case StatusCode::kFailedPrecondition:
        co_return errorResponse(401, "WebhookSecretNotConfigured", s.message(), req.requestId);
      case StatusCode::kUnimplemented:
        co_return errorResponse(404, "WebhooksNotSupported", s.message(), req.requestId);
      case StatusCode::kInvalidArgument:
        co_return errorResponse(400, "MalformedWebhook", s.message(), req.requestId);
      default:
        co_return errorResponse(s, req.requestId);
    }
  }
  counters.applied += receipt->applied;
  counters.duplicates += receipt->duplicates + receipt->unchanged;
  counters.unmatched += receipt->unmatched;
  boost::json::object out{{"received", receipt->events},
                          {"applied", receipt->applied},
                          {"duplicates", receipt->duplicates},
                          {"unchanged", receipt->unchanged},
                          {"unmatched", receipt->unmatched}};
  co_return Response::json(200, boost::json::serialize(out));
}
}  // namespace

void registerProcessorWebhookRoutes(http::Router& router, ApiContext& ctx) {
  router.add(boost::beast::http::verb::post, "/webhooks/processors/{connectionId}",
             [&ctx](Request& r) { return receive(ctx, r); });
}

}  // namespace sy::api
