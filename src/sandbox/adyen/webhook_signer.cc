#include "sandbox/adyen/webhook_signer.h"

#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>

#include "common/crypto.h"

namespace sy::sandbox::adyen {
namespace json = boost::json;
namespace {

// A field as Adyen puts it in the signed string: strings as they are, numbers in decimal, a JSON
// boolean `success` as true/false, anything absent as "".
std::string text(const json::value* v) {
  if (!v || v->is_null()) return {};
  if (v->is_string()) return std::string(v->get_string());
  if (v->is_bool()) return v->get_bool() ? "true" : "false";
  if (v->is_int64()) return std::to_string(v->get_int64());
  if (v->is_uint64()) return std::to_string(v->get_uint64());
  return json::serialize(*v);
}

}  // namespace

Result<std::string> notificationItemSignature(const json::object& item,
                                              std::string_view hmacKeyHex) {
  auto key = crypto::hexDecode(hmacKeyHex);
  if (!key) return invalidArgument("the Adyen HMAC key must be hex");
  const json::value* amount = item.if_contains("amount");
  const json::object* a = amount && amount->is_object() ? &amount->as_object() : nullptr;
  std::string data = text(item.if_contains("pspReference"));
  for (const json::value* field :
       {item.if_contains("originalReference"), item.if_contains("merchantAccountCode"),
        item.if_contains("merchantReference"), a ? a->if_contains("value") : nullptr,
        a ? a->if_contains("currency") : nullptr, item.if_contains("eventCode"),
        item.if_contains("success")}) {
    data += ':';
    data += text(field);
  }
  return crypto::base64Encode(crypto::hmacSha256(*key, data));
}

Result<std::string> signNotification(json::object notification, std::string_view hmacKeyHex) {
  json::value* items = notification.if_contains("notificationItems");
  if (!items || !items->is_array())
    return invalidArgument("an Adyen notification needs a notificationItems array");
  for (json::value& wrapper : items->as_array()) {
    json::value* item =
        wrapper.is_object() ? wrapper.as_object().if_contains("NotificationRequestItem") : nullptr;
    if (!item || !item->is_object())
      return invalidArgument("every notification item needs a NotificationRequestItem object");
    auto signature = notificationItemSignature(item->as_object(), hmacKeyHex);
    if (!signature) return signature.status();
    json::value& additional = item->as_object()["additionalData"];
    if (!additional.is_object()) additional = json::object();
    additional.as_object()["hmacSignature"] = *signature;
  }
  return json::serialize(notification);
}

}  // namespace sy::sandbox::adyen
