// When a failed webhook delivery is tried again, and when it is given up (dead-lettered).
//
// `delays[i]` is the wait after the (i+1)-th failed attempt; the last delay repeats. Every wait is
// scaled by a random factor in [1 - jitter, 1 + jitter] so that deliveries that failed together
// (a receiver that was down) do not all come back at the same instant. A delivery whose next
// attempt would fall later than `giveUpAfter` from its creation is dead-lettered instead.
// Default (the issue's): 10 s, 60 s, 5 min, 10 min, 15 min, then hourly, up to 3 days.
#pragma once

#include <chrono>
#include <optional>
#include <string_view>
#include <vector>

#include "common/clock.h"
#include "common/status.h"

namespace sy::webhooks {

struct RetrySchedule {
  std::vector<std::chrono::milliseconds> delays;
  std::chrono::milliseconds giveUpAfter{std::chrono::hours(72)};
  double jitter = 0.2;

  static RetrySchedule standard();
  // "10s,60s,5m,10m,15m,1h": durations with a unit (ms, s, m, h), comma-separated, at least one.
  static Result<std::vector<std::chrono::milliseconds>> parseDelays(std::string_view text);

  // The next attempt after `failedAttempts` (>= 1) failures of a delivery created at `createdAt`,
  // or nullopt: give up. `unitRandom` in [0, 1) picks the jitter (a parameter, so tests fix it).
  std::optional<TimePoint> next(int failedAttempts, TimePoint createdAt, TimePoint now,
                                double unitRandom) const;
};

}  // namespace sy::webhooks
