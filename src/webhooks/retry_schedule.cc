#include "webhooks/retry_schedule.h"

#include <algorithm>
#include <charconv>
#include <string>

namespace sy::webhooks {
using std::chrono::milliseconds;

RetrySchedule RetrySchedule::standard() {
  using namespace std::chrono_literals;
  RetrySchedule s;
  s.delays = {10s, 60s, 5min, 10min, 15min, 1h};
  return s;
}

Result<std::vector<milliseconds>> RetrySchedule::parseDelays(std::string_view text) {
  std::vector<milliseconds> out;
  size_t start = 0;
  while (start <= text.size()) {
    size_t end = text.find(',', start);
    if (end == std::string_view::npos) end = text.size();
    std::string_view item = text.substr(start, end - start);
    while (!item.empty() && item.front() == ' ') item.remove_prefix(1);
    while (!item.empty() && item.back() == ' ') item.remove_suffix(1);
    int64_t n = 0;
    auto [p, ec] = std::from_chars(item.data(), item.data() + item.size(), n);
    std::string_view unit(p, item.data() + item.size() - p);
    int64_t factor = unit == "ms" ? 1 : unit == "s" ? 1000 : unit == "m" ? 60'000 : unit == "h" ? 3'600'000 : 0;
    if (ec != std::errc() || p == item.data() || n <= 0 || factor == 0)
      return invalidArgument("a retry delay must be a positive number with a unit (ms, s, m, h), got '" +
                             std::string(item) + "'");
    out.push_back(milliseconds(n * factor));
    start = end + 1;
  }
  if (out.empty()) return invalidArgument("the retry schedule needs at least one delay");
  return out;
}

std::optional<TimePoint> RetrySchedule::next(int failedAttempts, TimePoint createdAt, TimePoint now,
                                             double unitRandom) const {
  if (delays.empty() || failedAttempts < 1) return std::nullopt;
  size_t index = std::min(static_cast<size_t>(failedAttempts - 1), delays.size() - 1);
  double factor = 1.0 + jitter * (2.0 * std::clamp(unitRandom, 0.0, 1.0) - 1.0);
  auto wait = milliseconds(static_cast<int64_t>(static_cast<double>(delays[index].count()) * factor));
  TimePoint at = now + wait;
  if (at - createdAt > giveUpAfter) return std::nullopt;
  return at;
}

}  // namespace sy::webhooks
