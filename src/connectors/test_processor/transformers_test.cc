#include "connectors/test_processor/transformers.h"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <boost/json/value.hpp>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "connectors/testing/testdata.h"

namespace sy::connectors::test_processor {
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

AuthorizeRequest sampleAuthorize() {
  AuthorizeRequest req;
  req.attemptKey = "attempt-auth-1";
  req.amount = 1000;
  req.currencyCode = "USD";
  req.orderId = "order-1001";
  req.card.number = SecretString("4111111111111111");
  req.card.cvv = SecretString("123");
  req.card.expirationMonth = "12";
  req.card.expirationYear = "2030";
  req.card.cardholderName = "Ada Lovelace";
  return req;
}

TEST(TestProcessorTransformersTest, AuthorizeBodyMatchesRecordedRequest) {
  auto body = authorizeBody(sampleAuthorize());
  ASSERT_TRUE(body.isOk()) << body.status().toString();
  EXPECT_EQ(json(body->reveal()), json(testdata("authorize_request.json")));
}

TEST(TestProcessorTransformersTest, AuthorizeBodyOmitsEmptyOptionalsAndReadsShortYears) {
  AuthorizeRequest req = sampleAuthorize();
  req.card.cvv = SecretString();
  req.card.cardholderName.clear();
  req.orderId.clear();
  req.card.expirationMonth = "03";
  req.card.expirationYear = "31";
  req.capture = true;
  auto body = authorizeBody(req);
  ASSERT_TRUE(body.isOk());
  auto v = json(body->reveal()).as_object();
  EXPECT_FALSE(v.contains("reference"));
  EXPECT_FALSE(v["card"].as_object().contains("cvc"));
  EXPECT_FALSE(v["card"].as_object().contains("holder_name"));
  EXPECT_EQ(v["card"].at("expiry_month"), 3);
  EXPECT_EQ(v["card"].at("expiry_year"), 2031);
  EXPECT_EQ(v["capture"], true);
}

TEST(TestProcessorTransformersTest, AuthorizeBodyCarriesExternalThreeDsAndStoredCredentials) {
  AuthorizeRequest req = sampleAuthorize();
  req.threeDSecure = ThreeDsMode::kExternal;
  ExternalThreeDs e;
  e.transStatus = "Y";
  e.eci = "05";
  e.authenticationValue = SecretString("AAABBEg0VhI0VniQEjRWAAAAAAA=");
  e.dsTransactionId = "f25084f0-5b16-4c0a-ae5d-b24808a95e4b";
  e.protocolVersion = "2.2.0";
  req.externalThreeDs = e;
  req.storedCard = true;
  auto body = authorizeBody(req);
  ASSERT_TRUE(body.isOk());
  auto v = json(body->reveal()).as_object();
  const auto& t = v.at("three_d_secure").as_object();
  EXPECT_EQ(t.at("eci"), "05");
  EXPECT_EQ(t.at("cavv"), "AAABBEg0VhI0VniQEjRWAAAAAAA=");
  EXPECT_EQ(t.at("transaction_id"), "f25084f0-5b16-4c0a-ae5d-b24808a95e4b");
  EXPECT_EQ(t.at("version"), "2.2.0");
  EXPECT_EQ(t.at("trans_status"), "Y");
  EXPECT_EQ(v.at("stored_credential"), true);
  EXPECT_FALSE(v.contains("initiator"));  // customer-initiated, the emulator's default

  AuthorizeRequest mit = sampleAuthorize();
  mit.paymentType = PaymentType::kSubscription;
  auto m = json(authorizeBody(mit)->reveal()).as_object();
  EXPECT_EQ(m.at("initiator"), "merchant");
  EXPECT_EQ(m.at("stored_credential"), true);
  EXPECT_FALSE(m.contains("three_d_secure"));
}

TEST(TestProcessorTransformersTest, AuthorizeBodyRefusesBadExpiryWithoutQuotingTheCard) {
  AuthorizeRequest req = sampleAuthorize();
  req.card.expirationMonth = "13";
  auto body = authorizeBody(req);
  ASSERT_FALSE(body.isOk());
  EXPECT_EQ(body.status().message().find("4111"), std::string::npos);
  req.card.expirationMonth = "12";
  req.card.expirationYear = "20x0";
  EXPECT_FALSE(authorizeBody(req).isOk());
}

TEST(TestProcessorTransformersTest, ModificationBodiesMatchRecordedRequests) {
  CaptureRequest capture;
  capture.amount = 2000;
  capture.final = false;
  EXPECT_EQ(json(captureBody(capture)), json(testdata("capture_request.json")));
  RefundRequest refund;
  refund.amount = 500;
  refund.reason = "requested_by_customer";
  EXPECT_EQ(json(refundBody(refund)), json(testdata("refund_request.json")));
  EXPECT_EQ(json(cancelBody({})), json(testdata("void_request.json")));
}

TEST(TestProcessorTransformersTest, ApiKeyFromCredentials) {
  auto key = apiKeyFrom(SecretString(R"({"apiKey":"tp_sk_123"})"));
  ASSERT_TRUE(key.isOk());
  EXPECT_EQ(key->reveal(), "tp_sk_123");
  for (const char* bad : {"", "nope", "[]", "{}", R"({"apiKey":""})", R"({"apiKey":7})",
                          R"({"api_key":"tp_sk_123"})"}) {
    auto r = apiKeyFrom(SecretString(bad));
    ASSERT_FALSE(r.isOk()) << bad;
    EXPECT_EQ(r.status().message().find("tp_sk_123"), std::string::npos);
  }
}

TEST(TestProcessorTransformersTest, AuthorizedAndCapturedPayments) {
  CallResult auth = fromPaymentResponse(201, testdata("payment_authorized.json"));
  EXPECT_EQ(auth.outcome, CallOutcome::kSucceeded);
  EXPECT_EQ(auth.status, PaymentStatus::kAuthorized);
  EXPECT_EQ(auth.processorTransactionId.rfind("tp_pay_", 0), 0u);
  EXPECT_EQ(auth.amountCaptured, 0);
  EXPECT_FALSE(auth.reason);

  CallResult sale = fromPaymentResponse(201, testdata("payment_captured.json"));
  EXPECT_EQ(sale.outcome, CallOutcome::kSucceeded);
  EXPECT_EQ(sale.status, PaymentStatus::kSettled);
  EXPECT_EQ(sale.amountCaptured, 2500);
}

struct DeclineCase {
  const char* file;
  const char* rawCode;
  DeclineCode code;
  DeclineType declineType;
  AdvisedAction action;
};

class DeclineTableTest : public ::testing::TestWithParam<DeclineCase> {};

TEST_P(DeclineTableTest, MapsRawCodeToTaxonomyKeepingRawCodeAndMessage) {
  const DeclineCase& c = GetParam();
  CallResult r = fromPaymentResponse(201, testdata(c.file));
  EXPECT_EQ(r.outcome, CallOutcome::kDeclined);
  EXPECT_EQ(r.status, PaymentStatus::kDeclined);
  EXPECT_FALSE(r.processorTransactionId.empty());
  ASSERT_TRUE(r.reason);
  EXPECT_EQ(r.reason->type, ReasonType::kIssuerDeclined);
  EXPECT_EQ(r.reason->code, c.code);
  EXPECT_EQ(r.reason->declineType, c.declineType);
  EXPECT_EQ(r.reason->advisedAction, c.action);
  EXPECT_EQ(r.reason->processorCode, c.rawCode);
  EXPECT_FALSE(r.reason->message.empty());
}

INSTANTIATE_TEST_SUITE_P(
    RecordedDeclines, DeclineTableTest,
    ::testing::Values(DeclineCase{"payment_declined_do_not_honor.json", "do_not_honor",
                                  DeclineCode::kDoNotHonor, DeclineType::kHard,
                                  AdvisedAction::kDoNotRetry},
                      DeclineCase{"payment_declined_insufficient_funds.json", "insufficient_funds",
                                  DeclineCode::kInsufficientFunds, DeclineType::kSoft,
                                  AdvisedAction::kRetryLater},
                      DeclineCase{"payment_declined_expired_card.json", "expired_card",
                                  DeclineCode::kExpiredCard, DeclineType::kHard,
                                  AdvisedAction::kUpdateData},
                      DeclineCase{"payment_declined_invalid_number.json", "invalid_number",
                                  DeclineCode::kInvalidCardNumber, DeclineType::kHard,
                                  AdvisedAction::kUpdateData}));

TEST(TestProcessorTransformersTest, UnknownDeclineCodeIsASoftUnknownDecline) {
  auto r = declineReason("card_velocity_exceeded", "Too many attempts.");
  EXPECT_EQ(r.type, ReasonType::kIssuerDeclined);
  EXPECT_EQ(r.code, DeclineCode::kUnknown);
  EXPECT_EQ(r.declineType, DeclineType::kSoft);
  EXPECT_EQ(r.processorCode, "card_velocity_exceeded");
  EXPECT_EQ(r.message, "Too many attempts.");
}

TEST(TestProcessorTransformersTest, ProcessingErrorIsAFailedGatewayRejection) {
  CallResult r = fromPaymentResponse(201, testdata("payment_failed_processing_error.json"));
  EXPECT_EQ(r.outcome, CallOutcome::kFailed);
  EXPECT_EQ(r.status, PaymentStatus::kFailed);
  ASSERT_TRUE(r.reason);
  EXPECT_EQ(r.reason->type, ReasonType::kGatewayRejected);
  EXPECT_EQ(r.reason->processorCode, "processing_error");
  EXPECT_FALSE(r.reason->message.empty());
  EXPECT_EQ(r.reason->advisedAction, AdvisedAction::kRetryLater);
}

TEST(TestProcessorTransformersTest, RefusedRequestsAreFailedWithTheProcessorsErrorType) {
  struct Case {
    unsigned status;
    const char* file;
    const char* type;
  };
  for (const Case& c : {Case{400, "error_invalid_request.json", "invalid_request"},
                        Case{400, "error_amount_too_large.json", "amount_too_large"},
                        Case{409, "error_invalid_state.json", "invalid_state"},
                        Case{404, "error_not_found.json", "not_found"},
                        Case{401, "error_authentication.json", "authentication_error"}}) {
    CallResult r = fromOperationResponse(c.status, testdata(c.file));
    EXPECT_EQ(r.outcome, CallOutcome::kFailed) << c.file;
    ASSERT_TRUE(r.reason) << c.file;
    EXPECT_EQ(r.reason->type, ReasonType::kGatewayRejected) << c.file;
    EXPECT_EQ(r.reason->processorCode, c.type) << c.file;
    EXPECT_FALSE(r.reason->message.empty()) << c.file;
  }
  CallResult auth = fromPaymentResponse(400, testdata("error_invalid_request.json"));
  EXPECT_EQ(auth.status, PaymentStatus::kFailed);
  EXPECT_NE(auth.reason->message.find("(param: currency)"), std::string::npos);
}

TEST(TestProcessorTransformersTest, UnknownOutcomes) {
  struct Case {
    unsigned status;
    std::string body;
  };
  for (const Case& c : {Case{500, testdata("error_api_error.json")}, Case{502, "<html>bad gateway"},
                        Case{503, ""}, Case{201, "{\"id\":"}, Case{201, "[]"},
                        Case{201, R"({"id":"tp_pay_1","status":"weird","amount_captured":0,
                                       "amount_refunded":0})"},
                        Case{302, ""}, Case{409, testdata("error_idempotency_conflict.json")}}) {
    CallResult r = fromPaymentResponse(c.status, c.body);
    EXPECT_EQ(r.outcome, CallOutcome::kUnknown) << c.status << " " << c.body;
    EXPECT_EQ(r.status, PaymentStatus::kPending);
    ASSERT_TRUE(r.reason);
    EXPECT_EQ(r.reason->type, ReasonType::kGatewayTimeout);
    EXPECT_EQ(r.reason->message.rfind("outcome unknown: ", 0), 0u) << r.reason->message;
  }
}

