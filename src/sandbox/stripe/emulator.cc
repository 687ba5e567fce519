#include "sandbox/stripe/emulator.h"

#include <boost/beast/core/string.hpp>
#include <boost/json/object.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <optional>

#include "common/crypto.h"
#include "common/clock.h"
#include "common/ids.h"
#include "common/log.h"
#include "sandbox/stripe/webhook_signer.h"

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
      api_(options_.maxObjects),
      webhooks_(ioc.get_executor()) {
  addRoutes();
}

void StripeEmulator::sendWebhooksTo(std::string url, std::string endpointSecret) {
  {
    std::lock_guard lock(secretMu_);
    endpointSecret_ = std::move(endpointSecret);
  }
  webhooks_.setTarget(std::move(url));
}

void StripeEmulator::notify(std::string_view operation, const CallContext& ctx,
                            const Reply& reply) {
  if (webhooks_.target().empty()) return;
  for (const auto& [name, value] : reply.response.headers)
    if (name == "Idempotent-Replayed") return;  // the event went out with the original call
  auto source = eventForCall(operation, reply.response.status, reply.response.body);
  if (source) send(*source, ctx.idempotencyKey);
}

void StripeEmulator::send(const StripeEventSource& source, std::string_view idempotencyKey) {
  const int64_t now =
      std::chrono::duration_cast<std::chrono::seconds>(systemNow().time_since_epoch()).count();
  std::string body = eventJson("evt_" + randomId(24), source, now, idempotencyKey);
  std::string secret;
  {
    std::lock_guard lock(secretMu_);
    secret = endpointSecret_;
  }
  std::string signature = webhookSignatureHeader(body, secret, now);
  webhooks_.send(OutgoingWebhook{std::move(body), {{"Stripe-Signature", std::move(signature)}}});
}

Reply StripeEmulator::openDispute(const http::Request& request) {
  boost::system::error_code ec;
  json::value v = json::parse(request.body, ec);
  const json::object* o = !ec && v.is_object() ? &v.as_object() : nullptr;
  auto field = [&](std::string_view k) {
    const json::value* f = o ? o->if_contains(k) : nullptr;
    return f && f->is_string() ? std::string(f->as_string()) : std::string();
  };
  const std::string intentId = field("payment_intent"), status = field("status");
  if (!o || intentId.empty() || !isDisputeStatus(status))
    return Reply{errorResponse(400, "invalid_request_error",
                               "Expected {\"payment_intent\": \"pi_...\", \"status\": one of "
                               "Stripe's dispute statuses}.")};
  auto pi = api_.intentById(intentId);
  if (!pi) return Reply{errorResponse(404, "invalid_request_error", "No such payment_intent.")};
  EmulatedDispute d;
  d.id = "dp_" + randomId(24);
  d.paymentId = pi->id;
  d.status = status;
  d.amount = pi->amountReceived > 0 ? pi->amountReceived : pi->amount;
  d.currency = pi->currency;
  d.created = std::chrono::duration_cast<std::chrono::seconds>(systemNow().time_since_epoch()).count();
  d.reason = field("reason").empty() ? "fraudulent" : field("reason");
  auto change = disputes_.openOrUpdate(std::move(d));
  if (!change) return Reply{http::Response::json(200, R"({"changed":false})")};
  send(eventForDispute(*change, pi->latestCharge), {});
  return Reply{http::Response::json(
      200, json::serialize(json::object{{"id", change->dispute.id},
                                        {"status", change->dispute.status},
                                        {"opened", change->opened},
                                        {"changed", true}}))};
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
    Reply reply = api_.createPaymentIntent(ctx, r.body);
    notify("create", ctx, reply);
    return reply;
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
          Reply reply = api_.capture(ctx, r.pathParams.at("intent"), r.body);
          notify("capture", ctx, reply);
          return reply;
        });
  route(verb::post, "/v1/payment_intents/{intent}/cancel", true,
        [this](const CallContext& ctx, http::Request& r) {
          Reply reply = api_.cancel(ctx, r.pathParams.at("intent"), r.body);
          notify("cancel", ctx, reply);
          return reply;
        });
  route(verb::post, "/v1/refunds", true, [this](const CallContext& ctx, http::Request& r) {
    Reply reply = api_.createRefund(ctx, r.body);
    notify("refund", ctx, reply);
    return reply;
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
  // Debug paths (as /v1/_ledger): the control key only.
  route(verb::get, "/v1/_webhooks", false, [this](const CallContext&, http::Request&) {
    return Reply{http::Response::json(200, webhooks_.sentLogJson())};
  });
  route(verb::post, "/v1/_disputes", false,
        [this](const CallContext&, http::Request& r) { return openDispute(r); });
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
