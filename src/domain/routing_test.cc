#include "domain/routing.h"

#include <gtest/gtest.h>

namespace sy::domain {
namespace {

Routing fullRouting() {
  Routing r;
  r.source = RoutingSource::kWorkflow;
  WorkflowRun run;
  run.workflow = {"wf_1", 3, "Cards"};
  run.trigger = "PAYMENT_CREATED";
  run.at = fromMicros(1'700'000'000'123'456);
  run.triggered = true;
  run.blocks.push_back({"region", "CONDITIONS", "eu", std::nullopt,
                        R"([{"field":"currency","operator":"EQUALS","value":"EUR"}])"});
  run.blocks.push_back({"ab", "SPLIT", "stripe", 4211, "[]"});
  run.actions = {"NOTIFY", "AUTHORIZE", "CAPTURE"};
  run.notifications.push_back({"EMAIL", "risk@example.com", "hello"});
  r.created = run;
  AuthorizationRoute a;
  a.connections = {"stripe-main", "adyen-main"};
  a.fallbackOn = {"SOFT_DECLINE"};
  a.state = "STOPPED";
  a.stopReason = "SUCCEEDED";
  a.attempts.push_back({"t1", "stripe-main", "FIRST", "", ""});
  a.attempts.push_back({"t2", "adyen-main", "FALLBACK", "SOFT_DECLINE", "INSUFFICIENT_FUNDS"});
  a.skipped.push_back({"checkout-main", "CIRCUIT_OPEN", fromMicros(1'700'000'000'200'000)});
  r.authorization = a;
  RoutedCapture c;
  c.mode = "DELAYED";
  c.delayHours = 24;
  c.dueAt = fromMicros(1'700'086'400'000'000);
  c.state = "SCHEDULED";
  r.capture = c;
  WorkflowRun update;
  update.workflow = {"wf_2", 1, ""};
  update.trigger = "PAYMENT_STATUS_UPDATED";
  update.status = "DECLINED";
  update.triggered = true;
  update.triggerConditionsJson = R"([{"field":"status","operator":"ONE_OF","values":["DECLINED"]}])";
  update.actions = {"NOTIFY"};
  r.statusUpdates.push_back(update);
  return r;
}

TEST(Routing, JsonRoundTripKeepsEveryMember) {
  const Routing r = fullRouting();
  const std::string text = routingToJson(r);
  auto back = routingFromJson(text);
  ASSERT_TRUE(back.isOk()) << back.status().toString();
  EXPECT_EQ(routingToJson(*back), text);
  ASSERT_TRUE(back->created);
  EXPECT_EQ(back->created->blocks[1].bucket, 4211);
  EXPECT_EQ(back->authorization->attempts[1].afterReason, "INSUFFICIENT_FUNDS");
  EXPECT_EQ(back->capture->dueAt, r.capture->dueAt);
  EXPECT_EQ(back->statusUpdates.at(0).status, "DECLINED");
  ASSERT_EQ(back->authorization->skipped.size(), 1u);
  EXPECT_EQ(back->authorization->skipped[0].processorMerchantId, "checkout-main");
  EXPECT_EQ(back->authorization->skipped[0].reason, "CIRCUIT_OPEN");
  EXPECT_EQ(back->authorization->skipped[0].at, r.authorization->skipped[0].at);
}

TEST(Routing, TheJsonShowsTheTraceInTheDocumentedShape) {
  const std::string text = routingToJson(fullRouting());
  EXPECT_NE(text.find(R"("source":"WORKFLOW")"), std::string::npos) << text;
  EXPECT_NE(text.find(R"("paymentCreated":{"workflow":{"id":"wf_1","version":3,"name":"Cards"})"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find(R"("matchedConditions":[{"field":"currency","operator":"EQUALS","value":"EUR"}])"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find(R"("after":{"declineClass":"SOFT_DECLINE","reason":"INSUFFICIENT_FUNDS"})"),
            std::string::npos)
      << text;
  // A split's entry has a bucket and no conditions.
  EXPECT_NE(text.find(R"({"id":"ab","type":"SPLIT","route":"stripe","bucket":4211})"),
            std::string::npos)
      << text;
}

TEST(Routing, AMinimalRoutingIsOnlyItsSource) {
  Routing r;
  r.source = RoutingSource::kPinnedConnection;
  EXPECT_EQ(routingToJson(r), R"({"source":"PINNED_CONNECTION"})");
  auto back = routingFromJson(routingToJson(r));
  ASSERT_TRUE(back.isOk());
  EXPECT_EQ(back->source, RoutingSource::kPinnedConnection);
  EXPECT_FALSE(back->created);
}

TEST(Routing, TextThatIsNotAnObjectIsRefused) {
  EXPECT_FALSE(routingFromJson("[]").isOk());
  EXPECT_FALSE(routingFromJson("{").isOk());
  // Unknown members (a newer writer) are ignored.
  auto r = routingFromJson(R"({"source":"WORKFLOW","future":1})");
  ASSERT_TRUE(r.isOk());
  EXPECT_EQ(r->source, RoutingSource::kWorkflow);
}

}  // namespace
}  // namespace sy::domain
