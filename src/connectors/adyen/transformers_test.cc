// Offline tests of the Adyen transformers against the recorded bodies in testdata/ (which
// contract_check.js validates against Adyen's Checkout API v71 spec).
#include "connectors/adyen/transformers.h"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <boost/json/value.hpp>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "connectors/testing/testdata.h"

namespace sy::connectors::adyen {
namespace {
using domain::AdvisedAction;
using domain::DeclineCode;
using domain::DeclineType;
using domain::PaymentStatus;
using domain::ReasonType;

using testing::testdata;
boost::json::value json(std::string_view s) {
  return boost::json::parse(s);
}

Credentials creds() {
  auto c = credentialsFrom(SecretString(
      std::string(R"({"apiKey":"AQE1hmfxK_secret","merchantAccount":"SwitchyardECOM"})")));
  EXPECT_TRUE(c.isOk());
  return *c;
}

AuthorizeRequest authorizeRequest() {
  AuthorizeRequest req;
  req.attemptKey = "att_01HZX3J8Q2KEY";
  req.amount = 1000;
  req.currencyCode = "EUR";
  req.orderId = "order-1001";
  req.descriptor = "SWITCHYARD*ORDER1001";
  req.card.number = SecretString(std::string("4111111111111111"));
  req.card.cvv = SecretString(std::string("737"));
  req.card.expirationMonth = "3";
  req.card.expirationYear = "2030";
  req.card.cardholderName = "John Smith";
  return req;
}

TEST(AdyenCredentials, ParsesKeysAndDefaultsReturnUrl) {
  Credentials c = creds();
  EXPECT_EQ(c.apiKey.reveal(), "AQE1hmfxK_secret");
  EXPECT_EQ(c.merchantAccount, "SwitchyardECOM");
  EXPECT_EQ(c.returnUrl, kDefaultReturnUrl);
  auto custom = credentialsFrom(SecretString(std::string(
      R"({"apiKey":"k","merchantAccount":"M","returnUrl":"https://shop.example/return"})")));
  ASSERT_TRUE(custom.isOk());
  EXPECT_EQ(custom->returnUrl, "https://shop.example/return");
}

TEST(AdyenCredentials, RejectsMissingKeysWithoutQuotingThem) {
  for (std::string bad : {R"({"merchantAccount":"M"})", R"({"apiKey":"sk_leak_me"})",
                          R"({"apiKey":"sk_leak_me","merchantAccount":7})", "not json",
                          R"({"apiKey":"sk_leak_me","merchantAccount":"M","returnUrl":1})"}) {
    auto c = credentialsFrom(SecretString(bad));
    ASSERT_FALSE(c.isOk()) << bad;
    EXPECT_EQ(c.status().message().find("sk_leak_me"), std::string::npos);
  }
}

TEST(AdyenTransformers, AuthorizeBodyMatchesRecordedRequest) {
  auto body = authorizeBody(authorizeRequest(), creds());
  ASSERT_TRUE(body.isOk()) << body.status().toString();
  EXPECT_EQ(json(body->reveal()), json(testdata("payments.request.json")));
}

TEST(AdyenTransformers, AuthorizeWithCaptureUsesCaptureDelayZeroAndZeroDecimalYen) {
  AuthorizeRequest req;
  req.attemptKey = "att_01HZX3J8Q2CAP";
  req.amount = 1500;
  req.currencyCode = "JPY";
  req.currencyExponent = 0;
  req.capture = true;
  req.card.number = SecretString(std::string("5555341244441115"));
  req.card.cvv = SecretString(std::string("737"));
  req.card.expirationMonth = "03";
  req.card.expirationYear = "30";
  auto body = authorizeBody(req, creds());
  ASSERT_TRUE(body.isOk()) << body.status().toString();
  EXPECT_EQ(json(body->reveal()), json(testdata("payments.capture.request.json")));
}

TEST(AdyenTransformers, AuthorizeRejectsBadExpiry) {
  AuthorizeRequest req = authorizeRequest();
  req.card.expirationMonth = "13";
  EXPECT_FALSE(authorizeBody(req, creds()).isOk());
  req = authorizeRequest();
  req.card.expirationYear = "20x0";
  EXPECT_FALSE(authorizeBody(req, creds()).isOk());
}

TEST(AdyenTransformers, ModificationBodiesMatchRecordedRequests) {
  CaptureRequest capture{"att_01HZX3J8Q2CP1", "993617895204576J", 400, "EUR", 2, false};
  auto c = captureBody(capture, creds());
  ASSERT_TRUE(c.isOk());
  EXPECT_EQ(json(*c), json(testdata("captures.request.json")));

  CancelRequest cancel{"att_01HZX3J8Q2CN1", "993617895204576J"};
  EXPECT_EQ(json(cancelBody(cancel, creds())), json(testdata("cancels.request.json")));

  RefundRequest refund{"att_01HZX3J8Q2RF1", "993617895204576J", 1250, "KWD", 3, "CUSTOMER REQUEST"};
  auto r = refundBody(refund, creds());
  ASSERT_TRUE(r.isOk());
  EXPECT_EQ(json(*r), json(testdata("refunds.request.json")));

  refund.reason = "customer changed their mind";  // free text is not an Adyen enum value
  r = refundBody(refund, creds());
  ASSERT_TRUE(r.isOk());
  EXPECT_EQ(json(*r).as_object().at("merchantRefundReason"), "OTHER");
}

TEST(AdyenCurrency, AdyenTableDiffersFromIsoForFourCurrencies) {
  EXPECT_EQ(adyenExponent("EUR", 2), 2);
  EXPECT_EQ(adyenExponent("JPY", 0), 0);
  EXPECT_EQ(adyenExponent("KRW", 0), 0);
  EXPECT_EQ(adyenExponent("KWD", 3), 3);
  EXPECT_EQ(adyenExponent("BHD", 3), 3);
  EXPECT_EQ(adyenExponent("JOD", 3), 3);
  EXPECT_EQ(adyenExponent("ISK", 0), 2);
  EXPECT_EQ(adyenExponent("CLP", 0), 2);
  EXPECT_EQ(adyenExponent("IDR", 2), 0);
  EXPECT_EQ(adyenExponent("CVE", 2), 0);
  EXPECT_EQ(*toAdyenValue(1500, "JPY", 0), 1500);
  EXPECT_EQ(*toAdyenValue(1250, "KWD", 3), 1250);
  EXPECT_EQ(*toAdyenValue(500, "ISK", 0), 50000);        // ISK 500 -> 50000 at Adyen
  EXPECT_EQ(*toAdyenValue(1000000, "IDR", 2), 10000);    // IDR 10,000.00 -> 10000
  EXPECT_FALSE(toAdyenValue(1000050, "IDR", 2).isOk());  // 50 sen cannot be sent
  EXPECT_EQ(fromAdyenValue(50000, "ISK", 0), 500);
  EXPECT_EQ(fromAdyenValue(10000, "IDR", 2), 1000000);
  EXPECT_FALSE(toAdyenValue(-1, "EUR", 2).isOk());
}

TEST(AdyenTransformers, AuthorisedMapsToAuthorizedOrSettling) {
  CallResult r = fromPaymentResponse(200, testdata("payments.authorised.response.200.json"), false);
  EXPECT_EQ(r.outcome, CallOutcome::kSucceeded);
  EXPECT_EQ(r.status, PaymentStatus::kAuthorized);
  EXPECT_EQ(r.processorTransactionId, "993617895204576J");
  EXPECT_FALSE(r.reason.has_value());
  r = fromPaymentResponse(200, testdata("payments.authorised.response.200.json"), true);
  EXPECT_EQ(r.status, PaymentStatus::kSettling);
}

struct DeclineCase {
  const char* code;
  DeclineCode expected;
  const char* message;
};

class AdyenDeclineTest : public ::testing::TestWithParam<DeclineCase> {};

TEST_P(AdyenDeclineTest, RefusalReasonCodeMapsToPrimerTaxonomy) {
  const DeclineCase& c = GetParam();
  CallResult r = fromPaymentResponse(
      200, testdata(std::string("payments.refused_") + c.code + ".response.200.json"), false);
  EXPECT_EQ(r.outcome, CallOutcome::kDeclined);
  EXPECT_EQ(r.status, PaymentStatus::kDeclined);
  ASSERT_TRUE(r.reason.has_value());
  EXPECT_EQ(r.reason->type, ReasonType::kIssuerDeclined);
  EXPECT_EQ(r.reason->code, c.expected) << c.code;
  EXPECT_EQ(r.reason->processorCode, c.code);
  EXPECT_EQ(r.reason->message, c.message);
  EXPECT_TRUE(r.reason->declineType.has_value());
  EXPECT_FALSE(r.processorTransactionId.empty());
}

INSTANTIATE_TEST_SUITE_P(
    RecordedRefusals, AdyenDeclineTest,
    ::testing::Values(
        DeclineCase{"2", DeclineCode::kDeclined, "Refused"},
        DeclineCase{"5", DeclineCode::kLostOrStolenCard, "Blocked Card"},
        DeclineCase{"6", DeclineCode::kExpiredCard, "Expired Card"},
        DeclineCase{"8", DeclineCode::kInvalidCardNumber, "Invalid Card Number"},
        DeclineCase{"9", DeclineCode::kIssuerTemporarilyUnavailable, "Issuer Unavailable"},
        DeclineCase{"12", DeclineCode::kInsufficientFunds, "Not enough balance"},
        DeclineCase{"20", DeclineCode::kSuspectedFraud, "FRAUD"},
        DeclineCase{"24", DeclineCode::kDeclined, "CVC Declined"},
        DeclineCase{"27", DeclineCode::kDoNotHonor, "Declined Non Generic"},
        DeclineCase{"28", DeclineCode::kWithdrawalLimitExceeded, "Withdrawal amount exceeded"},
        DeclineCase{"31", DeclineCode::kSuspectedFraud, "Issuer Suspected Fraud"},
        DeclineCase{"38", DeclineCode::kAuthenticationRequired, "Authentication required"}));

TEST(AdyenDeclineTable, CoversEveryPrimerDeclineClass) {
  EXPECT_EQ(declineReason("3", "").code, DeclineCode::kReferToCardIssuer);
  EXPECT_EQ(declineReason("4", "").code, DeclineCode::kError);
  EXPECT_EQ(declineReason("11", "").code, DeclineCode::kAuthenticationRequired);
  EXPECT_EQ(declineReason("14", "").code, DeclineCode::kSuspectedFraud);
  EXPECT_EQ(declineReason("29", "").code, DeclineCode::kWithdrawalLimitExceeded);
  EXPECT_EQ(declineReason("0", "").code, DeclineCode::kUnknown);
  auto unknown = declineReason("999", "Something new");
  EXPECT_EQ(unknown.code, DeclineCode::kUnknown);
  EXPECT_EQ(unknown.processorCode, "999");
  EXPECT_EQ(unknown.message, "Something new");
  EXPECT_EQ(declineReason("24", "").advisedAction, AdvisedAction::kUpdateData);
  EXPECT_EQ(declineReason("26", "").advisedAction, AdvisedAction::kStopAllPayments);
  EXPECT_EQ(declineReason("25", "").declineType, DeclineType::kHard);
}

TEST(AdyenTransformers, ErrorResultCodeIsAFailureNotADecline) {
  CallResult r = fromPaymentResponse(200, testdata("payments.error.response.200.json"), false);
  EXPECT_EQ(r.outcome, CallOutcome::kFailed);
  EXPECT_EQ(r.status, PaymentStatus::kFailed);
  ASSERT_TRUE(r.reason);
  EXPECT_EQ(r.reason->type, ReasonType::kGatewayRejected);
  EXPECT_EQ(r.reason->processorCode, "4");
  EXPECT_EQ(r.reason->advisedAction, AdvisedAction::kRetryLater);
}

TEST(AdyenTransformers, PendingIsUnknown) {
  CallResult r = fromPaymentResponse(200, testdata("payments.pending.response.200.json"), false);
  EXPECT_EQ(r.outcome, CallOutcome::kUnknown);
  EXPECT_EQ(r.processorTransactionId, "993617895204902P");
}

TEST(AdyenTransformers, HttpErrorsMapToFailedOrUnknown) {
  CallResult v = fromPaymentResponse(422, testdata("payments.response.422.json"), false);
  EXPECT_EQ(v.outcome, CallOutcome::kFailed);
  EXPECT_EQ(v.status, PaymentStatus::kFailed);
  EXPECT_EQ(v.reason->type, ReasonType::kGatewayRejected);
  EXPECT_EQ(v.reason->processorCode, "101");
  EXPECT_EQ(fromPaymentResponse(400, testdata("payments.response.400.json"), false).outcome,
            CallOutcome::kFailed);
  EXPECT_EQ(fromPaymentResponse(401, testdata("payments.response.401.json"), false).outcome,
            CallOutcome::kFailed);
  // Never a decline: unknown.
  EXPECT_EQ(fromPaymentResponse(500, testdata("payments.response.500.json"), false).outcome,
            CallOutcome::kUnknown);
  EXPECT_EQ(
      fromPaymentResponse(422, testdata("payments.in_progress.response.422.json"), false).outcome,
      CallOutcome::kUnknown);
  EXPECT_EQ(fromPaymentResponse(502, "<html>bad gateway</html>", false).outcome,
            CallOutcome::kUnknown);
  EXPECT_EQ(fromPaymentResponse(200, "{\"resultCode\":", false).outcome, CallOutcome::kUnknown);
  EXPECT_EQ(fromPaymentResponse(200, "{}", false).outcome, CallOutcome::kUnknown);
  EXPECT_EQ(fromPaymentResponse(302, "", false).outcome, CallOutcome::kUnknown);
  EXPECT_EQ(
      fromPaymentResponse(200, R"({"resultCode":"RedirectShopper","pspReference":"X"})", false)
          .reason->code,
      DeclineCode::kAuthenticationRequired);
}

TEST(AdyenTransformers, ModificationsAreSucceededButPendingConfirmation) {
  CallResult c =
      fromModificationResponse(201, testdata("captures.response.201.json"), Modification::kCapture);
  EXPECT_EQ(c.outcome, CallOutcome::kSucceeded);
  EXPECT_EQ(c.status, PaymentStatus::kSettling);
  EXPECT_EQ(c.processorTransactionId, "993617895204576J");
  EXPECT_EQ(c.processorOperationId, "993617894906488A");
  EXPECT_TRUE(c.awaitsConfirmation);
  CallResult v =
      fromModificationResponse(201, testdata("cancels.response.201.json"), Modification::kCancel);
  EXPECT_EQ(v.outcome, CallOutcome::kSucceeded);
  EXPECT_EQ(v.status, PaymentStatus::kCancelled);
  EXPECT_FALSE(v.awaitsConfirmation);  // recorded as cancelled at once
  CallResult r =
      fromModificationResponse(201, testdata("refunds.response.201.json"), Modification::kRefund);
  EXPECT_EQ(r.outcome, CallOutcome::kSucceeded);
  EXPECT_EQ(r.processorOperationId, "993617894906500R");
  EXPECT_TRUE(r.awaitsConfirmation);
  CallResult refused =
      fromModificationResponse(422, testdata("captures.response.422.json"), Modification::kCapture);
  EXPECT_EQ(refused.outcome, CallOutcome::kFailed);
  EXPECT_EQ(refused.status, PaymentStatus::kPending);  // says nothing about the sale
  EXPECT_EQ(refused.reason->processorCode, "167");
  EXPECT_FALSE(refused.awaitsConfirmation);
  EXPECT_EQ(fromModificationResponse(201, R"({"status":"done"})", Modification::kCapture).outcome,
            CallOutcome::kUnknown);
  EXPECT_EQ(fromModificationResponse(503, "", Modification::kRefund).outcome,
            CallOutcome::kUnknown);
}

}  // namespace
}  // namespace sy::connectors::adyen
