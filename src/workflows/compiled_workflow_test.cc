#include "workflows/compiled_workflow.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <functional>

#include "workflows/example_workflow.h"
#include "workflows/workflow_test_util.h"

namespace sy::workflows {
namespace {
using testing::createdWorkflow;
using testing::mustLoad;
using testing::routeOn;
using testing::statusWorkflow;

// A payment with every field set.
struct Payment {
  std::vector<MetadataEntry> metadata{{"tier", "gold"}, {"channel", "web"}, {"order_count", "42"}};
  PaymentFacts facts;

  Payment() {
    facts.amount = 4200;
    facts.currency = findCurrency("EUR");
    facts.orderCountry = CountryCode::parse("FR");
    facts.billingCountry = CountryCode::parse("DE");
    facts.binNetwork = CardNetwork::kVisa;
    facts.binIssuerCountry = CountryCode::parse("NL");
    facts.binFundingType = FundingType::kDebit;
    facts.customerId = "cust-1234";
    facts.customerEmailDomain = "Example.COM";
    facts.paymentType = PaymentType::kEcommerce;
    facts.metadata = metadata;
    facts.splitKey = "pay_1";
  }
};

// Whether a route whose only conditions are `conditionsJson` matches the payment.
bool routeMatches(std::string_view conditionsJson,
                  const std::function<void(PaymentFacts&)>& edit = {}) {
  const CompiledWorkflow w = mustLoad(createdWorkflow(routeOn(conditionsJson)));
  Payment p;
  if (edit) edit(p.facts);
  const Decision d = w.evaluate(p.facts);
  EXPECT_TRUE(d.triggered);
  EXPECT_EQ(d.trace().size(), 1u);
  const bool matched = d.trace()[0].route == 0;
  EXPECT_EQ(d.authorize->connection, matched ? "adyen-eu" : "stripe-main");
  return matched;
}

std::string cond(std::string_view field, std::string_view op, std::string_view operand = "") {
  return R"([{"field": ")" + std::string(field) + R"(", "operator": ")" + std::string(op) + "\"" +
         (operand.empty() ? "" : ", " + std::string(operand)) + "}]";
}

TEST(Evaluate, AmountOperators) {
  EXPECT_TRUE(routeMatches(cond("amount", "EQUALS", R"("value": 4200)")));
  EXPECT_FALSE(routeMatches(cond("amount", "EQUALS", R"("value": 4201)")));
  EXPECT_TRUE(routeMatches(cond("amount", "NOT_EQUALS", R"("value": 1)")));
  EXPECT_FALSE(routeMatches(cond("amount", "NOT_EQUALS", R"("value": 4200)")));
  EXPECT_TRUE(routeMatches(cond("amount", "GREATER_THAN_OR_EQUAL", R"("value": 4200)")));
  EXPECT_FALSE(routeMatches(cond("amount", "GREATER_THAN_OR_EQUAL", R"("value": 4201)")));
  EXPECT_TRUE(routeMatches(cond("amount", "LESS_THAN_OR_EQUAL", R"("value": 4200)")));
  EXPECT_FALSE(routeMatches(cond("amount", "LESS_THAN_OR_EQUAL", R"("value": 4199)")));
  // BETWEEN is inclusive at both ends.
  EXPECT_TRUE(routeMatches(cond("amount", "BETWEEN", R"("min": 4200, "max": 5000)")));
  EXPECT_TRUE(routeMatches(cond("amount", "BETWEEN", R"("min": 100, "max": 4200)")));
  EXPECT_FALSE(routeMatches(cond("amount", "BETWEEN", R"("min": 4201, "max": 5000)")));
  EXPECT_TRUE(routeMatches(cond("amount", "ONE_OF", R"("values": [100, 4200, 9000])")));
  EXPECT_FALSE(routeMatches(cond("amount", "ONE_OF", R"("values": [100, 9000])")));
  EXPECT_TRUE(routeMatches(cond("amount", "NOT_ONE_OF", R"("values": [100, 9000])")));
  EXPECT_FALSE(routeMatches(cond("amount", "NOT_ONE_OF", R"("values": [4200])")));
}

TEST(Evaluate, CurrencyOperators) {
  EXPECT_TRUE(routeMatches(cond("currency", "EQUALS", R"("value": "EUR")")));
  EXPECT_FALSE(routeMatches(cond("currency", "EQUALS", R"("value": "USD")")));
  EXPECT_TRUE(routeMatches(cond("currency", "NOT_EQUALS", R"("value": "USD")")));
  EXPECT_TRUE(routeMatches(cond("currency", "ONE_OF", R"("values": ["GBP", "EUR"])")));
  EXPECT_FALSE(routeMatches(cond("currency", "NOT_ONE_OF", R"("values": ["GBP", "EUR"])")));
  EXPECT_TRUE(routeMatches(cond("currency", "EQUALS", R"("value": "JPY")"),
                           [](PaymentFacts& f) { f.currency = findCurrency("JPY"); }));
}

TEST(Evaluate, CountryFields) {
  for (const char* field : {"orderCountry", "billingCountry", "binIssuerCountry"}) {
    SCOPED_TRACE(field);
    EXPECT_TRUE(routeMatches(cond(field, "ONE_OF", R"("values": ["FR", "DE", "NL"])")));
    EXPECT_FALSE(routeMatches(cond(field, "EQUALS", R"("value": "US")")));
    EXPECT_TRUE(routeMatches(cond(field, "NOT_EQUALS", R"("value": "US")")));
    EXPECT_FALSE(routeMatches(cond(field, "IS_EMPTY")));
    EXPECT_TRUE(routeMatches(cond(field, "IS_NOT_EMPTY")));
  }
  EXPECT_TRUE(routeMatches(cond("orderCountry", "EQUALS", R"("value": "FR")")));
  EXPECT_TRUE(routeMatches(cond("billingCountry", "EQUALS", R"("value": "DE")")));
  EXPECT_TRUE(routeMatches(cond("binIssuerCountry", "EQUALS", R"("value": "NL")")));
  EXPECT_FALSE(routeMatches(cond("binIssuerCountry", "EQUALS", R"("value": "FR")")));
}

TEST(Evaluate, AnAbsentValueMatchesOnlyEmptinessAndNegations) {
  auto noBin = [](PaymentFacts& f) {
    f.binIssuerCountry.reset();
    f.binNetwork.reset();
  };
  EXPECT_TRUE(routeMatches(cond("binIssuerCountry", "IS_EMPTY"), noBin));
  EXPECT_FALSE(routeMatches(cond("binIssuerCountry", "IS_NOT_EMPTY"), noBin));
  EXPECT_FALSE(routeMatches(cond("binIssuerCountry", "EQUALS", R"("value": "NL")"), noBin));
  EXPECT_FALSE(routeMatches(cond("binNetwork", "ONE_OF", R"("values": ["VISA"])"), noBin));
  EXPECT_TRUE(routeMatches(cond("binIssuerCountry", "NOT_EQUALS", R"("value": "NL")"), noBin));
  EXPECT_TRUE(routeMatches(cond("binNetwork", "NOT_ONE_OF", R"("values": ["VISA"])"), noBin));
  auto noCustomer = [](PaymentFacts& f) { f.customerId = {}; };
  EXPECT_FALSE(routeMatches(cond("customerId", "CONTAINS", R"("value": "cust")"), noCustomer));
  EXPECT_TRUE(routeMatches(cond("customerId", "NOT_CONTAINS", R"("value": "cust")"), noCustomer));
}

TEST(Evaluate, BinNetworkFundingTypeAndPaymentType) {
  EXPECT_TRUE(routeMatches(cond("binNetwork", "EQUALS", R"("value": "VISA")")));
  EXPECT_FALSE(routeMatches(cond("binNetwork", "ONE_OF", R"("values": ["AMEX", "MASTERCARD"])")));
  EXPECT_TRUE(
      routeMatches(cond("binNetwork", "NOT_ONE_OF", R"("values": ["AMEX", "MASTERCARD"])")));
  EXPECT_TRUE(routeMatches(cond("binFundingType", "EQUALS", R"("value": "DEBIT")")));
  EXPECT_FALSE(routeMatches(cond("binFundingType", "EQUALS", R"("value": "CREDIT")")));
  EXPECT_TRUE(
      routeMatches(cond("paymentType", "ONE_OF", R"("values": ["ECOMMERCE", "FIRST_PAYMENT"])")));
  EXPECT_FALSE(routeMatches(cond("paymentType", "EQUALS", R"("value": "SUBSCRIPTION")")));
  EXPECT_TRUE(routeMatches(cond("paymentType", "IS_EMPTY"),
                           [](PaymentFacts& f) { f.paymentType.reset(); }));
}

TEST(Evaluate, CustomerIdTextOperators) {
  EXPECT_TRUE(routeMatches(cond("customerId", "EQUALS", R"("value": "cust-1234")")));
  EXPECT_FALSE(routeMatches(cond("customerId", "EQUALS", R"("value": "CUST-1234")")))
      << "case counts";
  EXPECT_TRUE(routeMatches(cond("customerId", "NOT_EQUALS", R"("value": "cust-9")")));
  EXPECT_TRUE(routeMatches(cond("customerId", "ONE_OF", R"("values": ["a", "cust-1234", "z"])")));
  EXPECT_FALSE(routeMatches(cond("customerId", "NOT_ONE_OF", R"("values": ["a", "cust-1234"])")));
  EXPECT_TRUE(routeMatches(cond("customerId", "CONTAINS", R"("value": "-12")")));
  EXPECT_FALSE(routeMatches(cond("customerId", "CONTAINS", R"("value": "1234-")")));
  EXPECT_TRUE(routeMatches(cond("customerId", "NOT_CONTAINS", R"("value": "vip")")));
  EXPECT_FALSE(routeMatches(cond("customerId", "IS_EMPTY")));
  EXPECT_TRUE(
      routeMatches(cond("customerId", "IS_EMPTY"), [](PaymentFacts& f) { f.customerId = {}; }));
}

TEST(Evaluate, EmailDomainIgnoresAsciiCase) {
  EXPECT_TRUE(routeMatches(cond("customerEmailDomain", "EQUALS", R"("value": "example.com")")));
  EXPECT_TRUE(
      routeMatches(cond("customerEmailDomain", "ONE_OF", R"("values": ["EXAMPLE.com", "b.org"])")));
  EXPECT_FALSE(
      routeMatches(cond("customerEmailDomain", "NOT_ONE_OF", R"("values": ["example.com"])")));
  EXPECT_TRUE(routeMatches(cond("customerEmailDomain", "CONTAINS", R"("value": "PLE.c")")));
  EXPECT_FALSE(routeMatches(cond("customerEmailDomain", "EQUALS", R"("value": "example.co")")));
  EXPECT_EQ(emailDomain("Ann@Example.COM"), "Example.COM");
  EXPECT_EQ(emailDomain("no-at-sign"), "");
}

TEST(Evaluate, MetadataByKey) {
  EXPECT_TRUE(routeMatches(
      R"([{"field": "metadata", "key": "tier", "operator": "EQUALS", "value": "gold"}])"));
  EXPECT_FALSE(routeMatches(
      R"([{"field": "metadata", "key": "channel", "operator": "EQUALS", "value": "gold"}])"));
  EXPECT_TRUE(routeMatches(
      R"([{"field": "metadata", "key": "order_count", "operator": "ONE_OF", "values": ["41", "42"]}])"));
  EXPECT_TRUE(routeMatches(
      R"([{"field": "metadata", "key": "channel", "operator": "CONTAINS", "value": "we"}])"));
  EXPECT_TRUE(routeMatches(R"([{"field": "metadata", "key": "missing", "operator": "IS_EMPTY"}])"));
  EXPECT_FALSE(routeMatches(R"([{"field": "metadata", "key": "tier", "operator": "IS_EMPTY"}])"));
  EXPECT_TRUE(routeMatches(
      R"([{"field": "metadata", "key": "missing", "operator": "NOT_EQUALS", "value": "x"}])"));
}

TEST(Evaluate, AllConditionsOfARouteMustHold) {
  EXPECT_TRUE(routeMatches(R"([{"field": "currency", "operator": "EQUALS", "value": "EUR"},
                               {"field": "amount", "operator": "LESS_THAN_OR_EQUAL", "value": 5000}])"));
  EXPECT_FALSE(routeMatches(R"([{"field": "currency", "operator": "EQUALS", "value": "EUR"},
                                {"field": "amount", "operator": "LESS_THAN_OR_EQUAL", "value": 4000}])"));
}

TEST(Evaluate, TheFirstMatchingRouteWinsElseTheDefault) {
  const CompiledWorkflow w =
      mustLoad(createdWorkflow(R"([{"type": "CONDITIONS", "id": "b", "routes": [
      {"id": "big", "conditions": [{"field": "amount", "operator": "GREATER_THAN_OR_EQUAL", "value": 10000}],
       "steps": [{"type": "AUTHORIZE", "connection": "adyen-eu"}]},
      {"id": "eur", "conditions": [{"field": "currency", "operator": "EQUALS", "value": "EUR"}],
       "steps": [{"type": "AUTHORIZE", "connection": "stripe-main"}]}],
      "defaultRoute": {"id": "other", "steps": [{"type": "AUTHORIZE", "connection": "checkout-main"}]}}])"));
  Payment p;
  p.facts.amount = 20000;  // both routes match: the first wins
  Decision d = w.evaluate(p.facts);
  EXPECT_EQ(d.authorize->connection, "adyen-eu");
  EXPECT_EQ(d.trace()[0].route, 0);
  p.facts.amount = 100;
  d = w.evaluate(p.facts);
  EXPECT_EQ(d.authorize->connection, "stripe-main");
  EXPECT_EQ(w.routeId(d.trace()[0].block, d.trace()[0].route), "eur");
  p.facts.currency = findCurrency("USD");
  d = w.evaluate(p.facts);
  EXPECT_EQ(d.authorize->connection, "checkout-main");
  EXPECT_EQ(d.trace()[0].route, TraceEntry::kDefaultRoute);
  EXPECT_EQ(w.routeId(d.trace()[0].block, TraceEntry::kDefaultRoute), "other");
}

