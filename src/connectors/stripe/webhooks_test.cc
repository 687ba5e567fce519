// Stripe webhooks against the recorded bodies in testdata/webhooks/, whose Stripe-Signature
// headers were computed with the openssl CLI (testdata/webhooks/README.md, sign.sh), not with our
// code; then a round trip from the sandbox's signer through StripeConnector::parseWebhook.
#include "connectors/stripe/webhooks.h"

#include <gtest/gtest.h>

#include <boost/asio/io_context.hpp>

#include "connectors/stripe/stripe_connector.h"
#include "connectors/testing/testdata.h"
#include "http/client.h"
#include "sandbox/stripe/webhook_signer.h"

namespace sy::connectors::stripe {
namespace {
using domain::AdvisedAction;
using domain::DeclineCode;
using domain::ReasonType;
using std::chrono::seconds;

// The secret sign.sh used; test-only.
constexpr std::string_view kSecret = "whsec_sy_test_5f0c1e9d2b7a4c63a8e1f4d2b9c0e7a1";
constexpr int64_t kSentAt = 1700200000;  // the t= of every recorded .sig

// The recorded body or signature, byte for byte.
std::string readFile(const std::string& name) { return testing::testdata("webhooks/" + name); }

SecretString credentials(std::string_view secret = kSecret) {
  return SecretString(R"({"secretKey":"sk_test_abc","webhookSecret":")" + std::string(secret) +
                      R"("})");
}

TimePoint at(int64_t unixSeconds) {
  return TimePoint(seconds(unixSeconds));
}

// The recorded body `<event>.json` with the header recorded in `<signature>.sig`.
InboundWebhook recorded(const std::string& event, std::string signature = {}) {
  InboundWebhook w;
  w.body = readFile(event + ".json");
  w.headers = {{"Content-Type", "application/json; charset=utf-8"},
               {"Stripe-Signature", readFile((signature.empty() ? event : signature) + ".sig")}};
  return w;
}

WebhookEvent parseOne(const InboundWebhook& w, TimePoint now = at(kSentAt + 30)) {
  auto r = parseWebhook(credentials(), w, now);
  EXPECT_TRUE(r.isOk()) << r.status().toString();
  if (!r.isOk()) return {};
  EXPECT_EQ(r->size(), 1u);
  return r->empty() ? WebhookEvent{} : r->front();
}

TEST(StripeWebhooks, AmountCapturableUpdatedIsAnAuthorization) {
  WebhookEvent e = parseOne(recorded("payment_intent.amount_capturable_updated"));
  EXPECT_EQ(e.kind, WebhookEventKind::kAuthorization);
  EXPECT_TRUE(e.success);
  EXPECT_EQ(e.processorTransactionId, "pi_3OqB7fLkdIwHu7ix1Q2w3e4r");
  EXPECT_EQ(e.processorOperationId, "");
  EXPECT_EQ(e.merchantReference, "att_auth_7Hq2Lx");
  EXPECT_EQ(e.amount, 2000);
  EXPECT_EQ(e.currencyCode, "USD");
  EXPECT_EQ(e.processorEventId, "evt_3OqB7fLkdIwHu7ix0a1b2c3d");
  EXPECT_EQ(e.occurredAt, at(1700000000));
  EXPECT_EQ(e.rawType, "payment_intent.amount_capturable_updated");
  EXPECT_FALSE(e.reason.has_value());
}

TEST(StripeWebhooks, SucceededIsACaptureOfTheAmountReceived) {
  WebhookEvent e = parseOne(recorded("payment_intent.succeeded"));
  EXPECT_EQ(e.kind, WebhookEventKind::kCapture);
  EXPECT_TRUE(e.success);
  EXPECT_EQ(e.amount, 1500);  // a partial capture of 2000
  EXPECT_EQ(e.processorEventId, "evt_3OqB9kLkdIwHu7ix0e5f6g7h");
}

TEST(StripeWebhooks, AmountsAreConvertedToIsoMinorUnits) {
  // Stripe counts ISK in hundredths (50000); ISO 4217 has no minor unit (500).
  WebhookEvent e = parseOne(recorded("payment_intent.succeeded.isk"));
  EXPECT_EQ(e.currencyCode, "ISK");
  EXPECT_EQ(e.amount, 500);
}

TEST(StripeWebhooks, PaymentFailedIsADeclineFromTheDeclineTable) {
  WebhookEvent e = parseOne(recorded("payment_intent.payment_failed"));
  EXPECT_EQ(e.kind, WebhookEventKind::kAuthorization);
  EXPECT_FALSE(e.success);
  EXPECT_EQ(e.processorTransactionId, "pi_3OqBA2LkdIwHu7ix0P9o8i7u");
  EXPECT_EQ(e.merchantReference, "att_auth_9Kd3Vw");
  ASSERT_TRUE(e.reason.has_value());
  EXPECT_EQ(e.reason->type, ReasonType::kIssuerDeclined);
  EXPECT_EQ(e.reason->code, DeclineCode::kInsufficientFunds);
  EXPECT_EQ(e.reason->processorCode, "insufficient_funds");
  EXPECT_EQ(e.reason->message, "Your card has insufficient funds.");
}

