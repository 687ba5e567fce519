#include "common/clock.h"

#include <gtest/gtest.h>

namespace sy {
namespace {

using std::chrono::microseconds;

TEST(ClockTest, FormatsUtcWithMicroseconds) {
  TimePoint t = fromMicros(1613921776367687);  // 2021-02-21T15:36:16.367687Z
  EXPECT_EQ(formatTimestamp(t), "2021-02-21T15:36:16.367687");
  EXPECT_EQ(formatTimestamp(fromMicros(0)), "1970-01-01T00:00:00.000000");
}

TEST(ClockTest, FormatsPreEpochInstantsOnTheRightDay) {
  EXPECT_EQ(formatTimestamp(fromMicros(-1)), "1969-12-31T23:59:59.999999");
}

TEST(ClockTest, FormatTruncatesBelowMicroseconds) {
  TimePoint t = fromMicros(1613921776367687) + std::chrono::nanoseconds{999};
  EXPECT_EQ(formatTimestamp(t), "2021-02-21T15:36:16.367687");
}

TEST(ClockTest, ParsesPlainDateTime) {
  auto t = parseTimestamp("2021-02-21T15:36:16");
  ASSERT_TRUE(t);
  EXPECT_EQ(toMicros(*t), 1613921776000000);
}

TEST(ClockTest, ParsesFractionsOfAnyLengthUpToNine) {
  EXPECT_EQ(toMicros(*parseTimestamp("2021-02-21T15:36:16.367687")), 1613921776367687);
  EXPECT_EQ(toMicros(*parseTimestamp("2021-02-21T15:36:16.3")), 1613921776300000);
  auto nanos = parseTimestamp("2021-02-21T15:36:16.123456789");
  ASSERT_TRUE(nanos);
  EXPECT_EQ(toMicros(*nanos), 1613921776123456);
  EXPECT_FALSE(parseTimestamp("2021-02-21T15:36:16.1234567890"));
  EXPECT_FALSE(parseTimestamp("2021-02-21T15:36:16."));
}

TEST(ClockTest, ParsesZoneSuffixes) {
  int64_t utc = 1613921776000000;
  EXPECT_EQ(toMicros(*parseTimestamp("2021-02-21T15:36:16Z")), utc);
  EXPECT_EQ(toMicros(*parseTimestamp("2021-02-21T17:36:16+02:00")), utc);
  EXPECT_EQ(toMicros(*parseTimestamp("2021-02-21T10:06:16-05:30")), utc);
  EXPECT_EQ(toMicros(*parseTimestamp("2021-02-21T15:36:16.5Z")), utc + 500000);
}

TEST(ClockTest, ParsesBareDateAsMidnightUtc) {
  auto t = parseTimestamp("2021-02-21");
  ASSERT_TRUE(t);
  EXPECT_EQ(formatTimestamp(*t), "2021-02-21T00:00:00.000000");
}

TEST(ClockTest, RejectsMalformedInput) {
  for (const char* bad :
       {"", "2021", "2021-02", "2021-2-21", "2021-02-30", "2021-13-01", "2021-02-21T",
        "2021-02-21T15:36", "2021-02-21T24:00:00", "2021-02-21T15:60:00", "2021-02-21T15:36:61",
        "2021-02-21 15:36:16", "2021-02-21T15:36:16+0200", "2021-02-21T15:36:16+02",
        "2021-02-21T15:36:16Zjunk", "2021-02-21T15:36:16X", "abcd-ef-ghT00:00:00",
        "2021-02-21T15:36:16+24:00", "0001-01-01"}) {
    EXPECT_FALSE(parseTimestamp(bad)) << bad;
  }
}

TEST(ClockTest, LeapDayIsValidOnlyInLeapYears) {
  EXPECT_TRUE(parseTimestamp("2024-02-29"));
  EXPECT_FALSE(parseTimestamp("2023-02-29"));
}

TEST(ClockTest, RoundTripsThroughFormatAndMicros) {
  TimePoint now = systemNow();
  auto parsed = parseTimestamp(formatTimestamp(now));
  ASSERT_TRUE(parsed);
  EXPECT_EQ(toMicros(*parsed), toMicros(now));
  EXPECT_EQ(toMicros(fromMicros(toMicros(now))), toMicros(now));
}

TEST(ClockTest, SystemClockTicks) {
  SystemClock clock;
  TimePoint a = clock.now();
  EXPECT_GE(clock.now(), a);
  EXPECT_GT(toMicros(a), 1600000000000000);  // after 2020
}

}  // namespace
}  // namespace sy