TEST(Evaluate, TheDocumentedExample) {
  const CompiledWorkflow w = mustLoad(testing::kExampleWorkflow);
  ASSERT_EQ(w.blockCount(), 3u);
  // risk (1 route + default), region (2 routes + default), the nested split (2 routes).
  EXPECT_EQ(w.routeCount(0) + w.routeCount(1) + w.routeCount(2), 5u);
  EXPECT_EQ(w.routeCount(3), 0u);
  Payment p;  // a Dutch debit card paying in euros
  Decision d = w.evaluate(p.facts);
  ASSERT_TRUE(d.triggered);
  ASSERT_NE(d.authorize, nullptr);
  EXPECT_EQ(d.authorize->connection, "adyen-eu");
  EXPECT_EQ(d.authorize->threeDSecure, ThreeDsMode::kPreferred);
  const AuthorizationPlan plan = w.authorizationPlan(*d.authorize);
  EXPECT_EQ(plan.primary, "adyen-eu");
  EXPECT_THAT(plan.fallbacks, ::testing::ElementsAre("stripe-main"));
  EXPECT_TRUE(plan.fallBackOn.contains(DeclineClass::kSoftDecline));
  EXPECT_FALSE(plan.fallBackOn.contains(DeclineClass::kProcessorRejected))
      << "the example's own classes";
  ASSERT_NE(d.capture, nullptr);
  EXPECT_EQ(d.capture->captureMode, CaptureMode::kDelayed);
  EXPECT_EQ(d.capture->delayHours, 24);
  EXPECT_EQ(d.block, nullptr);
  EXPECT_TRUE(d.notifications().empty());
  // Trace: risk (default route), region (route "eu").
  ASSERT_EQ(d.trace().size(), 2u);
  EXPECT_EQ(w.blockId(d.trace()[0].block), "risk");
  EXPECT_EQ(w.routeId(d.trace()[0].block, d.trace()[0].route), "default");
  EXPECT_EQ(w.blockId(d.trace()[1].block), "region");
  EXPECT_EQ(w.routeId(d.trace()[1].block, d.trace()[1].route), "eu");

  // A large prepaid card: notified and blocked; nothing after BLOCK runs.
  p.facts.binFundingType = FundingType::kPrepaid;
  p.facts.amount = 60000;
  d = w.evaluate(p.facts);
  ASSERT_NE(d.block, nullptr);
  EXPECT_EQ(d.block->reason, "Prepaid cards are limited to 500.00");
  EXPECT_EQ(d.authorize, nullptr);
  EXPECT_EQ(d.capture, nullptr);
  ASSERT_EQ(d.notifications().size(), 1u);
  EXPECT_EQ(d.notifications()[0]->to, "risk@example.com");
  ASSERT_EQ(d.trace().size(), 1u);
  EXPECT_EQ(w.routeId(d.trace()[0].block, d.trace()[0].route), "large-prepaid");

  // A US card with the vip tag: the metadata route.
  Payment us;
  us.facts.binIssuerCountry = CountryCode::parse("US");
  us.facts.currency = findCurrency("USD");
  us.metadata[0].value = "vip";
  d = w.evaluate(us.facts);
  EXPECT_EQ(d.authorize->connection, "stripe-main");
  EXPECT_THAT(d.authorize->fallbackConnections,
              ::testing::ElementsAre("checkout-main", "adyen-eu"));

  // Otherwise the split decides, and the trace shows the bucket.
  us.metadata[0].value = "gold";
  d = w.evaluate(us.facts);
  ASSERT_EQ(d.trace().size(), 3u);
  EXPECT_EQ(w.blockType(d.trace()[2].block), BlockType::kSplit);
  const TraceEntry split = d.trace()[2];
  EXPECT_EQ(w.routeId(split.block, split.route), split.bucket < 7000 ? "stripe" : "checkout");
  EXPECT_EQ(d.authorize->connection, split.bucket < 7000 ? "stripe-main" : "checkout-main");
}

