#include "common/clock.h"

#include <cstdio>

namespace sy {
namespace {

using std::chrono::days;
using std::chrono::duration_cast;
using std::chrono::floor;
using std::chrono::microseconds;
using std::chrono::nanoseconds;
using std::chrono::sys_days;

// Reads exactly `width` decimal digits at s[pos]; advances pos. Returns -1 if any is not a digit.
int readDigits(std::string_view s, size_t& pos, size_t width) {
  if (pos + width > s.size()) return -1;
  int value = 0;
  for (size_t i = 0; i < width; ++i) {
    char c = s[pos + i];
    if (c < '0' || c > '9') return -1;
    value = value * 10 + (c - '0');
  }
  pos += width;
  return value;
}

bool consume(std::string_view s, size_t& pos, char expected) {
  if (pos >= s.size() || s[pos] != expected) return false;
  ++pos;
  return true;
}

}  // namespace

TimePoint systemNow() {
  return std::chrono::system_clock::now();
}

std::string formatTimestamp(TimePoint t) {
  // floor (not truncation toward zero) keeps pre-1970 instants on the right day.
  auto us = floor<microseconds>(t);
  auto day = floor<days>(us);
  std::chrono::year_month_day ymd{day};
  std::chrono::hh_mm_ss hms{us - day};
  char buf[40];
  int n = std::snprintf(
      buf, sizeof buf, "%04d-%02u-%02uT%02d:%02d:%02d.%06lld", static_cast<int>(ymd.year()),
      static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()),
      static_cast<int>(hms.hours().count()), static_cast<int>(hms.minutes().count()),
      static_cast<int>(hms.seconds().count()), static_cast<long long>(hms.subseconds().count()));
  return std::string(buf, n > 0 ? static_cast<size_t>(n) : 0);
}

std::optional<TimePoint> parseTimestamp(std::string_view s) {
  size_t pos = 0;
  int year = readDigits(s, pos, 4);
  if (year < 0 || !consume(s, pos, '-')) return std::nullopt;
  int month = readDigits(s, pos, 2);
  if (month < 0 || !consume(s, pos, '-')) return std::nullopt;
  int day = readDigits(s, pos, 2);
  // TimePoint counts nanoseconds in int64, which spans only the years 1678..2262.
  if (day < 0 || year < 1678 || year > 2261) return std::nullopt;
  std::chrono::year_month_day ymd{std::chrono::year{year}, std::chrono::month{unsigned(month)},
                                  std::chrono::day{unsigned(day)}};
  if (!ymd.ok()) return std::nullopt;
  nanoseconds sinceEpoch = sys_days{ymd}.time_since_epoch();
  if (pos == s.size()) return TimePoint{duration_cast<TimePoint::duration>(sinceEpoch)};

  if (!consume(s, pos, 'T')) return std::nullopt;
  int hour = readDigits(s, pos, 2);
  if (hour < 0 || hour > 23 || !consume(s, pos, ':')) return std::nullopt;
  int minute = readDigits(s, pos, 2);
  if (minute < 0 || minute > 59 || !consume(s, pos, ':')) return std::nullopt;
  int second = readDigits(s, pos, 2);
  if (second < 0 || second > 59) return std::nullopt;
  sinceEpoch +=
      std::chrono::hours{hour} + std::chrono::minutes{minute} + std::chrono::seconds{second};

  if (consume(s, pos, '.')) {
    int64_t fraction = 0;
    size_t digits = 0;
    while (pos < s.size() && s[pos] >= '0' && s[pos] <= '9') {
      if (++digits > 9) return std::nullopt;
      fraction = fraction * 10 + (s[pos++] - '0');
    }
    if (digits == 0) return std::nullopt;
    for (size_t i = digits; i < 9; ++i) fraction *= 10;
    sinceEpoch += nanoseconds{fraction};
  }

  if (pos < s.size()) {
    char zone = s[pos++];
    if (zone == 'Z') {
      // UTC: nothing to adjust.
    } else if (zone == '+' || zone == '-') {
      int offsetHours = readDigits(s, pos, 2);
      if (offsetHours < 0 || offsetHours > 23 || !consume(s, pos, ':')) return std::nullopt;
      int offsetMinutes = readDigits(s, pos, 2);
      if (offsetMinutes < 0 || offsetMinutes > 59) return std::nullopt;
      auto offset = std::chrono::hours{offsetHours} + std::chrono::minutes{offsetMinutes};
      // Local time = UTC + offset, so UTC = local - offset.
      sinceEpoch += zone == '+' ? -offset : offset;
    } else {
      return std::nullopt;
    }
  }
  if (pos != s.size()) return std::nullopt;
  return TimePoint{duration_cast<TimePoint::duration>(sinceEpoch)};
}

int64_t toMicros(TimePoint t) {
  return floor<microseconds>(t).time_since_epoch().count();
}

TimePoint fromMicros(int64_t us) {
  return TimePoint{duration_cast<TimePoint::duration>(microseconds{us})};
}

}  // namespace sy
