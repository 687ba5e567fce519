// The connector conformance kit: one typed GoogleTest suite that every connector must pass against
// its emulator over real loopback HTTP. What it proves, per connector (traits in kit_traits.h):
// authorization, sale, partial and multiple captures, void, refunds (several, partial), inquiry of
// every kind of call by its key, one charge per key however often a call is sent, unknown outcomes
// (dropped answer, 5xx, timeout, never received) resolved by inquiry to what the ledger holds,
// every decline class mapped with its raw code kept, zero- and three-decimal currencies, and
// credentials never logged. The emulator's ledger is the ground truth throughout.
//
// Instantiated once per connector, in src/connectors/<name>/conformance_test.cc:
//   INSTANTIATE_TYPED_TEST_SUITE_P(Stripe, ConnectorConformance, StripeKit);
// Run one connector's cases: build/connectors_tests --gtest_filter='Stripe/ConnectorConformance*'
#pragma once

#include <gtest/gtest.h>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/use_future.hpp>
#include <future>
#include <set>
#include <string>
#include <vector>

#include "connectors/testing/kit_traits.h"
#include "connectors/testing/log_capture.h"
#include "connectors/testing/loopback_fixture.h"
#include "domain/payment.h"
#include "orchestrator/capabilities.h"

namespace sy::connectors::testing {

template <class Kit>
class ConnectorConformance : public LoopbackConnectorFixture<Kit> {
 protected:
  using Base = LoopbackConnectorFixture<Kit>;
  static constexpr bool kReplays = Kit::kInquiry == InquiryStyle::kReplay;

