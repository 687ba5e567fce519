// The event types a notification configuration subscribes to: Primer's webhook types
// (../shared/specs/primer/primer-webhooks-v2.4.openapi.yml).
#pragma once

#include <span>
#include <string_view>

namespace sy::webhooks {

inline constexpr std::string_view kPaymentStatus = "PAYMENT.STATUS";
inline constexpr std::string_view kPaymentRefund = "PAYMENT.REFUND";
inline constexpr std::string_view kDisputeOpened = "DISPUTE.OPENED";
inline constexpr std::string_view kDisputeStatus = "DISPUTE.STATUS";

// Every type, in the order docs/webhooks.md lists them.
std::span<const std::string_view> allEventTypes();
bool isEventType(std::string_view type);

}  // namespace sy::webhooks
