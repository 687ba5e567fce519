#include "workflows/workflow_document.h"

#include <array>
#include <boost/json.hpp>
#include <initializer_list>
#include <span>
#include <utility>

namespace sy::workflows {
namespace {
namespace json = boost::json;

template <class E>
using NameTable = std::span<const std::pair<E, std::string_view>>;

constexpr std::pair<TriggerEvent, std::string_view> kTriggerEvents[] = {
    {TriggerEvent::kPaymentCreated, "PAYMENT_CREATED"},
    {TriggerEvent::kPaymentStatusUpdated, "PAYMENT_STATUS_UPDATED"},
};
constexpr std::pair<ActionType, std::string_view> kActionTypes[] = {
    {ActionType::kAuthorize, "AUTHORIZE"}, {ActionType::kCapture, "CAPTURE"},
    {ActionType::kCancel, "CANCEL"},       {ActionType::kRefund, "REFUND"},
    {ActionType::kBlock, "BLOCK"},         {ActionType::kNotify, "NOTIFY"},
};
constexpr std::pair<BlockType, std::string_view> kBlockTypes[] = {
    {BlockType::kConditions, "CONDITIONS"},
    {BlockType::kSplit, "SPLIT"},
};
constexpr std::pair<ThreeDsMode, std::string_view> kThreeDsModes[] = {
    {ThreeDsMode::kDisabled, "DISABLED"},
    {ThreeDsMode::kPreferred, "PREFERRED"},
    {ThreeDsMode::kRequired, "REQUIRED"},
};
constexpr std::pair<ThreeDsProvider, std::string_view> kThreeDsProviders[] = {
    {ThreeDsProvider::kProcessor, "PROCESSOR"},
    {ThreeDsProvider::kSwitchyard, "SWITCHYARD"},
};
constexpr std::pair<CaptureMode, std::string_view> kCaptureModes[] = {
    {CaptureMode::kImmediate, "IMMEDIATE"},
    {CaptureMode::kDelayed, "DELAYED"},
};
constexpr std::pair<NotifyChannel, std::string_view> kNotifyChannels[] = {
    {NotifyChannel::kEmail, "EMAIL"},
    {NotifyChannel::kWebhook, "WEBHOOK"},
};

template <class E>
std::string_view nameIn(NameTable<E> table, E v) {
  for (const auto& [e, name] : table)
    if (e == v) return name;
  return "UNKNOWN";
}

template <class E>
std::optional<E> lookUp(NameTable<E> table, std::string_view s) {
  for (const auto& [e, name] : table)
    if (name == s) return e;
  return std::nullopt;
}

std::optional<int64_t> toInt64(const json::value& v) {
  if (v.is_int64()) return v.get_int64();
  if (v.is_uint64() && v.get_uint64() <= uint64_t(INT64_MAX)) return int64_t(v.get_uint64());
  return std::nullopt;
}

// Reads typed members of JSON objects, recording every problem with its path.
class Reader {
 public:
  explicit Reader(WorkflowErrors& errors) : errors_(errors) {}

  void fail(const JsonPath& p, std::string description) {
    addError(errors_, p, std::move(description));
  }

  const json::object* object(const json::value& v, const JsonPath& p) {
    if (v.is_object()) return &v.get_object();
    fail(p, "Value must be an object");
    return nullptr;
  }

  void onlyMembers(const json::object& o, const JsonPath& p,
                   std::initializer_list<std::string_view> allowed) {
    for (const json::key_value_pair& m : o) {
      bool known = false;
      for (std::string_view name : allowed) known = known || m.key() == name;
      if (!known) fail(p.key(m.key()), "Unknown field");
    }
  }

  const json::value* member(const json::object& o, const JsonPath& p, std::string_view name,
                            bool required) {
    const json::value* v = o.if_contains(name);
    if (!v && required) fail(p.key(name), "Field required");
    return v;
  }

  std::optional<std::string> string(const json::object& o, const JsonPath& p, std::string_view name,
                                    bool required) {
    const json::value* v = member(o, p, name, required);
    if (!v) return std::nullopt;
    return stringValue(*v, p.key(name));
  }

  std::optional<std::string> stringValue(const json::value& v, const JsonPath& p) {
    if (v.is_string()) return std::string(v.get_string());
    fail(p, "Value must be a string");
    return std::nullopt;
  }

  std::optional<int64_t> integer(const json::object& o, const JsonPath& p, std::string_view name,
                                 bool required) {
    const json::value* v = member(o, p, name, required);
    if (!v) return std::nullopt;
    if (std::optional<int64_t> i = toInt64(*v)) return i;
    fail(p.key(name), "Value must be an integer");
    return std::nullopt;
  }

