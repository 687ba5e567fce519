#include "workflows/condition_json.h"

#include <boost/json.hpp>

namespace sy::workflows {
namespace {
namespace json = boost::json;

json::value operandJson(const Operand& o) {
  if (const auto* i = std::get_if<int64_t>(&o)) return json::value(*i);
  return json::value(json::string_view(std::get<std::string>(o)));
}

}  // namespace

std::string conditionsToJson(std::span<const Condition> conditions) {
  json::array out;
  out.reserve(conditions.size());
  for (const Condition& c : conditions) {
    json::object o;
    o["field"] = toString(c.field);
    if (c.field == Field::kMetadata) o["key"] = c.key;
    o["operator"] = toString(c.op);
    if (c.value) o["value"] = operandJson(*c.value);
    if (c.values) {
      json::array values;
      values.reserve(c.values->size());
      for (const Operand& v : *c.values) values.push_back(operandJson(v));
      o["values"] = std::move(values);
    }
    if (c.min) o["min"] = operandJson(*c.min);
    if (c.max) o["max"] = operandJson(*c.max);
    out.push_back(std::move(o));
  }
  return json::serialize(out);
}

}  // namespace sy::workflows
