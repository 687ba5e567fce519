// Test processor webhooks against the recorded bodies in testdata/webhooks/, whose Tp-Signature
// headers were computed with the openssl CLI (testdata/webhooks/README.md, sign.sh), not with our
// code; then a round trip from the sandbox's signer through TestProcessorConnector::parseWebhook.
#include "connectors/test_processor/webhooks.h"

#include <gtest/gtest.h>

#include <boost/asio/io_context.hpp>

#include "connectors/test_processor/test_processor_connector.h"
#include "connectors/testing/testdata.h"
#include "http/client.h"
#include "sandbox/test_processor/webhook_signer.h"

namespace sy::connectors::test_processor {
namespace {
using domain::AdvisedAction;
using domain::DeclineCode;
using domain::ReasonType;

// The webhookSecret sign.sh used; test-only.
constexpr std::string_view kSecret = "tp_whsec_sy_test_2d7f4a9c1e6b3058";

// The recorded body or signature, byte for byte.
std::string readFile(const std::string& name) { return testing::testdata("webhooks/" + name); }

SecretString credentials(std::string_view secret = kSecret) {
  return SecretString(R"({"apiKey":"tp_key_abc","webhookSecret":")" + std::string(secret) +
                      R"("})");
}

InboundWebhook recorded(const std::string& type) {
  InboundWebhook w;
  w.body = readFile(type + ".json");
  w.headers = {{"Tp-Signature", readFile(type + ".sig")}};
  return w;
}

WebhookEvent parseOne(const std::string& type) {
  auto r = parseWebhook(credentials(), recorded(type));
  EXPECT_TRUE(r.isOk()) << type << ": " << r.status().toString();
  if (!r.isOk() || r->size() != 1) return {};
  return r->front();
}

TEST(TestProcessorWebhooks, EveryRecordedEventMaps) {
  struct Case {
    const char* type;
    WebhookEventKind kind;
    bool success;
    const char* payment;
    const char* operation;
    int64_t amount;
  };
  for (const Case& c : {
           Case{"payment.authorized", WebhookEventKind::kAuthorization, true,
                "tp_pay_5hPROvNDIgAKLS3BBGum", "", 1000},
           Case{"payment.captured", WebhookEventKind::kCapture, true, "tp_pay_m8UbGcHcqyfmVNq7yrre",
                "", 2500},
           Case{"payment.declined", WebhookEventKind::kAuthorization, false,
                "tp_pay_e33xOJgABmsqHeAmRlQS", "", 1000},
           Case{"payment.failed", WebhookEventKind::kAuthorization, false,
                "tp_pay_02YyNpa4kR90bdBXgc6a", "", 1000},
           Case{"capture.succeeded", WebhookEventKind::kCapture, true,
                "tp_pay_XWbHQzaUPxuCMBuHRXMH", "tp_cap_3unLm2Ih1AjdC1UoQQGt", 2000},
           Case{"void.succeeded", WebhookEventKind::kCancel, true, "tp_pay_w01fZLoxm94o1d7gyb3O",
                "tp_void_qWgmyT8yam4RY6dI8t80", 700},
           Case{"refund.succeeded", WebhookEventKind::kRefund, true, "tp_pay_XWbHQzaUPxuCMBuHRXMH",
                "tp_re_8AIxhOY0Sww3wi6KWtV9", 500},
       }) {
    SCOPED_TRACE(c.type);
    WebhookEvent e = parseOne(c.type);
    EXPECT_EQ(e.kind, c.kind);
    EXPECT_EQ(e.success, c.success);
    EXPECT_EQ(e.rawType, c.type);
    EXPECT_EQ(e.processorTransactionId, c.payment);
    EXPECT_EQ(e.processorOperationId, c.operation);
    EXPECT_EQ(e.amount, c.amount);
    EXPECT_EQ(e.currencyCode, "USD");
    EXPECT_EQ(e.merchantReference, "order-1001");
    EXPECT_EQ(e.occurredAt, TimePoint(std::chrono::seconds(1795243870)));
    EXPECT_EQ(e.reason.has_value(), !c.success);
  }
}

TEST(TestProcessorWebhooks, DeclinesAndFailuresKeepTheirRawCodes) {
  WebhookEvent declined = parseOne("payment.declined");
  ASSERT_TRUE(declined.reason.has_value());
  EXPECT_EQ(declined.reason->type, ReasonType::kIssuerDeclined);
  EXPECT_EQ(declined.reason->code, DeclineCode::kInsufficientFunds);
  EXPECT_EQ(declined.reason->processorCode, "insufficient_funds");
  EXPECT_EQ(declined.processorEventId, "tp_evt_Hj4Kl7Zx1Cv5Bn9Mq2We");

  WebhookEvent failed = parseOne("payment.failed");
  ASSERT_TRUE(failed.reason.has_value());
  EXPECT_EQ(failed.reason->type, ReasonType::kGatewayRejected);
  EXPECT_EQ(failed.reason->processorCode, "processing_error");
  EXPECT_EQ(failed.reason->advisedAction, AdvisedAction::kRetryLater);
}

