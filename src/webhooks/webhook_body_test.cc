#include "webhooks/webhook_body.h"

#include <gtest/gtest.h>

#include <boost/json.hpp>

namespace sy::webhooks {
namespace {
namespace json = boost::json;

const TimePoint kSigned = fromMicros(1'700'000'123'456'789);

store::NotificationConfig config() {
  store::NotificationConfig c;
  c.id = "3f1c2b1e-6f7a-4c1d-9a55-3a4c1c0d9e21";
  c.description = "orders";
  return c;
}

TEST(WebhookBody, PaymentEventsWrapThePaymentInPrimersEnvelope) {
  store::NotificationEvent e{"evt_1", "m_a", "PAYMENT.STATUS", "pay_1",
                             R"({"id":"pay_1","status":"AUTHORIZED"})", kSigned};
  auto body = webhookBody(e, config(), kSigned);
  ASSERT_TRUE(body.isOk());
  json::object o = json::parse(*body).as_object();
  EXPECT_EQ(o.at("eventType"), "PAYMENT.STATUS");
  EXPECT_EQ(o.at("version"), "2.4");
  EXPECT_EQ(o.at("eventId"), "evt_1");
  EXPECT_EQ(o.at("signedAt").as_int64(), 1'700'000'123);
  EXPECT_EQ(o.at("date"), "2023-11-14T22:15:23.456789");
  EXPECT_EQ(o.at("notificationConfig").at("id").as_string(), config().id);
  EXPECT_EQ(o.at("notificationConfig").at("description"), "orders");
  EXPECT_EQ(o.at("payment").at("status"), "AUTHORIZED");
  EXPECT_EQ(body->find(R"({"eventType":"PAYMENT.STATUS",)"), 0u);  // the type comes first
}

TEST(WebhookBody, DisputeMembersSitAtTheTopLevel) {
  store::NotificationEvent e{"evt_2", "m_a", "DISPUTE.OPENED", "pay_1",
                             R"({"processorId":"ADYEN","paymentId":"pay_1","eventType":"forged"})",
                             kSigned};
  auto body = webhookBody(e, config(), kSigned);
  ASSERT_TRUE(body.isOk());
  json::object o = json::parse(*body).as_object();
  EXPECT_EQ(o.at("eventType"), "DISPUTE.OPENED");  // a payload cannot override the envelope
  EXPECT_EQ(o.at("processorId"), "ADYEN");
  EXPECT_FALSE(o.contains("payment"));
}

TEST(WebhookBody, AnUnreadablePayloadIsAnError) {
  store::NotificationEvent e{"evt_3", "m_a", "PAYMENT.STATUS", "pay_1", "{oops", kSigned};
  EXPECT_FALSE(webhookBody(e, config(), kSigned).isOk());
}

}  // namespace
}  // namespace sy::webhooks
