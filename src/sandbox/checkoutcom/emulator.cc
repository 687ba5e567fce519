#include "sandbox/checkoutcom/emulator.h"

#include <boost/beast/core/string.hpp>
#include <boost/json.hpp>
#include <optional>

#include "common/crypto.h"
#include "common/clock.h"
#include "common/ids.h"
#include "common/log.h"
#include "sandbox/checkoutcom/events.h"
#include "sandbox/checkoutcom/webhook_signer.h"

namespace sy::sandbox::checkoutcom {
namespace asio = boost::asio;
using boost::beast::http::verb;
namespace {

http::Response emptyResponse(unsigned status) {
  http::Response r;
  r.status = status;
  r.contentType.clear();
  return r;
}

// Errors the HTTP server produces itself, as Checkout.com answers them: 404/405 with no body,
// anything else in its validation envelope.
http::Response serverError(unsigned status, std::string_view, std::string_view,
                           const http::Request&) {
  if (status == 404 || status == 405 || status >= 500) return emptyResponse(status);
  return http::Response::json(
      status,
      R"({"request_id":"0HSANDBOX","error_type":"request_invalid","error_codes":["request_invalid"]})");
}

// The account behind `Authorization: Bearer sk_...`: a hash, so the key is never stored or logged.
std::optional<std::string> accountFor(std::string_view authorization,
                                      const std::string& requiredKey) {
  constexpr std::string_view kScheme = "Bearer ";
  if (authorization.size() <= kScheme.size() ||
      !boost::beast::iequals(authorization.substr(0, kScheme.size()), kScheme))
    return std::nullopt;
  std::string_view secret = authorization.substr(kScheme.size());
  if (!secret.starts_with("sk_") || secret.size() < 8) return std::nullopt;
  if (!requiredKey.empty() && !crypto::constantTimeEquals(secret, requiredKey)) return std::nullopt;
  return crypto::sha256Hex(secret).substr(0, 24);
}
}  // namespace

CheckoutComEmulator::CheckoutComEmulator(asio::io_context& ioc, Options options)
    : EmulatorHost(ioc, options.server, serverError, "checkoutcom emulator"),
      options_(std::move(options)),
      api_(options_.maxObjects),
      webhooks_(ioc.get_executor()) {
  addRoutes();
}

void CheckoutComEmulator::sendWebhooksTo(std::string url, std::string signatureKey) {
  {
    std::lock_guard lock(mu_);
    signatureKey_ = std::move(signatureKey);
  }
  webhooks_.setTarget(std::move(url));
}

void CheckoutComEmulator::send(std::string body) {
  std::string key;
  {
    std::lock_guard lock(mu_);
    key = signatureKey_;
  }
  std::string signature = webhookSignature(body, key);
  webhooks_.send(OutgoingWebhook{std::move(body), {{"Cko-Signature", std::move(signature)}}});
}

void CheckoutComEmulator::notify(std::string_view paymentId) {
  if (webhooks_.target().empty()) return;
  auto p = api_.paymentById(paymentId);
  if (!p) return;
  for (const CheckoutComApi::Action& a : p->actions) {
    {
      std::lock_guard lock(mu_);
      // A replayed call (same idempotency key) made no new action: nothing new to announce.
      if (!announced_.insert(a.id).second) continue;
      if (announced_.size() > options_.maxObjects) announced_.clear();
    }
    auto body = actionEventJson("evt_" + randomId(26), a.processedOn, *p, a);
    if (body) send(std::move(*body));
  }
}

http::Response CheckoutComEmulator::openDispute(const http::Request& request) {
  boost::system::error_code ec;
  boost::json::value v = boost::json::parse(request.body, ec);
  const boost::json::object* o = !ec && v.is_object() ? &v.as_object() : nullptr;
  auto field = [&](std::string_view k) {
    const boost::json::value* f = o ? o->if_contains(k) : nullptr;
    return f && f->is_string() ? std::string(f->as_string()) : std::string();
  };
  const std::string paymentId = field("payment_id"), status = field("status");
  if (!o || paymentId.empty() || !disputeEventType(status, false))
    return http::Response::json(
        422,
        R"({"request_id":"0HDISPUTE","error_type":"request_invalid","error_codes":["dispute_invalid"]})");
  auto p = api_.paymentById(paymentId);
  if (!p) return emptyResponse(404);
  EmulatedDispute d;
  d.id = "dsp_" + randomId(22);
  d.paymentId = p->id;
  d.status = status;
  d.amount = p->captured > 0 ? p->captured : p->amount;
  d.currency = p->currency;
  d.reason = field("category").empty() ? "fraudulent" : field("category");
  auto change = disputes_.openOrUpdate(std::move(d));
  if (!change) return http::Response::json(200, R"({"changed":false})");
  const std::string createdOn = formatTimestamp(systemNow()) + "Z";
  auto type = disputeEventType(change->dispute.status, change->opened);
  send(disputeEventJson("evt_" + randomId(26), createdOn, *type, change->dispute, p->reference));
  return http::Response::json(
      200, boost::json::serialize(boost::json::object{{"id", change->dispute.id},
                                                      {"status", change->dispute.status},
                                                      {"opened", change->opened},
                                                      {"changed", true}}));
}

asio::awaitable<http::Response> CheckoutComEmulator::serve(const Endpoint& endpoint, bool faultable,
                                                           http::Request& request) {
  auto account = accountFor(request.header("Authorization"), options_.requiredSecretKey);
  if (!account) co_return emptyResponse(401);
  CallContext ctx;
  ctx.account = std::move(*account);
  ctx.idempotencyKey = std::string(request.header("Cko-Idempotency-Key"));
  ctx.baseUrl = baseUrl();
  FaultInjector::Decision fault;
  if (faultable) fault = faults_.next();
  ctx.declineAll = fault.declineAll;

  if (fault.latency.count() > 0 && !co_await waits().wait(fault.latency))
    co_return emptyResponse(502);
  const bool injected = fault.action != FaultInjector::Action::kNone;
  if (injected && fault.phase == FaultPhase::kBefore) {
    log::info("checkoutcom injected fault", {{"phase", "before"}, {"path", request.path}});
    co_return fault.action == FaultInjector::Action::kFail ? emptyResponse(502)
                                                           : http::Response::drop();
  }
  http::Response response = endpoint(ctx, request);
  if (injected) {  // after: processed and recorded, then the answer is lost
    log::info("checkoutcom injected fault", {{"phase", "after"}, {"path", request.path}});
    co_return fault.action == FaultInjector::Action::kFail ? emptyResponse(502)
                                                           : http::Response::drop();
  }
  co_return response;
}

void CheckoutComEmulator::addRoutes() {
  auto route = [this](verb method, std::string pattern, bool faultable, Endpoint endpoint) {
    router().add(method, std::move(pattern),
                 [this, faultable, endpoint = std::move(endpoint)](http::Request& request) {
                   return serve(endpoint, faultable, request);
                 });
  };
  route(verb::post, "/payments", true, [this](const CallContext& ctx, http::Request& request) {
    http::Response response = api_.createPayment(ctx, request.body);
    if (response.status == 201 || response.status == 202) {
      boost::system::error_code ec;
      boost::json::value v = boost::json::parse(response.body, ec);
      if (!ec && v.is_object())
        if (const auto* id = v.as_object().if_contains("id"); id && id->is_string())
          notify(std::string(id->as_string()));
    }
    return response;
  });
  route(verb::get, "/payments/{id}", true, [this](const CallContext& ctx, http::Request& request) {
    return api_.getPayment(ctx, request.pathParams.at("id"));
  });
  route(verb::get, "/payments/{id}/actions", true,
        [this](const CallContext& ctx, http::Request& request) {
          return api_.getActions(ctx, request.pathParams.at("id"));
        });
  route(verb::post, "/payments/{id}/captures", true,
        [this](const CallContext& ctx, http::Request& request) {
          http::Response response = api_.capture(ctx, request.pathParams.at("id"), request.body);
          if (response.status == 202) notify(request.pathParams.at("id"));
          return response;
        });
  route(verb::post, "/payments/{id}/voids", true,
        [this](const CallContext& ctx, http::Request& request) {
          http::Response response = api_.voidPayment(ctx, request.pathParams.at("id"), request.body);
          if (response.status == 202) notify(request.pathParams.at("id"));
          return response;
        });
  route(verb::post, "/payments/{id}/refunds", true,
        [this](const CallContext& ctx, http::Request& request) {
          http::Response response = api_.refund(ctx, request.pathParams.at("id"), request.body);
          if (response.status == 202) notify(request.pathParams.at("id"));
          return response;
        });
  // The customer's 3-D Secure challenge: a browser page, without API authentication.
  router().add(verb::get, "/3ds/{id}", [this](http::Request& r) -> asio::awaitable<http::Response> {
    co_return api_.challengePage(r.pathParams.at("id"));
  });
  router().add(verb::post, "/3ds/{id}", [this](http::Request& r) -> asio::awaitable<http::Response> {
    http::Response response = api_.decideChallenge(r.pathParams.at("id"), r.body);
    if (response.status == 303 || response.status == 200) notify(r.pathParams.at("id"));
    co_return response;
  });
  route(verb::get, "/_webhooks", false, [this](const CallContext&, http::Request&) {
    return http::Response::json(200, webhooks_.sentLogJson());
  });
  route(verb::post, "/_disputes", false,
        [this](const CallContext&, http::Request& request) { return openDispute(request); });
  route(verb::get, "/_ledger", false,
        [this](const CallContext&, http::Request&) { return api_.ledger(); });
  route(verb::get, "/_control", false, [this](const CallContext&, http::Request&) {
    return http::Response::json(200, faults_.stateJson());
  });
  route(verb::post, "/_control", false, [this](const CallContext&, http::Request& request) {
    Status applied = faults_.apply(request.body);
    if (!applied.isOk())
      return http::Response::json(
          422,
          R"({"request_id":"0HCONTROL","error_type":"request_invalid","error_codes":["control_invalid"]})");
    log::info("checkoutcom faults set", {{"request_id", request.requestId}});
    return http::Response::json(200, faults_.stateJson());
  });
}

}  // namespace sy::sandbox::checkoutcom