  const json::array* array(const json::object& o, const JsonPath& p, std::string_view name,
                           bool required) {
    const json::value* v = member(o, p, name, required);
    if (!v) return nullptr;
    if (v->is_array()) return &v->get_array();
    fail(p.key(name), "Value must be an array");
    return nullptr;
  }

  template <class E, size_t N>
  std::optional<E> enumValue(const json::value& v, const JsonPath& p,
                             const std::pair<E, std::string_view> (&table)[N]) {
    if (v.is_string()) {
      if (std::optional<E> e = lookUp(NameTable<E>(table), std::string_view(v.get_string())))
        return e;
    }
    std::string message = "Value must be one of: ";
    for (size_t i = 0; i < N; ++i) {
      if (i) message += ", ";
      message += table[i].second;
    }
    fail(p, std::move(message));
    return std::nullopt;
  }

  template <class E, size_t N>
  std::optional<E> enumeration(const json::object& o, const JsonPath& p, std::string_view name,
                               bool required, const std::pair<E, std::string_view> (&table)[N]) {
    const json::value* v = member(o, p, name, required);
    if (!v) return std::nullopt;
    return enumValue(*v, p.key(name), table);
  }

  std::optional<Operand> operand(const json::value& v, const JsonPath& p) {
    if (v.is_string()) return Operand(std::string(v.get_string()));
    if (std::optional<int64_t> i = toInt64(v)) return Operand(*i);
    fail(p, "Value must be a string or an integer");
    return std::nullopt;
  }

  std::optional<Operand> operandMember(const json::object& o, const JsonPath& p,
                                       std::string_view name) {
    const json::value* v = member(o, p, name, false);
    if (!v) return std::nullopt;
    return operand(*v, p.key(name));
  }

 private:
  WorkflowErrors& errors_;
};

class Parser {
 public:
  explicit Parser(WorkflowErrors& errors) : r_(errors) {}

  void document(const json::object& o, WorkflowDocument& doc) {
    const JsonPath root;
    r_.onlyMembers(o, root,
                   {"schemaVersion", "name", "description", "trigger", "fallback", "steps"});
    doc.name = r_.string(o, root, "name", true).value_or("");
    doc.description = r_.string(o, root, "description", false).value_or("");
    if (const json::value* t = r_.member(o, root, "trigger", true))
      trigger(*t, root.key("trigger"), doc.trigger);
    if (const json::value* f = r_.member(o, root, "fallback", false))
      fallback(*f, root.key("fallback"), doc);
    if (const json::array* a = r_.array(o, root, "steps", true))
      doc.steps = steps(*a, root.key("steps"));
  }

 private:
  void trigger(const json::value& v, const JsonPath& p, Trigger& t) {
    const json::object* o = r_.object(v, p);
    if (!o) return;
    r_.onlyMembers(*o, p, {"event", "conditions"});
    if (auto e = r_.enumeration(*o, p, "event", true, kTriggerEvents)) t.event = *e;
    if (const json::array* a = r_.array(*o, p, "conditions", false))
      t.conditions = conditions(*a, p.key("conditions"));
  }

  void fallback(const json::value& v, const JsonPath& p, WorkflowDocument& doc) {
    const json::object* o = r_.object(v, p);
    if (!o) return;
    r_.onlyMembers(*o, p, {"declineClasses"});
    const json::array* a = r_.array(*o, p, "declineClasses", true);
    if (!a) return;
    std::vector<DeclineClass> classes;
    const JsonPath ap = p.key("declineClasses");
    for (size_t i = 0; i < a->size(); ++i) {
      const json::value& item = (*a)[i];
      std::optional<DeclineClass> c =
          item.is_string() ? declineClassFrom(std::string_view(item.get_string())) : std::nullopt;
      if (c) {
        classes.push_back(*c);
      } else {
        std::string message = "Value must be one of: ";
        for (int k = 0; k < kDeclineClassCount; ++k) {
          if (k) message += ", ";
          message += toString(static_cast<DeclineClass>(k));
        }
        r_.fail(ap.index(i), std::move(message));
      }
    }
    doc.fallbackDeclineClasses = std::move(classes);
  }

  std::vector<Condition> conditions(const json::array& a, const JsonPath& p) {
    std::vector<Condition> out;
    for (size_t i = 0; i < a.size(); ++i) {
      if (std::optional<Condition> c = condition(a[i], p.index(i))) out.push_back(std::move(*c));
    }
    return out;
  }