TEST(Evaluate, ARoutesConditionsAreKeptAsWrittenForTheTrace) {
  const CompiledWorkflow w = mustLoad(testing::kExampleWorkflow);
  Payment p;  // a Dutch debit card paying in euros: region's route "eu"
  const Decision d = w.evaluate(p.facts);
  ASSERT_EQ(d.trace().size(), 2u);
  const TraceEntry region = d.trace()[1];
  EXPECT_EQ(w.routeConditionsJson(region.block, region.route),
            R"([{"field":"binIssuerCountry","operator":"ONE_OF","values":["FR","DE","NL","ES","IT"]},)"
            R"({"field":"currency","operator":"EQUALS","value":"EUR"}])");
  // A default route has none; so does a workflow's trigger without conditions.
  EXPECT_EQ(w.routeConditionsJson(d.trace()[0].block, TraceEntry::kDefaultRoute), "[]");
  EXPECT_EQ(w.triggerConditionsJson(), "[]");
  // Integers stay integers; metadata conditions keep their key; out-of-range asks get "[]".
  const TraceEntry risk{d.trace()[0].block, 0, 0};
  EXPECT_EQ(w.routeConditionsJson(risk.block, risk.route),
            R"([{"field":"binFundingType","operator":"EQUALS","value":"PREPAID"},)"
            R"({"field":"amount","operator":"GREATER_THAN_OR_EQUAL","value":50000}])");
  EXPECT_EQ(w.routeConditionsJson(region.block, 1),
            R"([{"field":"metadata","key":"tier","operator":"EQUALS","value":"vip"}])");
  EXPECT_EQ(w.routeConditionsJson(region.block, 9), "[]");
  EXPECT_EQ(w.routeConditionsJson(999, 0), "[]");
}

