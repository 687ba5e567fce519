// Adyen webhooks against Adyen's published HMAC example and the recorded notifications in
// testdata/webhooks/, whose item signatures were computed with jq and the openssl CLI
// (testdata/webhooks/README.md, sign.sh), not with our code; then a round trip from the sandbox's
// signer through AdyenConnector::parseWebhook.
#include "connectors/adyen/webhooks.h"

#include <gtest/gtest.h>

#include <boost/asio/io_context.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>

#include "connectors/adyen/adyen_connector.h"
#include "connectors/testing/testdata.h"
#include "http/client.h"
#include "sandbox/adyen/webhook_signer.h"

namespace sy::connectors::adyen {
namespace {
namespace json = boost::json;
using domain::DeclineCode;
using domain::ReasonType;

// Adyen's sample key from its documentation and libraries' tests.
constexpr std::string_view kDocsKey =
    "44782DEF547AAA06C910C43932B1EB0C71FC68D9D0C057550C48EC2ACF6BA056";
// The key sign.sh used for the other recorded notifications; test-only.
constexpr std::string_view kKey =
    "3A8F2C7D9E1B4A6C5D0E8F7A2B9C4D1E6F3A0B5C8D7E2F9A4B1C6D3E0F5A8B7C";

// The recorded body or signature, byte for byte.
std::string readFile(const std::string& name) { return testing::testdata("webhooks/" + name); }

SecretString credentials(std::string_view hmacKey = kKey) {
  return SecretString(R"({"apiKey":"AQEyhmfxK","merchantAccount":"SwitchyardECOM","hmacKey":")" +
                      std::string(hmacKey) + R"("})");
}

InboundWebhook withBody(std::string body) {
  InboundWebhook w;
  w.body = std::move(body);
  w.headers = {{"Content-Type", "application/json"}};
  return w;
}

std::vector<WebhookEvent> parseAll(const std::string& file, std::string_view key = kKey) {
  auto r = parseWebhook(credentials(key), withBody(readFile(file)));
  EXPECT_TRUE(r.isOk()) << r.status().toString();
  return r.isOk() ? *r : std::vector<WebhookEvent>{};
}

json::object item(const json::value& notification, size_t i) {
  return notification.at("notificationItems").at(i).at("NotificationRequestItem").as_object();
}

TEST(AdyenWebhooks, SigningStringFollowsAdyensFieldOrder) {
  json::value docs = json::parse(readFile("adyen_docs_example.json"));
  EXPECT_EQ(signingString(item(docs, 0)),
            "7914073381342284::TestMerchant:TestPayment-1407325143704:1130:EUR:AUTHORISATION:true");
  json::value mods = json::parse(readFile("modifications.json"));
  EXPECT_EQ(
      signingString(item(mods, 0)),
      "JDD6LKT8MBLZNN84:V4HZ4RBFJGXXGN82:SwitchyardECOM:att_cap_Wn3Zs8:1000:EUR:CAPTURE:true");
  EXPECT_EQ(signingString(item(mods, 8)),
            "settlement_detail_report_batch_42.csv::SwitchyardECOM::0:EUR:REPORT_AVAILABLE:true");
}

TEST(AdyenWebhooks, AdyensPublishedExampleVerifies) {
  auto events = parseAll("adyen_docs_example.json", kDocsKey);
  ASSERT_EQ(events.size(), 1u);
  const WebhookEvent& e = events[0];
  EXPECT_EQ(e.kind, WebhookEventKind::kAuthorization);
  EXPECT_TRUE(e.success);
  EXPECT_EQ(e.processorTransactionId, "7914073381342284");
  EXPECT_EQ(e.processorOperationId, "");
  EXPECT_EQ(e.merchantReference, "TestPayment-1407325143704");
  EXPECT_EQ(e.amount, 1130);
  EXPECT_EQ(e.currencyCode, "EUR");
  EXPECT_EQ(e.processorEventId, "AUTHORISATION:7914073381342284:true");
  EXPECT_EQ(e.occurredAt, *parseTimestamp("2019-06-28T17:03:50Z"));
  EXPECT_FALSE(e.reason.has_value());
  // ...and Adyen's second published key signs the same item differently (adyen-php-api-library).
  auto r =
      parseWebhook(credentials("DFB1EB5485895CFA84146406857104ABB4CBCABDC8AAF103A624C8F6A3EAAB00"),
                   withBody(readFile("adyen_docs_example.json")));
  EXPECT_EQ(r.status().code(), StatusCode::kUnauthenticated);
}