  std::optional<Condition> condition(const json::value& v, const JsonPath& p) {
    const json::object* o = r_.object(v, p);
    if (!o) return std::nullopt;
    r_.onlyMembers(*o, p, {"field", "key", "operator", "value", "values", "min", "max"});
    Condition c;
    bool ok = true;
    if (const json::value* f = r_.member(*o, p, "field", true)) {
      std::optional<Field> field =
          f->is_string() ? fieldFrom(std::string_view(f->get_string())) : std::nullopt;
      if (field) {
        c.field = *field;
      } else {
        std::string message = "Value must be one of: ";
        for (int k = 0; k < kFieldCount; ++k) {
          if (k) message += ", ";
          message += toString(static_cast<Field>(k));
        }
        r_.fail(p.key("field"), std::move(message));
        ok = false;
      }
    } else {
      ok = false;
    }
    if (const json::value* op = r_.member(*o, p, "operator", true)) {
      std::optional<Operator> parsed =
          op->is_string() ? operatorFrom(std::string_view(op->get_string())) : std::nullopt;
      if (parsed) {
        c.op = *parsed;
      } else {
        std::string message = "Value must be one of: ";
        for (int k = 0; k < kOperatorCount; ++k) {
          if (k) message += ", ";
          message += toString(static_cast<Operator>(k));
        }
        r_.fail(p.key("operator"), std::move(message));
        ok = false;
      }
    } else {
      ok = false;
    }
    if (auto key = r_.string(*o, p, "key", false)) c.key = std::move(*key);
    c.value = r_.operandMember(*o, p, "value");
    c.min = r_.operandMember(*o, p, "min");
    c.max = r_.operandMember(*o, p, "max");
    if (const json::array* a = r_.array(*o, p, "values", false)) {
      std::vector<Operand> values;
      for (size_t i = 0; i < a->size(); ++i) {
        if (auto operand = r_.operand((*a)[i], p.key("values").index(i)))
          values.push_back(std::move(*operand));
      }
      c.values = std::move(values);
    }
    if (!ok) return std::nullopt;
    return c;
  }

  std::vector<Step> steps(const json::array& a, const JsonPath& p) {
    std::vector<Step> out;
    for (size_t i = 0; i < a.size(); ++i) {
      if (std::optional<Step> s = step(a[i], p.index(i))) out.push_back(std::move(*s));
    }
    return out;
  }

  std::optional<Step> step(const json::value& v, const JsonPath& p) {
    const json::object* o = r_.object(v, p);
    if (!o) return std::nullopt;
    const json::value* t = r_.member(*o, p, "type", true);
    if (!t) return std::nullopt;
    if (t->is_string()) {
      const std::string_view name = t->get_string();
      if (auto b = lookUp(NameTable<BlockType>(kBlockTypes), name)) return Step{block(*o, p, *b)};
      if (auto a = lookUp(NameTable<ActionType>(kActionTypes), name))
        return Step{action(*o, p, *a)};
    }
    // Which members are allowed depends on the type: with no valid type, they are not checked.
    r_.fail(p.key("type"),
            "Value must be one of: CONDITIONS, SPLIT, AUTHORIZE, CAPTURE, CANCEL, REFUND, BLOCK, "
            "NOTIFY");
    return std::nullopt;
  }

  Block block(const json::object& o, const JsonPath& p, BlockType type) {
    Block b;
    b.type = type;
    b.id = r_.string(o, p, "id", true).value_or("");
    if (type == BlockType::kConditions) {
      r_.onlyMembers(o, p, {"type", "id", "routes", "defaultRoute"});
      if (const json::value* d = r_.member(o, p, "defaultRoute", true))
        b.defaultRoute = route(*d, p.key("defaultRoute"), RouteKind::kDefault);
    } else {
      r_.onlyMembers(o, p, {"type", "id", "routes"});
    }
    if (const json::array* a = r_.array(o, p, "routes", true)) {
      const RouteKind kind =
          type == BlockType::kConditions ? RouteKind::kConditions : RouteKind::kSplit;
      for (size_t i = 0; i < a->size(); ++i) {
        if (std::optional<Route> rt = route((*a)[i], p.key("routes").index(i), kind))
          b.routes.push_back(std::move(*rt));
      }
    }
    return b;
  }

  enum class RouteKind { kConditions, kSplit, kDefault };

  std::optional<Route> route(const json::value& v, const JsonPath& p, RouteKind kind) {
    const json::object* o = r_.object(v, p);
    if (!o) return std::nullopt;
    Route rt;
    switch (kind) {
      case RouteKind::kConditions:
        r_.onlyMembers(*o, p, {"id", "conditions", "steps"});
        if (const json::array* a = r_.array(*o, p, "conditions", true))
          rt.conditions = conditions(*a, p.key("conditions"));
        break;
      case RouteKind::kSplit:
        r_.onlyMembers(*o, p, {"id", "percentage", "steps"});
        rt.percentage = r_.integer(*o, p, "percentage", true);
        break;
      case RouteKind::kDefault:
        r_.onlyMembers(*o, p, {"id", "steps"});
        break;
    }
    // The default route's id is optional: there is one per block.
    rt.id = r_.string(*o, p, "id", kind != RouteKind::kDefault)
                .value_or(kind == RouteKind::kDefault ? "default" : "");
    if (const json::array* a = r_.array(*o, p, "steps", true)) rt.steps = steps(*a, p.key("steps"));
    return rt;
  }

