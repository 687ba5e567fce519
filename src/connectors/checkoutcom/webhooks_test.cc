// Checkout.com webhooks against the recorded bodies in testdata/webhooks/, whose Cko-Signature
// headers were computed with the openssl CLI (testdata/webhooks/README.md, sign.sh), not with our
// code; then a round trip from the sandbox's signer through CheckoutComConnector::parseWebhook.
#include "connectors/checkoutcom/webhooks.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <boost/asio/io_context.hpp>
#include <cctype>

#include "connectors/checkoutcom/checkoutcom_connector.h"
#include "connectors/checkoutcom/transformers.h"
#include "connectors/testing/testdata.h"
#include "http/client.h"
#include "sandbox/checkoutcom/webhook_signer.h"

namespace sy::connectors::checkoutcom {
namespace {
using domain::DeclineCode;
using domain::ReasonType;

// The signature key sign.sh used; test-only.
constexpr std::string_view kSecret = "cko_sy_test_signing_key_7c3e9a1f5b2d4e60";

// The recorded body or signature, byte for byte.
std::string readFile(const std::string& name) { return testing::testdata("webhooks/" + name); }

SecretString credentials(std::string_view secret = kSecret) {
  return SecretString(R"({"secretKey":"sk_sbox_abc","webhookSecret":")" + std::string(secret) +
                      R"("})");
}

InboundWebhook recorded(const std::string& event) {
  InboundWebhook w;
  w.body = readFile(event + ".json");
  w.headers = {{"Content-Type", "application/json"}, {"Cko-Signature", readFile(event + ".sig")}};
  return w;
}

WebhookEvent parseOne(const std::string& event) {
  auto r = parseWebhook(credentials(), recorded(event));
  EXPECT_TRUE(r.isOk()) << event << ": " << r.status().toString();
  if (!r.isOk() || r->size() != 1) return {};
  return r->front();
}

TEST(CheckoutComWebhooks, ApprovedIsAnAuthorization) {
  WebhookEvent e = parseOne("payment_approved");
  EXPECT_EQ(e.kind, WebhookEventKind::kAuthorization);
  EXPECT_TRUE(e.success);
  EXPECT_EQ(e.processorTransactionId, "pay_mbabizu24mvu3mela5njyhpit4");
  EXPECT_EQ(e.processorOperationId, "act_y3oqhf46pyzuxjbcn2giaqnb44");
  EXPECT_EQ(e.merchantReference, "ORD-5023-4E89");
  EXPECT_EQ(e.amount, 6540);
  EXPECT_EQ(e.currencyCode, "USD");
  EXPECT_EQ(e.processorEventId, "evt_az5sblvku4ge3dwpztvyizgcau");
  EXPECT_EQ(e.occurredAt, *parseTimestamp("2024-03-01T10:15:32.4534553Z"));
  EXPECT_EQ(e.rawType, "payment_approved");
  EXPECT_FALSE(e.reason.has_value());
}

TEST(CheckoutComWebhooks, DeclinedUsesTheResponseCodeTable) {
  WebhookEvent e = parseOne("payment_declined");
  EXPECT_EQ(e.kind, WebhookEventKind::kAuthorization);
  EXPECT_FALSE(e.success);
  EXPECT_EQ(e.processorTransactionId, "pay_do6kcxcq4pwehkbrupwnohnbyq");
  ASSERT_TRUE(e.reason.has_value());
  EXPECT_EQ(e.reason->type, ReasonType::kIssuerDeclined);
  EXPECT_EQ(e.reason->code, DeclineCode::kInsufficientFunds);
  EXPECT_EQ(e.reason->processorCode, "20051");
  EXPECT_EQ(e.reason->message, "Insufficient Funds");
}

TEST(CheckoutComWebhooks, ActionsMapToTheirOperations) {
  struct Case {
    const char* event;
    WebhookEventKind kind;
    bool success;
    const char* action;
    int64_t amount;
  };
  for (const Case& c : {
           Case{"payment_captured", WebhookEventKind::kCapture, true,
                "act_fd3h6evhpn3uxdoqbuu3lqnqbm", 4000},
           Case{"payment_capture_declined", WebhookEventKind::kCapture, false,
                "act_gefycn3jcvuupboxfmqrhk2aym", 2540},
           Case{"payment_voided", WebhookEventKind::kCancel, true, "act_ovtjjb4xfz7ehfiwn7p2m2lcyy",
                6540},
           Case{"payment_refunded", WebhookEventKind::kRefund, true,
                "act_rmxsluftfbmu7hz7x2sq3xq4ju", 1000},
           Case{"payment_refund_declined", WebhookEventKind::kRefund, false,
                "act_nbcyxvuj3q2ufm7x6fxbp5w6ou", 6540},
       }) {
    SCOPED_TRACE(c.event);
    WebhookEvent e = parseOne(c.event);
    EXPECT_EQ(e.kind, c.kind);
    EXPECT_EQ(e.success, c.success);
    EXPECT_EQ(e.processorTransactionId, "pay_mbabizu24mvu3mela5njyhpit4");
    EXPECT_EQ(e.processorOperationId, c.action);
    EXPECT_EQ(e.amount, c.amount);
    EXPECT_EQ(e.reason.has_value(), !c.success);
  }
  WebhookEvent refused = parseOne("payment_refund_declined");
  ASSERT_TRUE(refused.reason.has_value());
  EXPECT_EQ(refused.reason->type, ReasonType::kGatewayRejected);
  EXPECT_EQ(refused.reason->processorCode, "20120");
  EXPECT_EQ(refused.reason->message, "Invalid Customer/User");
}

