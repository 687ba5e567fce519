#include "domain/state_machine.h"

#include <gtest/gtest.h>

#include <set>
#include <utility>

namespace sy::domain {
namespace {
using S = PaymentStatus;

// The complete table of legal direct transitions; every other pair must be illegal.
const std::set<std::pair<S, S>> kLegal = {
    {S::kPending, S::kAuthorized},        {S::kPending, S::kDeclined},
    {S::kPending, S::kFailed},            {S::kPending, S::kCancelled},
    {S::kPending, S::kSettled},           {S::kPending, S::kSettling},
    {S::kAuthorized, S::kSettling},       {S::kAuthorized, S::kPartiallySettled},
    {S::kAuthorized, S::kSettled},        {S::kAuthorized, S::kCancelled},
    {S::kSettling, S::kSettled},          {S::kSettling, S::kPartiallySettled},
    {S::kSettling, S::kFailed},           {S::kPartiallySettled, S::kSettling},
    {S::kPartiallySettled, S::kPartiallySettled}, {S::kPartiallySettled, S::kSettled},
};

TEST(StateMachine, EveryPairOfStatusesIsLegalExactlyWhenTheTableSaysSo) {
  for (S from : kAllPaymentStatuses)
    for (S to : kAllPaymentStatuses)
      EXPECT_EQ(isLegalTransition(from, to), kLegal.count({from, to}) == 1)
          << toString(from) << " -> " << toString(to);
}

TEST(StateMachine, FinalStatusesHaveNoWayOut) {
  for (S s : kAllPaymentStatuses) {
    if (!isFinal(s)) continue;
    for (S to : kAllPaymentStatuses) EXPECT_FALSE(isLegalTransition(s, to));
  }
}

Payment authorized(int64_t amount) {
  Payment p;
  p.status = S::kAuthorized;
  p.amount = p.amountAuthorized = amount;
  p.connectionId = "c1";
  Transaction sale;
  sale.id = "t1";
  sale.connectionId = "c1";
  sale.outcome = Outcome::kSucceeded;
  sale.status = S::kAuthorized;
  p.transactions.push_back(sale);
  return p;
}

TEST(StateMachine, OperationsAllowedPerStatus) {
  // For each status: {authorize, capture 1, cancel, refund 1} allowed?
  struct Row {
    S status;
    bool authorize, capture, cancel, refund;
  };
  const Row rows[] = {
      {S::kPending, true, false, true, false},
      {S::kAuthorized, false, true, true, false},
      {S::kPartiallySettled, false, true, false, true},
      {S::kSettling, false, false, false, true},
      {S::kSettled, false, false, false, true},
      {S::kDeclined, false, false, false, false},
      {S::kFailed, false, false, false, false},
      {S::kCancelled, false, false, false, false},
  };
  for (const Row& r : rows) {
    Payment p = authorized(100);
    p.status = r.status;
    if (r.status == S::kPending) p.transactions.clear();
    if (r.status == S::kPartiallySettled || r.status == S::kSettled || r.status == S::kSettling)
      p.amountCaptured = 50;
    SCOPED_TRACE(std::string(toString(r.status)));
    EXPECT_EQ(checkAuthorize(p).isOk(), r.authorize);
    EXPECT_EQ(checkCapture(p, 1).isOk(), r.capture);
    EXPECT_EQ(checkCancel(p).isOk(), r.cancel);
    EXPECT_EQ(checkRefund(p, 1).isOk(), r.refund);
  }
}

TEST(StateMachine, IllegalOperationsNameTheirPrimerError) {
  Payment p = authorized(100);
  EXPECT_EQ(checkAuthorize(p).reason(), "PaymentAlreadyAuthorized");
  EXPECT_EQ(checkRefund(p, 1).reason(), "InvalidPaymentStatus");
  EXPECT_EQ(checkCapture(p, 101).reason(), "UnprocessableCaptureAmount");
  p.status = S::kCancelled;
  EXPECT_EQ(checkCapture(p, 1).reason(), "InvalidPaymentStatus");
}

TEST(StateMachine, CapturesInFlightReserveTheirAmount) {
  Payment p = authorized(100);
  TransactionEvent e;
  e.type = EventType::kCaptureSucceeded;
  e.outcome = Outcome::kUnknown;
  e.amount = 60;
  p.transactions[0].events.push_back(e);
  EXPECT_EQ(capturableAmount(p), 40);
  EXPECT_TRUE(checkCapture(p, 40).isOk());
  EXPECT_FALSE(checkCapture(p, 41).isOk());
  EXPECT_FALSE(checkCancel(p).isOk());  // a capture may have happened
}

TEST(StateMachine, APendingPaymentIsCancellableWhileItsAuthorizationIsUnknownButNotInFlight) {
  Payment p = authorized(100);
  p.status = S::kPending;
  p.transactions[0].outcome = Outcome::kUnknown;
  p.transactions[0].status = S::kPending;
  EXPECT_TRUE(checkCancel(p).isOk());  // a charge it turns out to be is voided by the sweep
  p.transactions[0].outcome = Outcome::kInFlight;
  EXPECT_EQ(checkCancel(p).reason(), "PaymentOperationInProgress");
}

TEST(StateMachine, OnlyInFlightCallsAreInFlightWhileUnknownOnesAreUnresolved) {
  Payment p = authorized(100);
  EXPECT_FALSE(hasCallInFlight(p));
  EXPECT_FALSE(hasUnresolvedCall(p));
  TransactionEvent capture;
  capture.outcome = Outcome::kUnknown;
  p.transactions[0].events.push_back(capture);
  EXPECT_FALSE(hasCallInFlight(p));
  EXPECT_TRUE(hasUnresolvedCall(p));
  p.transactions[0].events[0].outcome = Outcome::kInFlight;
  EXPECT_TRUE(hasCallInFlight(p));
  p.transactions[0].events[0].outcome = Outcome::kSucceeded;
  Transaction refund;
  refund.outcome = Outcome::kInFlight;
  p.transactions.push_back(refund);
  EXPECT_TRUE(hasCallInFlight(p));
}

TEST(StateMachine, RefundsNeverExceedWhatWasCaptured) {
  Payment p = authorized(100);
  p.status = S::kSettled;
  p.amountCaptured = 100;
  p.amountRefunded = 30;
  EXPECT_TRUE(checkRefund(p, 70).isOk());
  EXPECT_EQ(checkRefund(p, 71).reason(), "UnprocessableRefundAmount");
  Transaction refund;
  refund.type = TransactionType::kRefund;
  refund.outcome = Outcome::kInFlight;
  refund.amount = 20;
  p.transactions.push_back(refund);
  EXPECT_EQ(refundableAmount(p), 50);
  p.amountRefunded = 100;
  p.transactions.pop_back();
  EXPECT_EQ(checkRefund(p, 1).reason(), "PaymentAlreadyRefunded");
}

TEST(StateMachine, PartialCaptureSettlesOnlyWhenFinalOrFull) {
  Payment p = authorized(100);
  p.amountCaptured = 40;
  EXPECT_EQ(statusAfterCapture(p, false), S::kPartiallySettled);
  EXPECT_EQ(statusAfterCapture(p, true), S::kSettled);
  p.amountCaptured = 100;
  EXPECT_EQ(statusAfterCapture(p, false), S::kSettled);
}

TEST(StatusReason, IssuerDeclineClassesFollowTheTaxonomy) {
  auto hard = issuerDecline(DeclineCode::kDoNotHonor);
  EXPECT_EQ(hard.type, ReasonType::kIssuerDeclined);
  EXPECT_EQ(hard.declineType, DeclineType::kHard);
  auto soft = issuerDecline(DeclineCode::kInsufficientFunds);
  EXPECT_EQ(soft.declineType, DeclineType::kSoft);
  EXPECT_EQ(soft.advisedAction, AdvisedAction::kRetryLater);
  EXPECT_EQ(toString(DeclineCode::kExpiredCard), "EXPIRED_CARD");
  EXPECT_EQ(declineCodeFrom("DO_NOT_HONOR"), DeclineCode::kDoNotHonor);
}

}  // namespace
}  // namespace sy::domain
