#include "sandbox/test_processor/webhook_events.h"

#include <boost/json.hpp>

namespace sy::sandbox::test_processor {
namespace json = boost::json;

std::optional<std::string> webhookEventFor(unsigned responseStatus, std::string_view responseBody,
                                           std::string_view eventId, TimePoint now) {
  if (responseStatus < 200 || responseStatus >= 500) return std::nullopt;
  boost::system::error_code ec;
  json::value v = json::parse(responseBody, ec);
  if (ec || !v.is_object()) return std::nullopt;
  const json::object& o = v.as_object();
  auto str = [&](std::string_view key) {
    const json::value* m = o.if_contains(key);
    return m && m->is_string() ? std::string(m->as_string()) : std::string();
  };
  const std::string object = str("object");
  std::string type;
  if (object == "payment") {
    const std::string status = str("status");
    if (status != "authorized" && status != "captured" && status != "declined" && status != "failed")
      return std::nullopt;
    type = "payment." + status;
  } else if (object == "capture" || object == "void" || object == "refund") {
    type = object + ".succeeded";
  } else {
    return std::nullopt;
  }
  json::object event{{"id", eventId},
                     {"object", "event"},
                     {"type", type},
                     {"created", std::chrono::duration_cast<std::chrono::seconds>(now.time_since_epoch()).count()},
                     {"data", v}};
  return json::serialize(event);
}

}  // namespace sy::sandbox::test_processor
