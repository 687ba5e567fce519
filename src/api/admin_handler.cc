// The admin API (Switchyard's own): merchants, API keys and processor connections, for operators.
// Authenticated by `Authorization: Bearer <admin key>` from configuration.
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include "api/admin_records.h"
#include "api/api.h"
#include "api/error_response.h"
#include "store/awaitable.h"

namespace sy::api {
namespace {
using boost::asio::awaitable;
using http::Request;
using http::Response;
namespace json = boost::json;

Response unauthorized(const Request& req) {
  return errorResponse(401, "Unauthorized", "The admin API needs Authorization: Bearer <admin key>",
                       req.requestId);
}

Response invalid(const Request& req, std::string_view model, std::string path, std::string what) {
  codec::ValidationFailure f{std::string(model), {{std::move(path), std::move(what)}}};
  codec::DecodeError e{codec::DecodeError::kValidation, "The request failed validation", f};
  return decodeErrorResponse(e, req.requestId);
}

// Parses an admin body: a JSON object whose members are all in `allowed`.
std::optional<json::object> parseObject(const Request& req, std::initializer_list<std::string_view> allowed,
                                        std::string_view model, std::optional<Response>& error) {
  boost::system::error_code ec;
  json::value v = json::parse(req.body.empty() ? std::string_view("{}") : req.body, ec);
  if (ec || !v.is_object()) {
    error = errorResponse(400, "MalformedJson", "The request body must be a JSON object",
                          req.requestId);
    return std::nullopt;
  }
  for (const auto& [k, _] : v.as_object()) {
    if (std::find(allowed.begin(), allowed.end(), std::string_view(k)) == allowed.end()) {
      error = invalid(req, model, "$." + std::string(k), "Unknown field");
      return std::nullopt;
    }
  }
  return v.as_object();
}

awaitable<Result<store::Merchant>> findMerchant(ApiContext& ctx, const std::string& id) {
  Result<store::Merchant> m = internalError("not read");
  co_await store::read(ctx.store, [&](store::ReadTx& tx) { m = tx.findMerchant(id); });
  if (!m && m.status().code() == StatusCode::kNotFound)
    co_return Status(StatusCode::kNotFound, "The merchant could not be found", "MerchantNotFound");
  co_return m;
}

awaitable<Response> createMerchant(ApiContext& ctx, Request& req) {
  if (!ctx.auth.isAdmin(req)) co_return unauthorized(req);
  std::optional<Response> err;
  auto body = parseObject(req, {"name"}, "MerchantCreateRequest", err);
  if (!body) co_return *err;
  const json::value* name = body->if_contains("name");
  if (!name || !name->is_string() || name->as_string().empty() || name->as_string().size() > 255)
    co_return invalid(req, "MerchantCreateRequest", "$.name", "A name of 1 to 255 characters is required");
  store::Merchant m = makeMerchant(std::string(name->as_string()), ctx.clock.now());
  Status st = co_await store::write(ctx.store, [&](store::WriteTx& tx) { return tx.insertMerchant(m); });
  if (!st) co_return errorResponse(st, req.requestId);
  json::object out{{"id", m.id}, {"name", m.name}, {"createdAt", formatTimestamp(m.createdAt)}};
  co_return Response::json(201, json::serialize(out));
}

awaitable<Response> createApiKey(ApiContext& ctx, Request& req) {
  if (!ctx.auth.isAdmin(req)) co_return unauthorized(req);
  std::optional<Response> err;
  auto body = parseObject(req, {"scopes"}, "ApiKeyCreateRequest", err);
  if (!body) co_return *err;
  std::vector<std::string> scopeList;
  if (const json::value* s = body->if_contains("scopes")) {
    if (!s->is_array()) co_return invalid(req, "ApiKeyCreateRequest", "$.scopes", "Must be an array of strings");
    for (const auto& v : s->as_array()) {
      if (!v.is_string()) co_return invalid(req, "ApiKeyCreateRequest", "$.scopes", "Must be an array of strings");
      scopeList.emplace_back(v.as_string());
    }
  }
  auto m = co_await findMerchant(ctx, req.pathParams["id"]);
  if (!m) co_return errorResponse(m.status(), req.requestId);
  auto issued = issueApiKey(m->id, scopeList, ctx.clock.now());
  if (!issued) co_return invalid(req, "ApiKeyCreateRequest", "$.scopes", issued.status().message());
  Status st = co_await store::write(ctx.store, [&](store::WriteTx& tx) { return tx.insertApiKey(issued->record); });
  if (!st) co_return errorResponse(st, req.requestId);
  json::array scopesOut;
  for (const auto& s : issued->record.scopes) scopesOut.emplace_back(s);
  json::object out{{"id", issued->record.id}, {"merchantId", m->id}, {"key", issued->key},
                   {"scopes", scopesOut}};
  co_return Response::json(201, json::serialize(out));
}

json::object connectionJson(const store::Connection& c) {
  // Credentials are never returned, not even sealed.
  return json::object{{"id", c.id},
                      {"processor", c.processor},
                      {"processorMerchantId", c.processorMerchantId},
                      {"baseUrl", c.baseUrl},
                      {"isDefault", c.isDefault},
                      {"createdAt", formatTimestamp(c.createdAt)}};
}

awaitable<Response> createConnection(ApiContext& ctx, Request& req) {
  if (!ctx.auth.isAdmin(req)) co_return unauthorized(req);
  constexpr std::string_view kModel = "ConnectionCreateRequest";
  std::optional<Response> err;
  auto body = parseObject(req, {"processor", "processorMerchantId", "baseUrl", "credentials", "isDefault"},
                          kModel, err);
  if (!body) co_return *err;
  ConnectionSpec spec;
  auto str = [&](const char* key, std::string& out, bool required) -> std::optional<Response> {
    const json::value* v = body->if_contains(key);
    if (!v) {
      if (required) return invalid(req, kModel, std::string("$.") + key, "Field required");
      return std::nullopt;
    }
    if (!v->is_string()) return invalid(req, kModel, std::string("$.") + key, "Value must be a valid string");
    out = std::string(v->as_string());
    return std::nullopt;
  };
  if (auto e = str("processor", spec.processor, true)) co_return *e;
  if (auto e = str("processorMerchantId", spec.processorMerchantId, true)) co_return *e;
  if (auto e = str("baseUrl", spec.baseUrl, false)) co_return *e;
  if (const json::value* c = body->if_contains("credentials")) {
    if (!c->is_object()) co_return invalid(req, kModel, "$.credentials", "Must be an object");
    spec.credentialsJson = json::serialize(*c);
  }
  if (const json::value* d = body->if_contains("isDefault")) {
    if (!d->is_bool()) co_return invalid(req, kModel, "$.isDefault", "Value must be a boolean");
    spec.isDefault = d->as_bool();
  }
  auto m = co_await findMerchant(ctx, req.pathParams["id"]);
  if (!m) co_return errorResponse(m.status(), req.requestId);
  auto c = makeConnection(ctx.engine, ctx.processors, m->id, spec, ctx.clock.now());
  if (!c) co_return invalid(req, kModel, "$", c.status().message());
  Status st = co_await store::write(ctx.store, [&](store::WriteTx& tx) { return tx.insertConnection(*c); });
  if (st.code() == StatusCode::kAlreadyExists)
    co_return errorResponse(409, "ConnectionAlreadyExists",
                            "The merchant already has a connection named " + spec.processorMerchantId,
                            req.requestId);
  if (!st) co_return errorResponse(st, req.requestId);
  co_return Response::json(201, json::serialize(connectionJson(*c)));
}

awaitable<Response> listConnections(ApiContext& ctx, Request& req) {
  if (!ctx.auth.isAdmin(req)) co_return unauthorized(req);
  auto m = co_await findMerchant(ctx, req.pathParams["id"]);
  if (!m) co_return errorResponse(m.status(), req.requestId);
  Result<std::vector<store::Connection>> cs = internalError("not read");
  co_await store::read(ctx.store, [&](store::ReadTx& tx) { cs = tx.listConnections(m->id); });
  if (!cs) co_return errorResponse(cs.status(), req.requestId);
  json::array data;
  for (const auto& c : *cs) data.emplace_back(connectionJson(c));
  co_return Response::json(200, json::serialize(json::object{{"data", data}}));
}
}  // namespace

void registerAdminRoutes(http::Router& router, ApiContext& ctx) {
  using boost::beast::http::verb;
  router.add(verb::post, "/admin/merchants", [&ctx](Request& r) { return createMerchant(ctx, r); });
  router.add(verb::post, "/admin/merchants/{id}/api-keys",
             [&ctx](Request& r) { return createApiKey(ctx, r); });
  router.add(verb::post, "/admin/merchants/{id}/connections",
             [&ctx](Request& r) { return createConnection(ctx, r); });
  router.add(verb::get, "/admin/merchants/{id}/connections",
             [&ctx](Request& r) { return listConnections(ctx, r); });
}

}  // namespace sy::api
