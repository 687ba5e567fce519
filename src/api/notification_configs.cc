#include "api/notification_configs.h"

#include <boost/url/parse.hpp>

#include "common/ids.h"
#include "webhooks/event_types.h"
#include "webhooks/secrets.h"

namespace sy::api {
namespace {
Status invalidAt(std::string path, std::string message) {
  return Status(StatusCode::kInvalidArgument, std::move(message), std::move(path));
}
}  // namespace

Status validateNotificationUrl(const std::string& url) {
  if (url.empty() || url.size() > 2048)
    return invalidAt("$.url", "A URL of 1 to 2048 characters is required");
  auto parsed = boost::urls::parse_absolute_uri(url);
  if (!parsed || (parsed->scheme() != "http" && parsed->scheme() != "https") ||
      parsed->host().empty())
    return invalidAt("$.url", "Must be an absolute http:// or https:// URL with a host");
  if (parsed->has_userinfo())
    return invalidAt("$.url", "Must not carry credentials; the signature authenticates the sender");
  return Status::ok();
}

Status validateEventTypes(const std::vector<std::string>& eventTypes) {
  if (eventTypes.empty())
    return invalidAt("$.eventTypes", "At least one event type is required");
  for (size_t i = 0; i < eventTypes.size(); ++i) {
    if (!webhooks::isEventType(eventTypes[i]))
      return invalidAt("$.eventTypes[" + std::to_string(i) + "]",
                       "Unknown event type; known: PAYMENT.STATUS, PAYMENT.REFUND, "
                       "DISPUTE.OPENED, DISPUTE.STATUS");
    for (size_t j = 0; j < i; ++j)
      if (eventTypes[j] == eventTypes[i])
        return invalidAt("$.eventTypes[" + std::to_string(i) + "]", "Listed twice");
  }
  return Status::ok();
}

Result<IssuedNotificationConfig> makeNotificationConfig(const std::string& merchantId,
                                                        const NotificationConfigSpec& spec,
                                                        const SecretString& sealKey, TimePoint now) {
  SY_RETURN_IF_ERROR(validateNotificationUrl(spec.url));
  SY_RETURN_IF_ERROR(validateEventTypes(spec.eventTypes));
  if (spec.description.size() > 255)
    return invalidAt("$.description", "At most 255 characters");
  IssuedNotificationConfig out;
  store::NotificationConfig& c = out.record;
  c.id = uuidV4();  // the webhook payload's notificationConfig.id is a uuid
  c.merchantId = merchantId;
  c.url = spec.url;
  c.description = spec.description;
  c.eventTypes = spec.eventTypes;
  c.createdAt = c.updatedAt = now;
  out.secret = webhooks::newSigningSecret();
  auto sealed = webhooks::sealSecret(sealKey, c.id, out.secret);
  if (!sealed) return sealed.status();
  c.secretSealed = std::move(*sealed);
  return out;
}

Result<IssuedNotificationConfig> rotateSecret(store::NotificationConfig config,
                                              const SecretString& sealKey, TimePoint now) {
  IssuedNotificationConfig out;
  out.secret = webhooks::newSigningSecret();
  auto sealed = webhooks::sealSecret(sealKey, config.id, out.secret);
  if (!sealed) return sealed.status();
  config.previousSecretSealed = std::move(config.secretSealed);
  config.previousSecretExpiresAt = now + kPreviousSecretLifetime;
  config.secretSealed = std::move(*sealed);
  config.updatedAt = now;
  out.record = std::move(config);
  return out;
}

}  // namespace sy::api
