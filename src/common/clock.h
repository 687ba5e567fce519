// Time: a Clock interface so tests can control time, and the one timestamp format the API uses.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace sy {

using TimePoint = std::chrono::system_clock::time_point;

TimePoint systemNow();

// UTC, microseconds, no zone suffix, as in Primer's examples: "2021-02-21T15:36:16.367687".
std::string formatTimestamp(TimePoint t);
// Parses ISO 8601 date-times: "2021-02-21T15:36:16[.ffffff][Z|+hh:mm]" or a date "2021-02-21".
std::optional<TimePoint> parseTimestamp(std::string_view s);

// Microseconds since the Unix epoch: how timestamps are stored.
int64_t toMicros(TimePoint t);
TimePoint fromMicros(int64_t us);

class Clock {
 public:
  virtual ~Clock() = default;
  virtual TimePoint now() const = 0;
};

class SystemClock final : public Clock {
 public:
  TimePoint now() const override { return systemNow(); }
};

}  // namespace sy