TEST(StripeWebhooks, ProcessingErrorIsAGatewayFailureToRetry) {
  WebhookEvent e = parseOne(recorded("payment_intent.payment_failed.processing_error"));
  EXPECT_FALSE(e.success);
  ASSERT_TRUE(e.reason.has_value());
  EXPECT_EQ(e.reason->type, ReasonType::kGatewayRejected);
  EXPECT_EQ(e.reason->advisedAction, AdvisedAction::kRetryLater);
  EXPECT_EQ(e.reason->processorCode, "processing_error");
}

TEST(StripeWebhooks, CanceledIsACancel) {
  WebhookEvent e = parseOne(recorded("payment_intent.canceled"));
  EXPECT_EQ(e.kind, WebhookEventKind::kCancel);
  EXPECT_TRUE(e.success);
  EXPECT_EQ(e.processorTransactionId, "pi_3OqB7fLkdIwHu7ix1Q2w3e4r");
}

TEST(StripeWebhooks, RefundEventsCarryTheRefundAndItsAttemptKey) {
  WebhookEvent e = parseOne(recorded("refund.created"));
  EXPECT_EQ(e.kind, WebhookEventKind::kRefund);
  EXPECT_TRUE(e.success);
  EXPECT_EQ(e.processorTransactionId, "pi_3OqB7fLkdIwHu7ix1Q2w3e4r");
  EXPECT_EQ(e.processorOperationId, "re_3OqB9kLkdIwHu7ix0R1e2f3u");
  EXPECT_EQ(e.merchantReference, "att_ref_6Yh4Nj");
  EXPECT_EQ(e.amount, 500);

  WebhookEvent failed = parseOne(recorded("refund.updated.failed"));
  EXPECT_EQ(failed.kind, WebhookEventKind::kRefund);
  EXPECT_FALSE(failed.success);
  EXPECT_EQ(failed.processorOperationId, "re_3OqB9kLkdIwHu7ix0R1e2f3u");
  ASSERT_TRUE(failed.reason.has_value());
  EXPECT_EQ(failed.reason->type, ReasonType::kGatewayRejected);
  EXPECT_EQ(failed.reason->processorCode, "expired_or_canceled_card");
}

TEST(StripeWebhooks, DisputeCreatedIsAChargeback) {
  WebhookEvent e = parseOne(recorded("charge.dispute.created"));
  EXPECT_EQ(e.kind, WebhookEventKind::kChargeback);
  EXPECT_TRUE(e.success);
  EXPECT_EQ(e.processorTransactionId, "pi_3OqB7fLkdIwHu7ix1Q2w3e4r");
  EXPECT_EQ(e.processorOperationId, "dp_1OqBG1LkdIwHu7ixD1s2p3t4");
  EXPECT_EQ(e.amount, 1500);
}

TEST(StripeWebhooks, ChargeRefundedIsOtherSoARefundIsNotCountedTwice) {
  WebhookEvent e = parseOne(recorded("charge.refunded"));
  EXPECT_EQ(e.kind, WebhookEventKind::kOther);
  EXPECT_EQ(e.rawType, "charge.refunded");
  EXPECT_EQ(e.processorTransactionId, "pi_3OqB7fLkdIwHu7ix1Q2w3e4r");
}

TEST(StripeWebhooks, HeaderNamesAreCaseInsensitive) {
  InboundWebhook w = recorded("payment_intent.succeeded");
  w.headers.back().first = "stripe-signature";
  EXPECT_TRUE(parseWebhook(credentials(), w, at(kSentAt)).isOk());
}

TEST(StripeWebhooks, OneMatchingV1AmongSeveralIsEnough) {
  // The first v1 is under a rolled secret, the second under the connection's.
  EXPECT_TRUE(parseWebhook(credentials(),
                           recorded("payment_intent.succeeded", "payment_intent.succeeded.rolled"),
                           at(kSentAt))
                  .isOk());
  // The rolled secret's v1 alone does not authenticate.
  InboundWebhook w = recorded("payment_intent.succeeded", "payment_intent.succeeded.rolled");
  std::string& header = w.headers.back().second;
  header.erase(header.rfind(",v1="));
  auto r = parseWebhook(credentials(), w, at(kSentAt));
  EXPECT_EQ(r.status().code(), StatusCode::kUnauthenticated);
}

