#include "api/demo_shop.h"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <cctype>

#include "api/error_response.h"
#include "common/ids.h"
#include "http/static_asset.h"

namespace sy::api {
namespace {
using boost::asio::awaitable;
using http::Request;
using http::Response;
using boost::beast::http::verb;
namespace json = boost::json;

// The shop's one basket.
constexpr int64_t kAmount = 4200;
constexpr std::string_view kCurrency = "EUR";

// The page may talk to its own origin only (and frame the loopback sandboxes' challenge pages); the checkout's styles are a constructed stylesheet,
// so no 'unsafe-inline' anywhere.
constexpr std::string_view kPagePolicy =
    "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self' data:; "
    "form-action 'none'; base-uri 'none'; frame-ancestors 'none'; "
    // The 3-D Secure challenge dialog frames the sandbox processors' challenge pages (loopback).
    "frame-src 'self' http://127.0.0.1:*";

// Calls the merchant API route `method path` in-process, as the demo merchant.
awaitable<Response> callMerchantApi(const http::Router& router, const std::string& apiKey,
                                    const Request& outer, verb method, std::string path,
                                    std::string body, std::string idempotencyKey = {}) {
  auto match = router.match(method, path);
  if (match.outcome != http::Router::Match::Outcome::kMatched)
    co_return errorResponse(500, "InternalServerError", "demo shop: no route", outer.requestId);
  Request inner;
  inner.method = method;
  inner.target = path;
  inner.path = std::move(path);
  for (auto& [name, value] : match.params) inner.pathParams[name] = std::move(value);
  inner.headers.set("X-Api-Key", apiKey);
  inner.headers.set("Content-Type", "application/json");
  if (!idempotencyKey.empty()) inner.headers.set("X-Idempotency-Key", idempotencyKey);
  inner.body = std::move(body);
  inner.requestId = outer.requestId;
  inner.remoteAddress = outer.remoteAddress;
  auto answer = (*match.handler)(inner);
  Response r = co_await std::move(answer);
  co_return r;
}

// What a merchant's backend would pass on to its page: the outcome, not the whole payment.
Response outcomeOf(const Response& merchantApiAnswer) {
  json::object payment = json::parse(merchantApiAnswer.body).as_object();
  json::object out;
  for (std::string_view k : {"id", "status", "statusReason", "requiredAction"})
    if (const json::value* v = payment.if_contains(k)) out[k] = *v;
  return Response::json(200, json::serialize(out));
}

awaitable<Response> createSession(const http::Router& router, const DemoShop& shop, Request& req) {
  const std::string orderId = newId("demo-order");
  json::object body{{"orderId", orderId}, {"currencyCode", kCurrency}, {"amount", kAmount},
                    {"order", {{"lineItems", json::array{{{"itemId", "socks"},
                                                          {"description", "Switchyard socks"},
                                                          {"amount", kAmount},
                                                          {"quantity", 1}}}}}}};
  // Named arguments only inside co_await (GCC 12; docs/architecture.md, "Coroutines").
  std::string path = "/client-session";
  std::string text = json::serialize(body);
  Response r = co_await callMerchantApi(router, shop.apiKey, req, verb::post, path, text);
  if (r.status != 200) co_return r;
  json::object session = json::parse(r.body).as_object();
  json::object out{{"clientToken", session.at("clientToken")}, {"orderId", orderId},
                   {"amount", kAmount}, {"currencyCode", kCurrency}};
  co_return Response::json(200, json::serialize(out));
}

awaitable<Response> createPayment(const http::Router& router, const DemoShop& shop, Request& req) {
  boost::system::error_code ec;
  json::value in = json::parse(req.body, ec);
  const json::value* token = (!ec && in.is_object()) ? in.as_object().if_contains("paymentMethodToken") : nullptr;
  if (!token || !token->is_string() || token->as_string().empty() || token->as_string().size() > 256)
    co_return errorResponse(400, "MalformedJson",
                            "The body must be {\"paymentMethodToken\": \"...\"} (1 to 256 characters).",
                            req.requestId);
  const std::string value(token->as_string());
  // One payment per token, however often the shopper's browser retries.
  json::object body{{"paymentMethodToken", value}};
  std::string path = "/payments";
  std::string text = json::serialize(body);
  std::string idempotencyKey = "demo-shop-" + value;
  Response r = co_await callMerchantApi(router, shop.apiKey, req, verb::post, path, text,
                                        idempotencyKey);
  if (r.status != 200) co_return r;
  co_return outcomeOf(r);
}

// After a 3-D Secure challenge: {"paymentId", "resumeToken"} -> POST /payments/{id}/resume.
awaitable<Response> resumePayment(const http::Router& router, const DemoShop& shop, Request& req) {
  boost::system::error_code ec;
  json::value in = json::parse(req.body, ec);
  const json::object* o = (!ec && in.is_object()) ? &in.as_object() : nullptr;
  const json::value* id = o ? o->if_contains("paymentId") : nullptr;
  const json::value* token = o ? o->if_contains("resumeToken") : nullptr;
  auto usable = [](const json::value* v) {
    if (!v || !v->is_string() || v->as_string().empty() || v->as_string().size() > 64) return false;
    for (char c : v->as_string())
      if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-' && c != '_') return false;
    return true;
  };
  if (!usable(id) || !usable(token))
    co_return errorResponse(400, "MalformedJson",
                            "The body must be {\"paymentId\": \"...\", \"resumeToken\": \"...\"}.",
                            req.requestId);
  json::object body{{"resumeToken", token->as_string()}};
  std::string path = "/payments/" + std::string(id->as_string()) + "/resume";
  std::string text = json::serialize(body);
  Response r = co_await callMerchantApi(router, shop.apiKey, req, verb::post, path, text);
  if (r.status != 200) co_return r;
  co_return outcomeOf(r);
}
}  // namespace

void registerDemoShopRoutes(http::Router& router, const DemoShop& shop) {
  const std::vector<std::pair<std::string, std::string>> pageHeaders = {
      {"Content-Security-Policy", std::string(kPagePolicy)},
      {"Referrer-Policy", "no-referrer"}};
  http::addStaticAsset(router, {"/demo/shop", shop.html, "text/html; charset=utf-8", "no-cache", pageHeaders});
  http::addStaticAsset(router, {"/demo/shop.js", shop.script, "text/javascript; charset=utf-8", "no-cache", {}});
  http::addStaticAsset(router, {"/demo/shop.css", shop.stylesheet, "text/css; charset=utf-8", "no-cache", {}});
  // The router outlives every request; the handlers keep their own copy of the shop.
  const http::Router* r = &router;
  router.add(verb::post, "/demo/shop/session",
             [r, shop](Request& req) { return createSession(*r, shop, req); });
  router.add(verb::post, "/demo/shop/payments",
             [r, shop](Request& req) { return createPayment(*r, shop, req); });
  router.add(verb::post, "/demo/shop/payments/resume",
             [r, shop](Request& req) { return resumePayment(*r, shop, req); });
}

}  // namespace sy::api
