#include "sandbox/test_processor/ledger.h"

#include <gtest/gtest.h>

namespace sy::sandbox::test_processor {
namespace {

PaymentRecord authorized(int64_t amount, std::string key = "k-auth") {
  PaymentRecord p;
  p.account = "acct";
  p.idempotencyKey = std::move(key);
  p.state = PaymentState::kAuthorized;
  p.amount = amount;
  p.currency = "USD";
  return p;
}

TEST(LedgerTest, AddsPaymentsWithIdsAndFindsThemByIdAndKey) {
  Ledger ledger(100);
  auto p = ledger.addPayment(authorized(1000));
  ASSERT_TRUE(p.isOk());
  EXPECT_EQ((*p)->id.rfind("tp_pay_", 0), 0u);
  EXPECT_GT((*p)->created, 0);
  EXPECT_EQ(ledger.findPayment("acct", (*p)->id), *p);
  EXPECT_EQ(ledger.findPaymentByKey("acct", "k-auth"), *p);
  // Another account sees nothing.
  EXPECT_EQ(ledger.findPayment("other", (*p)->id), nullptr);
  EXPECT_EQ(ledger.findPaymentByKey("other", "k-auth"), nullptr);
  EXPECT_EQ(ledger.findPaymentByKey("acct", "never"), nullptr);
}

TEST(LedgerTest, PartialCapturesThenFinalReleaseTheRest) {
  Ledger ledger(100);
  std::string id = (*ledger.addPayment(authorized(1000)))->id;
  auto c1 = ledger.capture("acct", id, 300, false, "k-c1");
  ASSERT_TRUE(c1.isOk());
  EXPECT_EQ((*c1)->id.rfind("tp_cap_", 0), 0u);
  EXPECT_EQ(ledger.findPayment("acct", id)->state, PaymentState::kAuthorized);
  auto c2 = ledger.capture("acct", id, 200, true, "k-c2");
  ASSERT_TRUE(c2.isOk());
  const PaymentRecord* p = ledger.findPayment("acct", id);
  EXPECT_EQ(p->state, PaymentState::kCaptured);
  EXPECT_EQ(p->amountCaptured, 500);
  EXPECT_EQ(p->amountReleased, 500);
  EXPECT_EQ(ledger.findOperationByKey("acct", "k-c2"), *c2);
  // Captured: no more captures.
  auto c3 = ledger.capture("acct", id, 1, true, "k-c3");
  EXPECT_EQ(c3.status().reason(), "invalid_state");
}

TEST(LedgerTest, OverCaptureIsRefusedAndChangesNothing) {
  Ledger ledger(100);
  std::string id = (*ledger.addPayment(authorized(1000)))->id;
  ASSERT_TRUE(ledger.capture("acct", id, 600, false, "k1").isOk());
  auto over = ledger.capture("acct", id, 401, false, "k2");
  EXPECT_EQ(over.status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(over.status().reason(), "amount_too_large");
  EXPECT_EQ(ledger.findPayment("acct", id)->amountCaptured, 600);
  EXPECT_EQ(ledger.findOperationByKey("acct", "k2"), nullptr);
  // Omitted amount captures everything left.
  auto rest = ledger.capture("acct", id, std::nullopt, false, "k3");
  ASSERT_TRUE(rest.isOk());
  EXPECT_EQ((*rest)->amount, 400);
  EXPECT_EQ(ledger.findPayment("acct", id)->state, PaymentState::kCaptured);
}

TEST(LedgerTest, DeclinedPaymentsCannotBeCapturedVoidedOrRefunded) {
  Ledger ledger(100);
  PaymentRecord declined = authorized(1000);
  declined.state = PaymentState::kDeclined;
  std::string id = (*ledger.addPayment(declined))->id;
  EXPECT_EQ(ledger.capture("acct", id, 1, true, "a").status().reason(), "invalid_state");
  EXPECT_EQ(ledger.voidPayment("acct", id, "b").status().reason(), "invalid_state");
  EXPECT_EQ(ledger.refund("acct", id, 1, "", "c").status().reason(), "invalid_state");
  EXPECT_EQ(ledger.capture("acct", "tp_pay_missing", 1, true, "d").status().code(),
            StatusCode::kNotFound);
  EXPECT_EQ(ledger.capture("other", id, 1, true, "e").status().reason(), "not_found");
}

TEST(LedgerTest, VoidReleasesAuthorizationAndBlocksCapture) {
  Ledger ledger(100);
  std::string id = (*ledger.addPayment(authorized(1000)))->id;
  auto v = ledger.voidPayment("acct", id, "k-void");
  ASSERT_TRUE(v.isOk());
  EXPECT_EQ((*v)->id.rfind("tp_void_", 0), 0u);
  EXPECT_EQ((*v)->amount, 1000);
  EXPECT_EQ(ledger.findPayment("acct", id)->state, PaymentState::kVoided);
  EXPECT_EQ(ledger.capture("acct", id, 1, true, "k").status().reason(), "invalid_state");
  EXPECT_EQ(ledger.voidPayment("acct", id, "k2").status().reason(), "invalid_state");
}

TEST(LedgerTest, VoidAfterPartialCaptureLeavesItCaptured) {
  Ledger ledger(100);
  std::string id = (*ledger.addPayment(authorized(1000)))->id;
  ASSERT_TRUE(ledger.capture("acct", id, 250, false, "c").isOk());
  auto v = ledger.voidPayment("acct", id, "v");
  ASSERT_TRUE(v.isOk());
  EXPECT_EQ((*v)->amount, 750);
  EXPECT_EQ(ledger.findPayment("acct", id)->state, PaymentState::kCaptured);
}

TEST(LedgerTest, RefundsUpToCapturedAmountOnly) {
  Ledger ledger(100);
  std::string id = (*ledger.addPayment(authorized(1000)))->id;
  EXPECT_EQ(ledger.refund("acct", id, 100, "", "r0").status().reason(), "invalid_state");
  ASSERT_TRUE(ledger.capture("acct", id, 700, true, "c").isOk());
  auto r1 = ledger.refund("acct", id, 500, "requested_by_customer", "r1");
  ASSERT_TRUE(r1.isOk());
  EXPECT_EQ((*r1)->id.rfind("tp_re_", 0), 0u);
  EXPECT_EQ((*r1)->reason, "requested_by_customer");
  auto over = ledger.refund("acct", id, 201, "", "r2");
  EXPECT_EQ(over.status().reason(), "amount_too_large");
  auto rest = ledger.refund("acct", id, std::nullopt, "", "r3");
  ASSERT_TRUE(rest.isOk());
  EXPECT_EQ((*rest)->amount, 200);
  EXPECT_EQ(ledger.findPayment("acct", id)->amountRefunded, 700);
  EXPECT_EQ(ledger.refund("acct", id, std::nullopt, "", "r4").status().reason(), "invalid_state");
}

TEST(LedgerTest, SummaryCountsWhatWasCharged) {
  Ledger ledger(100);
  std::string a = (*ledger.addPayment(authorized(1000, "a")))->id;
  PaymentRecord declined = authorized(500, "b");
  declined.state = PaymentState::kDeclined;
  ASSERT_TRUE(ledger.addPayment(declined).isOk());
  std::string c = (*ledger.addPayment(authorized(300, "c")))->id;
  ASSERT_TRUE(ledger.capture("acct", a, 1000, true, "ca").isOk());
  ASSERT_TRUE(ledger.refund("acct", a, 100, "", "ra").isOk());
  ASSERT_TRUE(ledger.voidPayment("acct", c, "vc").isOk());

  LedgerSummary s = ledger.summary();
  EXPECT_EQ(s.chargeCount, 2);
  EXPECT_EQ(s.declineCount, 1);
  EXPECT_EQ(s.captureCount, 1);
  EXPECT_EQ(s.refundCount, 1);
  EXPECT_EQ(s.voidCount, 1);
  ASSERT_EQ(s.payments.size(), 3u);
  EXPECT_EQ(s.payments[0].paymentId, a);
  EXPECT_EQ(s.payments[0].authorized, 1000);
  EXPECT_EQ(s.payments[0].captured, 1000);
  EXPECT_EQ(s.payments[0].refunded, 100);
  EXPECT_EQ(s.payments[1].authorized, 0);
  EXPECT_EQ(s.payments[2].voided, 300);
}

TEST(LedgerTest, RefusesNewObjectsWhenFull) {
  Ledger ledger(2);
  std::string id = (*ledger.addPayment(authorized(1000, "a")))->id;
  ASSERT_TRUE(ledger.capture("acct", id, 100, false, "c1").isOk());
  auto full = ledger.addPayment(authorized(1, "b"));
  EXPECT_EQ(full.status().code(), StatusCode::kResourceExhausted);
  EXPECT_EQ(full.status().reason(), "capacity_exceeded");
  auto c2 = ledger.capture("acct", id, 100, false, "c2");
  EXPECT_EQ(c2.status().reason(), "capacity_exceeded");
  EXPECT_EQ(ledger.findPayment("acct", id)->amountCaptured, 100);  // refused means unchanged
}

}  // namespace
}  // namespace sy::sandbox::test_processor
