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
  return http::Response::json(status, errorBody(code, message));
}

// What the HTTP server refuses itself (unknown path, oversized body), in the processor's format.
http::Response serverError(unsigned status, std::string_view, std::string_view description,
                           const http::Request&) {
  return errorResponse(status, status >= 500 ? "api_error" : "invalid_request", description);
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
  auto account = accountFor(request.header("Authorization"), options_.requiredApiKey);
  if (!account) co_return errorResponse(401, "unauthorized", "a valid Bearer API key is required");
  CallContext ctx;
  ctx.account = std::move(*account);
  ctx.idempotencyKey = std::string(request.header("Idempotency-Key"));
  FaultInjector::Decision fault = faults_.next();
  ctx.declineAll = fault.declineAll;

  if (fault.latency.count() > 0 && !co_await waits().wait(fault.latency))
    co_return errorResponse(503, "api_error", "the emulator is shutting down");
  const bool injected = fault.action != FaultInjector::Action::kNone;
  if (injected && fault.phase == FaultPhase::kBefore) {  // nothing processed
    log::info("square emulator injected fault",
              {{"phase", "before"}, {"path", request.path}});
    co_return fault.action == FaultInjector::Action::kFail
        ? errorResponse(500, "api_error", "injected failure")
        : http::Response::drop();
  }
  http::Response response = endpoint(ctx, request);
  if (injected) {  // processed and recorded, then the answer is lost
    log::info("square emulator injected fault",
              {{"phase", "after"}, {"path", request.path}});
    co_return fault.action == FaultInjector::Action::kFail
        ? errorResponse(500, "api_error", "injected failure")
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
  route(verb::post, "/v1/payments", [this](const CallContext& ctx, http::Request& request) {
    return api_.createPayment(ctx, request.body);
  });
  for (const char* kind : {"captures", "voids", "refunds"}) {
    std::string k = kind;
    route(verb::post, "/v1/payments/{id}/" + k,
          [this, k](const CallContext& ctx, http::Request& request) {
            return api_.modify(ctx, k, request.pathParams.at("id"), request.body);
          });
  }
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
                   co_return errorResponse(400, "invalid_request", applied.message());
                 co_return http::Response::json(200, faults_.stateJson());
               });
}

}  // namespace sy::sandbox::square
