// The recovery sweep's inquiry backoff: a payment whose processor stays unreachable is asked again
// after interval x 2^(n-1) (n inquiries in a row that left it unresolved), not at every pass.
// Inquiries are counted by the emulator's fault injector: each call it receives uses up one of its
// pending dropped connections.
#include <gtest/gtest.h>

#include "domain/state_machine.h"
#include "orchestrator/testing/engine_fixture.h"

namespace sy::orchestrator {
namespace {
using domain::PaymentStatus;
using testing::EngineFixture;

class RecoveryBackoff : public EngineFixture {
 protected:
  static constexpr std::chrono::milliseconds kInterval{1000};
  int64_t callsLeft() { return stripe_->emulator.faults().state().dropNext; }
  int pass(RecoverySweep& sweep) {
    return boost::asio::co_spawn(ioc_, sweep.sweepOnce(), boost::asio::use_future).get();
  }
};

TEST_F(RecoveryBackoff, AnUnreachableProcessorIsAskedAtGrowingIntervals) {
  // Stripe (the default connection) drops every call before processing it.
  ASSERT_TRUE(stripe_->emulator.faults().apply(R"({"dropNext": 1000, "phase": "before"})").isOk());
  auto p = pay("4242424242424242");
  ASSERT_TRUE(p) << p.status().toString();
  ASSERT_EQ(p->status, PaymentStatus::kPending);
  const int64_t start = callsLeft();

  RecoverySweep sweep(ioc_.get_executor(), *store_, *engine_, clock_, kInterval);
  pass(sweep);  // asks (1st)
  EXPECT_EQ(callsLeft(), start - 1);
  pass(sweep);  // not due yet: 1 interval
  EXPECT_EQ(callsLeft(), start - 1);
  clock_.advance(kInterval);
  pass(sweep);  // asks (2nd); the next after 2 intervals
  EXPECT_EQ(callsLeft(), start - 2);
  clock_.advance(kInterval);
  pass(sweep);
  EXPECT_EQ(callsLeft(), start - 2);
  clock_.advance(kInterval);
  pass(sweep);  // asks (3rd); the next after 4 intervals
  EXPECT_EQ(callsLeft(), start - 3);
  clock_.advance(3 * kInterval);
  pass(sweep);
  EXPECT_EQ(callsLeft(), start - 3);
  clock_.advance(kInterval);
  pass(sweep);  // asks (4th)
  EXPECT_EQ(callsLeft(), start - 4);
  // Never further apart than the cap.
  clock_.advance(RecoverySweep::kMaxInquiryBackoff);
  pass(sweep);
  EXPECT_EQ(callsLeft(), start - 5);

  // Reachable again: the next inquiry due settles it ("not found" is conclusive by now).
  ASSERT_TRUE(stripe_->emulator.faults().apply(R"({"reset": true})").isOk());
  clock_.advance(RecoverySweep::kMaxInquiryBackoff);
  pass(sweep);
  auto after = load(p->id);
  ASSERT_TRUE(after);
  EXPECT_EQ(after->status, PaymentStatus::kFailed);
  EXPECT_FALSE(domain::hasUnresolvedCall(*after));
}

}  // namespace
}  // namespace sy::orchestrator