TEST(TestProcessorTransformersTest, Operations) {
  CallResult capture = fromOperationResponse(201, testdata("capture_partial.json"));
  EXPECT_EQ(capture.outcome, CallOutcome::kSucceeded);
  EXPECT_EQ(capture.processorOperationId.rfind("tp_cap_", 0), 0u);
  EXPECT_EQ(capture.processorTransactionId.rfind("tp_pay_", 0), 0u);
  EXPECT_EQ(capture.status, PaymentStatus::kAuthorized);
  EXPECT_EQ(capture.amountCaptured, 2000);

  CallResult refund = fromOperationResponse(201, testdata("refund_succeeded.json"));
  EXPECT_EQ(refund.outcome, CallOutcome::kSucceeded);
  EXPECT_EQ(refund.processorOperationId.rfind("tp_re_", 0), 0u);
  EXPECT_EQ(refund.amountRefunded, 500);
  EXPECT_FALSE(refund.reason);

  CallResult cancel = fromOperationResponse(201, testdata("void_succeeded.json"));
  EXPECT_EQ(cancel.outcome, CallOutcome::kSucceeded);
  EXPECT_EQ(cancel.status, PaymentStatus::kCancelled);
  EXPECT_EQ(cancel.processorOperationId.rfind("tp_void_", 0), 0u);
}

