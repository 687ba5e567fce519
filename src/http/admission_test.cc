#include "http/admission.h"

#include <gtest/gtest.h>

#include <atomic>
#include <optional>

namespace sy::http {
namespace {

using namespace std::chrono_literals;
using Verdict = AdmissionControl::Verdict;

TEST(AdmissionControlTest, AdmitsUpToTheLimitThenRejectsUntilASlotIsFree) {
  AdmissionControl control(AdmissionOptions{.maxInFlight = 2});
  std::optional<AdmissionControl::Decision> first(control.admit("/payments"));
  AdmissionControl::Decision second = control.admit("/payments");
  ASSERT_TRUE(first->admitted());
  ASSERT_TRUE(second.admitted());
  EXPECT_EQ(control.inFlight(), 2u);

  EXPECT_EQ(control.admit("/payments").verdict, Verdict::kTooManyInFlight);
  EXPECT_EQ(control.inFlight(), 2u);  // a rejection holds no slot
  EXPECT_EQ(control.rejected(), 1u);

  first.reset();  // the request finished
  EXPECT_EQ(control.inFlight(), 1u);
  EXPECT_TRUE(control.admit("/payments").admitted());
  EXPECT_EQ(control.inFlight(), 1u);  // that ticket was dropped at once
}

TEST(AdmissionControlTest, ExemptPathsAreAlwaysAdmittedAndNotCounted) {
  std::atomic<int64_t> delayMs{5000};
  AdmissionControl control(AdmissionOptions{
      .maxInFlight = 1,
      .queueDelayTarget = 100ms,
      .queueDelay = [&] { return std::chrono::milliseconds(delayMs.load()); },
      .exemptPaths = {"/healthz"}});
  EXPECT_EQ(control.admit("/payments").verdict, Verdict::kQueueTooSlow);
  AdmissionControl::Decision health = control.admit("/healthz");
  EXPECT_TRUE(health.admitted());
  EXPECT_EQ(control.inFlight(), 0u);
  EXPECT_EQ(control.admit("/healthz/x").verdict, Verdict::kQueueTooSlow);  // exact paths only
}

TEST(AdmissionControlTest, ShedsOnlyWhileTheQueueDelayIsAboveTheTarget) {
  std::atomic<int64_t> delayMs{0};
  AdmissionControl control(AdmissionOptions{
      .queueDelayTarget = 100ms,
      .queueDelay = [&] { return std::chrono::milliseconds(delayMs.load()); }});
  EXPECT_TRUE(control.admit("/payments").admitted());
  delayMs = 100;  // at the target: still draining fast enough
  EXPECT_TRUE(control.admit("/payments").admitted());
  delayMs = 101;
  EXPECT_EQ(control.admit("/payments").verdict, Verdict::kQueueTooSlow);
  delayMs = 3;  // the queue drained: back to normal without any reset
  EXPECT_TRUE(control.admit("/payments").admitted());
  EXPECT_EQ(control.rejected(), 1u);
}

TEST(AdmissionControlTest, WithoutLimitsEverythingIsAdmitted) {
  AdmissionControl control(AdmissionOptions{.queueDelayTarget = 100ms});  // no probe: rule off
  std::vector<AdmissionControl::Decision> held;
  for (int i = 0; i < 1000; ++i) held.push_back(control.admit("/payments"));
  for (const auto& d : held) EXPECT_TRUE(d.admitted());
  EXPECT_EQ(control.inFlight(), 1000u);
  held.clear();
  EXPECT_EQ(control.inFlight(), 0u);
}

TEST(AdmissionControlTest, AMovedTicketReleasesItsSlotOnce) {
  AdmissionControl control(AdmissionOptions{.maxInFlight = 1});
  AdmissionControl::Decision d = control.admit("/a");
  ASSERT_TRUE(d.admitted());
  {
    AdmissionControl::Ticket moved = std::move(d.ticket);
    EXPECT_EQ(control.inFlight(), 1u);
    AdmissionControl::Ticket other;
    other = std::move(moved);
    EXPECT_EQ(control.inFlight(), 1u);
  }
  EXPECT_EQ(control.inFlight(), 0u);
}

}  // namespace
}  // namespace sy::http