TEST(AdyenWebhooks, AuthorisationsMapWithTheRefusalTable) {
  auto events = parseAll("authorisations.json");
  ASSERT_EQ(events.size(), 2u);
  EXPECT_EQ(events[0].kind, WebhookEventKind::kAuthorization);
  EXPECT_TRUE(events[0].success);
  EXPECT_EQ(events[0].currencyCode, "CLP");
  EXPECT_EQ(events[0].amount, 15000);  // Adyen counts CLP in hundredths, ISO 4217 does not
  EXPECT_FALSE(events[0].reason.has_value()) << "a success's reason field is authCode:card:expiry";

  const WebhookEvent& refused = events[1];
  EXPECT_EQ(refused.kind, WebhookEventKind::kAuthorization);
  EXPECT_FALSE(refused.success);
  EXPECT_EQ(refused.processorTransactionId, "NC6HT9CRT65ZGN82");
  EXPECT_EQ(refused.merchantReference, "att_auth_Rm4Kd9");
  ASSERT_TRUE(refused.reason.has_value());
  EXPECT_EQ(refused.reason->type, ReasonType::kIssuerDeclined);
  EXPECT_EQ(refused.reason->code, DeclineCode::kInsufficientFunds);
  EXPECT_EQ(refused.reason->processorCode, "12");  // as the synchronous answer has it
  EXPECT_EQ(refused.reason->message, "Not enough balance");
}

TEST(AdyenWebhooks, ModificationsMapToTheirOperations) {
  auto events = parseAll("modifications.json");
  ASSERT_EQ(events.size(), 9u);
  auto expect = [&](size_t i, WebhookEventKind kind, bool success, std::string_view operation) {
    SCOPED_TRACE(events[i].rawType);
    EXPECT_EQ(events[i].kind, kind);
    EXPECT_EQ(events[i].success, success);
    EXPECT_EQ(events[i].processorOperationId, operation);
    EXPECT_EQ(events[i].reason.has_value(), !success);
  };
  expect(0, WebhookEventKind::kCapture, true, "JDD6LKT8MBLZNN84");
  expect(1, WebhookEventKind::kCapture, false, "KHG7WGW44TKLNN84");  // CAPTURE_FAILED
  expect(2, WebhookEventKind::kCancel, true, "LPK8WHTSBRC6NN84");
  expect(3, WebhookEventKind::kRefund, true, "MZR5N8H4VQJ6NN84");
  expect(4, WebhookEventKind::kRefund, false, "QW3E4R5T6Y7U8N84");  // REFUND success=false
  expect(5, WebhookEventKind::kRefund, false, "ASDF6GH7JK8LNN84");  // REFUND_FAILED
  expect(6, WebhookEventKind::kRefund, true, "ZXCV1BN2M3QWNN84");   // CANCEL_OR_REFUND: refund
  expect(7, WebhookEventKind::kChargeback, true, "PLMK0OKN9IJBNN84");
  EXPECT_EQ(events[8].kind, WebhookEventKind::kOther);
  EXPECT_EQ(events[8].rawType, "REPORT_AVAILABLE");

  EXPECT_EQ(events[0].processorTransactionId, "V4HZ4RBFJGXXGN82");  // originalReference
  EXPECT_EQ(events[0].merchantReference, "att_cap_Wn3Zs8");
  EXPECT_EQ(events[0].amount, 1000);
  EXPECT_EQ(events[3].currencyCode, "JPY");
  EXPECT_EQ(events[3].amount, 3000);
  EXPECT_EQ(events[1].processorEventId, "CAPTURE_FAILED:KHG7WGW44TKLNN84:true");

  ASSERT_TRUE(events[1].reason.has_value());
  EXPECT_EQ(events[1].reason->type, ReasonType::kGatewayRejected);
  EXPECT_EQ(events[1].reason->processorCode, "CAPTURE_FAILED");
  EXPECT_EQ(events[1].reason->message, "Insufficient balance on payment");
  ASSERT_TRUE(events[4].reason.has_value());
  EXPECT_EQ(events[4].reason->processorCode, "REFUND");
  EXPECT_EQ(events[4].reason->message, "Transaction hasn't been captured");
}

