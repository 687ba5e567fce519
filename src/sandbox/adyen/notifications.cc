#include "sandbox/adyen/notifications.h"

#include <boost/json.hpp>

namespace sy::sandbox::adyen {
namespace json = boost::json;
namespace {

std::optional<json::object> parse(std::string_view text) {
  boost::system::error_code ec;
  json::value v = json::parse(text, ec);
  if (ec || !v.is_object()) return std::nullopt;
  return std::move(v.as_object());
}

std::string str(const json::object& o, std::string_view key) {
  const json::value* v = o.if_contains(key);
  return v && v->is_string() ? std::string(v->as_string()) : std::string();
}

// Adyen's eventDate: ISO 8601 with the zone.
std::string eventDate(TimePoint now) {
  std::string t = formatTimestamp(std::chrono::time_point_cast<std::chrono::seconds>(now));
  return t.substr(0, 19) + "+00:00";
}

json::object wrap(json::object item) {
  json::array items;
  items.emplace_back(json::object{{"NotificationRequestItem", std::move(item)}});
  return json::object{{"live", "false"}, {"notificationItems", std::move(items)}};
}

}  // namespace

std::optional<json::object> notificationFor(std::string_view path, std::string_view requestBody,
                                            unsigned responseStatus, std::string_view responseBody,
                                            TimePoint now) {
  auto request = parse(requestBody);
  auto response = parse(responseBody);
  if (!request || !response) return std::nullopt;
  json::object item;
  item["eventDate"] = eventDate(now);
  item["merchantAccountCode"] = str(*request, "merchantAccount");
  item["additionalData"] = json::object();
  if (path == "payments") {
    if (responseStatus != 200) return std::nullopt;
    std::string result = str(*response, "resultCode");
    if (result != "Authorised" && result != "Refused") return std::nullopt;
    item["eventCode"] = "AUTHORISATION";
    item["success"] = result == "Authorised" ? "true" : "false";
    item["pspReference"] = str(*response, "pspReference");
    item["merchantReference"] = str(*request, "reference");
    if (const json::value* a = request->if_contains("amount")) item["amount"] = *a;
    item["reason"] = str(*response, "refusalReason");
    return wrap(std::move(item));
  }
  if (responseStatus != 201 || str(*response, "status") != "received") return std::nullopt;
  item["success"] = "true";
  item["pspReference"] = str(*response, "pspReference");
  item["originalReference"] = str(*response, "paymentPspReference");
  item["merchantReference"] = str(*response, "reference");
  if (const json::value* a = response->if_contains("amount")) item["amount"] = *a;
  item["reason"] = "";
  if (path == "captures") {
    item["eventCode"] = "CAPTURE";
  } else if (path == "cancels") {
    item["eventCode"] = "CANCELLATION";
  } else if (path == "refunds") {
    item["eventCode"] = "REFUND";
  } else if (path == "reversals") {
    item["eventCode"] = "CANCEL_OR_REFUND";
  } else {
    return std::nullopt;
  }
  return wrap(std::move(item));
}

}  // namespace sy::sandbox::adyen
