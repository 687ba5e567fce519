// Applying processor events to payments: what each kind changes, and that a duplicate or an
// out-of-order event changes nothing twice.
#include "orchestrator/webhook_events.h"

#include <gtest/gtest.h>

namespace sy::orchestrator {
namespace {
using connectors::WebhookEvent;
using connectors::WebhookEventKind;
using domain::EventType;
using domain::Outcome;
using domain::Payment;
using domain::PaymentStatus;
using domain::Transaction;
using domain::TransactionEvent;
using domain::TransactionType;

const TimePoint kNow = fromMicros(1'700'000'000'000'000);

// An authorized 1000 EUR payment at the processor's "PSP_PAY".
Payment authorized() {
  Payment p;
  p.id = "pay_1";
  p.status = PaymentStatus::kAuthorized;
  p.amount = p.amountAuthorized = 1000;
  p.currencyCode = "EUR";
  Transaction sale;
  sale.id = "tx_sale";
  sale.type = TransactionType::kSale;
  sale.status = PaymentStatus::kAuthorized;
  sale.outcome = Outcome::kSucceeded;
  sale.attemptKey = "att_auth";
  sale.processorName = "ADYEN";
  sale.processorTransactionId = "PSP_PAY";
  p.transactions.push_back(sale);
  return p;
}

// A capture the processor accepted and will confirm: the payment is SETTLING.
void requestCapture(Payment& p, const std::string& key, const std::string& op, int64_t amount,
                    bool final) {
  TransactionEvent e;
  e.id = key;
  e.type = EventType::kCaptureSucceeded;
  e.outcome = Outcome::kSucceeded;
  e.attemptKey = key;
  e.processorEventId = op;
  e.amount = amount;
  e.final = final;
  p.transactions[0].events.push_back(e);
  p.amountCaptured += amount;
  p.status = p.transactions[0].status = PaymentStatus::kSettling;
}

WebhookEvent event(WebhookEventKind kind, bool success, const std::string& op) {
  WebhookEvent e;
  e.kind = kind;
  e.success = success;
  e.processorTransactionId = "PSP_PAY";
  e.processorOperationId = op;
  e.processorEventId = "evt:" + op;
  return e;
}

TEST(ApplyProcessorEvent, AConfirmedCaptureSettlesOnceAndADuplicateChangesNothing) {
  Payment p = authorized();
  requestCapture(p, "att_cap", "PSP_CAP", 1000, true);
  auto confirm = event(WebhookEventKind::kCapture, true, "PSP_CAP");
  EXPECT_EQ(applyProcessorEvent(p, confirm, kNow).effect, EventEffect::kApplied);
  EXPECT_EQ(p.status, PaymentStatus::kSettled);
  EXPECT_EQ(p.amountCaptured, 1000);
  Payment before = p;
  EXPECT_EQ(applyProcessorEvent(p, confirm, kNow).effect, EventEffect::kUnchanged);
  EXPECT_EQ(p.status, before.status);
  EXPECT_EQ(p.amountCaptured, before.amountCaptured);
}

TEST(ApplyProcessorEvent, MatchesACaptureByTheReferenceWeSentToo) {
  Payment p = authorized();
  requestCapture(p, "att_cap", "", 400, false);
  auto confirm = event(WebhookEventKind::kCapture, true, "PSP_OTHER");
  confirm.merchantReference = "att_cap";
  EXPECT_EQ(applyProcessorEvent(p, confirm, kNow).effect, EventEffect::kApplied);
  EXPECT_EQ(p.status, PaymentStatus::kPartiallySettled);
}

TEST(ApplyProcessorEvent, OutOfOrderCaptureConfirmationsLetTheLatestDecide) {
  Payment p = authorized();
  requestCapture(p, "att_cap1", "PSP_CAP1", 400, false);
  p.status = PaymentStatus::kPartiallySettled;  // the first one was confirmed... not yet, see below
  requestCapture(p, "att_cap2", "PSP_CAP2", 600, true);
  // The second (latest) confirmation arrives first: settled.
  EXPECT_EQ(applyProcessorEvent(p, event(WebhookEventKind::kCapture, true, "PSP_CAP2"), kNow).effect,
            EventEffect::kApplied);
  EXPECT_EQ(p.status, PaymentStatus::kSettled);
  // The first one's, late, changes nothing.
  EXPECT_EQ(applyProcessorEvent(p, event(WebhookEventKind::kCapture, true, "PSP_CAP1"), kNow).effect,
            EventEffect::kUnchanged);
  EXPECT_EQ(p.status, PaymentStatus::kSettled);
  EXPECT_EQ(p.amountCaptured, 1000);
}

TEST(ApplyProcessorEvent, AFailedCaptureTakesItsAmountBack) {
  Payment p = authorized();
  requestCapture(p, "att_cap", "PSP_CAP", 1000, true);
  auto failed = event(WebhookEventKind::kCapture, false, "PSP_CAP");
  EXPECT_EQ(applyProcessorEvent(p, failed, kNow).effect, EventEffect::kApplied);
  EXPECT_EQ(p.status, PaymentStatus::kFailed);
  EXPECT_EQ(p.amountCaptured, 0);
  ASSERT_TRUE(p.statusReason.has_value());
  EXPECT_EQ(p.statusReason->type, domain::ReasonType::kGatewayRejected);
  EXPECT_EQ(applyProcessorEvent(p, failed, kNow).effect, EventEffect::kUnchanged);
}

TEST(ApplyProcessorEvent, ARequestedRefundIsSettledOrFailedOnce) {
  Payment p = authorized();
  p.status = PaymentStatus::kSettled;
  p.amountCaptured = 1000;
  Transaction r;
  r.id = "tx_refund";
  r.type = TransactionType::kRefund;
  r.status = PaymentStatus::kPending;
  r.outcome = Outcome::kSucceeded;  // accepted, awaiting confirmation
  r.attemptKey = "att_ref";
  r.processorTransactionId = "PSP_REF";
  r.amount = 300;
  p.transactions.push_back(r);
  Payment second = p;

  auto confirm = event(WebhookEventKind::kRefund, true, "PSP_REF");
  EXPECT_EQ(applyProcessorEvent(p, confirm, kNow).effect, EventEffect::kApplied);
  EXPECT_EQ(p.transactions[1].status, PaymentStatus::kSettled);
  EXPECT_EQ(p.amountRefunded, 300);
  EXPECT_EQ(applyProcessorEvent(p, confirm, kNow).effect, EventEffect::kUnchanged);
  EXPECT_EQ(p.amountRefunded, 300);

  EXPECT_EQ(applyProcessorEvent(second, event(WebhookEventKind::kRefund, false, "PSP_REF"), kNow).effect,
            EventEffect::kApplied);
  EXPECT_EQ(second.transactions[1].status, PaymentStatus::kFailed);
  EXPECT_EQ(second.amountRefunded, 0);
  // A confirmation arriving after the failure (out of order) changes nothing.
  EXPECT_EQ(applyProcessorEvent(second, confirm, kNow).effect, EventEffect::kUnchanged);
  EXPECT_EQ(second.amountRefunded, 0);
}

TEST(ApplyProcessorEvent, CallsStillInFlightAreBusyAndUnknownOnesAreResolved) {
  Payment p = authorized();
  p.transactions[0].outcome = Outcome::kInFlight;
  EXPECT_EQ(applyProcessorEvent(p, event(WebhookEventKind::kAuthorization, true, ""), kNow).effect,
            EventEffect::kBusy);
  p.transactions[0].outcome = Outcome::kUnknown;
  p.status = PaymentStatus::kPending;
  EXPECT_EQ(applyProcessorEvent(p, event(WebhookEventKind::kAuthorization, true, ""), kNow).effect,
            EventEffect::kApplied);
  EXPECT_EQ(p.status, PaymentStatus::kAuthorized);
  EXPECT_EQ(p.transactions[0].outcome, Outcome::kSucceeded);
  EXPECT_EQ(applyProcessorEvent(p, event(WebhookEventKind::kAuthorization, true, ""), kNow).effect,
            EventEffect::kUnchanged);
}

TEST(ApplyProcessorEvent, AChargebackIsADisputeToReportAndOtherPaymentsAreUnmatched) {
  Payment p = authorized();
  auto cb = event(WebhookEventKind::kChargeback, true, "PSP_CB");
  cb.amount = 1000;
  cb.currencyCode = "EUR";
  auto a = applyProcessorEvent(p, cb, kNow);
  EXPECT_EQ(a.effect, EventEffect::kApplied);
  EXPECT_FALSE(a.paymentChanged);
  ASSERT_TRUE(a.dispute.has_value());
  EXPECT_EQ(a.dispute->processorDisputeId, "PSP_CB");
  EXPECT_EQ(a.dispute->transactionId, "tx_sale");
  EXPECT_EQ(a.dispute->processor, "ADYEN");
  EXPECT_EQ(a.dispute->status, "OPEN");  // the event's dispute, as the connector read it
  EXPECT_EQ(a.dispute->type, "DISPUTE");

  auto elsewhere = event(WebhookEventKind::kCapture, true, "PSP_CAP");
  elsewhere.processorTransactionId = "PSP_SOMEONE_ELSE";
  EXPECT_EQ(applyProcessorEvent(p, elsewhere, kNow).effect, EventEffect::kUnmatched);
  EXPECT_EQ(applyProcessorEvent(p, event(WebhookEventKind::kOther, true, ""), kNow).effect,
            EventEffect::kUnmatched);
}

TEST(ApplyProcessorEvent, AConfirmationWaitsWhileOurCallHasNoProcessorIdYet) {
  Payment p = authorized();
  requestCapture(p, "att_cap", "", 1000, true);  // the answer was lost: no processor id
  p.transactions[0].events[0].outcome = Outcome::kUnknown;
  p.status = p.transactions[0].status = PaymentStatus::kAuthorized;
  p.amountCaptured = 0;
  auto confirmation = event(WebhookEventKind::kCapture, true, "ACT_CAP");
  confirmation.merchantReference = "order-ref";  // the payment's reference, not the call's key
  EXPECT_EQ(applyProcessorEvent(p, confirmation, kNow).effect, EventEffect::kBusy);
  // Once the sweep learned the id, the same confirmation settles it.
  p.transactions[0].events[0].processorEventId = "ACT_CAP";
  p.transactions[0].events[0].outcome = Outcome::kSucceeded;
  p.amountCaptured = 1000;
  p.status = p.transactions[0].status = PaymentStatus::kSettling;
  EXPECT_EQ(applyProcessorEvent(p, confirmation, kNow).effect, EventEffect::kApplied);
  EXPECT_EQ(p.status, PaymentStatus::kSettled);

  Transaction lost;
  lost.id = "tx_ref";
  lost.type = TransactionType::kRefund;
  lost.outcome = Outcome::kUnknown;
  lost.status = PaymentStatus::kPending;
  lost.attemptKey = "att_ref";
  lost.amount = 100;
  p.transactions.push_back(lost);
  EXPECT_EQ(applyProcessorEvent(p, event(WebhookEventKind::kRefund, true, "ACT_REF"), kNow).effect,
            EventEffect::kBusy);
}

TEST(ApplyProcessorEvent, ACancelOrRefundOfAnUncapturedPaymentCancelsItOnce) {
  Payment p = authorized();
  auto reversal = event(WebhookEventKind::kCancelOrRefund, true, "PSP_REV");
  auto a = applyProcessorEvent(p, reversal, kNow);
  EXPECT_EQ(a.effect, EventEffect::kApplied);
  EXPECT_TRUE(a.paymentChanged);
  EXPECT_EQ(p.status, PaymentStatus::kCancelled);
  EXPECT_EQ(p.transactions[0].status, PaymentStatus::kCancelled);
  ASSERT_EQ(p.transactions[0].events.size(), 1u);
  EXPECT_EQ(p.transactions[0].events[0].type, EventType::kCancellationSucceeded);
  EXPECT_EQ(applyProcessorEvent(p, reversal, kNow).effect, EventEffect::kUnchanged);
  EXPECT_EQ(applyProcessorEvent(p, event(WebhookEventKind::kCancelOrRefund, false, "PSP_X"), kNow).effect,
            EventEffect::kUnchanged);
}

TEST(ApplyProcessorEvent, ACancelOrRefundOfACapturedPaymentRefundsWhatIsLeftOnce) {
  Payment p = authorized();
  requestCapture(p, "att_cap", "PSP_CAP", 1000, true);
  p.status = p.transactions[0].status = PaymentStatus::kSettled;
  Transaction earlier;
  earlier.id = "tx_ref_1";
  earlier.type = TransactionType::kRefund;
  earlier.status = PaymentStatus::kSettled;
  earlier.outcome = Outcome::kSucceeded;
  earlier.amount = 300;
  earlier.processorTransactionId = "PSP_REF_1";
  p.transactions.push_back(earlier);
  p.amountRefunded = 300;

  auto reversal = event(WebhookEventKind::kCancelOrRefund, true, "PSP_REV");
  auto a = applyProcessorEvent(p, reversal, kNow);
  EXPECT_EQ(a.effect, EventEffect::kApplied);
  EXPECT_EQ(p.status, PaymentStatus::kSettled);
  ASSERT_EQ(p.transactions.size(), 3u);
  const Transaction& r = p.transactions[2];
  EXPECT_EQ(r.type, TransactionType::kRefund);
  EXPECT_EQ(r.status, PaymentStatus::kSettled);
  EXPECT_EQ(r.amount, 700);
  EXPECT_EQ(r.processorTransactionId, "PSP_REV");
  EXPECT_EQ(p.amountRefunded, 1000);
  // Redelivered (even under another event id): the refund is found, nothing changes.
  reversal.processorEventId = "evt:again";
  EXPECT_EQ(applyProcessorEvent(p, reversal, kNow).effect, EventEffect::kUnchanged);
  EXPECT_EQ(p.transactions.size(), 3u);
  EXPECT_EQ(p.amountRefunded, 1000);
}

}  // namespace
}  // namespace sy::orchestrator

namespace sy::orchestrator {
namespace {

// A payment whose 3-D Secure completion was sent and its answer lost: the challenge is still
// recorded, the sale's outcome unknown.
Payment completionLost() {
  Payment p = authorized();
  p.status = PaymentStatus::kPending;
  p.amountAuthorized = 0;
  p.transactions[0].status = PaymentStatus::kPending;
  p.transactions[0].outcome = Outcome::kUnknown;
  p.threeDs.challenge = domain::PendingChallenge{"tx_sale", "https://acs/x", "tok-1", kNow, "", ""};
  return p;
}

TEST(ApplyProcessorEvent, TheProcessorsWordEndsAChallengeWhoseCompletionWasLost) {
  Payment approved = completionLost();
  auto ok = event(WebhookEventKind::kAuthorization, true, "");
  EXPECT_EQ(applyProcessorEvent(approved, ok, kNow).effect, EventEffect::kApplied);
  EXPECT_EQ(approved.status, PaymentStatus::kAuthorized);
  EXPECT_FALSE(approved.threeDs.challenge);
  EXPECT_EQ(approved.threeDs.lastResumeToken, "tok-1");  // a resume with it answers the payment

  Payment failed = completionLost();
  auto no = event(WebhookEventKind::kAuthorization, false, "");
  no.reason = domain::issuerDecline(domain::DeclineCode::kAuthenticationRequired, "3DS failed");
  EXPECT_EQ(applyProcessorEvent(failed, no, kNow).effect, EventEffect::kApplied);
  EXPECT_EQ(failed.status, PaymentStatus::kDeclined);
  EXPECT_FALSE(failed.threeDs.challenge);
  ASSERT_TRUE(failed.threeDs.result);
  EXPECT_EQ(failed.threeDs.result->responseCode, "AUTH_FAILED");
}

}  // namespace
}  // namespace sy::orchestrator