TEST(AdyenWebhooks, OneBadItemRefusesTheWholeBatch) {
  auto r = parseWebhook(credentials(), withBody(readFile("batch_one_bad.json")));
  EXPECT_EQ(r.status().code(), StatusCode::kUnauthenticated);
  EXPECT_NE(r.status().message().find("item 2 of 3"), std::string::npos) << r.status().message();
}

TEST(AdyenWebhooks, TamperedItemsAreRefused) {
  json::value n = json::parse(readFile("modifications.json"));
  auto refusedAfter = [&](auto change) {
    json::value copy = n;
    change(copy.at("notificationItems").at(3).at("NotificationRequestItem").as_object());
    return parseWebhook(credentials(), withBody(json::serialize(copy))).status().code() ==
           StatusCode::kUnauthenticated;
  };
  EXPECT_TRUE(refusedAfter([](json::object& i) { i["pspReference"] = "MZR5N8H4VQJ6NN85"; }));
  EXPECT_TRUE(refusedAfter([](json::object& i) { i["originalReference"] = "X"; }));
  EXPECT_TRUE(refusedAfter([](json::object& i) { i["merchantAccountCode"] = "Other"; }));
  EXPECT_TRUE(refusedAfter([](json::object& i) { i["merchantReference"] = "att_x"; }));
  EXPECT_TRUE(refusedAfter([](json::object& i) { i["amount"].as_object()["value"] = 3001; }));
  EXPECT_TRUE(refusedAfter([](json::object& i) { i["amount"].as_object()["currency"] = "EUR"; }));
  EXPECT_TRUE(refusedAfter([](json::object& i) { i["eventCode"] = "CAPTURE"; }));
  EXPECT_TRUE(refusedAfter([](json::object& i) { i["success"] = "false"; }));
  EXPECT_TRUE(refusedAfter([](json::object& i) { i["additionalData"].as_object().clear(); }));
  EXPECT_TRUE(refusedAfter([](json::object& i) { i.erase("additionalData"); }));
  EXPECT_TRUE(refusedAfter(
      [](json::object& i) { i["additionalData"].as_object()["hmacSignature"] = "not base64!"; }));
  // Unsigned fields may change without breaking the signature (Adyen signs only eight).
  EXPECT_FALSE(refusedAfter([](json::object& i) { i["paymentMethod"] = "mc"; }));
}

TEST(AdyenWebhooks, WrongKeyIsRefused) {
  auto r = parseWebhook(credentials(kDocsKey), withBody(readFile("modifications.json")));
  EXPECT_EQ(r.status().code(), StatusCode::kUnauthenticated);
  EXPECT_NE(r.status().message().find("item 1 of 9"), std::string::npos);
}

TEST(AdyenWebhooks, AConnectionWithoutAHexHmacKeyIsNotSetUp) {
  for (const char* creds : {R"({"apiKey":"AQEyhmfxK","merchantAccount":"M"})", R"({"hmacKey":""})",
                            R"({"hmacKey":"not-hex-at-all"})", R"({"hmacKey":"ABC"})", "[]"}) {
    auto r = parseWebhook(SecretString(creds), withBody(readFile("modifications.json")));
    EXPECT_EQ(r.status().code(), StatusCode::kFailedPrecondition) << creds;
    EXPECT_EQ(r.status().message().find("not-hex-at-all"), std::string::npos);
    EXPECT_EQ(r.status().message().find("AQEyhmfxK"), std::string::npos);
  }
}