TEST(Evaluate, TriggerConditionsGateTheWorkflow) {
  const CompiledWorkflow w = mustLoad(statusWorkflow(
      R"([{"field": "status", "operator": "ONE_OF", "values": ["DECLINED", "FAILED"]}])",
      R"([{"type": "NOTIFY", "channel": "WEBHOOK", "message": "Payment refused"},
          {"type": "CONDITIONS", "id": "big", "routes": [
            {"id": "yes", "conditions": [{"field": "amount", "operator": "GREATER_THAN_OR_EQUAL", "value": 100000}],
             "steps": [{"type": "NOTIFY", "channel": "EMAIL", "to": "ops@example.com", "message": "Large payment refused"}]}],
           "defaultRoute": {"steps": []}}])"));
  EXPECT_EQ(w.trigger(), TriggerEvent::kPaymentStatusUpdated);
  Payment p;
  p.facts.status = domain::PaymentStatus::kAuthorized;
  Decision d = w.evaluate(p.facts);
  EXPECT_FALSE(d.triggered);
  EXPECT_TRUE(d.notifications().empty());
  EXPECT_TRUE(d.trace().empty());

  p.facts.status = domain::PaymentStatus::kDeclined;
  d = w.evaluate(p.facts);
  EXPECT_TRUE(d.triggered);
  ASSERT_EQ(d.notifications().size(), 1u);
  EXPECT_EQ(d.notifications()[0]->channel, NotifyChannel::kWebhook);

  p.facts.amount = 250000;
  p.facts.status = domain::PaymentStatus::kFailed;
  d = w.evaluate(p.facts);
  ASSERT_EQ(d.notifications().size(), 2u);
  EXPECT_EQ(d.notifications()[1]->to, "ops@example.com");
}

