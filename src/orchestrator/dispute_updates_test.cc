#include "orchestrator/dispute_updates.h"

#include <gtest/gtest.h>

namespace sy::orchestrator {
namespace {
using Action = DisputeDecision::Action;

TimePoint at(int64_t seconds) { return TimePoint(std::chrono::seconds(seconds)); }

DisputeReport report(std::string status, int64_t occurred, std::string type = "DISPUTE") {
  DisputeReport r;
  r.processor = "STRIPE";
  r.processorDisputeId = "dp_1";
  r.transactionId = "tx_1";
  r.amount = 1500;
  r.currencyCode = "EUR";
  r.reason = "fraudulent";
  r.status = std::move(status);
  r.type = std::move(type);
  r.occurredAt = at(occurred);
  return r;
}

// The stored dispute after applying `d` to `stored`.
std::optional<store::Dispute> after(const std::optional<store::Dispute>& stored,
                                    const DisputeDecision& d) {
  return d.action == Action::kNone ? stored : std::optional<store::Dispute>(d.dispute);
}

TEST(DisputeUpdates, TheFirstEventOpensTheDispute) {
  DisputeDecision d = decideDispute(std::nullopt, report("OPEN", 100), "m_a", "pay_1", "dsp_new", at(105));
  EXPECT_EQ(d.action, Action::kOpen);
  EXPECT_FALSE(d.statusChanged);  // DISPUTE.OPENED says it all
  EXPECT_EQ(d.dispute.id, "dsp_new");
  EXPECT_EQ(d.dispute.merchantId, "m_a");
  EXPECT_EQ(d.dispute.paymentId, "pay_1");
  EXPECT_EQ(d.dispute.transactionId, "tx_1");
  EXPECT_EQ(d.dispute.processor, "STRIPE");
  EXPECT_EQ(d.dispute.processorDisputeId, "dp_1");
  EXPECT_EQ(d.dispute.status, "OPEN");
  EXPECT_EQ(d.dispute.amount, 1500);
  EXPECT_EQ(d.dispute.processorReason, "fraudulent");
  EXPECT_EQ(d.dispute.openedAt, at(105));
  EXPECT_EQ(d.dispute.lastEventAt, at(100));
}

TEST(DisputeUpdates, ADisputeFirstHeardOfWhenResolvedIsOpenedWithItsStatus) {
  DisputeDecision d = decideDispute(std::nullopt, report("WON", 100), "m_a", "pay_1", "dsp_new", at(105));
  EXPECT_EQ(d.action, Action::kOpen);
  EXPECT_TRUE(d.statusChanged);
  EXPECT_EQ(d.dispute.status, "WON");
}

TEST(DisputeUpdates, EachLaterStatusChangesItOnce) {
  std::optional<store::Dispute> stored;
  stored = after(stored, decideDispute(stored, report("OPEN", 100), "m_a", "pay_1", "dsp_1", at(100)));
  DisputeDecision challenged = decideDispute(stored, report("CHALLENGED", 200), "m_a", "pay_1", "x", at(201));
  EXPECT_EQ(challenged.action, Action::kChange);
  EXPECT_TRUE(challenged.statusChanged);
  EXPECT_EQ(challenged.dispute.id, "dsp_1");  // the same dispute
  EXPECT_EQ(challenged.dispute.openedAt, at(100));
  EXPECT_EQ(challenged.dispute.updatedAt, at(201));
  stored = after(stored, challenged);
  // The same news again (a redelivery under another event id): nothing.
  EXPECT_EQ(decideDispute(stored, report("CHALLENGED", 200), "m_a", "pay_1", "x", at(300)).action,
            Action::kNone);
  EXPECT_EQ(decideDispute(stored, report("CHALLENGED", 250), "m_a", "pay_1", "x", at(300)).action,
            Action::kNone);
  DisputeDecision lost = decideDispute(stored, report("LOST", 400), "m_a", "pay_1", "x", at(401));
  EXPECT_EQ(lost.action, Action::kChange);
  EXPECT_EQ(lost.dispute.status, "LOST");
  // Pre-arbitration on the same dispute id moves it on.
  stored = after(stored, lost);
  DisputeDecision prearb =
      decideDispute(stored, report("CHALLENGED", 500, "PREARBITRATION"), "m_a", "pay_1", "x", at(501));
  EXPECT_EQ(prearb.action, Action::kChange);
  EXPECT_EQ(prearb.dispute.type, "PREARBITRATION");
}

TEST(DisputeUpdates, ALateOlderEventChangesNothing) {
  std::optional<store::Dispute> stored;
  stored = after(stored, decideDispute(stored, report("WON", 300), "m_a", "pay_1", "dsp_1", at(301)));
  EXPECT_EQ(decideDispute(stored, report("OPEN", 100), "m_a", "pay_1", "x", at(400)).action,
            Action::kNone);
  EXPECT_EQ(decideDispute(stored, report("CHALLENGED", 200), "m_a", "pay_1", "x", at(400)).action,
            Action::kNone);
  EXPECT_EQ(stored->status, "WON");
}

TEST(DisputeUpdates, EventsOfTheSameSecondNeverMoveItBack) {
  std::optional<store::Dispute> stored;
  stored = after(stored, decideDispute(stored, report("OPEN", 100), "m_a", "pay_1", "dsp_1", at(100)));
  DisputeDecision won = decideDispute(stored, report("WON", 100), "m_a", "pay_1", "x", at(100));
  EXPECT_EQ(won.action, Action::kChange);
  stored = after(stored, won);
  EXPECT_EQ(decideDispute(stored, report("OPEN", 100), "m_a", "pay_1", "x", at(101)).action,
            Action::kNone);
  EXPECT_EQ(decideDispute(stored, report("CHALLENGED", 100), "m_a", "pay_1", "x", at(101)).action,
            Action::kNone);
}

}  // namespace
}  // namespace sy::orchestrator