TEST(AdyenWebhooks, UnreadableNotificationsAreInvalidArguments) {
  for (const char* body :
       {"{not json", "[]", R"({"live":"false"})", R"({"live":"false","notificationItems":[]})",
        R"({"live":"false","notificationItems":[42]})"}) {
    auto r = parseWebhook(credentials(), withBody(body));
    EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument) << body;
  }
}

// Items that are authentic but unreadable. Signed with the sandbox signer: what is under test is
// the parsing after signatures that verify.
TEST(AdyenWebhooks, AuthenticButUnreadableItemsAreInvalidArguments) {
  json::value base = json::parse(readFile("modifications.json"));
  auto afterSigning = [&](auto change) {
    json::value copy = base;
    change(copy.at("notificationItems").at(0).at("NotificationRequestItem").as_object());
    auto body = sandbox::adyen::signNotification(copy.as_object(), kKey);
    EXPECT_TRUE(body.isOk());
    return parseWebhook(credentials(), withBody(*body)).status().code();
  };
  EXPECT_EQ(afterSigning([](json::object& i) { i["eventDate"] = "yesterday"; }),
            StatusCode::kInvalidArgument);
  EXPECT_EQ(afterSigning([](json::object& i) { i.erase("eventDate"); }),
            StatusCode::kInvalidArgument);
  EXPECT_EQ(afterSigning([](json::object& i) { i["success"] = "maybe"; }),
            StatusCode::kInvalidArgument);
  EXPECT_EQ(afterSigning([](json::object& i) { i.erase("pspReference"); }),
            StatusCode::kInvalidArgument);
  // Signed fields of another type than Adyen's strings are malformed, not forged (fuzzing found a
  // numeric merchantReference answered 401).
  EXPECT_EQ(afterSigning([](json::object& i) { i["merchantReference"] = 4000; }),
            StatusCode::kInvalidArgument);
  EXPECT_EQ(afterSigning([](json::object& i) { i["eventCode"] = json::array{"REFUND"}; }),
            StatusCode::kInvalidArgument);
  EXPECT_EQ(afterSigning([](json::object& i) { i["amount"].as_object()["currency"] = 978; }),
            StatusCode::kInvalidArgument);
  EXPECT_EQ(afterSigning([](json::object& i) { i["success"] = 1; }), StatusCode::kInvalidArgument);
  // The signer and the connector agree on a JSON boolean `success`.
  EXPECT_EQ(afterSigning([](json::object& i) { i["success"] = true; }), StatusCode::kOk);
}

TEST(AdyenWebhooks, NoStatusMessageQuotesTheKeyOrASignature) {
  const std::string body = readFile("modifications.json");
  json::value n = json::parse(body);
  const std::string signature =
      std::string(item(n, 0).at("additionalData").at("hmacSignature").as_string());
  std::vector<Status> failures = {
      parseWebhook(credentials(kDocsKey), withBody(body)).status(),
      parseWebhook(credentials(), withBody(readFile("batch_one_bad.json"))).status(),
      parseWebhook(credentials("ABCDEF12345"), withBody(body)).status(),
  };
  for (const Status& s : failures) {
    ASSERT_FALSE(s.isOk());
    for (std::string_view secret : {kKey, kDocsKey, std::string_view("ABCDEF12345")})
      EXPECT_EQ(s.message().find(secret), std::string::npos) << s.message();
    EXPECT_EQ(s.message().find(signature), std::string::npos) << s.message();
  }
}

