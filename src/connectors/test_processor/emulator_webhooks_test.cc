// The events the test processor emulator sends (sandbox/test_processor/webhook_events.h), signed by
// its signer, read back by the connector's parser: what serve --demo's inbound endpoint gets.
#include <gtest/gtest.h>

#include "connectors/test_processor/webhooks.h"
#include "connectors/testing/testdata.h"
#include "sandbox/test_processor/webhook_events.h"
#include "sandbox/test_processor/webhook_signer.h"

namespace sy::connectors::test_processor {
namespace {
const TimePoint kNow = fromMicros(1'795'243'870'000'000);

std::vector<WebhookEvent> roundTrip(unsigned status, const std::string& response) {
  auto body = sandbox::test_processor::webhookEventFor(status, response, "tp_evt_1", kNow);
  if (!body) return {};
  InboundWebhook w;
  w.body = *body;
  w.headers.emplace_back("Tp-Signature", sandbox::test_processor::webhookSignature(*body, "whsec_x"));
  auto events = parseWebhook(SecretString(R"({"webhookSecret":"whsec_x"})"), w);
  EXPECT_TRUE(events.isOk()) << events.status().toString();
  return events.isOk() ? *events : std::vector<WebhookEvent>{};
}

TEST(TestProcessorEmulatorWebhooks, PaymentsAndOperationsBecomeEventsTheConnectorReads) {
  auto auth = roundTrip(201, testing::testdata("payment_authorized.json"));
  ASSERT_EQ(auth.size(), 1u);
  EXPECT_EQ(auth[0].kind, WebhookEventKind::kAuthorization);
  EXPECT_TRUE(auth[0].success);
  EXPECT_EQ(auth[0].processorEventId, "tp_evt_1");
  auto refund = roundTrip(201, testing::testdata("refund_succeeded.json"));
  ASSERT_EQ(refund.size(), 1u);
  EXPECT_EQ(refund[0].kind, WebhookEventKind::kRefund);
  EXPECT_EQ(refund[0].processorOperationId, "tp_re_8AIxhOY0Sww3wi6KWtV9");
  EXPECT_EQ(refund[0].processorTransactionId, "tp_pay_XWbHQzaUPxuCMBuHRXMH");
  auto declined = roundTrip(402, testing::testdata("payment_declined_insufficient_funds.json"));
  ASSERT_EQ(declined.size(), 1u);
  EXPECT_FALSE(declined[0].success);
  EXPECT_TRUE(roundTrip(400, testing::testdata("error_invalid_request.json")).empty());
}

}  // namespace
}  // namespace sy::connectors::test_processor
