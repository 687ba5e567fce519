#include "sandbox/test_processor/emulator.h"

#include <boost/asio/awaitable.hpp>
#include <boost/beast/core/string.hpp>
#include <optional>

#include "common/crypto.h"
#include "common/ids.h"
#include "common/log.h"
#include "sandbox/test_processor/webhook_events.h"
#include "sandbox/test_processor/webhook_signer.h"
#include "sandbox/test_processor/wire.h"

namespace sy::sandbox::test_processor {
namespace asio = boost::asio;
using boost::beast::http::verb;
namespace {

http::Response errorResponse(unsigned status, std::string_view type, std::string_view message,
                             std::string_view param = {}) {
  return http::Response::json(status, errorBody(type, message, param));
}

// Errors the HTTP server produces itself (unknown path, wrong method, oversized body) in the
// processor's envelope rather than Primer's, as a real processor would answer them.
http::Response serverError(unsigned status, std::string_view errorId, std::string_view description,
                           const http::Request&) {
  std::string_view type = status == 404   ? "not_found"
                          : status == 405 ? "method_not_allowed"
                          : status >= 500 ? "api_error"
                                          : "invalid_request";
  return errorResponse(status, type, description);
}

// The account behind an `Authorization: Bearer <secret>` header: a hash, so the secret itself is
// never stored, compared in the clear against other accounts, or logged.
std::optional<std::string> accountFor(std::string_view authorization,
                                      const std::string& requiredApiKey) {
  constexpr std::string_view kScheme = "Bearer ";
  if (authorization.size() <= kScheme.size() ||
      !boost::beast::iequals(authorization.substr(0, kScheme.size()), kScheme))
    return std::nullopt;
  std::string_view secret = authorization.substr(kScheme.size());
  if (secret.find_first_not_of(' ') == std::string_view::npos) return std::nullopt;
  if (!requiredApiKey.empty() && !crypto::constantTimeEquals(secret, requiredApiKey))
    return std::nullopt;
  return crypto::sha256Hex(secret).substr(0, 24);
}

http::Response stopping() {
  return errorResponse(503, "api_error", "the test processor is shutting down");
}
}  // namespace

TestProcessorEmulator::TestProcessorEmulator(asio::io_context& ioc, Options options)
    : EmulatorHost(ioc, options.server, serverError, "test processor emulator"),
      options_(std::move(options)),
      api_(options_.maxObjects),
      faults_(FaultState{.slowResponse = options_.slowResponse}),
      webhooks_(ioc.get_executor()) {
  addRoutes();
}

void TestProcessorEmulator::sendWebhooksTo(std::string url, std::string webhookSecret) {
  {
    std::lock_guard lock(secretMu_);
    webhookSecret_ = std::move(webhookSecret);
  }
  webhooks_.setTarget(std::move(url));
}

void TestProcessorEmulator::notify(const Reply& reply) {
  if (webhooks_.target().empty()) return;
  auto body = webhookEventFor(reply.response.status, reply.response.body, "tp_evt_" + randomId(20),
                              systemNow());
  if (!body) return;
  std::string secret;
  {
    std::lock_guard lock(secretMu_);
    secret = webhookSecret_;
  }
  std::string signature = webhookSignature(*body, secret);
  webhooks_.send(OutgoingWebhook{std::move(*body), {{"Tp-Signature", std::move(signature)}}});
}

asio::awaitable<http::Response> TestProcessorEmulator::serve(const Endpoint& endpoint,
                                                             bool faultable,
                                                             http::Request& request) {
  auto account = accountFor(request.header("Authorization"), options_.requiredApiKey);
  if (!account)
    co_return errorResponse(401, "authentication_error",
                            "a valid `Authorization: Bearer <api key>` header is required");
  CallContext ctx;
  ctx.account = std::move(*account);
  ctx.idempotencyKey = std::string(request.header("Idempotency-Key"));
  // Business endpoints are subject to fault injection; the ledger and control endpoints are the
  // test's own view and never are.
  FaultInjector::Decision fault;
  if (faultable) {
    fault = faults_.next();
  } else {
    fault.slowResponse = faults_.state().slowResponse;
  }
  ctx.declineAll = fault.declineAll;
  ctx.slowResponse = fault.slowResponse;

  if (fault.latency.count() > 0 && !co_await waits().wait(fault.latency)) co_return stopping();
  if (fault.phase == FaultPhase::kBefore && fault.action != FaultInjector::Action::kNone)
    co_return co_await injectedFault(fault, request);
  Reply reply = endpoint(ctx, request);
  if (fault.phase == FaultPhase::kAfter && fault.action != FaultInjector::Action::kNone)
    co_return co_await injectedFault(fault, request);
  if (reply.delay.count() > 0 && !co_await waits().wait(reply.delay)) co_return stopping();
  co_return std::move(reply.response);
}

asio::awaitable<http::Response> TestProcessorEmulator::injectedFault(
    const FaultInjector::Decision& fault, const http::Request& request) {
  const bool fail = fault.action == FaultInjector::Action::kFail;
  log::info("test processor injected fault",
            {{"fault", fail ? "fail" : "drop"},
             {"phase", fault.phase == FaultPhase::kBefore ? "before" : "after"},
             {"path", request.path},
             {"request_id", request.requestId}});
  if (fail) co_return errorResponse(500, "api_error", "injected failure");
  co_return http::Response::drop();  // the server closes the connection without answering
}

void TestProcessorEmulator::addRoutes() {
  auto route = [this](verb method, std::string pattern, bool faultable, Endpoint endpoint) {
    // The closure lives in router() for the router's lifetime, so serve() may keep references
    // into it across suspensions.
    router().add(method, std::move(pattern),
                 [this, faultable, endpoint = std::move(endpoint)](http::Request& request) {
                   return serve(endpoint, faultable, request);
                 });
  };
  auto requireKeyParam = [](http::Request& request) -> std::optional<std::string> {
    auto key = request.queryParam("idempotency_key");
    if (!key || key->empty()) return std::nullopt;
    return key;
  };
  auto missingKeyParam = [] {
    return Reply{
        errorResponse(400, "invalid_request", "the idempotency_key query parameter is required",
                      "idempotency_key"),
        {}};
  };

  route(verb::post, "/v1/payments", true, [this](const CallContext& ctx, http::Request& request) {
    Reply reply = api_.createPayment(ctx, request.body);
    notify(reply);
    return reply;
  });
  route(verb::get, "/v1/payments", true,
        [this, requireKeyParam, missingKeyParam](const CallContext& ctx, http::Request& request) {
          auto key = requireKeyParam(request);
          return key ? api_.findPayments(ctx, *key) : missingKeyParam();
        });
  route(verb::get, "/v1/payments/{id}", true,
        [this](const CallContext& ctx, http::Request& request) {
          return api_.getPayment(ctx, request.pathParams.at("id"));
        });
  route(verb::post, "/v1/payments/{id}/captures", true,
        [this](const CallContext& ctx, http::Request& request) {
          Reply reply = api_.capture(ctx, request.pathParams.at("id"), request.body);
          notify(reply);
          return reply;
        });
  route(verb::post, "/v1/payments/{id}/voids", true,
        [this](const CallContext& ctx, http::Request& request) {
          Reply reply = api_.voidPayment(ctx, request.pathParams.at("id"), request.body);
          notify(reply);
          return reply;
        });
  route(verb::post, "/v1/payments/{id}/refunds", true,
        [this](const CallContext& ctx, http::Request& request) {
          Reply reply = api_.refund(ctx, request.pathParams.at("id"), request.body);
          notify(reply);
          return reply;
        });
  route(verb::get, "/v1/operations", true,
        [this, requireKeyParam, missingKeyParam](const CallContext& ctx, http::Request& request) {
          auto key = requireKeyParam(request);
          return key ? api_.findOperations(ctx, *key) : missingKeyParam();
        });
  route(verb::get, "/v1/ledger", false,
        [this](const CallContext&, http::Request&) { return api_.ledger(); });
  route(verb::get, "/v1/_control", false, [this](const CallContext&, http::Request&) {
    return Reply{http::Response::json(200, faults_.stateJson()), {}};
  });
  route(verb::post, "/v1/_control", false, [this](const CallContext&, http::Request& request) {
    Status applied = faults_.apply(request.body);
    if (!applied.isOk()) return Reply{errorResponse(400, "invalid_request", applied.message()), {}};
    log::info("test processor faults set", {{"request_id", request.requestId}});
    return Reply{http::Response::json(200, faults_.stateJson()), {}};
  });
}

}  // namespace sy::sandbox::test_processor
