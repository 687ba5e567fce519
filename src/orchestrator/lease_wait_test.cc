// An operation that finds its payment's lease held by someone else waits briefly before answering
// PaymentOperationInProgress: the recovery sweep lists a payment while its call is in flight and
// may claim the lease a moment after the operation released it, only to find nothing to resolve.
// A cancel right after the payment was created must not fail on that glance.
#include <gtest/gtest.h>

#include <thread>

#include "orchestrator/testing/engine_fixture.h"
#include "store/awaitable.h"

namespace sy::orchestrator {
namespace {
using domain::PaymentStatus;
using testing::EngineFixture;

class LeaseWait : public EngineFixture {
 protected:
  // Claims the payment's lease as another process's sweep would (store "payment:<id>" leases).
  store::Lease holdLease(const std::string& paymentId) {
    store::Lease lease{"payment:" + paymentId, "other-node", randomId(24),
                       clock_.now() + std::chrono::minutes(5)};
    EXPECT_TRUE(store::writeSync(*store_, [&](store::WriteTx& tx) {
                  return tx.claimLease(lease, clock_.now());
                }).isOk());
    return lease;
  }
  void releaseLease(const store::Lease& lease) {
    EXPECT_TRUE(store::writeSync(*store_, [&](store::WriteTx& tx) {
                  return tx.releaseLease(lease.name, lease.token);
                }).isOk());
  }
};

TEST_F(LeaseWait, ACancelWaitsOutABriefHoldOfTheLease) {
  auto p = pay("4242424242424242");
  ASSERT_TRUE(p) << p.status().toString();
  ASSERT_EQ(p->status, PaymentStatus::kAuthorized);
  store::Lease held = holdLease(p->id);
  std::thread sweeper([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(60));
    releaseLease(held);
  });
  auto cancelled = cancel(p->id);
  sweeper.join();
  ASSERT_TRUE(cancelled) << cancelled.status().toString();
  EXPECT_EQ(cancelled->status, PaymentStatus::kCancelled);
  EXPECT_EQ(ledger(*stripe_).cancels, 1);
}

TEST_F(LeaseWait, ALeaseHeldThroughoutStillAnswersOperationInProgressAndChangesNothing) {
  auto p = pay("4242424242424242");
  ASSERT_TRUE(p) << p.status().toString();
  store::Lease held = holdLease(p->id);
  auto cancelled = cancel(p->id);
  ASSERT_FALSE(cancelled);
  EXPECT_EQ(cancelled.status().reason(), "PaymentOperationInProgress");
  auto after = load(p->id);
  ASSERT_TRUE(after) << after.status().toString();
  EXPECT_EQ(after->status, PaymentStatus::kAuthorized);
  EXPECT_EQ(after->version, p->version);
  EXPECT_EQ(ledger(*stripe_).cancels, 0);
  releaseLease(held);
}

}  // namespace
}  // namespace sy::orchestrator
