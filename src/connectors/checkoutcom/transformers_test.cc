#include "connectors/checkoutcom/transformers.h"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <boost/json/value.hpp>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "connectors/testing/testdata.h"

namespace sy::connectors::checkoutcom {
namespace {
using domain::AdvisedAction;
using domain::DeclineCode;
using domain::DeclineType;
using domain::PaymentStatus;
using domain::ReasonType;

using testing::testdata;

boost::json::value json(std::string_view text) {
  return boost::json::parse(text);
}

Credentials creds(std::string channel = "pc_q4dbxom5jbgudnjzjpz7j2z6uq") {
  Credentials c;
  c.secretKey = SecretString("sk_sbox_m73dzbpy7cf3gfd46xr4yj5xo4e");
  c.processingChannelId = std::move(channel);
  return c;
}

AuthorizeRequest sampleAuthorize() {
  AuthorizeRequest req;
  req.attemptKey = "attempt-auth-1";
  req.amount = 6540;
  req.currencyCode = "USD";
  req.orderId = "ORD-5023-4E89";
  req.descriptor = "Set of 3 masks";
  req.card.number = SecretString("4242424242424242");
  req.card.cvv = SecretString("100");
  req.card.expirationMonth = "12";
  req.card.expirationYear = "2030";
  req.card.cardholderName = "Ada Lovelace";
  return req;
}

TEST(CheckoutComTransformersTest, CredentialsNeedANasSecretKey) {
  auto ok =
      credentialsFrom(SecretString(R"({"secretKey":"sk_sbox_abc","processingChannelId":"pc_x"})"));
  ASSERT_TRUE(ok.isOk());
  EXPECT_EQ(ok->secretKey.reveal(), "sk_sbox_abc");
  EXPECT_EQ(ok->processingChannelId, "pc_x");
  for (const char* bad :
       {"", "[]", "{}", R"({"secretKey":""})", R"({"secretKey":7})",
        R"({"secretKey":"pk_sbox_public"})", R"({"secretKey":"sk_1","processingChannelId":5})"}) {
    auto r = credentialsFrom(SecretString(bad));
    EXPECT_FALSE(r.isOk()) << bad;
    if (!r.isOk()) {
      EXPECT_EQ(r.status().message().find("sk_1"), std::string::npos);
      EXPECT_EQ(r.status().message().find("pk_sbox_public"), std::string::npos);
    }
  }
}

TEST(CheckoutComTransformersTest, AuthorizeBodyMatchesRecordedRequest) {
  auto body = authorizeBody(sampleAuthorize(), creds());
  ASSERT_TRUE(body.isOk()) << body.status().toString();
  EXPECT_EQ(json(body->reveal()), json(testdata("authorize.request.json")));
}

TEST(CheckoutComTransformersTest, ThreeDecimalAuthorizeMatchesRecordedRequest) {
  AuthorizeRequest req;
  req.attemptKey = "k";
  req.amount = 12340;  // KWD 12.340
  req.currencyCode = "KWD";
  req.currencyExponent = 3;
  req.capture = true;
  req.card.number = SecretString("4543474002249996");
  req.card.expirationMonth = "06";
  req.card.expirationYear = "31";
  auto body = authorizeBody(req, creds(""));
  ASSERT_TRUE(body.isOk()) << body.status().toString();
  EXPECT_EQ(json(body->reveal()), json(testdata("authorize_kwd.request.json")));
}

TEST(CheckoutComTransformersTest, CurrencyMinorUnits) {
  EXPECT_EQ(minorUnitDigits("JPY"), 0);
  EXPECT_EQ(minorUnitDigits("KRW"), 0);
  EXPECT_EQ(minorUnitDigits("KWD"), 3);
  EXPECT_EQ(minorUnitDigits("BHD"), 3);
  EXPECT_EQ(minorUnitDigits("JOD"), 3);
  EXPECT_EQ(minorUnitDigits("USD"), 2);
  EXPECT_EQ(*toProcessorAmount(500, "JPY", 0), 500);
  EXPECT_EQ(*toProcessorAmount(1000, "KWD", 3), 1000);
  EXPECT_FALSE(toProcessorAmount(1001, "KWD", 3).isOk());  // last digit must be 0
  EXPECT_FALSE(toProcessorAmount(1235, "BHD", 3).isOk());
  EXPECT_EQ(*toProcessorAmount(123, "JOD", 2), 1230);   // a 2-digit amount widened exactly
  EXPECT_EQ(*toProcessorAmount(50000, "ISK", 2), 500);  // ISO 2 digits, Checkout.com 0
  EXPECT_FALSE(toProcessorAmount(50001, "ISK", 2).isOk());
  EXPECT_FALSE(toProcessorAmount(-1, "USD", 2).isOk());
}

TEST(CheckoutComTransformersTest, AuthorizeBodyRefusesBadExpiryWithoutQuotingTheCard) {
  AuthorizeRequest req = sampleAuthorize();
  req.card.expirationMonth = "13";
  auto body = authorizeBody(req, creds());
  ASSERT_FALSE(body.isOk());
  EXPECT_EQ(body.status().message().find("4242"), std::string::npos);
  req = sampleAuthorize();
  req.currencyCode = "KWD";
  req.currencyExponent = 3;
  req.amount = 1005;
  EXPECT_FALSE(authorizeBody(req, creds()).isOk());
}

TEST(CheckoutComTransformersTest, ModificationBodiesMatchRecordedRequests) {
  CaptureRequest capture{"attempt-cap-1", "pay_mbabizu24mvu3mela5njyhpit4", 2000, "USD", 2, false};
  EXPECT_EQ(json(*captureBody(capture)), json(testdata("capture.request.json")));
  CancelRequest cancel{"attempt-void-1", "pay_mbabizu24mvu3mela5njyhpit4"};
  EXPECT_EQ(json(cancelBody(cancel)), json(testdata("void.request.json")));
  RefundRequest refund{"attempt-ref-1",        "pay_mbabizu24mvu3mela5njyhpit4", 500, "USD", 2,
                       "requested_by_customer"};
  EXPECT_EQ(json(*refundBody(refund)), json(testdata("refund.request.json")));
  capture.final = true;
  EXPECT_EQ(json(*captureBody(capture)).at("capture_type"), "Final");
}

TEST(CheckoutComTransformersTest, LongAttemptKeysBecomeAHashedReference) {
  std::string longKey(80, 'k');
  std::string ref = actionReference(longKey);
  EXPECT_EQ(ref.size(), 50u);
  EXPECT_EQ(ref.rfind("sy_", 0), 0u);
  EXPECT_EQ(ref, actionReference(longKey));
  EXPECT_EQ(actionReference("short"), "short");
}

TEST(CheckoutComTransformersTest, ApprovedAuthorization) {
  CallResult r = fromAuthorizeResponse(201, testdata("authorize.response.201.json"), false);
  EXPECT_EQ(r.outcome, CallOutcome::kSucceeded);
  EXPECT_EQ(r.status, PaymentStatus::kAuthorized);
  EXPECT_EQ(r.processorTransactionId, "pay_mbabizu24mvu3mela5njyhpit4");
  EXPECT_EQ(r.processorOperationId, "act_mbabizu24mvu3mela5njyhpit4");
  EXPECT_FALSE(r.reason);
  EXPECT_EQ(fromAuthorizeResponse(201, testdata("authorize.response.201.json"), true).status,
            PaymentStatus::kSettling);
}

TEST(CheckoutComTransformersTest, EveryRecordedDeclineMapsToItsClass) {
  struct Case {
    const char* code;
    DeclineCode mapped;
  };
  for (const Case& c :
       {Case{"20005", DeclineCode::kDoNotHonor}, Case{"20051", DeclineCode::kInsufficientFunds},
        Case{"20054", DeclineCode::kExpiredCard}, Case{"20014", DeclineCode::kInvalidCardNumber},
        Case{"20043", DeclineCode::kLostOrStolenCard}, Case{"20059", DeclineCode::kSuspectedFraud},
        Case{"20061", DeclineCode::kWithdrawalLimitExceeded},
        Case{"20091", DeclineCode::kIssuerTemporarilyUnavailable},
        Case{"20154", DeclineCode::kAuthenticationRequired}}) {
    std::string body = testdata(std::string("authorize_declined_") + c.code + ".response.201.json");
    CallResult r = fromAuthorizeResponse(201, body, false);
    EXPECT_EQ(r.outcome, CallOutcome::kDeclined) << c.code;
    EXPECT_EQ(r.status, PaymentStatus::kDeclined) << c.code;
    ASSERT_TRUE(r.reason) << c.code;
    EXPECT_EQ(r.reason->type, ReasonType::kIssuerDeclined);
    EXPECT_EQ(r.reason->code, c.mapped) << c.code;
    EXPECT_EQ(r.reason->processorCode, c.code);
    EXPECT_FALSE(r.reason->message.empty());
    EXPECT_EQ(r.processorTransactionId, "pay_y3oqhf46pyzuxjbcn2giaqnb44");
  }
}

TEST(CheckoutComTransformersTest, DeclineTableEdges) {
  EXPECT_EQ(declineReason("20041", "Lost").code, DeclineCode::kLostOrStolenCard);
  EXPECT_EQ(declineReason("20001", "").code, DeclineCode::kReferToCardIssuer);
  EXPECT_EQ(declineReason("20063", "").code, DeclineCode::kSuspectedFraud);
  EXPECT_EQ(declineReason("20065", "").code, DeclineCode::kWithdrawalLimitExceeded);
  auto hard = declineReason("30043", "Stolen");
  EXPECT_EQ(hard.code, DeclineCode::kLostOrStolenCard);
  EXPECT_EQ(hard.declineType, DeclineType::kHard);
  EXPECT_EQ(hard.advisedAction, AdvisedAction::kDoNotRetry);
  auto unknown = declineReason("29999", "Something new");
  EXPECT_EQ(unknown.code, DeclineCode::kUnknown);
  EXPECT_EQ(unknown.processorCode, "29999");
  EXPECT_EQ(unknown.message, "Something new");
}

TEST(CheckoutComTransformersTest, PendingAndRefusedAndUnknownAnswers) {
  CallResult pending =
      fromAuthorizeResponse(202, testdata("authorize_pending.response.202.json"), false);
  EXPECT_EQ(pending.outcome, CallOutcome::kUnknown);
  EXPECT_EQ(pending.processorTransactionId, "pay_mbabizu24mvu3mela5njyhpit4");

  CallResult invalid =
      fromAuthorizeResponse(422, testdata("authorize_invalid.response.422.json"), false);
  EXPECT_EQ(invalid.outcome, CallOutcome::kFailed);
  EXPECT_EQ(invalid.status, PaymentStatus::kFailed);
  EXPECT_EQ(invalid.reason->type, ReasonType::kGatewayRejected);
  EXPECT_EQ(invalid.reason->processorCode, "card_number_invalid");
  EXPECT_NE(invalid.reason->message.find("cvv_invalid"), std::string::npos);

  CallResult reused =
      fromAuthorizeResponse(422, testdata("authorize_idempotency.response.422.json"), false);
  EXPECT_EQ(reused.outcome, CallOutcome::kUnknown);

  EXPECT_EQ(fromAuthorizeResponse(401, "", false).reason->processorCode, "http_401");
  for (unsigned status : {500u, 502u, 503u, 429u, 302u}) {
    CallResult r = fromAuthorizeResponse(status, "", false);
    EXPECT_EQ(r.outcome, CallOutcome::kUnknown) << status;
    EXPECT_EQ(r.reason->type, ReasonType::kGatewayTimeout);
    EXPECT_EQ(r.reason->message.rfind("outcome unknown: ", 0), 0u);
  }
  for (const char* garbled :
       {"", "{", "[]", R"({"id":"pay_x"})", R"({"id":"pay_x","status":"Authorized"})"}) {
    EXPECT_EQ(fromAuthorizeResponse(201, garbled, false).outcome, CallOutcome::kUnknown) << garbled;
  }
}

// A replay answered 409/429 while the first request with its key is still being processed: the
// call may still happen, so it is unknown (never a failure that would let the caller move on).
TEST(CheckoutComTransformersTest, SameKeyStillProcessingIsUnknown) {
  for (unsigned status : {409u, 429u}) {
    for (const CallResult& r : {fromAuthorizeResponse(status, "", false),
                                fromActionResponse(status, "", "pay_mbabizu24mvu3mela5njyhpit4")}) {
      EXPECT_EQ(r.outcome, CallOutcome::kUnknown) << status;
      EXPECT_EQ(r.reason->type, ReasonType::kGatewayTimeout) << status;
      EXPECT_NE(r.reason->message.find("same key still processing"), std::string::npos) << status;
    }
  }
}

TEST(CheckoutComTransformersTest, ActionAnswers) {
  const std::string id = "pay_mbabizu24mvu3mela5njyhpit4";
  CallResult cap = fromActionResponse(202, testdata("capture.response.202.json"), id);
  EXPECT_EQ(cap.outcome, CallOutcome::kSucceeded);
  EXPECT_EQ(cap.processorOperationId, "act_gefycn3jcvuupboxfmqrhk2aym");
  EXPECT_EQ(cap.processorTransactionId, id);
  EXPECT_EQ(fromActionResponse(202, testdata("void.response.202.json"), id).processorOperationId,
            "act_fd3h6evhpn3uxdoqbuu3lqnqbm");
  CallResult over = fromActionResponse(422, testdata("refund_exceeds.response.422.json"), id);
  EXPECT_EQ(over.outcome, CallOutcome::kFailed);
  EXPECT_EQ(over.status, PaymentStatus::kPending);  // says nothing about the sale
  EXPECT_EQ(over.reason->processorCode, "refund_amount_exceeds_balance");
  EXPECT_EQ(fromActionResponse(403, "", id).outcome, CallOutcome::kFailed);
  EXPECT_EQ(fromActionResponse(404, "", id).outcome, CallOutcome::kFailed);
  EXPECT_EQ(fromActionResponse(502, "", id).outcome, CallOutcome::kUnknown);
  EXPECT_EQ(fromActionResponse(202, "{}", id).outcome, CallOutcome::kUnknown);
}

TEST(CheckoutComTransformersTest, PaymentDetailsAndActions) {
  CallResult p = fromPaymentDetails(200, testdata("payment.response.200.json"));
  EXPECT_EQ(p.outcome, CallOutcome::kSucceeded);
  EXPECT_EQ(p.status, PaymentStatus::kPartiallySettled);
  CallResult declined = fromPaymentDetails(200, testdata("payment_declined.response.200.json"));
  EXPECT_EQ(declined.outcome, CallOutcome::kDeclined);
  auto reason = declineFromActions(200, testdata("actions_declined.response.200.json"));
  ASSERT_TRUE(reason);
  EXPECT_EQ(reason->code, DeclineCode::kInsufficientFunds);
  EXPECT_EQ(reason->processorCode, "20051");
  EXPECT_FALSE(declineFromActions(200, testdata("actions.response.200.json")));
  EXPECT_EQ(fromPaymentDetails(404, "").outcome, CallOutcome::kNotFound);
  EXPECT_EQ(fromPaymentDetails(502, "").outcome, CallOutcome::kUnknown);

  const std::string id = "pay_mbabizu24mvu3mela5njyhpit4";
  std::string actions = testdata("actions.response.200.json");
  CallResult cap =
      fromPaymentActions(200, actions, id, InquiryRequest::Kind::kCapture, "attempt-cap-1");
  EXPECT_EQ(cap.outcome, CallOutcome::kSucceeded);
  EXPECT_EQ(cap.processorOperationId, "act_gefycn3jcvuupboxfmqrhk2aym");
  EXPECT_EQ(fromPaymentActions(200, actions, id, InquiryRequest::Kind::kRefund, "attempt-ref-1")
                .processorOperationId,
            "act_qyhyvdwqtc2ezkmjbfxm7lhtsm");
  EXPECT_EQ(
      fromPaymentActions(200, actions, id, InquiryRequest::Kind::kRefund, "attempt-ref-2").outcome,
      CallOutcome::kNotFound);
  // A key that names an action of another kind cannot resolve this call.
  EXPECT_EQ(
      fromPaymentActions(200, actions, id, InquiryRequest::Kind::kRefund, "attempt-cap-1").outcome,
      CallOutcome::kUnknown);
  EXPECT_EQ(fromPaymentActions(404, "", id, InquiryRequest::Kind::kCapture, "k").outcome,
            CallOutcome::kNotFound);
  EXPECT_EQ(fromPaymentActions(200, "{", id, InquiryRequest::Kind::kCapture, "k").outcome,
            CallOutcome::kUnknown);
}

}  // namespace
}  // namespace sy::connectors::checkoutcom
