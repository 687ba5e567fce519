// Webhooks in the merchant API (Switchyard's own: Primer configures them in its dashboard):
// notification configurations, the events recorded for the merchant with their delivery log, and
// replays. Shapes in docs/api.md ("Webhooks"); behaviour in docs/webhooks.md.
#include <boost/json.hpp>
#include <charconv>

#include "api/api.h"
#include "api/error_response.h"
#include "api/notification_configs.h"
#include "common/ids.h"
#include "store/awaitable.h"
#include "webhooks/event_types.h"
#include "webhooks/receiver_policy.h"

namespace sy::api {
namespace {
using boost::asio::awaitable;
using http::Request;
using http::Response;
namespace json = boost::json;

constexpr int kMaxReplayEvents = 1000;

Response invalid(const Request& req, std::string_view model, std::string path, std::string what) {
  codec::ValidationFailure f{std::string(model), {{std::move(path), std::move(what)}}};
  codec::DecodeError e{codec::DecodeError::kValidation, "The request failed validation", f};
  return decodeErrorResponse(e, req.requestId);
}

// A body that must be a JSON object whose members are all in `allowed`.
std::optional<json::object> parseObject(const Request& req,
                                        std::initializer_list<std::string_view> allowed,
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
  return std::move(v.as_object());
}

// Reads an optional string member; a Response when it is present but not a string.
std::optional<Response> readString(const Request& req, const json::object& body, const char* key,
                                   std::string_view model, std::optional<std::string>& out) {
  const json::value* v = body.if_contains(key);
  if (!v) return std::nullopt;
  if (!v->is_string())
    return invalid(req, model, std::string("$.") + key, "Value must be a valid string");
  out = std::string(v->as_string());
  return std::nullopt;
}

std::optional<Response> readEventTypes(const Request& req, const json::object& body,
                                       std::string_view model,
                                       std::optional<std::vector<std::string>>& out) {
  const json::value* v = body.if_contains("eventTypes");
  if (!v) return std::nullopt;
  if (!v->is_array()) return invalid(req, model, "$.eventTypes", "Must be an array of strings");
  std::vector<std::string> types;
  for (const auto& t : v->as_array()) {
    if (!t.is_string()) return invalid(req, model, "$.eventTypes", "Must be an array of strings");
    types.emplace_back(t.as_string());
  }
  out = std::move(types);
  return std::nullopt;
}

// A validation Status from notification_configs.h (its reason is the JSON path) as a response.
Response invalidSpec(const Request& req, std::string_view model, const Status& s) {
  if (s.code() != StatusCode::kInvalidArgument) return errorResponse(s, req.requestId);
  return invalid(req, model, s.reason(), s.message());
}

// A well-formed URL the receiver policy refuses (https:// to public addresses only, unless the
// operator allows private targets): a 400 naming why.
awaitable<std::optional<Response>> receiverRefused(ApiContext& ctx, const Request& req,
                                                   std::string url) {
  const bool allowPrivate = ctx.webhookAllowPrivateTargets;
  const std::chrono::milliseconds resolveTimeout(5000);
  Status s = co_await webhooks::checkReceiverUrl(std::move(url), allowPrivate, resolveTimeout);
  if (s.isOk()) co_return std::nullopt;
  co_return errorResponse(s, req.requestId);
}

Status configNotFound() {
  return Status(StatusCode::kNotFound, "The notification configuration could not be found",
                "NotificationConfigNotFound");
}

Status eventNotFound() {
  return Status(StatusCode::kNotFound, "The webhook event could not be found",
                "WebhookEventNotFound");
}

json::object configJson(const store::NotificationConfig& c, TimePoint now) {
  json::array types;
  for (const auto& t : c.eventTypes) types.emplace_back(t);
  json::object o{{"id", c.id},
                 {"url", c.url},
                 {"description", c.description},
                 {"eventTypes", std::move(types)},
                 {"createdAt", formatTimestamp(c.createdAt)},
                 {"updatedAt", formatTimestamp(c.updatedAt)}};
  if (c.previousSecretExpiresAt && *c.previousSecretExpiresAt > now)
    o["previousSecretExpiresAt"] = formatTimestamp(*c.previousSecretExpiresAt);
  return o;
}

json::object deliveryJson(const store::NotificationDelivery& d,
                          const std::vector<store::DeliveryAttempt>& attempts) {
  json::object o{{"id", d.id},
                 {"notificationConfigId", d.configId},
                 {"state", store::toString(d.state)},
                 {"attempts", d.attempts},
                 {"createdAt", formatTimestamp(d.createdAt)},
                 {"updatedAt", formatTimestamp(d.updatedAt)}};
  if (d.state == store::DeliveryState::kPending)
    o["nextAttemptAt"] = formatTimestamp(d.nextAttemptAt);
  if (d.lastStatusCode) o["lastStatusCode"] = *d.lastStatusCode;
  if (!d.lastError.empty()) o["lastError"] = d.lastError;
  json::array log;
  for (const auto& a : attempts) {
    if (a.deliveryId != d.id) continue;
    json::object entry{{"attempt", a.number},
                       {"startedAt", formatTimestamp(a.startedAt)},
                       {"latencyMs", static_cast<double>(a.latencyMicros) / 1000.0},
                       {"delivered", a.delivered}};
    if (a.statusCode) entry["statusCode"] = *a.statusCode;
    if (!a.error.empty()) entry["error"] = a.error;
    log.emplace_back(std::move(entry));
  }
  o["attemptLog"] = std::move(log);
  return o;
}

json::object eventJson(const store::NotificationEvent& e) {
  json::object o{{"id", e.id},
                 {"eventType", e.eventType},
                 {"paymentId", e.paymentId},
                 {"createdAt", formatTimestamp(e.createdAt)}};
  boost::system::error_code ec;
  json::value payload = json::parse(e.payloadJson, ec);
  if (!ec) o["payload"] = std::move(payload);
  return o;
}

// ---- notification configurations ----

awaitable<Response> createConfig(ApiContext& ctx, Request& req) {
  if (auto bad = checkApiVersion(req)) co_return *bad;
  auto who = co_await ctx.auth.merchant(req, scopes::kWebhooksWrite);
  if (!who) co_return errorResponse(who.status(), req.requestId);
  constexpr std::string_view kModel = "NotificationConfigCreateRequest";
  std::optional<Response> err;
  auto body = parseObject(req, {"url", "eventTypes", "description"}, kModel, err);
  if (!body) co_return *err;
  std::optional<std::string> url, description;
  std::optional<std::vector<std::string>> types;
  if (auto e = readString(req, *body, "url", kModel, url)) co_return *e;
  if (auto e = readString(req, *body, "description", kModel, description)) co_return *e;
  if (auto e = readEventTypes(req, *body, kModel, types)) co_return *e;
  if (!url) co_return invalid(req, kModel, "$.url", "Field required");
  if (!types) co_return invalid(req, kModel, "$.eventTypes", "Field required");
  NotificationConfigSpec spec{*url, *types, description.value_or("")};
  if (auto refused = co_await receiverRefused(ctx, req, spec.url)) co_return *refused;
  auto issued = makeNotificationConfig(who->merchantId, spec, ctx.secretsKey, ctx.clock.now());
  if (!issued) co_return invalidSpec(req, kModel, issued.status());
  Status st = co_await store::write(
      ctx.store, [&](store::WriteTx& tx) { return tx.insertNotificationConfig(issued->record); });
  if (!st) co_return errorResponse(st, req.requestId);
  json::object out = configJson(issued->record, ctx.clock.now());
  out["secret"] = issued->secret.reveal();  // shown once: only its sealed form is kept
  co_return Response::json(201, json::serialize(out));
}

awaitable<Response> listConfigs(ApiContext& ctx, Request& req) {
  if (auto bad = checkApiVersion(req)) co_return *bad;
  auto who = co_await ctx.auth.merchant(req, scopes::kWebhooksRead);
  if (!who) co_return errorResponse(who.status(), req.requestId);
  Result<std::vector<store::NotificationConfig>> found = internalError("not read");
  co_await store::read(ctx.store, [&](store::ReadTx& tx) {
    found = tx.listNotificationConfigs(who->merchantId);
  });
  if (!found) co_return errorResponse(found.status(), req.requestId);
  json::array data;
  const TimePoint now = ctx.clock.now();
  for (const auto& c : *found) data.emplace_back(configJson(c, now));
  co_return Response::json(200, json::serialize(json::object{{"data", std::move(data)}}));
}

awaitable<Result<store::NotificationConfig>> loadConfig(ApiContext& ctx,
                                                        const std::string& merchantId,
                                                        const std::string& id) {
  Result<store::NotificationConfig> c = internalError("not read");
  co_await store::read(ctx.store,
                       [&](store::ReadTx& tx) { c = tx.findNotificationConfig(merchantId, id); });
  if (!c && c.status().code() == StatusCode::kNotFound) co_return configNotFound();
  co_return c;
}

awaitable<Response> getConfig(ApiContext& ctx, Request& req) {
  if (auto bad = checkApiVersion(req)) co_return *bad;
  auto who = co_await ctx.auth.merchant(req, scopes::kWebhooksRead);
  if (!who) co_return errorResponse(who.status(), req.requestId);
  const std::string id = req.pathParams["id"];
  auto c = co_await loadConfig(ctx, who->merchantId, id);
  if (!c) co_return errorResponse(c.status(), req.requestId);
  co_return Response::json(200, json::serialize(configJson(*c, ctx.clock.now())));
}

awaitable<Response> updateConfig(ApiContext& ctx, Request& req) {
  if (auto bad = checkApiVersion(req)) co_return *bad;
  auto who = co_await ctx.auth.merchant(req, scopes::kWebhooksWrite);
  if (!who) co_return errorResponse(who.status(), req.requestId);
  constexpr std::string_view kModel = "NotificationConfigUpdateRequest";
  std::optional<Response> err;
  auto body = parseObject(req, {"url", "eventTypes", "description"}, kModel, err);
  if (!body) co_return *err;
  std::optional<std::string> url, description;
  std::optional<std::vector<std::string>> types;
  if (auto e = readString(req, *body, "url", kModel, url)) co_return *e;
  if (auto e = readString(req, *body, "description", kModel, description)) co_return *e;
  if (auto e = readEventTypes(req, *body, kModel, types)) co_return *e;
  if (url) {
    if (Status s = validateNotificationUrl(*url); !s) co_return invalidSpec(req, kModel, s);
    if (auto refused = co_await receiverRefused(ctx, req, *url)) co_return *refused;
  }
  if (types) {
    if (Status s = validateEventTypes(*types); !s) co_return invalidSpec(req, kModel, s);
  }
  if (description && description->size() > 255)
    co_return invalid(req, kModel, "$.description", "At most 255 characters");
  const std::string id = req.pathParams["id"];
  auto c = co_await loadConfig(ctx, who->merchantId, id);
  if (!c) co_return errorResponse(c.status(), req.requestId);
  store::NotificationConfig updated = *c;
  if (url) updated.url = *url;
  if (description) updated.description = *description;
  if (types) updated.eventTypes = *types;
  updated.updatedAt = ctx.clock.now();
  Status st = co_await store::write(
      ctx.store, [&](store::WriteTx& tx) { return tx.updateNotificationConfig(updated); });
  if (st.code() == StatusCode::kNotFound) st = configNotFound();
  if (!st) co_return errorResponse(st, req.requestId);
  co_return Response::json(200, json::serialize(configJson(updated, ctx.clock.now())));
}

awaitable<Response> rotateConfigSecret(ApiContext& ctx, Request& req) {
  if (auto bad = checkApiVersion(req)) co_return *bad;
  auto who = co_await ctx.auth.merchant(req, scopes::kWebhooksWrite);
  if (!who) co_return errorResponse(who.status(), req.requestId);
  std::optional<Response> err;
  auto body = parseObject(req, {}, "NotificationConfigRotateRequest", err);
  if (!body) co_return *err;
  const std::string id = req.pathParams["id"];
  auto c = co_await loadConfig(ctx, who->merchantId, id);
  if (!c) co_return errorResponse(c.status(), req.requestId);
  auto rotated = rotateSecret(*c, ctx.secretsKey, ctx.clock.now());
  if (!rotated) co_return errorResponse(rotated.status(), req.requestId);
  Status st = co_await store::write(
      ctx.store, [&](store::WriteTx& tx) { return tx.updateNotificationConfig(rotated->record); });
  if (st.code() == StatusCode::kNotFound) st = configNotFound();
  if (!st) co_return errorResponse(st, req.requestId);
  json::object out = configJson(rotated->record, ctx.clock.now());
  out["secret"] = rotated->secret.reveal();
  co_return Response::json(200, json::serialize(out));
}

awaitable<Response> deleteConfig(ApiContext& ctx, Request& req) {
  if (auto bad = checkApiVersion(req)) co_return *bad;
  auto who = co_await ctx.auth.merchant(req, scopes::kWebhooksWrite);
  if (!who) co_return errorResponse(who.status(), req.requestId);
  const std::string id = req.pathParams["id"];
  const TimePoint now = ctx.clock.now();
  Status st = co_await store::write(ctx.store, [&](store::WriteTx& tx) {
    return tx.deleteNotificationConfig(who->merchantId, id, now);
  });
  if (st.code() == StatusCode::kNotFound) st = configNotFound();
  if (!st) co_return errorResponse(st, req.requestId);
  co_return Response::json(200, json::serialize(json::object{{"id", id}, {"deleted", true}}));
}

// ---- events, deliveries, replay ----

// GET /webhook-events?paymentId=&fromDate=&toDate=&limit= (oldest first).
awaitable<Response> listEvents(ApiContext& ctx, Request& req) {
  if (auto bad = checkApiVersion(req)) co_return *bad;
  auto who = co_await ctx.auth.merchant(req, scopes::kWebhooksRead);
  if (!who) co_return errorResponse(who.status(), req.requestId);
  constexpr std::string_view kModel = "WebhookEventListQuery";
  store::NotificationEventFilter f;
  for (const auto& [key, value] : req.query) {
    if (key == "paymentId") {
      f.paymentId = value;
    } else if (key == "fromDate" || key == "toDate") {
      auto t = parseTimestamp(value);
      if (!t) co_return invalid(req, kModel, "$." + key, "Must be an ISO 8601 date-time");
      (key == "fromDate" ? f.from : f.to) = *t;
    } else if (key == "limit") {
      int n = 0;
      auto [p, ec] = std::from_chars(value.data(), value.data() + value.size(), n);
      if (ec != std::errc() || p != value.data() + value.size() || n < 1 || n > 100)
        co_return invalid(req, kModel, "$.limit", "Must be an integer from 1 to 100");
      f.limit = n;
    } else {
      co_return invalid(req, kModel, "$." + key, "Unknown query parameter");
    }
  }
  Result<std::vector<store::NotificationEvent>> found = internalError("not read");
  co_await store::read(ctx.store, [&](store::ReadTx& tx) {
    found = tx.listNotificationEvents(who->merchantId, f);
  });
  if (!found) co_return errorResponse(found.status(), req.requestId);
  json::array data;
  for (const auto& e : *found) data.emplace_back(eventJson(e));
  co_return Response::json(200, json::serialize(json::object{{"data", std::move(data)}}));
}

// GET /webhook-events/{id}: the event, its payload and every delivery with its attempt log.
awaitable<Response> getEvent(ApiContext& ctx, Request& req) {
  if (auto bad = checkApiVersion(req)) co_return *bad;
  auto who = co_await ctx.auth.merchant(req, scopes::kWebhooksRead);
  if (!who) co_return errorResponse(who.status(), req.requestId);
  const std::string id = req.pathParams["id"];
  Result<store::NotificationEvent> event = internalError("not read");
  Result<std::vector<store::NotificationDelivery>> deliveries = internalError("not read");
  Result<std::vector<store::DeliveryAttempt>> attempts = internalError("not read");
  co_await store::read(ctx.store, [&](store::ReadTx& tx) {
    event = tx.findNotificationEvent(who->merchantId, id);
    if (!event) return;
    deliveries = tx.listDeliveries(who->merchantId, id);
    attempts = tx.listDeliveryAttempts(who->merchantId, id);
  });
  if (!event) {
    Status s = event.status().code() == StatusCode::kNotFound ? eventNotFound() : event.status();
    co_return errorResponse(s, req.requestId);
  }
  if (!deliveries) co_return errorResponse(deliveries.status(), req.requestId);
  if (!attempts) co_return errorResponse(attempts.status(), req.requestId);
  json::object out = eventJson(*event);
  json::array ds;
  for (const auto& d : *deliveries) ds.emplace_back(deliveryJson(d, *attempts));
  out["deliveries"] = std::move(ds);
  co_return Response::json(200, json::serialize(out));
}

// New deliveries of `events`: to `onlyConfig` when set (whatever it subscribes to), else to every
// configuration subscribed to each event's type. Returns the deliveries made.
Result<std::vector<store::NotificationDelivery>> replay(
    store::WriteTx& tx, const std::string& merchantId,
    const std::vector<store::NotificationEvent>& events, const std::optional<std::string>& onlyConfig,
    TimePoint now) {
  auto configs = tx.listNotificationConfigs(merchantId);
  if (!configs) return configs.status();
  if (onlyConfig) {
    bool known = false;
    for (const auto& c : *configs) known = known || c.id == *onlyConfig;
    if (!known) return configNotFound();
  }
  std::vector<store::NotificationDelivery> made;
  for (const auto& e : events) {
    for (const auto& c : *configs) {
      bool wanted = onlyConfig ? c.id == *onlyConfig
                               : std::find(c.eventTypes.begin(), c.eventTypes.end(),
                                           e.eventType) != c.eventTypes.end();
      if (!wanted) continue;
      store::NotificationDelivery d;
      d.id = newId("dlv", 20);
      d.eventId = e.id;
      d.merchantId = merchantId;
      d.configId = c.id;
      d.nextAttemptAt = d.createdAt = d.updatedAt = now;
      SY_RETURN_IF_ERROR(tx.insertNotificationDelivery(d));
      made.push_back(std::move(d));
    }
  }
  return made;
}

// POST /webhook-events/{id}/replay {"notificationConfigId"?}
awaitable<Response> replayEvent(ApiContext& ctx, Request& req) {
  if (auto bad = checkApiVersion(req)) co_return *bad;
  auto who = co_await ctx.auth.merchant(req, scopes::kWebhooksWrite);
  if (!who) co_return errorResponse(who.status(), req.requestId);
  constexpr std::string_view kModel = "WebhookEventReplayRequest";
  std::optional<Response> err;
  auto body = parseObject(req, {"notificationConfigId"}, kModel, err);
  if (!body) co_return *err;
  std::optional<std::string> onlyConfig;
  if (auto e = readString(req, *body, "notificationConfigId", kModel, onlyConfig)) co_return *e;
  const std::string id = req.pathParams["id"];
  const TimePoint now = ctx.clock.now();
  Result<std::vector<store::NotificationDelivery>> made = internalError("not run");
  Status st = co_await store::write(ctx.store, [&](store::WriteTx& tx) -> Status {
    auto event = tx.findNotificationEvent(who->merchantId, id);
    if (!event) return event.status().code() == StatusCode::kNotFound ? eventNotFound() : event.status();
    made = replay(tx, who->merchantId, {*event}, onlyConfig, now);
    return made.status();
  });
  if (!st) co_return errorResponse(st, req.requestId);
  ctx.wakeDispatcher();
  json::array ds;
  for (const auto& d : *made) ds.emplace_back(deliveryJson(d, {}));
  co_return Response::json(202, json::serialize(json::object{{"eventId", id}, {"deliveries", std::move(ds)}}));
}

// POST /webhook-events/replay {"fromDate", "toDate", "eventTypes"?, "notificationConfigId"?}
awaitable<Response> replayRange(ApiContext& ctx, Request& req) {
  if (auto bad = checkApiVersion(req)) co_return *bad;
  auto who = co_await ctx.auth.merchant(req, scopes::kWebhooksWrite);
  if (!who) co_return errorResponse(who.status(), req.requestId);
  constexpr std::string_view kModel = "WebhookEventRangeReplayRequest";
  std::optional<Response> err;
  auto body = parseObject(req, {"fromDate", "toDate", "eventTypes", "notificationConfigId"}, kModel, err);
  if (!body) co_return *err;
  std::optional<std::string> from, to, onlyConfig;
  std::optional<std::vector<std::string>> types;
  if (auto e = readString(req, *body, "fromDate", kModel, from)) co_return *e;
  if (auto e = readString(req, *body, "toDate", kModel, to)) co_return *e;
  if (auto e = readString(req, *body, "notificationConfigId", kModel, onlyConfig)) co_return *e;
  if (auto e = readEventTypes(req, *body, kModel, types)) co_return *e;
  if (!from) co_return invalid(req, kModel, "$.fromDate", "Field required");
  if (!to) co_return invalid(req, kModel, "$.toDate", "Field required");
  auto fromAt = parseTimestamp(*from);
  auto toAt = parseTimestamp(*to);
  if (!fromAt) co_return invalid(req, kModel, "$.fromDate", "Must be an ISO 8601 date-time");
  if (!toAt) co_return invalid(req, kModel, "$.toDate", "Must be an ISO 8601 date-time");
  if (*toAt < *fromAt) co_return invalid(req, kModel, "$.toDate", "Must not be before fromDate");
  if (types) {
    if (Status s = validateEventTypes(*types); !s) co_return invalidSpec(req, kModel, s);
  }
  store::NotificationEventFilter f;
  f.from = *fromAt;
  f.to = *toAt;
  f.limit = kMaxReplayEvents + 1;
  const TimePoint now = ctx.clock.now();
  size_t eventCount = 0;
  bool truncated = false;
  std::optional<TimePoint> nextFrom;  // the first event left out, when truncated
  Result<std::vector<store::NotificationDelivery>> made = internalError("not run");
  Status st = co_await store::write(ctx.store, [&](store::WriteTx& tx) -> Status {
    auto events = tx.listNotificationEvents(who->merchantId, f);
    if (!events) return events.status();
    if (events->size() > static_cast<size_t>(kMaxReplayEvents)) {
      truncated = true;
      nextFrom = (*events)[kMaxReplayEvents].createdAt;
      events->resize(kMaxReplayEvents);
    }
    if (types) {
      std::erase_if(*events, [&](const store::NotificationEvent& e) {
        return std::find(types->begin(), types->end(), e.eventType) == types->end();
      });
    }
    eventCount = events->size();
    made = replay(tx, who->merchantId, *events, onlyConfig, now);
    return made.status();
  });
  if (!st) co_return errorResponse(st, req.requestId);
  ctx.wakeDispatcher();
  json::object out{{"events", eventCount}, {"deliveries", made->size()}, {"truncated", truncated}};
  // Oldest first: a truncated replay continues with fromDate = nextFromDate.
  if (nextFrom) out["nextFromDate"] = formatTimestamp(*nextFrom);
  co_return Response::json(202, json::serialize(out));
}

}  // namespace

void registerWebhookRoutes(http::Router& router, ApiContext& ctx) {
  using boost::beast::http::verb;
  router.add(verb::post, "/notification-configs", [&ctx](Request& r) { return createConfig(ctx, r); });
  router.add(verb::get, "/notification-configs", [&ctx](Request& r) { return listConfigs(ctx, r); });
  router.add(verb::get, "/notification-configs/{id}", [&ctx](Request& r) { return getConfig(ctx, r); });
  router.add(verb::patch, "/notification-configs/{id}",
             [&ctx](Request& r) { return updateConfig(ctx, r); });
  router.add(verb::delete_, "/notification-configs/{id}",
             [&ctx](Request& r) { return deleteConfig(ctx, r); });
  router.add(verb::post, "/notification-configs/{id}/rotate-secret",
             [&ctx](Request& r) { return rotateConfigSecret(ctx, r); });
  router.add(verb::get, "/webhook-events", [&ctx](Request& r) { return listEvents(ctx, r); });
  router.add(verb::get, "/webhook-events/{id}", [&ctx](Request& r) { return getEvent(ctx, r); });
  router.add(verb::post, "/webhook-events/{id}/replay",
             [&ctx](Request& r) { return replayEvent(ctx, r); });
  router.add(verb::post, "/webhook-events/replay", [&ctx](Request& r) { return replayRange(ctx, r); });
}

}  // namespace sy::api