TEST(CheckoutComWebhooks, DisputeReceivedIsAChargebackOnThePayment) {
  WebhookEvent e = parseOne("dispute_received");
  EXPECT_EQ(e.kind, WebhookEventKind::kChargeback);
  EXPECT_TRUE(e.success);
  EXPECT_EQ(e.processorTransactionId, "pay_mbabizu24mvu3mela5njyhpit4");
  EXPECT_EQ(e.processorOperationId, "dsp_9rjdlsd4epepfjyyf9vl");
  EXPECT_EQ(e.merchantReference, "ORD-5023-4E89");
  EXPECT_EQ(e.amount, 6540);
}

TEST(CheckoutComWebhooks, UnmappedTypesAreOther) {
  WebhookEvent e = parseOne("payment_pending");
  EXPECT_EQ(e.kind, WebhookEventKind::kOther);
  EXPECT_EQ(e.rawType, "payment_pending");
  EXPECT_EQ(e.processorTransactionId, "pay_mbabizu24mvu3mela5njyhpit4");
}

TEST(CheckoutComWebhooks, SignatureHexMayBeUpperCase) {
  InboundWebhook w = recorded("payment_captured");
  std::string& sig = w.headers.back().second;
  std::transform(sig.begin(), sig.end(), sig.begin(),
                 [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
  w.headers.back().first = "CKO-SIGNATURE";
  EXPECT_TRUE(parseWebhook(credentials(), w).isOk());
}

TEST(CheckoutComWebhooks, TamperedBodyWrongSecretOrMissingHeaderAreRefused) {
  InboundWebhook tampered = recorded("payment_refunded");
  size_t amount = tampered.body.find("\"amount\": 1000");
  ASSERT_NE(amount, std::string::npos);
  tampered.body.replace(amount, 14, "\"amount\": 9000");
  EXPECT_EQ(parseWebhook(credentials(), tampered).status().code(), StatusCode::kUnauthenticated);

  EXPECT_EQ(parseWebhook(credentials("another-key"), recorded("payment_refunded")).status().code(),
            StatusCode::kUnauthenticated);

  InboundWebhook unsigned_ = recorded("payment_refunded");
  unsigned_.headers.pop_back();
  auto r = parseWebhook(credentials(), unsigned_);
  EXPECT_EQ(r.status().code(), StatusCode::kUnauthenticated);
  EXPECT_NE(r.status().message().find("Cko-Signature"), std::string::npos);

  for (std::string bad : {std::string(), std::string("zz"), readFile("payment_voided.sig"),
                          readFile("payment_refunded.sig").substr(2)}) {
    InboundWebhook w = recorded("payment_refunded");
    w.headers.back().second = bad;
    EXPECT_EQ(parseWebhook(credentials(), w).status().code(), StatusCode::kUnauthenticated) << bad;
  }
}

// Authentic but not Checkout.com events. Signed with the sandbox signer: what is under test is
// the parsing after a signature that verifies.
TEST(CheckoutComWebhooks, AuthenticButMalformedBodiesAreInvalidArguments) {
  for (
      std::string body :
      {std::string("{not json"), std::string("[]"), std::string(R"({"id":"evt_1"})"),
       std::string(
           R"({"id":"evt_1","type":"payment_captured","created_on":"yesterday","data":{}})"),
       std::string(
           R"({"id":"evt_1","type":"payment_captured","created_on":"2024-03-01T10:00:00Z","data":{"amount":5}})")}) {
    InboundWebhook w;
    w.body = body;
    w.headers = {{"Cko-Signature", sandbox::checkoutcom::webhookSignature(body, kSecret)}};
    EXPECT_EQ(parseWebhook(credentials(), w).status().code(), StatusCode::kInvalidArgument) << body;
  }
}

TEST(CheckoutComWebhooks, AConnectionWithoutWebhookSecretIsNotSetUp) {
  auto r =
      parseWebhook(SecretString(R"({"secretKey":"sk_sbox_abc"})"), recorded("payment_approved"));
  EXPECT_EQ(r.status().code(), StatusCode::kFailedPrecondition);
  EXPECT_EQ(r.status().message().find("sk_sbox_abc"), std::string::npos);
}

TEST(CheckoutComWebhooks, NoStatusMessageQuotesTheSecretOrTheSignature) {
  const std::string signature = readFile("payment_refunded.sig");
  InboundWebhook tampered = recorded("payment_refunded");
  tampered.body += " ";
  InboundWebhook secretAsSignature = recorded("payment_refunded");
  secretAsSignature.headers.back().second = std::string(kSecret);
  for (const Status& s : {parseWebhook(credentials(), tampered).status(),
                          parseWebhook(credentials("other"), recorded("payment_refunded")).status(),
                          parseWebhook(credentials(), secretAsSignature).status()}) {
    ASSERT_FALSE(s.isOk());
    EXPECT_EQ(s.message().find(kSecret), std::string::npos) << s.message();
    EXPECT_EQ(s.message().find(signature), std::string::npos) << s.message();
  }
}

TEST(CheckoutComWebhooks, AmountsComeBackInIsoMinorUnits) {
  // Checkout.com counts CLF in whole units; ISO 4217 gives it four decimals.
  auto clf = fromProcessorAmount(5, "CLF", 4);
  ASSERT_TRUE(clf.isOk());
  EXPECT_EQ(*clf, 50000);
  auto usd = fromProcessorAmount(6540, "USD", 2);
  ASSERT_TRUE(usd.isOk());
  EXPECT_EQ(*usd, 6540);
  EXPECT_FALSE(fromProcessorAmount(12345, "KWD", 2).isOk()) << "not exact";
}

TEST(CheckoutComWebhooks, RoundTripFromTheSandboxSignerThroughTheConnector) {
  boost::asio::io_context ioc;
  http::HttpClient client(ioc.get_executor());
  CheckoutComConnector checkout(client);
  const Connector& connector = checkout;
  ConnectionConfig conn;
  conn.credentialsJson = credentials();
  InboundWebhook w;
  w.body = readFile("payment_captured.json");
  w.headers = {{"Cko-Signature", sandbox::checkoutcom::webhookSignature(w.body, kSecret)}};
  // The sandbox signs exactly what the openssl CLI signed.
  EXPECT_EQ(w.headers.front().second, readFile("payment_captured.sig"));
  auto r = connector.parseWebhook(conn, w, TimePoint{});
  ASSERT_TRUE(r.isOk()) << r.status().toString();
  ASSERT_EQ(r->size(), 1u);
  EXPECT_EQ(r->front().kind, WebhookEventKind::kCapture);
}

}  // namespace
}  // namespace sy::connectors::checkoutcom