  Action action(const json::object& o, const JsonPath& p, ActionType type) {
    Action a;
    a.type = type;
    switch (type) {
      case ActionType::kAuthorize:
        r_.onlyMembers(o, p, {"type", "connection", "fallbackConnections", "threeDSecure",
                              "threeDSecureProvider"});
        a.connection = r_.string(o, p, "connection", true).value_or("");
        if (const json::array* list = r_.array(o, p, "fallbackConnections", false)) {
          for (size_t i = 0; i < list->size(); ++i) {
            if (auto s = r_.stringValue((*list)[i], p.key("fallbackConnections").index(i)))
              a.fallbackConnections.push_back(std::move(*s));
          }
        }
        if (auto m = r_.enumeration(o, p, "threeDSecure", false, kThreeDsModes))
          a.threeDSecure = *m;
        if (auto m = r_.enumeration(o, p, "threeDSecureProvider", false, kThreeDsProviders))
          a.threeDSecureProvider = *m;
        break;
      case ActionType::kCapture:
        r_.onlyMembers(o, p, {"type", "mode", "delayHours"});
        if (auto m = r_.enumeration(o, p, "mode", true, kCaptureModes)) a.captureMode = *m;
        a.delayHours = r_.integer(o, p, "delayHours", false);
        break;
      case ActionType::kCancel:
      case ActionType::kRefund:
        r_.onlyMembers(o, p, {"type", "reason"});
        a.reason = r_.string(o, p, "reason", false).value_or("");
        break;
      case ActionType::kBlock:
        r_.onlyMembers(o, p, {"type", "reason"});
        a.reason = r_.string(o, p, "reason", true).value_or("");
        break;
      case ActionType::kNotify:
        r_.onlyMembers(o, p, {"type", "channel", "to", "message"});
        if (auto c = r_.enumeration(o, p, "channel", true, kNotifyChannels)) a.channel = *c;
        a.to = r_.string(o, p, "to", false).value_or("");
        a.message = r_.string(o, p, "message", true).value_or("");
        break;
    }
    return a;
  }

  Reader r_;
};

}  // namespace

Checked<WorkflowDocument> parseWorkflowDocument(std::string_view text) {
  json::parse_options options;
  options.max_depth = 64;  // deep enough for the nesting the validator allows, bounded for safety
  json::stream_parser parser({}, options);
  json::error_code ec;
  const size_t consumed = parser.write(text.data(), text.size(), ec);
  if (!ec) parser.finish(ec);
  if (ec) {
    return WorkflowErrors{
        {"$", "Malformed JSON at byte " + std::to_string(consumed) + ": " + ec.message()}};
  }
  const json::value root = parser.release();
  if (!root.is_object()) return WorkflowErrors{{"$", "A workflow document must be a JSON object"}};
  const json::object& o = root.get_object();

  // The version decides how everything else reads: check it alone, first.
  const json::value* version = o.if_contains("schemaVersion");
  if (!version) return WorkflowErrors{{"$.schemaVersion", "Field required"}};
  if (toInt64(*version) != kSchemaVersion) {
    return WorkflowErrors{
        {"$.schemaVersion", "Unsupported schemaVersion: this server reads schemaVersion 1"}};
  }

  WorkflowErrors errors;
  WorkflowDocument doc;
  Parser(errors).document(o, doc);
  if (!errors.empty()) return errors;
  return doc;
}

std::string_view toString(TriggerEvent v) {
  return nameIn(NameTable<TriggerEvent>(kTriggerEvents), v);
}
std::string_view toString(ActionType v) {
  return nameIn(NameTable<ActionType>(kActionTypes), v);
}
std::string_view toString(ThreeDsMode v) {
  return nameIn(NameTable<ThreeDsMode>(kThreeDsModes), v);
}

std::string_view toString(ThreeDsProvider v) {
  return nameIn(NameTable<ThreeDsProvider>(kThreeDsProviders), v);
}
std::string_view toString(CaptureMode v) {
  return nameIn(NameTable<CaptureMode>(kCaptureModes), v);
}
std::string_view toString(NotifyChannel v) {
  return nameIn(NameTable<NotifyChannel>(kNotifyChannels), v);
}
std::string_view toString(BlockType v) {
  return nameIn(NameTable<BlockType>(kBlockTypes), v);
}

}  // namespace sy::workflows