TEST(AdyenWebhooks, RoundTripFromTheSandboxSignerThroughTheConnector) {
  boost::asio::io_context ioc;
  http::HttpClient client(ioc.get_executor());
  AdyenConnector adyen(client);
  const Connector& connector = adyen;
  ConnectionConfig conn;
  conn.credentialsJson = credentials();

  json::value unsigned_ = json::parse(readFile("modifications.json"));
  for (json::value& wrapper : unsigned_.at("notificationItems").as_array())
    wrapper.at("NotificationRequestItem").at("additionalData").as_object().erase("hmacSignature");
  auto body = sandbox::adyen::signNotification(unsigned_.as_object(), kKey);
  ASSERT_TRUE(body.isOk()) << body.status().toString();
  // The sandbox signs each item exactly as jq + openssl did.
  json::value recorded = json::parse(readFile("modifications.json"));
  json::value resigned = json::parse(*body);
  for (size_t i = 0; i < 9; ++i)
    EXPECT_EQ(item(resigned, i).at("additionalData").at("hmacSignature"),
              item(recorded, i).at("additionalData").at("hmacSignature"))
        << i;

  auto r = connector.parseWebhook(conn, withBody(*body), TimePoint{});
  ASSERT_TRUE(r.isOk()) << r.status().toString();
  EXPECT_EQ(r->size(), 9u);
}

}  // namespace
}  // namespace sy::connectors::adyen

namespace sy::connectors::adyen {
namespace {

TEST(AdyenWebhooks, DisputeNotificationsCarryPrimersDisputeStatus) {
  struct Case {
    const char* code;
    const char* status;
    const char* type;
  };
  const Case cases[] = {{"REQUEST_FOR_INFORMATION", "OPEN", "RETRIEVAL"},
                        {"NOTIFICATION_OF_CHARGEBACK", "OPEN", "DISPUTE"},
                        {"CHARGEBACK", "OPEN", "DISPUTE"},
                        {"CHARGEBACK_REVERSED", "WON", "DISPUTE"},
                        {"SECOND_CHARGEBACK", "LOST", "DISPUTE"},
                        {"PREARBITRATION_WON", "WON", "PREARBITRATION"},
                        {"PREARBITRATION_LOST", "LOST", "PREARBITRATION"}};
  for (const Case& c : cases) {
    SCOPED_TRACE(c.code);
    json::object item{{"eventCode", c.code},
                      {"success", "true"},
                      {"pspReference", "DSP_PSP"},
                      {"originalReference", "PAY_PSP"},
                      {"eventDate", "2024-03-04T08:00:00+01:00"},
                      {"reason", "Fraud"},
                      {"additionalData", json::object{{"chargebackReasonCode", "10.4"}}}};
    json::array items{json::object{{"NotificationRequestItem", item}}};
    auto events = eventsFromNotification(json::object{{"live", "false"}, {"notificationItems", items}});
    ASSERT_TRUE(events.isOk()) << events.status().toString();
    const WebhookEvent& e = (*events)[0];
    EXPECT_EQ(e.kind, WebhookEventKind::kChargeback);
    EXPECT_EQ(e.dispute.status, c.status);
    EXPECT_EQ(e.dispute.type, c.type);
    EXPECT_EQ(e.dispute.reasonCode, "10.4");
    EXPECT_EQ(e.dispute.processorReason, "Fraud");
    EXPECT_EQ(e.processorTransactionId, "PAY_PSP");
    EXPECT_EQ(e.processorOperationId, "DSP_PSP");
  }
}

}  // namespace
}  // namespace sy::connectors::adyen

namespace sy::connectors::adyen {
namespace {

// Found by fuzz/inbound_webhooks_fuzzer: an amount that is not in minor units (250.0) has no form
// in the signed string, so even a notification signed over it is malformed, not unsigned.
TEST(AdyenWebhooks, ANonIntegerAmountIsMalformedEvenWhenSigned) {
  json::value n = json::parse(readFile("modifications.json"));
  n.at("notificationItems").at(3).at("NotificationRequestItem").at("amount").as_object()["value"] =
      250.5;
  auto body = sandbox::adyen::signNotification(n.as_object(), kKey);
  ASSERT_TRUE(body.isOk()) << body.status().toString();
  auto r = parseWebhook(credentials(), withBody(*body));
  ASSERT_FALSE(r.isOk());
  EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument) << r.status().toString();
  EXPECT_NE(r.status().message().find("amount.value"), std::string::npos);
}

}  // namespace
}  // namespace sy::connectors::adyen
