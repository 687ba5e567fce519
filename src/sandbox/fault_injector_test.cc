#include "sandbox/fault_injector.h"

#include <gtest/gtest.h>

namespace sy::sandbox {
namespace {
using std::chrono::milliseconds;

TEST(FaultInjectorTest, StartsQuietWithInitialSlowResponse) {
  FaultInjector faults(FaultState{.slowResponse = milliseconds(1000)});
  auto d = faults.next();
  EXPECT_EQ(d.action, FaultInjector::Action::kNone);
  EXPECT_EQ(d.latency, milliseconds(0));
  EXPECT_FALSE(d.declineAll);
  EXPECT_EQ(d.slowResponse, milliseconds(1000));
}

TEST(FaultInjectorTest, FailAndDropCountDownDropsFirst) {
  FaultInjector faults;
  ASSERT_TRUE(faults.apply(R"({"failNext":1,"dropNext":1,"phase":"after"})").isOk());
  auto first = faults.next();
  EXPECT_EQ(first.action, FaultInjector::Action::kDrop);
  EXPECT_EQ(first.phase, FaultPhase::kAfter);
  EXPECT_EQ(faults.next().action, FaultInjector::Action::kFail);
  EXPECT_EQ(faults.next().action, FaultInjector::Action::kNone);
}

TEST(FaultInjectorTest, LatencyDeclineAllAndSlowResponseApply) {
  FaultInjector faults;
  ASSERT_TRUE(faults.apply(R"({"latencyMs":25,"declineAll":true,"slowResponseMs":5})").isOk());
  auto d = faults.next();
  EXPECT_EQ(d.latency, milliseconds(25));
  EXPECT_TRUE(d.declineAll);
  EXPECT_EQ(d.slowResponse, milliseconds(5));
  EXPECT_NE(faults.stateJson().find(R"("latencyMs":25)"), std::string::npos);
}

TEST(FaultInjectorTest, ResetRestoresInitialStateThenAppliesTheRest) {
  FaultInjector faults(FaultState{.slowResponse = milliseconds(700)});
  ASSERT_TRUE(faults.apply(R"({"latencyMs":25,"failNext":3,"slowResponseMs":1})").isOk());
  ASSERT_TRUE(faults.apply(R"({"reset":true,"dropNext":1})").isOk());
  FaultState s = faults.state();
  EXPECT_EQ(s.latency, milliseconds(0));
  EXPECT_EQ(s.failNext, 0);
  EXPECT_EQ(s.dropNext, 1);
  EXPECT_EQ(s.slowResponse, milliseconds(700));
}

TEST(FaultInjectorTest, InvalidBodiesChangeNothing) {
  FaultInjector faults;
  for (const char* bad :
       {"", "[]", R"({"failNext":-1})", R"({"failNext":"2"})", R"({"latencyMs":1.5})",
        R"({"declineAll":1})", R"({"phase":"during"})", R"({"failNext":1,"bogus":true})",
        R"({"latencyMs":999999999})", R"({"reset":"yes"})"}) {
    Status s = faults.apply(bad);
    EXPECT_EQ(s.code(), StatusCode::kInvalidArgument) << bad;
  }
  EXPECT_EQ(faults.state().failNext, 0);
  EXPECT_EQ(faults.next().action, FaultInjector::Action::kNone);
}

}  // namespace
}  // namespace sy::sandbox
