#include "domain/routing.h"

#include <boost/json.hpp>

namespace sy::domain {
namespace {
namespace json = boost::json;

// --- writing ---------------------------------------------------------------------------------

json::value rawArray(const std::string& text) {
  boost::system::error_code ec;
  json::value v = json::parse(text, ec);
  return !ec && v.is_array() ? v : json::value(json::array());
}

json::object workflowJson(const WorkflowRef& w) {
  json::object o;
  o["id"] = w.id;
  o["version"] = w.version;
  if (!w.name.empty()) o["name"] = w.name;
  return o;
}

json::array stringsJson(const std::vector<std::string>& list) {
  json::array a;
  for (const auto& s : list) a.emplace_back(s);
  return a;
}

json::object runJson(const WorkflowRun& r) {
  json::object o;
  o["workflow"] = workflowJson(r.workflow);
  o["trigger"] = r.trigger;
  if (!r.status.empty()) o["status"] = r.status;
  o["at"] = formatTimestamp(r.at);
  o["triggered"] = r.triggered;
  o["triggerConditions"] = rawArray(r.triggerConditionsJson);
  json::array blocks;
  for (const RoutedBlock& b : r.blocks) {
    json::object bo;
    bo["id"] = b.id;
    bo["type"] = b.type;
    bo["route"] = b.route;
    if (b.bucket) bo["bucket"] = *b.bucket;
    if (b.type != "SPLIT") bo["matchedConditions"] = rawArray(b.matchedConditionsJson);
    blocks.push_back(std::move(bo));
  }
  o["blocks"] = std::move(blocks);
  o["actions"] = stringsJson(r.actions);
  if (!r.blockReason.empty()) o["blockReason"] = r.blockReason;
  if (!r.notifications.empty()) {
    json::array ns;
    for (const RoutedNotification& n : r.notifications) {
      json::object no;
      no["channel"] = n.channel;
      if (!n.to.empty()) no["to"] = n.to;
      no["message"] = n.message;
      ns.push_back(std::move(no));
    }
    o["notifications"] = std::move(ns);
  }
  return o;
}

json::object authorizationJson(const AuthorizationRoute& a) {
  json::object o;
  o["connections"] = stringsJson(a.connections);
  o["fallbackOn"] = stringsJson(a.fallbackOn);
  o["threeDSecure"] = a.threeDSecure;
  o["threeDSecureProvider"] = a.threeDSecureProvider;
  o["state"] = a.state;
  if (!a.stopReason.empty()) o["stopReason"] = a.stopReason;
  if (!a.stopDeclineClass.empty()) o["stopDeclineClass"] = a.stopDeclineClass;
  json::array attempts;
  for (const RoutedAttempt& t : a.attempts) {
    json::object to;
    to["transactionId"] = t.transactionId;
    to["processorMerchantId"] = t.processorMerchantId;
    to["reason"] = t.reason;
    if (!t.afterDeclineClass.empty()) {
      json::object after;
      after["declineClass"] = t.afterDeclineClass;
      after["reason"] = t.afterReason;
      to["after"] = std::move(after);
    }
    attempts.push_back(std::move(to));
  }
  o["attempts"] = std::move(attempts);
  if (!a.skipped.empty()) {
    json::array skipped;
    for (const RoutedSkip& k : a.skipped)
      skipped.push_back(json::object{{"processorMerchantId", k.processorMerchantId},
                                     {"reason", k.reason},
                                     {"at", formatTimestamp(k.at)}});
    o["skipped"] = std::move(skipped);
  }
  return o;
}

json::object captureJson(const RoutedCapture& c) {
  json::object o;
  o["mode"] = c.mode;
  if (c.mode == "DELAYED") o["delayHours"] = c.delayHours;
  if (c.dueAt) o["dueAt"] = formatTimestamp(*c.dueAt);
  o["state"] = c.state;
  if (!c.detail.empty()) o["detail"] = c.detail;
  return o;
}

// --- reading (lenient: absent or mistyped members keep their defaults) ----------------------

std::string str(const json::object& o, std::string_view key) {
  const json::value* v = o.if_contains(key);
  return v && v->is_string() ? std::string(v->get_string()) : std::string();
}

int64_t integer(const json::object& o, std::string_view key) {
  const json::value* v = o.if_contains(key);
  return v && v->is_int64() ? v->get_int64() : 0;
}

const json::object* obj(const json::object& o, std::string_view key) {
  const json::value* v = o.if_contains(key);
  return v && v->is_object() ? &v->get_object() : nullptr;
}

const json::array* arr(const json::object& o, std::string_view key) {
  const json::value* v = o.if_contains(key);
  return v && v->is_array() ? &v->get_array() : nullptr;
}

std::vector<std::string> strings(const json::object& o, std::string_view key) {
  std::vector<std::string> out;
  if (const json::array* a = arr(o, key))
    for (const auto& v : *a)
      if (v.is_string()) out.emplace_back(v.get_string());
  return out;
}

std::string arrayText(const json::object& o, std::string_view key) {
  const json::array* a = arr(o, key);
  return a ? json::serialize(*a) : std::string("[]");
}

std::optional<TimePoint> time(const json::object& o, std::string_view key) {
  std::string s = str(o, key);
  return s.empty() ? std::nullopt : parseTimestamp(s);
}

WorkflowRun readRun(const json::object& o) {
  WorkflowRun r;
  if (const json::object* w = obj(o, "workflow")) {
    r.workflow.id = str(*w, "id");
    r.workflow.version = integer(*w, "version");
    r.workflow.name = str(*w, "name");
  }
  r.trigger = str(o, "trigger");
  r.status = str(o, "status");
  r.at = time(o, "at").value_or(TimePoint{});
  const json::value* t = o.if_contains("triggered");
  r.triggered = t && t->is_bool() && t->get_bool();
  r.triggerConditionsJson = arrayText(o, "triggerConditions");
  if (const json::array* blocks = arr(o, "blocks")) {
    for (const auto& v : *blocks) {
      if (!v.is_object()) continue;
      const json::object& bo = v.get_object();
      RoutedBlock b;
      b.id = str(bo, "id");
      b.type = str(bo, "type");
      b.route = str(bo, "route");
      if (const json::value* k = bo.if_contains("bucket"); k && k->is_int64())
        b.bucket = static_cast<int>(k->get_int64());
      b.matchedConditionsJson = arrayText(bo, "matchedConditions");
      r.blocks.push_back(std::move(b));
    }
  }
  r.actions = strings(o, "actions");
  r.blockReason = str(o, "blockReason");
  if (const json::array* ns = arr(o, "notifications")) {
    for (const auto& v : *ns) {
      if (!v.is_object()) continue;
      const json::object& no = v.get_object();
      r.notifications.push_back({str(no, "channel"), str(no, "to"), str(no, "message")});
    }
  }
  return r;
}

AuthorizationRoute readAuthorization(const json::object& o) {
  AuthorizationRoute a;
  a.connections = strings(o, "connections");
  a.fallbackOn = strings(o, "fallbackOn");
  a.threeDSecure = str(o, "threeDSecure");
  a.threeDSecureProvider = str(o, "threeDSecureProvider");
  if (a.threeDSecureProvider.empty()) a.threeDSecureProvider = "PROCESSOR";  // before it existed
  a.state = str(o, "state");
  a.stopReason = str(o, "stopReason");
  a.stopDeclineClass = str(o, "stopDeclineClass");
  if (const json::array* attempts = arr(o, "attempts")) {
    for (const auto& v : *attempts) {
      if (!v.is_object()) continue;
      const json::object& to = v.get_object();
      RoutedAttempt t;
      t.transactionId = str(to, "transactionId");
      t.processorMerchantId = str(to, "processorMerchantId");
      t.reason = str(to, "reason");
      if (const json::object* after = obj(to, "after")) {
        t.afterDeclineClass = str(*after, "declineClass");
        t.afterReason = str(*after, "reason");
      }
      a.attempts.push_back(std::move(t));
    }
  }
  if (const json::array* skipped = arr(o, "skipped")) {
    for (const auto& v : *skipped) {
      if (!v.is_object()) continue;
      const json::object& ko = v.get_object();
      RoutedSkip k;
      k.processorMerchantId = str(ko, "processorMerchantId");
      k.reason = str(ko, "reason");
      if (auto at = parseTimestamp(str(ko, "at"))) k.at = *at;
      a.skipped.push_back(std::move(k));
    }
  }
  return a;
}

}  // namespace

std::string_view toString(RoutingSource s) {
  switch (s) {
    case RoutingSource::kWorkflow: return "WORKFLOW";
    case RoutingSource::kPinnedConnection: return "PINNED_CONNECTION";
    case RoutingSource::kDefaultConnection: return "DEFAULT_CONNECTION";
  }
  return "DEFAULT_CONNECTION";
}

std::string routingToJson(const Routing& r) {
  json::object o;
  o["source"] = toString(r.source);
  if (r.created) o["paymentCreated"] = runJson(*r.created);
  if (r.authorization) o["authorization"] = authorizationJson(*r.authorization);
  if (r.capture) o["capture"] = captureJson(*r.capture);
  if (!r.statusUpdates.empty()) {
    json::array runs;
    for (const WorkflowRun& run : r.statusUpdates) runs.push_back(runJson(run));
    o["statusUpdates"] = std::move(runs);
  }
  return json::serialize(o);
}

Result<Routing> routingFromJson(std::string_view text) {
  boost::system::error_code ec;
  json::value v = json::parse(text, ec);
  if (ec || !v.is_object()) return internalError("stored routing is not a JSON object");
  const json::object& o = v.get_object();
  Routing r;
  const std::string source = str(o, "source");
  for (RoutingSource s : {RoutingSource::kWorkflow, RoutingSource::kPinnedConnection,
                          RoutingSource::kDefaultConnection})
    if (toString(s) == source) r.source = s;
  if (const json::object* w = obj(o, "paymentCreated")) r.created = readRun(*w);
  if (const json::object* a = obj(o, "authorization")) r.authorization = readAuthorization(*a);
  if (const json::object* c = obj(o, "capture")) {
    RoutedCapture cap;
    cap.mode = str(*c, "mode");
    cap.delayHours = integer(*c, "delayHours");
    cap.dueAt = time(*c, "dueAt");
    cap.state = str(*c, "state");
    cap.detail = str(*c, "detail");
    r.capture = std::move(cap);
  }
  if (const json::array* runs = arr(o, "statusUpdates"))
    for (const auto& run : *runs)
      if (run.is_object()) r.statusUpdates.push_back(readRun(run.get_object()));
  return r;
}

}  // namespace sy::domain