  // The ledger row of `id`, failing the test when there is none.
  LedgerPayment row(const std::string& id) {
    Ledger l = this->ledger();
    const LedgerPayment* p = l.find(id);
    EXPECT_NE(p, nullptr) << "no ledger row for " << id;
    return p ? *p : LedgerPayment{};
  }
  // An authorization that must succeed, for the cases that start from one.
  std::string authorized(const AuthorizeRequest& req) {
    CallResult r = this->authorize(req);
    EXPECT_EQ(r.outcome, CallOutcome::kSucceeded) << (r.reason ? r.reason->message : "");
    EXPECT_FALSE(r.processorTransactionId.empty());
    return r.processorTransactionId;
  }
  // The engine's view of a payment, for its capability checks.
  static domain::Payment payment(int64_t authorized, int64_t captured, int64_t refunded) {
    domain::Payment p;
    p.amountAuthorized = authorized;
    p.amountCaptured = captured;
    p.amountRefunded = refunded;
    return p;
  }
  std::string processor() const { return std::string(this->connector_.processorName()); }
  static void expectUnknown(const CallResult& r, const char* what) {
    EXPECT_EQ(r.outcome, CallOutcome::kUnknown) << what;
    EXPECT_EQ(r.status, domain::PaymentStatus::kPending) << what;
    ASSERT_TRUE(r.reason) << what;
    EXPECT_EQ(r.reason->type, domain::ReasonType::kGatewayTimeout) << what;
  }
};

TYPED_TEST_SUITE_P(ConnectorConformance);

// --- the calls --------------------------------------------------------------------------------

TYPED_TEST_P(ConnectorConformance, AuthorizeOnly) {
  CallResult r = this->authorize(this->authorization("k-auth", 1000));
  ASSERT_EQ(r.outcome, CallOutcome::kSucceeded);
  EXPECT_EQ(r.status, domain::PaymentStatus::kAuthorized);
  EXPECT_FALSE(r.processorTransactionId.empty());
  EXPECT_FALSE(r.reason);
  Ledger l = this->ledger();
  EXPECT_EQ(l.charges, 1);
  LedgerPayment p = this->row(r.processorTransactionId);
  EXPECT_EQ(p.amount, 1000);
  EXPECT_EQ(p.captured, 0);
}

TYPED_TEST_P(ConnectorConformance, AuthorizeAndCaptureInOneCall) {
  CallResult r = this->authorize(this->authorization("k-sale", 2500, true));
  ASSERT_EQ(r.outcome, CallOutcome::kSucceeded);
  EXPECT_EQ(r.status, TypeParam::kSaleStatus);
  EXPECT_EQ(this->row(r.processorTransactionId).captured, 2500);
  EXPECT_EQ(this->ledger().charges, 1);
}

TYPED_TEST_P(ConnectorConformance, PartialCapture) {
  const Capabilities caps = this->connector_.capabilities();
  if (!caps.partialCapture) {
    EXPECT_FALSE(orchestrator::checkCaptureCapability(caps, this->processor(),
                                                      this->payment(1000, 0, 0), 600, true)
                     .isOk());
    return;
  }
  const std::string id = this->authorized(this->authorization("k-auth", 1000));
  CallResult cap = this->capture(this->captureOf(id, "k-cap", 600, true));
  EXPECT_EQ(cap.outcome, CallOutcome::kSucceeded);
  EXPECT_EQ(this->row(id).captured, 600);
  EXPECT_EQ(this->ledger().captures, 1);
}

TYPED_TEST_P(ConnectorConformance, MultipleCaptures) {
  const Capabilities caps = this->connector_.capabilities();
  const std::string id = this->authorized(this->authorization("k-auth", 1000));
  if (!caps.multipleCapture) {
    // The engine refuses before sending, and a second capture sent anyway does not capture.
    EXPECT_FALSE(orchestrator::checkCaptureCapability(caps, this->processor(),
                                                      this->payment(1000, 0, 0), 300, false)
                     .isOk());
    EXPECT_FALSE(orchestrator::checkCaptureCapability(caps, this->processor(),
                                                      this->payment(1000, 300, 0), 200, true)
                     .isOk());
    // A processor that captures only the whole amount (partialCapture off) gets the whole.
    const int64_t first = caps.partialCapture ? 300 : 1000;
    ASSERT_EQ(this->capture(this->captureOf(id, "k-cap-1", first, true)).outcome,
              CallOutcome::kSucceeded);
    EXPECT_NE(this->capture(this->captureOf(id, "k-cap-2", 200, true)).outcome,
              CallOutcome::kSucceeded);
    EXPECT_EQ(this->row(id).captured, first);
    return;
  }
  EXPECT_EQ(this->capture(this->captureOf(id, "k-cap-1", 300, false)).outcome,
            CallOutcome::kSucceeded);
  EXPECT_EQ(this->capture(this->captureOf(id, "k-cap-2", 200, true)).outcome,
            CallOutcome::kSucceeded);
  EXPECT_EQ(this->row(id).captured, 500);
  EXPECT_EQ(this->ledger().captures, 2);
}

TYPED_TEST_P(ConnectorConformance, VoidReleasesTheAuthorization) {
  const std::string id = this->authorized(this->authorization("k-auth", 1000));
  CallResult voided = this->cancel(CancelRequest{"k-void", id});
  ASSERT_EQ(voided.outcome, CallOutcome::kSucceeded);
  EXPECT_EQ(voided.status, domain::PaymentStatus::kCancelled);
  EXPECT_TRUE(this->row(id).cancelled);
  EXPECT_EQ(this->ledger().cancels, 1);
  // Nothing is left to capture.
  EXPECT_NE(this->capture(this->captureOf(id, "k-cap", 1000)).outcome, CallOutcome::kSucceeded);
  EXPECT_EQ(this->row(id).captured, 0);
}

TYPED_TEST_P(ConnectorConformance, Refund) {
  CallResult sale = this->authorize(this->authorization("k-sale", 1500, true));
  ASSERT_EQ(sale.outcome, CallOutcome::kSucceeded);
  CallResult refund = this->refund(this->refundOf(sale.processorTransactionId, "k-ref", 1500));
  EXPECT_EQ(refund.outcome, CallOutcome::kSucceeded);
  EXPECT_EQ(this->row(sale.processorTransactionId).refunded, 1500);
  EXPECT_EQ(this->ledger().refunds, 1);
}

TYPED_TEST_P(ConnectorConformance, SeveralPartialRefunds) {
  const Capabilities caps = this->connector_.capabilities();
  if (!caps.partialRefund || !caps.multipleRefund) {
    EXPECT_FALSE(orchestrator::checkRefundCapability(caps, this->processor(),
                                                     this->payment(1000, 1000, 300), 200)
                     .isOk());
    return;
  }
  CallResult sale = this->authorize(this->authorization("k-sale", 1000, true));
  ASSERT_EQ(sale.outcome, CallOutcome::kSucceeded);
  const std::string id = sale.processorTransactionId;
  EXPECT_EQ(this->refund(this->refundOf(id, "k-ref-1", 300)).outcome, CallOutcome::kSucceeded);
  EXPECT_EQ(this->refund(this->refundOf(id, "k-ref-2", 200)).outcome, CallOutcome::kSucceeded);
  EXPECT_EQ(this->refund(this->refundOf(id, "k-ref-3", 400)).outcome, CallOutcome::kSucceeded);
  // 900 of 1000 refunded: 200 more is refused by the processor, never unknown or half done.
  EXPECT_EQ(this->refund(this->refundOf(id, "k-ref-4", 200)).outcome, CallOutcome::kFailed);
  EXPECT_EQ(this->row(id).refunded, 900);
  EXPECT_EQ(this->ledger().refunds, 3);
}

// --- inquiry and idempotency --------------------------------------------------------------------

TYPED_TEST_P(ConnectorConformance, InquiryFindsEachCallByItsKey) {
  // The engine rebuilds a card for an inquiry only when the connector says it inquires by replay.
  EXPECT_EQ(this->connector_.capabilities().inquiryByReplay,
            TypeParam::kInquiry == InquiryStyle::kReplay);
  AuthorizeRequest auth = this->authorization("k-auth", 1000);
  CallResult authorized = this->authorize(auth);
  ASSERT_EQ(authorized.outcome, CallOutcome::kSucceeded);
  const std::string id = authorized.processorTransactionId;
  CallResult found = this->inquire(this->inquiryOf(auth));
  EXPECT_EQ(found.outcome, CallOutcome::kSucceeded);
  EXPECT_EQ(found.status, domain::PaymentStatus::kAuthorized);
  EXPECT_EQ(found.processorTransactionId, id);

  CaptureRequest cap = this->captureOf(id, "k-cap", 1000);
  CallResult captured = this->capture(cap);
  ASSERT_EQ(captured.outcome, CallOutcome::kSucceeded);
  CallResult capFound = this->inquire(this->inquiryOf(cap));
  EXPECT_EQ(capFound.outcome, CallOutcome::kSucceeded);
  if (!captured.processorOperationId.empty()) {
    EXPECT_EQ(capFound.processorOperationId, captured.processorOperationId);
  }

  RefundRequest ref = this->refundOf(id, "k-ref", 100);
  CallResult refunded = this->refund(ref);
  ASSERT_EQ(refunded.outcome, CallOutcome::kSucceeded);
  CallResult refFound = this->inquire(this->inquiryOf(ref));
  EXPECT_EQ(refFound.outcome, CallOutcome::kSucceeded);
  if (!refunded.processorOperationId.empty()) {
    EXPECT_EQ(refFound.processorOperationId, refunded.processorOperationId);
  }

  const std::string other = this->authorized(this->authorization("k-auth-2", 1000));
  const CancelRequest voidReq{"k-void", other};
  ASSERT_EQ(this->cancel(voidReq).outcome, CallOutcome::kSucceeded);
  EXPECT_EQ(this->inquire(this->inquiryOf(voidReq)).outcome, CallOutcome::kSucceeded);

  if constexpr (!TestFixture::kReplays) {
    // A lookup of a key nobody used finds nothing (a replay would perform the call instead).
    EXPECT_EQ(this->inquire(this->inquiryOf(this->authorization("k-never-used"))).outcome,
              CallOutcome::kNotFound);
  }
  // Asking changed nothing at the processor.
  Ledger l = this->ledger();
  EXPECT_EQ(l.charges, 2);
  EXPECT_EQ(l.captures, 1);
  EXPECT_EQ(l.refunds, 1);
  EXPECT_EQ(l.cancels, 1);
}

TYPED_TEST_P(ConnectorConformance, IdempotentRetryChargesOnce) {
  AuthorizeRequest auth = this->authorization("k-auth", 1000);
  CallResult first = this->authorize(auth);
  CallResult second = this->authorize(auth);
  ASSERT_EQ(first.outcome, CallOutcome::kSucceeded);
  EXPECT_EQ(second.outcome, CallOutcome::kSucceeded);
  EXPECT_EQ(second.processorTransactionId, first.processorTransactionId);
  const std::string id = first.processorTransactionId;

  CaptureRequest cap = this->captureOf(id, "k-cap", 1000);
  EXPECT_EQ(this->capture(cap).outcome, CallOutcome::kSucceeded);
  EXPECT_EQ(this->capture(cap).outcome, CallOutcome::kSucceeded);
  RefundRequest ref = this->refundOf(id, "k-ref", 400);
  EXPECT_EQ(this->refund(ref).outcome, CallOutcome::kSucceeded);
  EXPECT_EQ(this->refund(ref).outcome, CallOutcome::kSucceeded);

  Ledger l = this->ledger();
  EXPECT_EQ(l.charges, 1);
  EXPECT_EQ(l.captures, 1);
  EXPECT_EQ(l.refunds, 1);
  EXPECT_EQ(this->row(id).captured, 1000);
  EXPECT_EQ(this->row(id).refunded, 400);
}

TYPED_TEST_P(ConnectorConformance, ConcurrentRetriesChargeOnce) {
  constexpr int kCopies = 12;
  const AuthorizeRequest same = this->authorization("k-concurrent");
  std::vector<std::future<CallResult>> futures;
  for (int i = 0; i < kCopies; ++i)
    futures.push_back(boost::asio::co_spawn(
        this->ioc_, this->connector_.authorize(this->conn_, same), boost::asio::use_future));
  std::set<std::string> ids;
  int succeeded = 0;
  for (auto& f : futures) {
    CallResult r = f.get();
    // A processor may answer "same key still in progress" to a copy: unknown, never a decline.
    ASSERT_TRUE(r.outcome == CallOutcome::kSucceeded || r.outcome == CallOutcome::kUnknown);
    if (r.outcome == CallOutcome::kSucceeded) {
      ++succeeded;
      ids.insert(r.processorTransactionId);
    }
  }
  EXPECT_GE(succeeded, 1);
  EXPECT_EQ(ids.size(), 1u);
  EXPECT_EQ(this->ledger().charges, 1);
}

// --- unknown outcomes resolved by inquiry -------------------------------------------------------

TYPED_TEST_P(ConnectorConformance, DroppedAnswerOfAnAuthorizationIsResolvedByInquiry) {
  this->setFaults(R"({"dropNext":1,"phase":"after"})");
  AuthorizeRequest auth = this->authorization("k-lost", 1500);
  this->expectUnknown(this->authorize(auth), "dropped answer");
  ASSERT_EQ(this->ledger().charges, 1);  // the processor did charge
  CallResult found = this->inquire(this->inquiryOf(auth));
  ASSERT_EQ(found.outcome, CallOutcome::kSucceeded);
  EXPECT_EQ(found.status, domain::PaymentStatus::kAuthorized);
  EXPECT_EQ(this->row(found.processorTransactionId).amount, 1500);
  EXPECT_EQ(this->ledger().charges, 1);
}

TYPED_TEST_P(ConnectorConformance, ServerErrorAfterProcessingIsResolvedByInquiry) {
  this->setFaults(R"({"failNext":1,"phase":"after"})");
  AuthorizeRequest auth = this->authorization("k-5xx", 1500);
  this->expectUnknown(this->authorize(auth), "5xx after processing");
  CallResult found = this->inquire(this->inquiryOf(auth));
  ASSERT_EQ(found.outcome, CallOutcome::kSucceeded);
  EXPECT_NE(this->ledger().find(found.processorTransactionId), nullptr);
  EXPECT_EQ(this->ledger().charges, 1);
}

TYPED_TEST_P(ConnectorConformance, TimedOutAuthorizationIsResolvedByInquiry) {
  this->setFaults(R"({"latencyMs":400})");
  this->conn_.timeout = std::chrono::milliseconds(100);
  AuthorizeRequest auth = this->authorization("k-slow", 1500);
  this->expectUnknown(this->authorize(auth), "timeout");
  this->setFaults(R"({"reset":true})");
  this->conn_.timeout = TestFixture::kTimeout;
  // The emulator finishes processing after the caller gave up.
  ASSERT_TRUE(this->awaitLedger([](const Ledger& l) { return l.charges == 1; }));
  CallResult found = this->inquire(this->inquiryOf(auth));
  ASSERT_EQ(found.outcome, CallOutcome::kSucceeded);
  EXPECT_EQ(this->row(found.processorTransactionId).amount, 1500);
  EXPECT_EQ(this->ledger().charges, 1);
}

TYPED_TEST_P(ConnectorConformance, DroppedAnswerOfADeclineIsResolvedToTheDecline) {
  const DeclineCase decline = TypeParam::declines().front();
  this->setFaults(R"({"dropNext":1,"phase":"after"})");
  AuthorizeRequest auth = this->authorization("k-lost-decline", decline);
  this->expectUnknown(this->authorize(auth), "dropped decline");
  CallResult found = this->inquire(this->inquiryOf(auth));
  ASSERT_EQ(found.outcome, CallOutcome::kDeclined);
  ASSERT_TRUE(found.reason);
  EXPECT_EQ(found.reason->code, decline.expected);
  EXPECT_EQ(found.reason->processorCode, decline.rawCode);
  EXPECT_EQ(this->ledger().charges, 0);
}

TYPED_TEST_P(ConnectorConformance, AuthorizationNeverReceivedIsResolvedByInquiry) {
  // A 5xx and a dropped connection, both before the emulator processed anything.
  int64_t charged = 0;
  for (const char* fault :
       {R"({"failNext":1,"phase":"before"})", R"({"dropNext":1,"phase":"before"})"}) {
    this->setFaults(fault);
    AuthorizeRequest auth = this->authorization("k-never-" + std::to_string(charged), 1000);
    this->expectUnknown(this->authorize(auth), fault);
    ASSERT_EQ(this->ledger().charges, charged) << fault;
    CallResult found = this->inquire(this->inquiryOf(auth));
    if constexpr (TestFixture::kReplays) {
      // The replay was the first call the processor received: it performed it, once.
      EXPECT_EQ(found.outcome, CallOutcome::kSucceeded) << fault;
      EXPECT_EQ(this->ledger().charges, charged + 1) << fault;
    } else {
      EXPECT_EQ(found.outcome, CallOutcome::kNotFound) << fault;
      EXPECT_EQ(this->ledger().charges, charged) << fault;
    }
    // Retrying the call under its key afterwards still charges once.
    CallResult retried = this->authorize(auth);
    EXPECT_EQ(retried.outcome, CallOutcome::kSucceeded) << fault;
    if (found.outcome == CallOutcome::kSucceeded) {
      EXPECT_EQ(retried.processorTransactionId, found.processorTransactionId) << fault;
    }
    EXPECT_EQ(this->ledger().charges, ++charged) << fault;
  }
}

TYPED_TEST_P(ConnectorConformance, DroppedAnswerOfACaptureIsResolvedByInquiry) {
  const std::string id = this->authorized(this->authorization("k-auth", 1000));
  this->setFaults(R"({"dropNext":1,"phase":"after"})");
  CaptureRequest cap = this->captureOf(id, "k-lost-cap", 1000);
  this->expectUnknown(this->capture(cap), "dropped capture");
  CallResult found = this->inquire(this->inquiryOf(cap));
  EXPECT_EQ(found.outcome, CallOutcome::kSucceeded);
  EXPECT_EQ(this->row(id).captured, 1000);
  EXPECT_EQ(this->ledger().captures, 1);
}

TYPED_TEST_P(ConnectorConformance, DroppedAnswerOfARefundIsResolvedByInquiry) {
  CallResult sale = this->authorize(this->authorization("k-sale", 1000, true));
  ASSERT_EQ(sale.outcome, CallOutcome::kSucceeded);
  this->setFaults(R"({"dropNext":1,"phase":"after"})");
  RefundRequest ref = this->refundOf(sale.processorTransactionId, "k-lost-ref", 300);
  this->expectUnknown(this->refund(ref), "dropped refund");
  CallResult found = this->inquire(this->inquiryOf(ref));
  EXPECT_EQ(found.outcome, CallOutcome::kSucceeded);
  EXPECT_EQ(this->row(sale.processorTransactionId).refunded, 300);
  EXPECT_EQ(this->ledger().refunds, 1);
}

TYPED_TEST_P(ConnectorConformance, DroppedAnswerOfAVoidIsResolvedByInquiry) {
  const std::string id = this->authorized(this->authorization("k-auth", 1000));
  this->setFaults(R"({"dropNext":1,"phase":"after"})");
  const CancelRequest voidReq{"k-lost-void", id};
  this->expectUnknown(this->cancel(voidReq), "dropped void");
  CallResult found = this->inquire(this->inquiryOf(voidReq));
  EXPECT_EQ(found.outcome, CallOutcome::kSucceeded);
  EXPECT_TRUE(this->row(id).cancelled);
  EXPECT_EQ(this->ledger().cancels, 1);
}

// --- declines ----------------------------------------------------------------------------------

TYPED_TEST_P(ConnectorConformance, DeclineTableCoversTheCoreClasses) {
  std::set<domain::DeclineCode> covered;
  for (const DeclineCase& d : TypeParam::declines()) covered.insert(d.expected);
  EXPECT_TRUE(covered.contains(domain::DeclineCode::kInsufficientFunds));
  EXPECT_TRUE(covered.contains(domain::DeclineCode::kExpiredCard));
  EXPECT_TRUE(covered.contains(domain::DeclineCode::kInvalidCardNumber));
  EXPECT_TRUE(covered.contains(domain::DeclineCode::kDoNotHonor) ||
              covered.contains(domain::DeclineCode::kDeclined));
}

TYPED_TEST_P(ConnectorConformance, EachDeclineClassIsMappedWithItsRawCode) {
  int i = 0;
  for (const DeclineCase& d : TypeParam::declines()) {
    const std::string raw(d.rawCode);
    AuthorizeRequest auth = this->authorization("k-decline-" + std::to_string(i++), d);
    CallResult r = this->authorize(auth);
    ASSERT_EQ(r.outcome, CallOutcome::kDeclined) << raw;
    EXPECT_EQ(r.status, domain::PaymentStatus::kDeclined) << raw;
    ASSERT_TRUE(r.reason) << raw;
    EXPECT_EQ(r.reason->type, domain::ReasonType::kIssuerDeclined) << raw;
    EXPECT_EQ(r.reason->code, d.expected) << raw;
    EXPECT_EQ(r.reason->processorCode, raw);
    EXPECT_FALSE(r.reason->message.empty()) << raw;
    // The inquiry of a decline tells the same decline.
    CallResult again = this->inquire(this->inquiryOf(auth));
    EXPECT_EQ(again.outcome, CallOutcome::kDeclined) << raw;
    if (again.reason) {
      EXPECT_EQ(again.reason->processorCode, raw);
    }
  }
  EXPECT_EQ(this->ledger().charges, 0);
}

TYPED_TEST_P(ConnectorConformance, DeclineAllFaultDeclinesEveryAuthorization) {
  this->setFaults(R"({"declineAll":true})");
  CallResult r = this->authorize(this->authorization("k-declined"));
  ASSERT_EQ(r.outcome, CallOutcome::kDeclined);
  EXPECT_EQ(r.reason->code, domain::DeclineCode::kDoNotHonor);
  EXPECT_EQ(r.reason->processorCode, TypeParam::kDeclineAllCode);
  this->setFaults(R"({"reset":true})");
  EXPECT_EQ(this->authorize(this->authorization("k-approved")).outcome, CallOutcome::kSucceeded);
}

// --- amounts ------------------------------------------------------------------------------------

TYPED_TEST_P(ConnectorConformance, ZeroDecimalCurrency) {
  CallResult yen = this->authorize(this->authorization("k-jpy", 1500, true, "JPY", 0));
  ASSERT_EQ(yen.outcome, CallOutcome::kSucceeded);
  LedgerPayment p = this->row(yen.processorTransactionId);
  EXPECT_EQ(p.currency, "JPY");
  EXPECT_EQ(p.amount, 1500);  // ¥1,500, not ¥15 or ¥150,000
  EXPECT_EQ(p.captured, 1500);
}

TYPED_TEST_P(ConnectorConformance, ThreeDecimalCurrencies) {
  CallResult kwd = this->authorize(this->authorization("k-kwd", 12340, false, "KWD", 3));
  ASSERT_EQ(kwd.outcome, CallOutcome::kSucceeded);
  const std::string id = kwd.processorTransactionId;
  EXPECT_EQ(this->row(id).currency, "KWD");
  EXPECT_EQ(this->row(id).amount, 12340);  // 12.340 KWD
  // A processor that captures only the whole amount (partialCapture off) gets the whole.
  const int64_t captured = this->connector_.capabilities().partialCapture ? 10000 : 12340;
  EXPECT_EQ(this->capture(this->captureOf(id, "k-kwd-cap", captured, true, "KWD", 3)).outcome,
            CallOutcome::kSucceeded);
  EXPECT_EQ(this->refund(this->refundOf(id, "k-kwd-ref", 2500, "KWD", 3)).outcome,
            CallOutcome::kSucceeded);
  EXPECT_EQ(this->row(id).captured, captured);
  EXPECT_EQ(this->row(id).refunded, 2500);

  CallResult bhd = this->authorize(this->authorization("k-bhd", 5000, false, "BHD", 3));
  ASSERT_EQ(bhd.outcome, CallOutcome::kSucceeded);
  EXPECT_EQ(this->row(bhd.processorTransactionId).amount, 5000);  // 5.000 BHD
}

// --- credentials --------------------------------------------------------------------------------

TYPED_TEST_P(ConnectorConformance, UnreadableCredentialsAreRefusedWithoutSending) {
  const std::string id = this->authorized(this->authorization("k-auth", 1000));
  ConnectionConfig broken = this->conn_;
  broken.credentialsJson = SecretString("{}");
  auto expectNotSent = [](const CallResult& r, const char* what) {
    EXPECT_EQ(r.outcome, CallOutcome::kFailed) << what;
    ASSERT_TRUE(r.reason) << what;
    EXPECT_EQ(r.reason->type, domain::ReasonType::kApplicationError) << what;
  };
  AuthorizeRequest auth = this->authorization("k-broken", 1000);
  expectNotSent(this->authorize(auth, broken), "authorize");
  CaptureRequest cap = this->captureOf(id, "k-broken-cap", 1000);
  expectNotSent(this->capture(cap, &broken), "capture");
  RefundRequest ref = this->refundOf(id, "k-broken-ref", 100);
  expectNotSent(this->refund(ref, &broken), "refund");
  const CancelRequest voidReq{"k-broken-void", id};
  expectNotSent(this->cancel(voidReq, &broken), "cancel");
  // An inquiry that cannot be sent resolves nothing.
  this->expectUnknown(this->inquire(this->inquiryOf(auth), &broken), "inquiry");
  Ledger l = this->ledger();
  EXPECT_EQ(l.charges, 1);
  EXPECT_EQ(l.payments.size(), 1u);
  EXPECT_EQ(l.captures + l.refunds + l.cancels, 0);
}

TYPED_TEST_P(ConnectorConformance, CredentialsAndCardDataNeverReachTheLog) {
  std::string logged;
  {
    LogCapture capture;
    const DeclineCase decline = TypeParam::declines().front();
    AuthorizeRequest ok = this->authorization("k-log-ok", 1000);
    const std::string id = this->authorized(ok);
    this->authorize(this->authorization("k-log-declined", decline));
    this->setFaults(R"({"failNext":1,"phase":"after"})");
    AuthorizeRequest lost = this->authorization("k-log-lost", 1000);
    this->authorize(lost);
    this->inquire(this->inquiryOf(lost));
    this->capture(this->captureOf(id, "k-log-cap", 1000));
    this->refund(this->refundOf(id, "k-log-ref", 100));
    // Malformed JSON that contains the secrets: the error must not quote it.
    ConnectionConfig badJson = this->conn_;
    std::string text = TypeParam::credentialsJson();
    text.pop_back();
    badJson.credentialsJson = SecretString(std::move(text));
    this->authorize(this->authorization("k-log-badjson"), badJson);
    logged = capture.text();
  }
  EXPECT_NE(logged.find("k-log-ok"), std::string::npos) << "the calls were not logged";
  std::vector<std::string> secrets = TypeParam::secrets();
  secrets.emplace_back(TypeParam::kApprovedCard);
  for (const DeclineCase& d : TypeParam::declines())
    if (!d.cardNumber.empty()) secrets.emplace_back(d.cardNumber);
  secrets.push_back("\"" + std::string(TypeParam::kCvv) + "\"");
  for (const std::string& secret : secrets)
    EXPECT_EQ(logged.find(secret), std::string::npos) << secret << " leaked into:\n" << logged;
}

REGISTER_TYPED_TEST_SUITE_P(
    ConnectorConformance, AuthorizeOnly, AuthorizeAndCaptureInOneCall, PartialCapture,
    MultipleCaptures, VoidReleasesTheAuthorization, Refund, SeveralPartialRefunds,
    InquiryFindsEachCallByItsKey, IdempotentRetryChargesOnce, ConcurrentRetriesChargeOnce,
    DroppedAnswerOfAnAuthorizationIsResolvedByInquiry,
    ServerErrorAfterProcessingIsResolvedByInquiry, TimedOutAuthorizationIsResolvedByInquiry,
    DroppedAnswerOfADeclineIsResolvedToTheDecline, AuthorizationNeverReceivedIsResolvedByInquiry,
    DroppedAnswerOfACaptureIsResolvedByInquiry, DroppedAnswerOfARefundIsResolvedByInquiry,
    DroppedAnswerOfAVoidIsResolvedByInquiry, DeclineTableCoversTheCoreClasses,
    EachDeclineClassIsMappedWithItsRawCode, DeclineAllFaultDeclinesEveryAuthorization,
    ZeroDecimalCurrency, ThreeDecimalCurrencies, UnreadableCredentialsAreRefusedWithoutSending,
    CredentialsAndCardDataNeverReachTheLog);

}  // namespace sy::connectors::testing
