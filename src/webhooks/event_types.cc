#include "webhooks/event_types.h"

#include <algorithm>

namespace sy::webhooks {

std::span<const std::string_view> allEventTypes() {
  static constexpr std::string_view kAll[] = {kPaymentStatus, kPaymentRefund, kDisputeOpened,
                                              kDisputeStatus};
  return kAll;
}

bool isEventType(std::string_view type) {
  auto all = allEventTypes();
  return std::find(all.begin(), all.end(), type) != all.end();
}

}  // namespace sy::webhooks
