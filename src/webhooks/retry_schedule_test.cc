#include "webhooks/retry_schedule.h"

#include <gtest/gtest.h>

namespace sy::webhooks {
namespace {
using namespace std::chrono_literals;
using std::chrono::milliseconds;

const TimePoint kT0 = fromMicros(1'700'000'000'000'000);

TEST(RetrySchedule, StandardIsTheIssuesScheduleThenHourlyForThreeDays) {
  RetrySchedule s = RetrySchedule::standard();
  s.jitter = 0;
  EXPECT_EQ(s.next(1, kT0, kT0, 0.5), kT0 + 10s);
  EXPECT_EQ(s.next(2, kT0, kT0, 0.5), kT0 + 60s);
  EXPECT_EQ(s.next(3, kT0, kT0, 0.5), kT0 + 5min);
  EXPECT_EQ(s.next(4, kT0, kT0, 0.5), kT0 + 10min);
  EXPECT_EQ(s.next(5, kT0, kT0, 0.5), kT0 + 15min);
  EXPECT_EQ(s.next(6, kT0, kT0, 0.5), kT0 + 1h);
  EXPECT_EQ(s.next(40, kT0, kT0 + 10h, 0.5), kT0 + 11h);  // the last delay repeats
  // Three days after creation it gives up: the delivery is dead-lettered.
  EXPECT_EQ(s.next(70, kT0, kT0 + 71h, 0.5), kT0 + 72h);
  EXPECT_EQ(s.next(71, kT0, kT0 + 72h, 0.5), std::nullopt);
  EXPECT_EQ(s.next(0, kT0, kT0, 0.5), std::nullopt);
}

TEST(RetrySchedule, JitterStaysWithinItsBandAndSpreadsRetries) {
  RetrySchedule s = RetrySchedule::standard();  // 20 %
  EXPECT_EQ(s.next(2, kT0, kT0, 0.0), kT0 + 48s);
  EXPECT_EQ(s.next(2, kT0, kT0, 0.5), kT0 + 60s);
  EXPECT_EQ(s.next(2, kT0, kT0, 1.0), kT0 + 72s);
  EXPECT_NE(s.next(2, kT0, kT0, 0.25), s.next(2, kT0, kT0, 0.75));
  EXPECT_EQ(s.next(2, kT0, kT0, 7.0), kT0 + 72s);  // clamped
}

TEST(RetrySchedule, ParsesDurationsWithUnits) {
  auto d = RetrySchedule::parseDelays("250ms, 2s,5m,1h");
  ASSERT_TRUE(d.isOk()) << d.status().toString();
  EXPECT_EQ(*d, (std::vector<milliseconds>{250ms, 2s, 5min, 1h}));
  for (const char* bad : {"", "10", "10x", "-1s", "0s", "1s,,2s", "s", "1.5s"})
    EXPECT_FALSE(RetrySchedule::parseDelays(bad).isOk()) << bad;
}

}  // namespace
}  // namespace sy::webhooks
