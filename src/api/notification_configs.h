// Building and changing notification configurations (where a merchant receives webhooks): shared
// by the merchant API (webhooks_handler.cc) and the CLI so both make exactly the same records.
// The signing secret is generated here, returned once in clear and stored sealed.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "common/clock.h"
#include "common/secret.h"
#include "common/status.h"
#include "store/records.h"

namespace sy::api {

// Validation failures are kInvalidArgument with the offending field's JSON path as the reason
// ("$.url"), so the API can answer a RequestValidationError naming it.
struct NotificationConfigSpec {
  std::string url;                      // http:// or https://, with a host; at most 2048 chars
  std::vector<std::string> eventTypes;  // at least one, each of webhooks/event_types.h
  std::string description;              // at most 255 chars
};

struct IssuedNotificationConfig {
  store::NotificationConfig record;  // holds only the sealed secret
  SecretString secret;               // the clear secret: shown once, never stored
};

// How long a rotated-out secret keeps signing X-Signature-Secondary.
inline constexpr std::chrono::hours kPreviousSecretLifetime{24};

Status validateNotificationUrl(const std::string& url);
Status validateEventTypes(const std::vector<std::string>& eventTypes);

Result<IssuedNotificationConfig> makeNotificationConfig(const std::string& merchantId,
                                                        const NotificationConfigSpec& spec,
                                                        const SecretString& sealKey, TimePoint now);

// A new secret for `config`; the current one becomes the previous one for 24 h.
Result<IssuedNotificationConfig> rotateSecret(store::NotificationConfig config,
                                              const SecretString& sealKey, TimePoint now);

}  // namespace sy::api