TEST(Evaluate, StatusUpdatedWorkflowsCaptureCancelAndRefund) {
  const CompiledWorkflow w = mustLoad(
      statusWorkflow(R"([{"field": "status", "operator": "EQUALS", "value": "AUTHORIZED"}])",
                     R"([{"type": "CONDITIONS", "id": "risky", "routes": [
            {"id": "prepaid", "conditions": [{"field": "binFundingType", "operator": "EQUALS", "value": "PREPAID"}],
             "steps": [{"type": "CANCEL", "reason": "prepaid not accepted"}]}],
           "defaultRoute": {"steps": [{"type": "CAPTURE", "mode": "IMMEDIATE"}]}}])"));
  Payment p;
  p.facts.status = domain::PaymentStatus::kAuthorized;
  Decision d = w.evaluate(p.facts);
  ASSERT_NE(d.capture, nullptr);
  EXPECT_EQ(d.cancel, nullptr);
  p.facts.binFundingType = FundingType::kPrepaid;
  d = w.evaluate(p.facts);
  EXPECT_EQ(d.capture, nullptr);
  ASSERT_NE(d.cancel, nullptr);
  EXPECT_EQ(d.cancel->reason, "prepaid not accepted");
}

TEST(Evaluate, NestedBlocksAreTracedInOrder) {
  const CompiledWorkflow w = mustLoad(createdWorkflow(R"([
    {"type": "CONDITIONS", "id": "outer", "routes": [
      {"id": "eur", "conditions": [{"field": "currency", "operator": "EQUALS", "value": "EUR"}],
       "steps": [{"type": "CONDITIONS", "id": "inner", "routes": [
         {"id": "visa", "conditions": [{"field": "binNetwork", "operator": "EQUALS", "value": "VISA"}],
          "steps": [{"type": "AUTHORIZE", "connection": "adyen-eu"}]}],
         "defaultRoute": {"steps": [{"type": "AUTHORIZE", "connection": "checkout-main"}]}}]}],
     "defaultRoute": {"steps": [{"type": "AUTHORIZE", "connection": "stripe-main"}]}},
    {"type": "SPLIT", "id": "capture-ab", "routes": [
      {"id": "now", "percentage": 100, "steps": [{"type": "CAPTURE", "mode": "IMMEDIATE"}]},
      {"id": "later", "percentage": 0, "steps": [{"type": "CAPTURE", "mode": "DELAYED", "delayHours": 2}]}]}])"));
  Payment p;
  const Decision d = w.evaluate(p.facts);
  ASSERT_EQ(d.trace().size(), 3u);
  EXPECT_EQ(w.blockId(d.trace()[0].block), "outer");
  EXPECT_EQ(w.blockId(d.trace()[1].block), "inner");
  EXPECT_EQ(w.blockId(d.trace()[2].block), "capture-ab");
  EXPECT_EQ(w.routeId(d.trace()[2].block, d.trace()[2].route), "now");
  EXPECT_EQ(d.authorize->connection, "adyen-eu");
  EXPECT_EQ(d.capture->captureMode, CaptureMode::kImmediate);
}

TEST(Evaluate, LoadReportsParseAndValidationErrors) {
  Checked<CompiledWorkflow> bad = CompiledWorkflow::load("{", testing::connections());
  ASSERT_FALSE(bad.isOk());
  EXPECT_EQ(bad.errors()[0].path, "$");
  bad = CompiledWorkflow::load(createdWorkflow(R"([{"type": "AUTHORIZE", "connection": "x"}])"),
                               testing::connections());
  ASSERT_FALSE(bad.isOk());
  EXPECT_EQ(bad.errors()[0].path, "$.steps[0].connection");
}

TEST(Evaluate, ACompiledWorkflowMovesWithoutInvalidatingItsStrings) {
  CompiledWorkflow w = mustLoad(testing::kExampleWorkflow);
  CompiledWorkflow moved = std::move(w);
  Payment p;
  const Decision d = moved.evaluate(p.facts);
  EXPECT_EQ(d.authorize->connection, "adyen-eu");
  EXPECT_EQ(moved.blockId(d.trace()[1].block), "region");
}

}  // namespace
}  // namespace sy::workflows
