#include "webhooks/webhook_body.h"

#include <boost/json.hpp>

#include "webhooks/event_types.h"

namespace sy::webhooks {
namespace json = boost::json;

Result<std::string> webhookBody(const store::NotificationEvent& event,
                                const store::NotificationConfig& config, TimePoint signedAt) {
  boost::system::error_code ec;
  json::value payload = json::parse(event.payloadJson, ec);
  if (ec || !payload.is_object())
    return internalError("stored webhook event " + event.id + " has an unreadable payload");
  const bool aboutPayment = event.eventType == kPaymentStatus || event.eventType == kPaymentRefund;

  json::object body;
  body["eventType"] = event.eventType;
  if (!aboutPayment) {
    for (auto& [key, value] : payload.as_object())
      if (!body.contains(key)) body[key] = value;
  }
  body["date"] = formatTimestamp(signedAt);
  body["notificationConfig"] = json::object{{"id", config.id}, {"description", config.description}};
  body["version"] = kPayloadVersion;
  body["eventId"] = event.id;
  body["signedAt"] = std::chrono::duration_cast<std::chrono::seconds>(signedAt.time_since_epoch()).count();
  if (aboutPayment) body["payment"] = std::move(payload);
  return json::serialize(body);
}

}  // namespace sy::webhooks