TEST(TestProcessorTransformersTest, PaymentInquiry) {
  EXPECT_EQ(fromPaymentInquiry(200, testdata("inquiry_payments_empty.json")).outcome,
            CallOutcome::kNotFound);
  CallResult found = fromPaymentInquiry(200, testdata("inquiry_payments_found.json"));
  EXPECT_EQ(found.outcome, CallOutcome::kSucceeded);
  EXPECT_EQ(found.status, PaymentStatus::kAuthorized);
  // An inquiry that fails resolves nothing, even with a 4xx.
  EXPECT_EQ(fromPaymentInquiry(401, testdata("error_authentication.json")).outcome,
            CallOutcome::kUnknown);
  EXPECT_EQ(fromPaymentInquiry(200, R"({"data":{}})").outcome, CallOutcome::kUnknown);
  EXPECT_EQ(fromPaymentInquiry(200, "garbage").outcome, CallOutcome::kUnknown);
}

TEST(TestProcessorTransformersTest, OperationInquiryChecksTheKind) {
  CallResult refund =
      fromOperationInquiry(200, testdata("inquiry_operations_refund.json"), "refund");
  EXPECT_EQ(refund.outcome, CallOutcome::kSucceeded);
  EXPECT_EQ(refund.processorOperationId.rfind("tp_re_", 0), 0u);
  CallResult capture =
      fromOperationInquiry(200, testdata("inquiry_operations_capture.json"), "capture");
  EXPECT_EQ(capture.outcome, CallOutcome::kSucceeded);
  EXPECT_EQ(
      fromOperationInquiry(200, testdata("inquiry_operations_refund.json"), "capture").outcome,
      CallOutcome::kUnknown);
  EXPECT_EQ(fromOperationInquiry(200, testdata("inquiry_payments_empty.json"), "void").outcome,
            CallOutcome::kNotFound);
  EXPECT_EQ(operationObjectName(InquiryRequest::Kind::kCancel), "void");
}

}  // namespace
}  // namespace sy::connectors::test_processor
