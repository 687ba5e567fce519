#include "sandbox/square/emulator.h"

#include <boost/beast/core/string.hpp>
#include <optional>

#include "common/crypto.h"
#include "common/log.h"

namespace sy::sandbox::square {
namespace asio = boost::asio;
using boost::beast::http::verb;
namespace {

http::Response errorResponse(unsigned status, std::string_view code, std::string_view message) {
  std::string_view category = status >= 500   ? "API_ERROR"
                              : status == 401 ? "AUTHENTICATION_ERROR"
                                              : "INVALID_REQUEST_ERROR";
  return http::Response::json(status, errorBody(category, code, message));
}

// What the HTTP server refuses itself (unknown path, oversized body), in the processor's format.
http::Response serverError(unsigned status, std::string_view, std::string_view description,
                           const http::Request&) {
  return errorResponse(status, status >= 500 ? "INTERNAL_SERVER_ERROR" : status == 404 ? "NOT_FOUND" : "BAD_REQUEST", description);
}

// The account behind `Authorization: Bearer <key>`: a hash, so the key is never stored or logged.
std::optional<std::string> accountFor(std::string_view authorization, const std::string& required) {
  constexpr std::string_view kScheme = "Bearer ";
  if (authorization.size() <= kScheme.size() ||
      !boost::beast::iequals(authorization.substr(0, kScheme.size()), kScheme))
    return std::nullopt;
  std::string_view key = authorization.substr(kScheme.size());
  if (!required.empty() && !crypto::constantTimeEquals(key, required)) return std::nullopt;
  return crypto::sha256Hex(key).substr(0, 24);
}
}  // namespace

SquareEmulator::SquareEmulator(asio::io_context& ioc, Options options)
    : EmulatorHost(ioc, options.server, serverError, "square emulator"),
      options_(std::move(options)),
      api_(options_.maxObjects) {
  addRoutes();
}

asio::awaitable<http::Response> SquareEmulator::serve(const Endpoint& endpoint,
                                                             http::Request& request) {
  auto account = accountFor(request.header("Authorization"), options_.requiredAccessToken);
  if (!account) co_return errorResponse(401, "UNAUTHORIZED", "a valid Bearer access token is required");
  CallContext ctx;
  ctx.account = std::move(*account);
  FaultInjector::Decision fault = faults_.next();
  ctx.declineAll = fault.declineAll;

  if (fault.latency.count() > 0 && !co_await waits().wait(fault.latency))
    co_return errorResponse(503, "SERVICE_UNAVAILABLE", "the emulator is shutting down");
  const bool injected = fault.action != FaultInjector::Action::kNone;
  if (injected && fault.phase == FaultPhase::kBefore) {  // nothing processed
    log::info("square emulator injected fault",
              {{"phase", "before"}, {"path", request.path}});
    co_return fault.action == FaultInjector::Action::kFail
        ? errorResponse(500, "INTERNAL_SERVER_ERROR", "injected failure")
        : http::Response::drop();
  }
  http::Response response = endpoint(ctx, request);
  if (injected) {  // processed and recorded, then the answer is lost
    log::info("square emulator injected fault",
              {{"phase", "after"}, {"path", request.path}});
    co_return fault.action == FaultInjector::Action::kFail
        ? errorResponse(500, "INTERNAL_SERVER_ERROR", "injected failure")
        : http::Response::drop();
  }
  co_return response;
}

void SquareEmulator::addRoutes() {
  auto route = [this](verb method, std::string pattern, Endpoint endpoint) {
    // The closure lives in the router as long as the emulator, so serve() may keep references
    // into it across suspensions.
    router().add(method, std::move(pattern),
                 [this, endpoint = std::move(endpoint)](http::Request& request) {
                   return serve(endpoint, request);
                 });
  };
  route(verb::post, "/v2/payments", [this](const CallContext& ctx, http::Request& request) {
    return api_.createPayment(ctx, request.body);
  });
  for (const char* action : {"complete", "cancel"}) {
    std::string a = action;
    route(verb::post, "/v2/payments/{id}/" + a,
          [this, a](const CallContext& ctx, http::Request& request) {
            return api_.modify(ctx, a, request.pathParams.at("id"));
          });
  }
  route(verb::post, "/v2/refunds", [this](const CallContext& ctx, http::Request& request) {
    return api_.refund(ctx, request.body);
  });
  route(verb::get, "/v2/payments/{id}", [this](const CallContext& ctx, http::Request& request) {
    return api_.getPayment(ctx, request.pathParams.at("id"));
  });
  route(verb::get, "/v2/refunds/{id}", [this](const CallContext& ctx, http::Request& request) {
    return api_.getRefund(ctx, request.pathParams.at("id"));
  });
  // Debug paths: the test's own view, without a key and never faulted.
  router().add(verb::get, "/_ledger", [this](http::Request&) -> asio::awaitable<http::Response> {
    co_return api_.ledger();
  });
  router().add(verb::get, "/_control", [this](http::Request&) -> asio::awaitable<http::Response> {
    co_return http::Response::json(200, faults_.stateJson());
  });
  router().add(verb::post, "/_control",
               [this](http::Request& request) -> asio::awaitable<http::Response> {
                 Status applied = faults_.apply(request.body);
                 if (!applied.isOk())
                   co_return errorResponse(400, "BAD_REQUEST", applied.message());
                 co_return http::Response::json(200, faults_.stateJson());
               });
}

}  // namespace sy::sandbox::square