TEST(TestProcessorWebhooks, UnknownTypesAreOther) {
  WebhookEvent e = parseOne("payment.updated");
  EXPECT_EQ(e.kind, WebhookEventKind::kOther);
  EXPECT_EQ(e.processorTransactionId, "tp_pay_5hPROvNDIgAKLS3BBGum");
}

TEST(TestProcessorWebhooks, TamperedBodyWrongSecretOrMissingHeaderAreRefused) {
  InboundWebhook tampered = recorded("refund.succeeded");
  tampered.body.replace(tampered.body.find("\"amount\": 500"), 13, "\"amount\": 900");
  EXPECT_EQ(parseWebhook(credentials(), tampered).status().code(), StatusCode::kUnauthenticated);
  EXPECT_EQ(parseWebhook(credentials("other"), recorded("refund.succeeded")).status().code(),
            StatusCode::kUnauthenticated);
  InboundWebhook unsigned_ = recorded("refund.succeeded");
  unsigned_.headers.clear();
  EXPECT_EQ(parseWebhook(credentials(), unsigned_).status().code(), StatusCode::kUnauthenticated);
  InboundWebhook otherSignature = recorded("refund.succeeded");
  otherSignature.headers.front().second = readFile("void.succeeded.sig");
  EXPECT_EQ(parseWebhook(credentials(), otherSignature).status().code(),
            StatusCode::kUnauthenticated);
}

TEST(TestProcessorWebhooks, AuthenticButMalformedBodiesAreInvalidArguments) {
  // Signed with the sandbox signer: what is under test is the parsing after a valid signature.
  for (std::string body :
       {std::string("{not json"), std::string(R"({"id":"tp_evt_1","object":"event"})"),
        std::string(R"({"id":"tp_evt_1","object":"event","type":"refund.succeeded","created":1,)"
                    R"("data":{"object":"payment","id":"tp_pay_1"}})")}) {
    InboundWebhook w;
    w.body = body;
    w.headers = {{"Tp-Signature", sandbox::test_processor::webhookSignature(body, kSecret)}};
    EXPECT_EQ(parseWebhook(credentials(), w).status().code(), StatusCode::kInvalidArgument) << body;
  }
}

TEST(TestProcessorWebhooks, AConnectionWithoutWebhookSecretIsNotSetUp) {
  auto r = parseWebhook(SecretString(R"({"apiKey":"tp_key_abc"})"), recorded("payment.authorized"));
  EXPECT_EQ(r.status().code(), StatusCode::kFailedPrecondition);
  EXPECT_EQ(r.status().message().find("tp_key_abc"), std::string::npos);
}

TEST(TestProcessorWebhooks, NoStatusMessageQuotesTheSecretOrTheSignature) {
  const std::string signature = readFile("refund.succeeded.sig");
  InboundWebhook tampered = recorded("refund.succeeded");
  tampered.body += " ";
  InboundWebhook secretAsSignature = recorded("refund.succeeded");
  secretAsSignature.headers.front().second = std::string(kSecret);
  for (const Status& s : {parseWebhook(credentials(), tampered).status(),
                          parseWebhook(credentials("other"), recorded("refund.succeeded")).status(),
                          parseWebhook(credentials(), secretAsSignature).status()}) {
    ASSERT_FALSE(s.isOk());
    EXPECT_EQ(s.message().find(kSecret), std::string::npos) << s.message();
    EXPECT_EQ(s.message().find(signature), std::string::npos) << s.message();
  }
}

TEST(TestProcessorWebhooks, RoundTripFromTheSandboxSignerThroughTheConnector) {
  boost::asio::io_context ioc;
  http::HttpClient client(ioc.get_executor());
  TestProcessorConnector tp(client);
  const Connector& connector = tp;
  ConnectionConfig conn;
  conn.credentialsJson = credentials();
  InboundWebhook w;
  w.body = readFile("void.succeeded.json");
  w.headers = {{"tp-signature", sandbox::test_processor::webhookSignature(w.body, kSecret)}};
  EXPECT_EQ(w.headers.front().second, readFile("void.succeeded.sig"));
  auto r = connector.parseWebhook(conn, w, TimePoint{});
  ASSERT_TRUE(r.isOk()) << r.status().toString();
  ASSERT_EQ(r->size(), 1u);
  EXPECT_EQ(r->front().kind, WebhookEventKind::kCancel);
}

}  // namespace
}  // namespace sy::connectors::test_processor

namespace sy::connectors::test_processor {
namespace {

// Found by fuzz/inbound_webhooks_fuzzer: a `created` beyond what the clock holds overflowed.
TEST(TestProcessorWebhooks, ACreatedTimeOutOfRangeIsRefusedNotOverflowed) {
  for (const char* created : {"1793249580698", "-5"}) {
    std::string body = readFile("capture.succeeded.json");
    const size_t at = body.find("\"created\":");
    ASSERT_NE(at, std::string::npos);
    const size_t end = body.find_first_of(",}", at);
    body.replace(at, end - at, std::string("\"created\": ") + created);
    InboundWebhook w;
    w.body = body;
    w.headers = {{"Tp-Signature", sandbox::test_processor::webhookSignature(body, kSecret)}};
    auto r = parseWebhook(credentials(), w);
    ASSERT_FALSE(r.isOk()) << created;
    EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument) << r.status().toString();
  }
}

}  // namespace
}  // namespace sy::connectors::test_processor
