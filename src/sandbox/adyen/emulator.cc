#include "sandbox/adyen/emulator.h"

#include <boost/asio/awaitable.hpp>
#include <optional>

#include "common/crypto.h"
#include "common/log.h"
#include "sandbox/adyen/notifications.h"
#include "sandbox/adyen/webhook_signer.h"

namespace sy::sandbox::adyen {
namespace asio = boost::asio;
using boost::beast::http::verb;
namespace {

http::Response errorResponse(unsigned status, std::string_view code, std::string_view message,
                             std::string_view type) {
  return http::Response::json(status, serviceError(status, code, message, type));
}

// Errors the HTTP server produces itself, in Adyen's ServiceError shape.
http::Response serverError(unsigned status, std::string_view, std::string_view description,
                           const http::Request&) {
  std::string_view type = status >= 500 ? "internal" : "validation";
  return errorResponse(status, "000", description, type);
}

std::optional<std::string> accountFor(std::string_view apiKey, const std::string& required) {
  if (apiKey.find_first_not_of(' ') == std::string_view::npos) return std::nullopt;
  if (!required.empty() && !crypto::constantTimeEquals(apiKey, required)) return std::nullopt;
  return crypto::sha256Hex(apiKey).substr(0, 24);
}

http::Response stopping() {
  return errorResponse(503, "000", "the Adyen emulator is shutting down", "internal");
}
}  // namespace

AdyenEmulator::AdyenEmulator(asio::io_context& ioc, Options options)
    : EmulatorHost(ioc, options.server, serverError, "adyen emulator"),
      options_(std::move(options)),
      api_(options_.maxObjects, options_.requiredMerchantAccount),
      webhooks_(ioc.get_executor()) {
  addRoutes();
}

void AdyenEmulator::sendWebhooksTo(std::string url, std::string hmacKeyHex) {
  {
    std::lock_guard lock(hmacMu_);
    hmacKeyHex_ = std::move(hmacKeyHex);
  }
  webhooks_.setTarget(std::move(url));
}

void AdyenEmulator::notify(std::string_view path, std::string_view requestBody,
                           const Reply& reply) {
  if (webhooks_.target().empty()) return;
  auto notification = notificationFor(path, requestBody, reply.response.status,
                                      reply.response.body, systemNow());
  if (!notification) return;
  std::string key;
  {
    std::lock_guard lock(hmacMu_);
    key = hmacKeyHex_;
  }
  auto signed_ = signNotification(std::move(*notification), key);
  if (!signed_) {
    log::warn("adyen emulator cannot sign its notification", {{"error", signed_.status().message()}});
    return;
  }
  webhooks_.send(OutgoingWebhook{std::move(*signed_), {}});
}

asio::awaitable<http::Response> AdyenEmulator::serve(const Endpoint& endpoint,
                                                     http::Request& request) {
  auto account = accountFor(request.header("X-API-Key"), options_.requiredApiKey);
  if (!account)
    co_return errorResponse(401, "000", "HTTP Status Response - Unauthorized", "security");
  CallContext ctx;
  ctx.account = std::move(*account);
  ctx.idempotencyKey = std::string(request.header("Idempotency-Key"));
  ctx.baseUrl = baseUrl();
  FaultInjector::Decision fault = faults_.next();
  ctx.declineAll = fault.declineAll;

  if (fault.latency.count() > 0 && !co_await waits().wait(fault.latency)) co_return stopping();
  if (fault.phase == FaultPhase::kBefore && fault.action != FaultInjector::Action::kNone)
    co_return co_await injectedFault(fault, request);
  Reply reply = endpoint(ctx, request);
  if (fault.phase == FaultPhase::kAfter && fault.action != FaultInjector::Action::kNone)
    co_return co_await injectedFault(fault, request);
  if (reply.delay.count() > 0 && !co_await waits().wait(reply.delay)) co_return stopping();
  if (!ctx.idempotencyKey.empty())
    reply.response.headers.emplace_back("Idempotency-Key", ctx.idempotencyKey);
  co_return std::move(reply.response);
}

asio::awaitable<http::Response> AdyenEmulator::injectedFault(const FaultInjector::Decision& fault,
                                                             const http::Request& request) {
  const bool fail = fault.action == FaultInjector::Action::kFail;
  log::info("adyen emulator injected fault",
            {{"fault", fail ? "fail" : "drop"},
             {"phase", fault.phase == FaultPhase::kBefore ? "before" : "after"},
             {"path", request.path},
             {"request_id", request.requestId}});
  if (fail) co_return errorResponse(500, "000", "injected failure", "internal");
  co_return http::Response::drop();
}

void AdyenEmulator::addRoutes() {
  auto route = [this](verb method, std::string pattern, Endpoint endpoint) {
    router().add(method, std::move(pattern),
                 [this, endpoint = std::move(endpoint)](http::Request& request) {
                   return serve(endpoint, request);
                 });
  };
  route(verb::post, "/v71/payments", [this](const CallContext& ctx, http::Request& request) {
    Reply reply = api_.payments(ctx, request.body);
    notify("payments", request.body, reply);
    return reply;
  });
  // The authorisation after a redirect: its AUTHORISATION notification quotes the payment's
  // original request facts (a replayed answer has none: it was notified the first time).
  route(verb::post, "/v71/payments/details", [this](const CallContext& ctx, http::Request& request) {
    Reply reply = api_.paymentDetails(ctx, request.body);
    if (!reply.notificationRequest.empty()) notify("payments", reply.notificationRequest, reply);
    return reply;
  });
  for (const char* kind : {"captures", "cancels", "refunds", "reversals"}) {
    std::string k = kind;
    route(verb::post, "/v71/payments/{psp}/" + k,
          [this, k](const CallContext& ctx, http::Request& request) {
            Reply reply = api_.modification(ctx, k, request.pathParams.at("psp"), request.body);
            notify(k, request.body, reply);
            return reply;
          });
  }
  // The shopper's 3-D Secure challenge: a browser page, without API key (api.h).
  router().add(verb::get, "/3ds/challenge/{id}",
               [this](http::Request& r) -> asio::awaitable<http::Response> {
                 co_return api_.challengePage(r.pathParams.at("id"));
               });
  router().add(verb::post, "/3ds/challenge/{id}",
               [this](http::Request& r) -> asio::awaitable<http::Response> {
                 co_return api_.decideChallenge(r.pathParams.at("id"), r.body);
               });
  // Debug paths: no authentication, no faults.
  router().add(verb::get, "/_ledger", [this](http::Request&) -> asio::awaitable<http::Response> {
    co_return api_.ledger().response;
  });
  router().add(verb::get, "/_webhooks", [this](http::Request&) -> asio::awaitable<http::Response> {
    co_return http::Response::json(200, webhooks_.sentLogJson());
  });
  router().add(verb::get, "/_control", [this](http::Request&) -> asio::awaitable<http::Response> {
    co_return http::Response::json(200, faults_.stateJson());
  });
  router().add(verb::post, "/_control",
               [this](http::Request& request) -> asio::awaitable<http::Response> {
                 Status applied = faults_.apply(request.body);
                 if (!applied.isOk())
                   co_return errorResponse(400, "702", applied.message(), "validation");
                 log::info("adyen emulator faults set", {{"request_id", request.requestId}});
                 co_return http::Response::json(200, faults_.stateJson());
               });
}

}  // namespace sy::sandbox::adyen
