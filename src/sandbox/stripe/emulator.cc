#include "sandbox/stripe/emulator.h"

#include <boost/beast/core/string.hpp>
#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>
#include <optional>

#include "common/crypto.h"
#include "common/log.h"

namespace sy::sandbox::stripe {
namespace asio = boost::asio;
namespace json = boost::json;
using boost::beast::http::verb;
namespace {

http::Response errorResponse(unsigned status, std::string_view type, std::string_view message,
                             std::string_view code = {}) {
  json::object e{{"type", type}, {"message", message}};
  if (!code.empty()) e["code"] = code;
  return http::Response::json(status, json::serialize(json::object{{"error", std::move(e)}}));
}

// Errors the HTTP server produces itself (unknown path, wrong method, oversized body), in
// Stripe's envelope.
http::Response serverError(unsigned status, std::string_view, std::string_view description,
                           const http::Request& request) {
  if (status == 404)
    return errorResponse(404, "invalid_request_error",
                         "Unrecognized request URL (" + std::string(request.path) + ").");
  if (status == 405)
    return errorResponse(404, "invalid_request_error",
                         "Unrecognized request URL (" + std::string(request.path) + ").");
  return errorResponse(status, status >= 500 ? "api_error" : "invalid_request_error", description);
}

// The account behind the Authorization header: a hash, so the key itself is never stored,
// compared in the clear against other accounts, or logged.
std::optional<std::string> accountFor(std::string_view authorization,
                                      const std::string& requiredApiKey) {
  constexpr std::string_view kScheme = "Bearer ";
  if (authorization.size() <= kScheme.size() ||
      !boost::beast::iequals(authorization.substr(0, kScheme.size()), kScheme))
    return std::nullopt;
  std::string_view secret = authorization.substr(kScheme.size());
  if (!secret.starts_with("sk_test_") && !secret.starts_with("rk_test_")) return std::nullopt;
  if (!requiredApiKey.empty() && !crypto::constantTimeEquals(secret, requiredApiKey))
    return std::nullopt;
  return crypto::sha256Hex(secret).substr(0, 24);
}

FormParams queryOf(const http::Request& request) {
  FormParams q;
  for (const auto& [k, v] : request.query) q.emplace_back(k, v);
  return q;
}
}  // namespace

StripeEmulator::StripeEmulator(asio::io_context& ioc, Options options)
    : EmulatorHost(ioc, options.server, serverError, "stripe emulator"),
      options_(std::move(options)),
      api_(options_.maxObjects) {
  addRoutes();
}

asio::awaitable<http::Response> StripeEmulator::serve(const Endpoint& endpoint, bool faultable,
                                                      http::Request& request) {
  auto account = accountFor(request.header("Authorization"), options_.requiredApiKey);
  if (!account) {
    co_return errorResponse(
        401, "invalid_request_error",
        request.header("Authorization").empty()
            ? "You did not provide an API key. You need to provide your API key in the "
              "Authorization header, using Bearer auth (e.g. 'Authorization: Bearer "
              "YOUR_SECRET_KEY')."
            : "Invalid API Key provided. This emulator accepts test-mode keys (sk_test_...).");
  }
  std::string_view version = request.header("Stripe-Version");
  if (!version.empty() && version != "2023-08-16")
    co_return errorResponse(400, "invalid_request_error",
                            "Invalid Stripe API version: this emulator speaks 2023-08-16 only.");
  if (faultable && request.method == verb::post && !request.body.empty()) {
    std::string_view type = request.header("Content-Type");
    if (!type.starts_with("application/x-www-form-urlencoded"))
      co_return errorResponse(400, "invalid_request_error",
                              "Invalid request: bodies must be application/x-www-form-urlencoded.");
  }
  CallContext ctx;
  ctx.account = std::move(*account);
  ctx.idempotencyKey = std::string(request.header("Idempotency-Key"));
  ctx.baseUrl = baseUrl();
  FaultInjector::Decision fault;
  if (faultable) fault = faults_.next();
  ctx.declineAll = fault.declineAll;

  if (fault.latency.count() > 0 && !co_await waits().wait(fault.latency))
    co_return errorResponse(503, "api_error", "the Stripe emulator is shutting down");
  const bool injected = fault.action != FaultInjector::Action::kNone;
  if (injected && fault.phase == FaultPhase::kBefore) {
    log::info("stripe emulator injected fault", {{"path", request.path}, {"phase", "before"}});
    if (fault.action == FaultInjector::Action::kFail)
      co_return errorResponse(500, "api_error", "Injected failure (emulator fault injection).");
    co_return http::Response::drop();
  }
  Reply reply = endpoint(ctx, request);
  if (injected) {
    log::info("stripe emulator injected fault", {{"path", request.path}, {"phase", "after"}});
    if (fault.action == FaultInjector::Action::kFail)
      co_return errorResponse(500, "api_error", "Injected failure (emulator fault injection).");
    co_return http::Response::drop();
  }
  co_return std::move(reply.response);
}

void StripeEmulator::addRoutes() {
  auto route = [this](verb method, std::string pattern, bool faultable, Endpoint endpoint) {
    router().add(method, std::move(pattern),
                 [this, faultable, endpoint = std::move(endpoint)](http::Request& request) {
                   return serve(endpoint, faultable, request);
                 });
  };
  route(verb::post, "/v1/payment_intents", true, [this](const CallContext& ctx, http::Request& r) {
    return api_.createPaymentIntent(ctx, r.body);
  });
  route(verb::get, "/v1/payment_intents/search", true,
        [this](const CallContext& ctx, http::Request& r) {
          return api_.searchPaymentIntents(ctx, queryOf(r));
        });
  route(verb::get, "/v1/payment_intents/{intent}", true,
        [this](const CallContext& ctx, http::Request& r) {
          return api_.getPaymentIntent(ctx, r.pathParams.at("intent"), queryOf(r));
        });
  route(verb::post, "/v1/payment_intents/{intent}/capture", true,
        [this](const CallContext& ctx, http::Request& r) {
          return api_.capture(ctx, r.pathParams.at("intent"), r.body);
        });
  route(verb::post, "/v1/payment_intents/{intent}/cancel", true,
        [this](const CallContext& ctx, http::Request& r) {
          return api_.cancel(ctx, r.pathParams.at("intent"), r.body);
        });
  route(verb::post, "/v1/refunds", true, [this](const CallContext& ctx, http::Request& r) {
    return api_.createRefund(ctx, r.body);
  });
  route(verb::get, "/v1/refunds", true, [this](const CallContext& ctx, http::Request& r) {
    return api_.listRefunds(ctx, queryOf(r));
  });
  // The customer's 3-D Secure challenge: a browser page, without API authentication.
  router().add(verb::get, "/3ds/challenge/{intent}",
               [this](http::Request& r) -> asio::awaitable<http::Response> {
                 co_return api_.challengePage(r.pathParams.at("intent"));
               });
  router().add(verb::post, "/3ds/challenge/{intent}",
               [this](http::Request& r) -> asio::awaitable<http::Response> {
                 co_return api_.decideChallenge(r.pathParams.at("intent"), r.body);
               });
  route(verb::get, "/v1/_ledger", false,
        [this](const CallContext&, http::Request&) { return api_.ledger(); });
  route(verb::get, "/v1/_control", false, [this](const CallContext&, http::Request&) {
    return Reply{http::Response::json(200, faults_.stateJson())};
  });
  route(verb::post, "/v1/_control", false, [this](const CallContext&, http::Request& r) {
    Status applied = faults_.apply(r.body);
    if (!applied.isOk())
      return Reply{errorResponse(400, "invalid_request_error", applied.message())};
    log::info("stripe emulator faults set", {{"request_id", r.requestId}});
    return Reply{http::Response::json(200, faults_.stateJson())};
  });
}

}  // namespace sy::sandbox::stripe
