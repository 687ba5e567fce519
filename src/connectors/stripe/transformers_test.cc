// Stripe transformers, offline: request bodies, currency rules, the decline table, and the
// recorded answers in testdata/ mapped to CallResults.

#include "connectors/stripe/transformers.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "connectors/testing/testdata.h"

namespace sy::connectors::stripe {
namespace {
using domain::AdvisedAction;
using domain::DeclineCode;
using domain::DeclineType;
using domain::PaymentStatus;
using domain::ReasonType;

using testing::testdata;

AuthorizeRequest request(int64_t amount, std::string currency, int exponent) {
  AuthorizeRequest req;
  req.attemptKey = "att_1";
  req.amount = amount;
  req.currencyCode = std::move(currency);
  req.currencyExponent = exponent;
  req.card.number = SecretString("4242424242424242");
  req.card.expirationMonth = "7";
  req.card.expirationYear = "30";
  return req;
}

TEST(StripeCredentials, ParsesKeysAndNeverQuotesThem) {
  auto c = credentialsFrom(SecretString(R"({"secretKey":"sk_test_abc","stripeAccount":"acct_1"})"));
  ASSERT_TRUE(c.isOk());
  EXPECT_EQ(c->secretKey.reveal(), "sk_test_abc");
  EXPECT_EQ(c->stripeAccount, "acct_1");
  auto missing = credentialsFrom(SecretString(R"({"apiKey":"sk_test_secret123"})"));
  ASSERT_FALSE(missing.isOk());
  EXPECT_EQ(missing.status().message().find("sk_test_secret123"), std::string::npos);
  EXPECT_FALSE(credentialsFrom(SecretString("not json sk_test_x")).isOk());
  EXPECT_FALSE(credentialsFrom(SecretString(R"({"secretKey":""})")).isOk());
}

TEST(StripeForm, EscapesValuesAndKeepsBracketsInKeys) {
  FormBuilder f;
  f.add("metadata[a b]", "x&y=z é").add("amount", int64_t{5});
  EXPECT_EQ(f.str(), "metadata[a%20b]=x%26y%3Dz%20%C3%A9&amount=5");
}

TEST(StripeCurrency, ZeroThreeDecimalAndSpecialCases) {
  EXPECT_EQ(*toStripeAmount(1000, "USD", 2), 1000);
  EXPECT_EQ(*toStripeAmount(5000, "JPY", 0), 5000);
  EXPECT_EQ(*toStripeAmount(5000, "KRW", 0), 5000);
  EXPECT_EQ(*toStripeAmount(12340, "KWD", 3), 12340);
  EXPECT_FALSE(toStripeAmount(12345, "KWD", 3).isOk());  // must be a multiple of 10
  EXPECT_FALSE(toStripeAmount(1001, "BHD", 3).isOk());
  EXPECT_FALSE(toStripeAmount(1001, "JOD", 3).isOk());
  EXPECT_EQ(*toStripeAmount(5, "ISK", 0), 500);    // two-decimal at Stripe, decimals always 00
  EXPECT_EQ(*toStripeAmount(1500, "MGA", 2), 15);  // zero-decimal at Stripe, 2 in ISO 4217
  EXPECT_FALSE(toStripeAmount(1550, "MGA", 2).isOk());
  EXPECT_FALSE(toStripeAmount(0, "USD", 2).isOk());
  EXPECT_EQ(fromStripeAmount(500, "isk"), 5);
  EXPECT_EQ(fromStripeAmount(15, "mga"), 1500);
  EXPECT_EQ(fromStripeAmount(5000, "jpy"), 5000);
  EXPECT_EQ(fromStripeAmount(12340, "kwd"), 12340);
}

TEST(StripeBodies, MatchRecordedRequests) {
  // The exact bodies are pinned by contract_testdata_test.cc; here the currency forms.
  auto jpy = authorizeBody(request(5000, "JPY", 0));
  ASSERT_TRUE(jpy.isOk());
  EXPECT_NE(jpy->reveal().find("amount=5000&currency=jpy&"), std::string::npos);
  EXPECT_NE(jpy->reveal().find("payment_method_data[card][exp_year]=2030"), std::string::npos);
  EXPECT_NE(jpy->reveal().find("capture_method=manual"), std::string::npos);
  EXPECT_EQ(jpy->reveal().find("cvc"), std::string::npos);  // no CVV: not sent
  auto kwd = authorizeBody(request(12345, "KWD", 3));
  ASSERT_FALSE(kwd.isOk());
  auto badMonth = request(100, "USD", 2);
  badMonth.card.expirationMonth = "13";
  EXPECT_FALSE(authorizeBody(badMonth).isOk());

  CaptureRequest cap{"k", "pi_1", 600, "USD", 2, true};
  EXPECT_EQ(*captureBody(cap), "amount_to_capture=600");
  RefundRequest ref{"k2", "pi_1", 250, "USD", 2, "requested_by_customer"};
  EXPECT_EQ(
      *refundBody(ref),
      "payment_intent=pi_1&amount=250&reason=requested_by_customer&metadata[sy_attempt_key]=k2");
  RefundRequest other{"k3", "pi_1", 250, "USD", 2, "customer changed mind"};
  EXPECT_EQ(*refundBody(other),
            "payment_intent=pi_1&amount=250&metadata[reason]=customer%20changed%20mind&metadata[sy_"
            "attempt_key]=k3");
  EXPECT_EQ(cancelBody({}), "");
  EXPECT_EQ(attemptSearchQuery("a'b"), R"(metadata['sy_attempt_key']:'a\'b')");
  EXPECT_EQ(paymentIntentPath("pi/../x", "capture"), "/v1/payment_intents/pi%2F..%2Fx/capture");
}

TEST(StripeAnswers, AuthorizedAndCaptured) {
  CallResult auth = fromPaymentIntentResponse(
      200, testdata("create_payment_intent.response.200.requires_capture.json"));
  EXPECT_EQ(auth.outcome, CallOutcome::kSucceeded);
  EXPECT_EQ(auth.status, PaymentStatus::kAuthorized);
  EXPECT_TRUE(auth.processorTransactionId.starts_with("pi_"));
  EXPECT_FALSE(auth.reason.has_value());

  CallResult sale =
      fromPaymentIntentResponse(200, testdata("create_payment_intent.response.200.succeeded.json"));
  EXPECT_EQ(sale.outcome, CallOutcome::kSucceeded);
  EXPECT_EQ(sale.status, PaymentStatus::kSettled);
  EXPECT_EQ(sale.amountCaptured, 1000);

  CallResult captured =
      fromPaymentIntentResponse(200, testdata("capture_payment_intent.response.200.json"));
  EXPECT_EQ(captured.status, PaymentStatus::kSettled);
  EXPECT_EQ(captured.amountCaptured, 600);

  CallResult voided =
      fromPaymentIntentResponse(200, testdata("cancel_payment_intent.response.200.json"));
  EXPECT_EQ(voided.outcome, CallOutcome::kSucceeded);
  EXPECT_EQ(voided.status, PaymentStatus::kCancelled);
}

struct DeclineCase {
  const char* file;
  const char* raw;
  DeclineCode code;
  DeclineType type;
};

class StripeDeclines : public ::testing::TestWithParam<DeclineCase> {};

TEST_P(StripeDeclines, MapToPrimerTaxonomy) {
  const DeclineCase& c = GetParam();
  CallResult r = fromPaymentIntentResponse(402, testdata(c.file));
  EXPECT_EQ(r.outcome, CallOutcome::kDeclined);
  EXPECT_EQ(r.status, PaymentStatus::kDeclined);
  EXPECT_TRUE(r.processorTransactionId.starts_with("pi_"));
  ASSERT_TRUE(r.reason.has_value());
  EXPECT_EQ(r.reason->type, ReasonType::kIssuerDeclined);
  EXPECT_EQ(r.reason->code, c.code);
  EXPECT_EQ(r.reason->declineType, c.type);
  EXPECT_EQ(r.reason->processorCode, c.raw);
  EXPECT_FALSE(r.reason->message.empty());
}

INSTANTIATE_TEST_SUITE_P(
    Recorded, StripeDeclines,
    ::testing::Values(DeclineCase{"create_payment_intent.response.402.generic_decline.json",
                                  "generic_decline", DeclineCode::kDeclined, DeclineType::kHard},
                      DeclineCase{"create_payment_intent.response.402.insufficient_funds.json",
                                  "insufficient_funds", DeclineCode::kInsufficientFunds,
                                  DeclineType::kSoft},
                      DeclineCase{"create_payment_intent.response.402.lost_card.json", "lost_card",
                                  DeclineCode::kLostOrStolenCard, DeclineType::kHard},
                      DeclineCase{"create_payment_intent.response.402.expired_card.json",
                                  "expired_card", DeclineCode::kExpiredCard, DeclineType::kHard},
                      DeclineCase{"create_payment_intent.response.402.incorrect_cvc.json",
                                  "incorrect_cvc", DeclineCode::kDeclined, DeclineType::kHard},
                      DeclineCase{"create_payment_intent.response.402.card_velocity_exceeded.json",
                                  "card_velocity_exceeded", DeclineCode::kWithdrawalLimitExceeded,
                                  DeclineType::kSoft},
                      DeclineCase{"create_payment_intent.response.402.fraudulent.json",
                                  "fraudulent", DeclineCode::kSuspectedFraud, DeclineType::kHard},
                      DeclineCase{"create_payment_intent.response.402.authentication_required.json",
                                  "authentication_required", DeclineCode::kAuthenticationRequired,
                                  DeclineType::kSoft}));

TEST(StripeDeclineTable, EveryPrimerClassHasAStripeCode) {
  struct Row {
    const char* raw;
    DeclineCode code;
  };
  for (Row row : {Row{"do_not_honor", DeclineCode::kDoNotHonor},
                  Row{"insufficient_funds", DeclineCode::kInsufficientFunds},
                  Row{"expired_card", DeclineCode::kExpiredCard},
                  Row{"incorrect_number", DeclineCode::kInvalidCardNumber},
                  Row{"invalid_number", DeclineCode::kInvalidCardNumber},
                  Row{"lost_card", DeclineCode::kLostOrStolenCard},
                  Row{"stolen_card", DeclineCode::kLostOrStolenCard},
                  Row{"pickup_card", DeclineCode::kLostOrStolenCard},
                  Row{"fraudulent", DeclineCode::kSuspectedFraud},
                  Row{"card_velocity_exceeded", DeclineCode::kWithdrawalLimitExceeded},
                  Row{"withdrawal_count_limit_exceeded", DeclineCode::kWithdrawalLimitExceeded},
                  Row{"issuer_not_available", DeclineCode::kIssuerTemporarilyUnavailable},
                  Row{"try_again_later", DeclineCode::kIssuerTemporarilyUnavailable},
                  Row{"authentication_required", DeclineCode::kAuthenticationRequired},
                  Row{"call_issuer", DeclineCode::kReferToCardIssuer},
                  Row{"generic_decline", DeclineCode::kDeclined},
                  Row{"something_new", DeclineCode::kUnknown}}) {
    auto r = declineReason(row.raw, "msg");
    EXPECT_EQ(r.code, row.code) << row.raw;
    EXPECT_EQ(r.processorCode, row.raw);
    EXPECT_EQ(r.message, "msg");
  }
  EXPECT_EQ(declineReason("incorrect_cvc", "").advisedAction, AdvisedAction::kUpdateData);
  EXPECT_EQ(declineReason("do_not_try_again", "").declineType, DeclineType::kHard);
}

TEST(StripeAnswers, ProcessingErrorIsARetryableFailureNotADecline) {
  CallResult r = fromPaymentIntentResponse(
      402, testdata("create_payment_intent.response.402.processing_error.json"));
  EXPECT_EQ(r.outcome, CallOutcome::kFailed);
  ASSERT_TRUE(r.reason.has_value());
  EXPECT_EQ(r.reason->type, ReasonType::kGatewayRejected);
  EXPECT_EQ(r.reason->advisedAction, AdvisedAction::kRetryLater);
  EXPECT_EQ(r.reason->processorCode, "processing_error");
}

TEST(StripeAnswers, RefusedRequestsFailAndUnknownsAreNeverDeclines) {
  CallResult bad = fromPaymentIntentResponse(
      400, testdata("create_payment_intent.response.400.parameter_unknown.json"));
  EXPECT_EQ(bad.outcome, CallOutcome::kFailed);
  EXPECT_EQ(bad.reason->type, ReasonType::kGatewayRejected);
  EXPECT_EQ(bad.reason->processorCode, "parameter_unknown");

  CallResult conflict = fromPaymentIntentResponse(
      400, testdata("create_payment_intent.response.400.idempotency_error.json"));
  EXPECT_EQ(conflict.outcome, CallOutcome::kUnknown);

  CallResult capTwice = fromPaymentIntentResponse(
      400, testdata("capture_payment_intent.response.400.payment_intent_unexpected_state.json"));
  EXPECT_EQ(capTwice.outcome, CallOutcome::kFailed);
  EXPECT_EQ(capTwice.reason->processorCode, "payment_intent_unexpected_state");

  for (unsigned status : {500u, 502u, 503u, 409u, 429u, 302u}) {
    CallResult r = fromPaymentIntentResponse(
        status, R"({"error":{"type":"api_error","message":"An unknown error occurred"}})");
    EXPECT_EQ(r.outcome, CallOutcome::kUnknown) << status;
    EXPECT_EQ(r.reason->type, ReasonType::kGatewayTimeout);
  }
  EXPECT_EQ(fromPaymentIntentResponse(200, "{garbled").outcome, CallOutcome::kUnknown);
  EXPECT_EQ(fromPaymentIntentResponse(200, R"({"id":"pi_1"})").outcome, CallOutcome::kUnknown);
  EXPECT_EQ(fromPaymentIntentResponse(402, "<html>").outcome, CallOutcome::kUnknown);
}

TEST(StripeAnswers, Refunds) {
  CallResult r = fromRefundResponse(200, testdata("create_refund.response.200.json"));
  EXPECT_EQ(r.outcome, CallOutcome::kSucceeded);
  EXPECT_TRUE(r.processorOperationId.starts_with("re_"));
  EXPECT_TRUE(r.processorTransactionId.starts_with("pi_"));
  EXPECT_EQ(r.amountRefunded, 250);
  CallResult tooMuch =
      fromRefundResponse(400, testdata("create_refund.response.400.amount_too_large.json"));
  EXPECT_EQ(tooMuch.outcome, CallOutcome::kFailed);
  EXPECT_EQ(tooMuch.reason->processorCode, "amount_too_large");
}

TEST(StripeAnswers, Inquiries) {
  CallResult found =
      fromSearchResponse(200, testdata("search_payment_intents.response.200.declined.json"));
  EXPECT_EQ(found.outcome, CallOutcome::kDeclined);
  EXPECT_EQ(found.reason->code, DeclineCode::kInsufficientFunds);
  EXPECT_EQ(
      fromSearchResponse(200, testdata("search_payment_intents.response.200.empty.json")).outcome,
      CallOutcome::kNotFound);
  EXPECT_EQ(fromSearchResponse(500, "").outcome, CallOutcome::kUnknown);

  auto list = testdata("list_refunds.response.200.json");
  CallResult refund = fromRefundListResponse(200, list, "att_ref_1");
  EXPECT_EQ(refund.outcome, CallOutcome::kSucceeded);
  EXPECT_EQ(refund.amountRefunded, 250);
  EXPECT_EQ(fromRefundListResponse(200, list, "att_other").outcome, CallOutcome::kNotFound);

  auto captured = testdata("capture_payment_intent.response.200.json");
  EXPECT_EQ(fromModificationInquiry(200, captured, InquiryRequest::Kind::kCapture).outcome,
            CallOutcome::kSucceeded);
  EXPECT_EQ(fromModificationInquiry(200, captured, InquiryRequest::Kind::kCancel).outcome,
            CallOutcome::kFailed);
  auto authorized = testdata("retrieve_payment_intent.response.200.json");
  (void)authorized;
  auto requiresCapture = testdata("create_payment_intent.response.200.requires_capture.json");
  EXPECT_EQ(fromModificationInquiry(200, requiresCapture, InquiryRequest::Kind::kCapture).outcome,
            CallOutcome::kNotFound);
  EXPECT_EQ(fromModificationInquiry(503, "", InquiryRequest::Kind::kCapture).outcome,
            CallOutcome::kUnknown);
}

}  // namespace
}  // namespace sy::connectors::stripe
