// The body a receiver gets for one attempt of one event: Primer's webhook payload
// (../shared/specs/primer/primer-webhooks-v2.4.openapi.yml) around the event's stored payload,
// plus two members Switchyard adds for receivers to verify and deduplicate:
//   eventId   the event's id, the same on every attempt and replay (deduplicate on it)
//   signedAt  Unix seconds when this body was signed (refuse old bodies: replay protection)
// PAYMENT.STATUS / PAYMENT.REFUND:
//   {"eventType", "date", "notificationConfig": {"id", "description"}, "version": "2.4",
//    "eventId", "signedAt", "payment": <the payment as it was when the event was recorded>}
// DISPUTE.*: {"eventType", <the dispute's members>, "date", "notificationConfig", "version",
//    "eventId", "signedAt"}.
// `date` is when the body was built for this attempt (the spec: "the date-time that the webhook
// was sent"); the payment's own dateUpdated says when the change happened.
#pragma once

#include <string>

#include "common/clock.h"
#include "common/status.h"
#include "store/records.h"

namespace sy::webhooks {

inline constexpr std::string_view kPayloadVersion = "2.4";

Result<std::string> webhookBody(const store::NotificationEvent& event,
                                const store::NotificationConfig& config, TimePoint signedAt);

}  // namespace sy::webhooks
