// The notifications the Adyen emulator sends (sandbox/adyen/notifications.h), signed by its
// signer, read back by the connector's own parser: what serve --demo's inbound endpoint gets.
#include <gtest/gtest.h>

#include <boost/json/serialize.hpp>

#include "connectors/adyen/webhooks.h"
#include "sandbox/adyen/notifications.h"
#include "sandbox/adyen/webhook_signer.h"

namespace sy::connectors::adyen {
namespace {
constexpr std::string_view kKey = "44782DEF547AAA06C910C43932B1EB0C71FC68D9D0C057550C48EC2ACF6BA056";
const TimePoint kNow = fromMicros(1'700'000'000'000'000);

std::vector<WebhookEvent> roundTrip(std::string_view path, std::string_view request, unsigned status,
                                    std::string_view response) {
  auto n = sandbox::adyen::notificationFor(path, request, status, response, kNow);
  if (!n) return {};
  auto body = sandbox::adyen::signNotification(std::move(*n), kKey);
  EXPECT_TRUE(body.isOk());
  InboundWebhook w;
  w.body = *body;
  auto events = parseWebhook(SecretString(R"({"hmacKey":")" + std::string(kKey) + R"("})"), w);
  EXPECT_TRUE(events.isOk()) << events.status().toString();
  return events.isOk() ? *events : std::vector<WebhookEvent>{};
}

TEST(AdyenEmulatorNotifications, ACaptureIsConfirmedWithItsReferences) {
  auto events = roundTrip(
      "captures", R"({"merchantAccount":"Demo","amount":{"currency":"EUR","value":400},"reference":"att_cap"})",
      201,
      R"({"merchantAccount":"Demo","paymentPspReference":"PSP_PAY","pspReference":"PSP_CAP","reference":"att_cap","status":"received","amount":{"currency":"EUR","value":400}})");
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].kind, WebhookEventKind::kCapture);
  EXPECT_TRUE(events[0].success);
  EXPECT_EQ(events[0].processorTransactionId, "PSP_PAY");
  EXPECT_EQ(events[0].processorOperationId, "PSP_CAP");
  EXPECT_EQ(events[0].merchantReference, "att_cap");
  EXPECT_EQ(events[0].amount, std::optional<int64_t>(400));
  EXPECT_EQ(events[0].processorEventId, "CAPTURE:PSP_CAP:true");
}

TEST(AdyenEmulatorNotifications, AuthorisationsRefundsAndNothingForErrors) {
  auto auth = roundTrip("payments",
                        R"({"merchantAccount":"Demo","reference":"att_1","amount":{"currency":"EUR","value":1000}})",
                        200, R"({"pspReference":"PSP_PAY","resultCode":"Refused","refusalReason":"Not enough balance"})");
  ASSERT_EQ(auth.size(), 1u);
  EXPECT_EQ(auth[0].kind, WebhookEventKind::kAuthorization);
  EXPECT_FALSE(auth[0].success);
  auto refund = roundTrip(
      "refunds", R"({"merchantAccount":"Demo"})", 201,
      R"({"paymentPspReference":"PSP_PAY","pspReference":"PSP_REF","reference":"att_ref","status":"received","amount":{"currency":"EUR","value":300}})");
  ASSERT_EQ(refund.size(), 1u);
  EXPECT_EQ(refund[0].kind, WebhookEventKind::kRefund);
  EXPECT_EQ(refund[0].processorOperationId, "PSP_REF");
  EXPECT_FALSE(sandbox::adyen::notificationFor("captures", "{}", 422, R"({"status":422})", kNow));
  EXPECT_FALSE(sandbox::adyen::notificationFor("payments", R"({"reference":"a"})", 200,
                                               R"({"resultCode":"Pending"})", kNow));
}

}  // namespace
}  // namespace sy::connectors::adyen
