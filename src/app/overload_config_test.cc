// The overload and database-outage settings (docs/reliability.md).
#include <gtest/gtest.h>
#include <stdlib.h>

#include "app/config.h"

namespace sy::app {
namespace {

TEST(OverloadConfig, DefaultsShedOnQueueDelayWithAConcurrencyBackstop) {
  Config c;
  EXPECT_EQ(c.maxInFlightRequests, 1000u);
  EXPECT_EQ(c.overloadQueueTarget, std::chrono::milliseconds(100));
  EXPECT_EQ(c.sqliteBusyTimeout, std::chrono::milliseconds(5000));
}

TEST(OverloadConfig, SettingsAndTheirLimits) {
  Config c;
  ASSERT_TRUE(applySetting(c, "max_in_flight_requests", "4").isOk());
  EXPECT_EQ(c.maxInFlightRequests, 4u);
  ASSERT_TRUE(applySetting(c, "max_in_flight_requests", "0").isOk());  // no limit
  EXPECT_EQ(c.maxInFlightRequests, 0u);
  EXPECT_FALSE(applySetting(c, "max_in_flight_requests", "-1").isOk());
  EXPECT_FALSE(applySetting(c, "max_in_flight_requests", "many").isOk());
  ASSERT_TRUE(applySetting(c, "overload_queue_target_ms", "0").isOk());  // rule off
  EXPECT_EQ(c.overloadQueueTarget, std::chrono::milliseconds(0));
  ASSERT_TRUE(applySetting(c, "sqlite_busy_timeout_ms", "300").isOk());
  EXPECT_EQ(c.sqliteBusyTimeout, std::chrono::milliseconds(300));
  setenv("SWITCHYARD_MAX_IN_FLIGHT_REQUESTS", "12", 1);
  Status fromEnv = applyEnvironment(c);
  unsetenv("SWITCHYARD_MAX_IN_FLIGHT_REQUESTS");
  ASSERT_TRUE(fromEnv.isOk()) << fromEnv.toString();
  EXPECT_EQ(c.maxInFlightRequests, 12u);
}

}  // namespace
}  // namespace sy::app
