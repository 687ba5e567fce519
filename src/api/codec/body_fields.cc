#include "api/codec/body_fields.h"

namespace sy::api::codec::fields {
namespace json = boost::json;

std::optional<DecodeError> parseAndValidate(schema::ParsedBody& parsed, std::string_view body,
                                            const schema::Node& node, std::string_view model,
                                            bool emptyIsObject) {
  if (auto error = parsed.parse(body, emptyIsObject)) return error;
  schema::Context cx;
  schema::validate(parsed.value(), node, cx);
  if (!cx.errors.empty()) return validationError(std::string(model), std::move(cx.errors));
  return std::nullopt;
}

const json::value* find(const json::object& o, std::string_view key) {
  const json::value* v = o.if_contains(key);
  return v && !v->is_null() ? v : nullptr;
}

std::optional<std::string> optString(const json::object& o, std::string_view key) {
  const json::value* v = find(o, key);
  if (!v || !v->is_string()) return std::nullopt;
  return std::string(v->get_string());
}

std::string string(const json::object& o, std::string_view key) {
  const json::value* v = find(o, key);
  return v && v->is_string() ? std::string(v->get_string()) : std::string();
}

std::optional<int64_t> optInt(const json::object& o, std::string_view key) {
  const json::value* v = find(o, key);
  return v ? schema::toInt64(*v) : std::nullopt;
}

std::optional<bool> optBool(const json::object& o, std::string_view key) {
  const json::value* v = find(o, key);
  if (!v || !v->is_bool()) return std::nullopt;
  return v->get_bool();
}

std::string jsonText(const json::object& o, std::string_view key) {
  const json::value* v = find(o, key);
  return v ? json::serialize(*v) : std::string();
}

bool expandsEvents(const json::object& o) {
  const json::value* v = find(o, "expand");
  if (!v || !v->is_array()) return false;
  for (const json::value& item : v->get_array())
    if (item.is_string() && item.get_string() == "transactions.events") return true;
  return false;
}

bool metadataHasEmptyKey(const json::object& o) {
  const json::value* v = find(o, "metadata");
  return v && v->is_object() && v->get_object().contains("");
}

std::string customerEmail(const json::object& o) {
  const json::value* customer = find(o, "customer");
  if (!customer || !customer->is_object()) return {};
  return string(customer->get_object(), "emailAddress");
}

}  // namespace sy::api::codec::fields
