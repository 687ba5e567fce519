// Processors' Unix-seconds timestamps (a webhook's `created`) as a time point, checked: a value
// the clock's nanoseconds cannot hold would overflow std::chrono (found by fuzzing, session 5).
#pragma once

#include <cstdint>
#include <optional>

#include "common/clock.h"

namespace sy::connectors {

// Seconds since 1970 up to the year 2100; nullopt outside that range.
inline std::optional<TimePoint> timeFromUnixSeconds(int64_t seconds) {
  constexpr int64_t kYear2100 = 4'102'444'800;
  if (seconds < 0 || seconds > kYear2100) return std::nullopt;
  return TimePoint(std::chrono::seconds(seconds));
}

}  // namespace sy::connectors