namespace sy::connectors::checkoutcom {
namespace {

TEST(CheckoutComWebhooks, DisputeEventsCarryPrimersDisputeStatus) {
  struct Case {
    const char* type;
    const char* status;
    const char* disputeType;
  };
  const Case cases[] = {{"dispute_received", "OPEN", "DISPUTE"},
                        {"dispute_evidence_required", "OPEN", "DISPUTE"},
                        {"dispute_evidence_submitted", "CHALLENGED", "DISPUTE"},
                        {"dispute_won", "WON", "DISPUTE"},
                        {"dispute_lost", "LOST", "DISPUTE"},
                        {"dispute_accepted", "ACCEPTED", "DISPUTE"},
                        {"dispute_canceled", "CANCELLED", "DISPUTE"},
                        {"dispute_expired", "EXPIRED", "DISPUTE"},
                        {"dispute_resolved", "CANCELLED", "DISPUTE"},
                        {"dispute_arbitration_sent_to_scheme", "CHALLENGED", "PREARBITRATION"},
                        {"dispute_arbitration_won", "WON", "PREARBITRATION"},
                        {"dispute_arbitration_lost", "LOST", "PREARBITRATION"}};
  for (const Case& c : cases) {
    SCOPED_TRACE(c.type);
    auto events = eventsFromBody(
        R"({"id":"evt_1","type":")" + std::string(c.type) +
        R"(","created_on":"2024-03-04T08:00:00Z","data":{"id":"dsp_1","category":"fraudulent",)"
        R"("amount":1000,"currency":"EUR","reason_code":"10.4","payment_id":"pay_1","payment_reference":"ord-1"}})");
    ASSERT_TRUE(events.isOk()) << events.status().toString();
    const WebhookEvent& e = (*events)[0];
    EXPECT_EQ(e.kind, WebhookEventKind::kChargeback);
    EXPECT_EQ(e.dispute.status, c.status);
    EXPECT_EQ(e.dispute.type, c.disputeType);
    EXPECT_EQ(e.dispute.reasonCode, "10.4");
    EXPECT_EQ(e.dispute.processorReason, "fraudulent");
    EXPECT_EQ(e.processorOperationId, "dsp_1");
    EXPECT_EQ(e.processorTransactionId, "pay_1");
  }
  auto other = eventsFromBody(
      R"({"id":"evt_2","type":"dispute_evidence_acknowledged_by_scheme","created_on":"2024-03-04T08:00:00Z","data":{"id":"dsp_1","payment_id":"pay_1"}})");
  ASSERT_TRUE(other.isOk());
  EXPECT_EQ((*other)[0].kind, WebhookEventKind::kOther);
}

}  // namespace
}  // namespace sy::connectors::checkoutcom