TEST(StripeWebhooks, TamperedBodyIsRefused) {
  InboundWebhook w = recorded("payment_intent.succeeded");
  size_t at1500 = w.body.find("1500");
  ASSERT_NE(at1500, std::string::npos);
  w.body.replace(at1500, 4, "9500");
  auto r = parseWebhook(credentials(), w, at(kSentAt));
  EXPECT_EQ(r.status().code(), StatusCode::kUnauthenticated);
  EXPECT_NE(r.status().message().find("matches the body"), std::string::npos);
}

TEST(StripeWebhooks, WrongSecretIsRefused) {
  auto r = parseWebhook(credentials("whsec_someone_else"), recorded("payment_intent.succeeded"),
                        at(kSentAt));
  EXPECT_EQ(r.status().code(), StatusCode::kUnauthenticated);
}

TEST(StripeWebhooks, MissingOrMalformedHeaderIsRefused) {
  InboundWebhook w = recorded("payment_intent.succeeded");
  const std::string signature = w.headers.back().second;
  const std::string v1 = signature.substr(signature.find("v1="));
  w.headers.pop_back();
  EXPECT_EQ(parseWebhook(credentials(), w, at(kSentAt)).status().code(),
            StatusCode::kUnauthenticated);
  for (std::string bad :
       {std::string(), std::string("garbage"), v1 /* no t= */,
        std::string("t=1700200000") /* no v1 */,
        "t=1700200000,v0=" + v1.substr(3) /* only the old scheme */, "t=17002000x0," + v1,
        "t=1700200000,t=1700200000," + v1, std::string("t=1700200000,v1=zz")}) {
    w.headers = {{"Stripe-Signature", bad}};
    auto r = parseWebhook(credentials(), w, at(kSentAt));
    EXPECT_EQ(r.status().code(), StatusCode::kUnauthenticated) << bad;
  }
}

TEST(StripeWebhooks, TimestampMustBeWithinTheTolerance) {
  InboundWebhook w = recorded("payment_intent.succeeded");
  EXPECT_TRUE(parseWebhook(credentials(), w, at(kSentAt + 300)).isOk());
  EXPECT_TRUE(parseWebhook(credentials(), w, at(kSentAt - 300)).isOk());
  auto stale = parseWebhook(credentials(), w, at(kSentAt + 301));
  EXPECT_EQ(stale.status().code(), StatusCode::kUnauthenticated);
  EXPECT_NE(stale.status().message().find("older"), std::string::npos);
  auto future = parseWebhook(credentials(), w, at(kSentAt - 301));
  EXPECT_EQ(future.status().code(), StatusCode::kUnauthenticated);
  EXPECT_NE(future.status().message().find("future"), std::string::npos);
  // A stale request with a signature that does not match is refused for the signature.
  w.body += " ";
  EXPECT_NE(parseWebhook(credentials(), w, at(kSentAt + 3600)).status().message().find("match"),
            std::string::npos);
}

// Bodies that are authentic but not Stripe events. They are signed with the sandbox signer: what
// is under test is the parsing after a signature that verifies.
TEST(StripeWebhooks, AuthenticButMalformedBodiesAreInvalidArguments) {
  for (std::string body :
       {std::string("{not json"), std::string("[]"), std::string(R"({"object":"event"})"),
        std::string(R"({"id":"evt_1","object":"event","type":"payment_intent.succeeded",)"
                    R"("created":1700000000,"data":{"object":{"object":"charge","id":"ch_1"}}})"),
        std::string(R"({"id":"evt_1","object":"event","type":"payment_intent.succeeded",)"
                    R"("created":1700000000,"data":{"object":{"object":"payment_intent"}}})")}) {
    InboundWebhook w;
    w.body = body;
    w.headers = {
        {"Stripe-Signature", sandbox::stripe::webhookSignatureHeader(body, kSecret, kSentAt)}};
    auto r = parseWebhook(credentials(), w, at(kSentAt));
    EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument) << body;
  }
}

TEST(StripeWebhooks, AConnectionWithoutWebhookSecretIsNotSetUp) {
  for (const char* creds : {R"({"secretKey":"sk_test_abc"})", R"({"webhookSecret":""})",
                            R"({"webhookSecret":42})", "not json"}) {
    auto r = parseWebhook(SecretString(creds), recorded("payment_intent.succeeded"), at(kSentAt));
    EXPECT_EQ(r.status().code(), StatusCode::kFailedPrecondition) << creds;
    EXPECT_EQ(r.status().message().find("sk_test_abc"), std::string::npos);
  }
}

