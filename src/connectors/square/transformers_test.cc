// Square's transformers offline, against the recorded bodies in testdata/: requests are
// exactly what the connector must send, responses are what Square answers (as recorded from the
// emulator, in the shapes of Square's Payments API v2 reference).
#include "connectors/square/transformers.h"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>

#include "connectors/testing/testdata.h"

namespace sy::connectors::square {
namespace {
using domain::AdvisedAction;
using domain::DeclineCode;
using domain::PaymentStatus;
using domain::ReasonType;
using testing::testdata;

boost::json::value json(std::string_view text) {
  return boost::json::parse(text);
}

AuthorizeRequest authorization() {
  AuthorizeRequest req;
  req.attemptKey = "k-1";
  req.amount = 1000;
  req.currencyCode = "USD";
  req.orderId = "order-1";
  req.descriptor = "SWITCHYARD";
  req.card.number = SecretString(std::string("4111111111111111"));
  req.card.cvv = SecretString(std::string("123"));
  req.card.expirationMonth = "12";
  req.card.expirationYear = "2040";
  req.card.cardholderName = "Ada Lovelace";
  return req;
}

TEST(SquareTransformersTest, RequestBodiesMatchTheRecordedRequests) {
  auto body = authorizeBody(authorization());
  ASSERT_TRUE(body) << body.status().toString();
  EXPECT_EQ(json(body->reveal()), json(testdata("authorize.request.json")));
  EXPECT_EQ(body->reveal().find("123\""), std::string::npos);  // Square takes no CVV here
  EXPECT_EQ(json(completeBody(CaptureRequest{"k-2", "sqpay0000000000000001", 1000, "USD", 2,
                                             true})),
            json(testdata("capture.request.json")));
  auto refund =
      refundBody(RefundRequest{"k-3", "sqpay0000000000000001", 400, "USD", 2, "customer request"});
  ASSERT_TRUE(refund);
  EXPECT_EQ(json(*refund), json(testdata("refund.request.json")));
}

TEST(SquareTransformersTest, UnusableRequestsAreRefusedWithoutQuotingTheCard) {
  AuthorizeRequest req = authorization();
  req.amount = 0;
  auto body = authorizeBody(req);
  ASSERT_FALSE(body);
  EXPECT_EQ(body.status().message().find("4111"), std::string::npos);
  EXPECT_FALSE(accessTokenFrom(SecretString(std::string(R"({"accessToken":""})"))));
  EXPECT_FALSE(accessTokenFrom(SecretString(std::string("not json"))));
  EXPECT_FALSE(accessTokenFrom(SecretString(std::string(R"({"apiKey":"x"})"))));
}

TEST(SquareTransformersTest, AnswersMapToOutcomes) {
  CallResult ok = fromPaymentResponse(200, testdata("authorize.response.200.json"));
  EXPECT_EQ(ok.outcome, CallOutcome::kSucceeded);
  EXPECT_EQ(ok.status, PaymentStatus::kAuthorized);
  EXPECT_EQ(ok.processorTransactionId, "sqpay0000000000000001");

  CallResult declined = fromPaymentResponse(402, testdata("authorize_declined.response.402.json"));
  EXPECT_EQ(declined.outcome, CallOutcome::kDeclined);
  EXPECT_EQ(declined.status, PaymentStatus::kDeclined);
  EXPECT_EQ(declined.processorTransactionId, "sqpay0000000000000002");
  ASSERT_TRUE(declined.reason);
  EXPECT_EQ(declined.reason->code, DeclineCode::kInsufficientFunds);
  EXPECT_EQ(declined.reason->processorCode, "INSUFFICIENT_FUNDS");
  EXPECT_FALSE(declined.reason->message.empty());

  CallResult captured = fromModifyResponse(200, testdata("capture.response.200.json"));
  EXPECT_EQ(captured.outcome, CallOutcome::kSucceeded);
  EXPECT_EQ(captured.status, PaymentStatus::kSettled);
  EXPECT_EQ(captured.amountCaptured, 1000);

  EXPECT_EQ(fromCompleteResponse(200, testdata("capture.response.200.json"), 1000).outcome,
            CallOutcome::kSucceeded);
  CallResult other = fromCompleteResponse(200, testdata("capture.response.200.json"), 200);
  EXPECT_EQ(other.outcome, CallOutcome::kFailed);  // Square completes once, the whole amount
  EXPECT_EQ(other.reason->processorCode, "AMOUNT_MISMATCH");

  CallResult refused = fromModifyResponse(400, testdata("capture.response.400.json"));
  EXPECT_EQ(refused.outcome, CallOutcome::kFailed);
  EXPECT_EQ(refused.status, PaymentStatus::kPending);
  EXPECT_EQ(refused.reason->type, ReasonType::kGatewayRejected);
  EXPECT_EQ(refused.reason->processorCode, "BAD_REQUEST");

  CallResult refunded = fromRefundResponse(200, testdata("refund.response.200.json"));
  EXPECT_EQ(refunded.outcome, CallOutcome::kSucceeded);
  EXPECT_EQ(refunded.processorOperationId, "sqref0000000000000003");
  CallResult tooMuch = fromRefundResponse(400, testdata("refund.response.400.json"));
  EXPECT_EQ(tooMuch.outcome, CallOutcome::kFailed);
  EXPECT_EQ(tooMuch.reason->processorCode, "REFUND_AMOUNT_INVALID");
}

TEST(SquareTransformersTest, ServerErrorsAndUnreadableAnswersAreUnknownNeverDeclines) {
  CallResult failed = fromPaymentResponse(500, testdata("authorize.response.500.json"));
  EXPECT_EQ(failed.outcome, CallOutcome::kUnknown);
  EXPECT_EQ(failed.reason->type, ReasonType::kGatewayTimeout);
  for (const char* garbled : {"", "{", "[]", R"({"payment":{"id":"p"}})",
                              R"({"payment":{"status":"APPROVED"}})", R"({"errors":[]})"})
    EXPECT_EQ(fromPaymentResponse(200, garbled).outcome, CallOutcome::kUnknown) << garbled;
  EXPECT_EQ(fromRefundResponse(200, "{}").outcome, CallOutcome::kUnknown);
  EXPECT_EQ(fromModifyResponse(502, "").outcome, CallOutcome::kUnknown);
}

TEST(SquareTransformersTest, DeclineTableKeepsTheRawCode) {
  EXPECT_EQ(declineReason("GENERIC_DECLINE", "m").code, DeclineCode::kDoNotHonor);
  EXPECT_EQ(declineReason("CARD_EXPIRED", "m").code, DeclineCode::kExpiredCard);
  EXPECT_EQ(declineReason("INVALID_CARD", "m").code, DeclineCode::kInvalidCardNumber);
  domain::StatusReason cvv = declineReason("CVV_FAILURE", "m");
  EXPECT_EQ(cvv.code, DeclineCode::kDeclined);
  EXPECT_EQ(cvv.advisedAction, AdvisedAction::kUpdateData);
  domain::StatusReason other = declineReason("SOMETHING_NEW", "m");
  EXPECT_EQ(other.code, DeclineCode::kUnknown);
  EXPECT_EQ(other.processorCode, "SOMETHING_NEW");
}

}  // namespace
}  // namespace sy::connectors::square
