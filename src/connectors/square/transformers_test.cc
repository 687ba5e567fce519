// Square's transformers offline, against the recorded bodies in testdata/: requests are
// exactly what the connector must send, responses are what the processor answers.
#include "connectors/square/transformers.h"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>

#include "connectors/testing/testdata.h"

namespace sy::connectors::square {
namespace {
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
  auto capture = captureBody(CaptureRequest{"k-2", "pay_0000000000000001", 600, "USD", 2, true});
  ASSERT_TRUE(capture);
  EXPECT_EQ(json(*capture), json(testdata("capture.request.json")));
}

TEST(SquareTransformersTest, UnusableRequestsAreRefusedWithoutQuotingTheCard) {
  AuthorizeRequest req = authorization();
  req.card.expirationMonth = "13";
  auto body = authorizeBody(req);
  ASSERT_FALSE(body);
  EXPECT_EQ(body.status().message().find("4111"), std::string::npos);
  EXPECT_FALSE(apiKeyFrom(SecretString(std::string(R"({"apiKey":""})"))));
  EXPECT_FALSE(apiKeyFrom(SecretString(std::string("not json"))));
}

TEST(SquareTransformersTest, AnswersMapToOutcomes) {
  CallResult ok = fromPaymentResponse(201, testdata("authorize.response.201.json"));
  EXPECT_EQ(ok.outcome, CallOutcome::kSucceeded);
  EXPECT_EQ(ok.status, PaymentStatus::kAuthorized);
  EXPECT_EQ(ok.processorTransactionId, "pay_0000000000000001");

  CallResult declined = fromPaymentResponse(201, testdata("authorize_declined.response.201.json"));
  EXPECT_EQ(declined.outcome, CallOutcome::kDeclined);
  ASSERT_TRUE(declined.reason);
  EXPECT_EQ(declined.reason->code, DeclineCode::kInsufficientFunds);
  EXPECT_EQ(declined.reason->processorCode, "insufficient_funds");
  EXPECT_FALSE(declined.reason->message.empty());

  CallResult captured = fromOperationResponse(201, testdata("capture.response.201.json"));
  EXPECT_EQ(captured.outcome, CallOutcome::kSucceeded);
  EXPECT_EQ(captured.processorOperationId, "op_0000000000000003");
  EXPECT_EQ(captured.amountCaptured, 600);

  CallResult refused = fromOperationResponse(409, testdata("capture.response.409.json"));
  EXPECT_EQ(refused.outcome, CallOutcome::kFailed);
  EXPECT_EQ(refused.status, PaymentStatus::kPending);
  EXPECT_EQ(refused.reason->type, ReasonType::kGatewayRejected);
  EXPECT_EQ(refused.reason->processorCode, "amount_too_large");
}

TEST(SquareTransformersTest, ServerErrorsAndUnreadableAnswersAreUnknownNeverDeclines) {
  CallResult failed = fromPaymentResponse(500, testdata("authorize.response.500.json"));
  EXPECT_EQ(failed.outcome, CallOutcome::kUnknown);
  EXPECT_EQ(failed.reason->type, ReasonType::kGatewayTimeout);
  for (const char* garbled : {"", "{", "[]", R"({"id":"pay_1"})", R"({"status":"authorized"})"})
    EXPECT_EQ(fromPaymentResponse(201, garbled).outcome, CallOutcome::kUnknown) << garbled;
}

TEST(SquareTransformersTest, DeclineTableKeepsTheRawCode) {
  EXPECT_EQ(declineReason("do_not_honor", "m").code, DeclineCode::kDoNotHonor);
  EXPECT_EQ(declineReason("suspected_fraud", "m").code, DeclineCode::kSuspectedFraud);
  domain::StatusReason other = declineReason("something_new", "m");
  EXPECT_EQ(other.code, DeclineCode::kUnknown);
  EXPECT_EQ(other.processorCode, "something_new");
}

}  // namespace
}  // namespace sy::connectors::square