TEST(StripeWebhooks, NoStatusMessageQuotesTheSecretOrTheSignature) {
  InboundWebhook good = recorded("payment_intent.succeeded");
  const std::string signature = good.headers.back().second;
  std::vector<Status> failures;
  InboundWebhook tampered = good;
  tampered.body += "\n";
  failures.push_back(parseWebhook(credentials(), tampered, at(kSentAt)).status());
  failures.push_back(parseWebhook(credentials("whsec_other"), good, at(kSentAt)).status());
  failures.push_back(parseWebhook(credentials(), good, at(kSentAt + 9999)).status());
  failures.push_back(parseWebhook(credentials(), good, at(kSentAt - 9999)).status());
  InboundWebhook badHeader = good;
  badHeader.headers.back().second = "t=1700200000,v1=" + std::string(kSecret);
  failures.push_back(parseWebhook(credentials(), badHeader, at(kSentAt)).status());
  for (const Status& s : failures) {
    ASSERT_FALSE(s.isOk());
    EXPECT_EQ(s.message().find(kSecret), std::string::npos) << s.message();
    EXPECT_EQ(s.message().find(signature.substr(signature.find("v1=") + 3)), std::string::npos)
        << s.message();
  }
}

TEST(StripeWebhooks, RoundTripFromTheSandboxSignerThroughTheConnector) {
  boost::asio::io_context ioc;
  http::HttpClient client(ioc.get_executor());
  StripeConnector stripe(client);
  const Connector& connector = stripe;
  ConnectionConfig conn;
  conn.credentialsJson = credentials();
  InboundWebhook w;
  w.body = readFile("refund.created.json");
  w.headers = {
      {"Stripe-Signature", sandbox::stripe::webhookSignatureHeader(w.body, kSecret, kSentAt)}};
  // The sandbox signs exactly what the openssl CLI signed.
  EXPECT_EQ(w.headers.front().second, readFile("refund.created.sig"));
  auto r = connector.parseWebhook(conn, w, at(kSentAt + 1));
  ASSERT_TRUE(r.isOk()) << r.status().toString();
  ASSERT_EQ(r->size(), 1u);
  EXPECT_EQ(r->front().kind, WebhookEventKind::kRefund);
  EXPECT_EQ(r->front().processorOperationId, "re_3OqB9kLkdIwHu7ix0R1e2f3u");
}

}  // namespace
}  // namespace sy::connectors::stripe

namespace sy::connectors::stripe {
namespace {

std::string disputeEvent(std::string_view type, std::string_view status) {
  return R"({"id":"evt_d1","object":"event","type":")" + std::string(type) +
         R"(","created":1700200000,"data":{"object":{"id":"dp_1","object":"dispute","amount":1500,)"
         R"("currency":"eur","payment_intent":"pi_1","reason":"fraudulent","status":")" +
         std::string(status) + R"("}}})";
}

TEST(StripeWebhooks, EveryDisputeEventCarriesPrimersStatusFromTheDisputesStatus) {
  struct Case {
    const char* type;
    const char* stripe;
    const char* status;
    const char* disputeType;
  };
  const Case cases[] = {{"charge.dispute.created", "needs_response", "OPEN", "DISPUTE"},
                        {"charge.dispute.created", "warning_needs_response", "OPEN", "RETRIEVAL"},
                        {"charge.dispute.updated", "under_review", "CHALLENGED", "DISPUTE"},
                        {"charge.dispute.updated", "warning_under_review", "CHALLENGED", "RETRIEVAL"},
                        {"charge.dispute.closed", "won", "WON", "DISPUTE"},
                        {"charge.dispute.closed", "lost", "LOST", "DISPUTE"},
                        {"charge.dispute.closed", "warning_closed", "CANCELLED", "RETRIEVAL"}};
  for (const Case& c : cases) {
    SCOPED_TRACE(std::string(c.type) + " " + c.stripe);
    auto events = eventsFromBody(disputeEvent(c.type, c.stripe));
    ASSERT_TRUE(events.isOk()) << events.status().toString();
    const WebhookEvent& e = (*events)[0];
    EXPECT_EQ(e.kind, WebhookEventKind::kChargeback);
    EXPECT_EQ(e.dispute.status, c.status);
    EXPECT_EQ(e.dispute.type, c.disputeType);
    EXPECT_EQ(e.dispute.processorReason, "fraudulent");
    EXPECT_EQ(e.processorOperationId, "dp_1");
    EXPECT_EQ(e.processorTransactionId, "pi_1");
    EXPECT_EQ(e.currencyCode, "EUR");
  }
  auto unknown = eventsFromBody(disputeEvent("charge.dispute.updated", "something_new"));
  ASSERT_TRUE(unknown.isOk());
  EXPECT_EQ((*unknown)[0].kind, WebhookEventKind::kOther);
}

}  // namespace
}  // namespace sy::connectors::stripe
