#include "workflows/workflow_validator.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "workflows/example_workflow.h"
#include "workflows/workflow_test_util.h"

namespace sy::workflows {
namespace {
using testing::createdWorkflow;
using ::testing::ElementsAre;
using testing::errorsOf;
using ::testing::IsEmpty;
using testing::IsError;
using testing::OnlyErrorAt;
using testing::routeOn;
using testing::statusWorkflow;

constexpr const char* kCond = "$.steps[0].routes[0].conditions[0]";

std::string at(std::string_view member) {
  return std::string(kCond) + "." + std::string(member);
}

TEST(WorkflowValidator, TheDocumentedExampleIsValid) {
  EXPECT_THAT(errorsOf(testing::kExampleWorkflow), IsEmpty());
}

TEST(WorkflowValidator, UnknownConnection) {
  EXPECT_THAT(errorsOf(createdWorkflow(R"([{"type": "AUTHORIZE", "connection": "paypal"}])")),
              ElementsAre(IsError("$.steps[0].connection",
                                  "Unknown connection 'paypal': the merchant's connections are "
                                  "adyen-eu, stripe-main, checkout-main, test-processor")));
}

TEST(WorkflowValidator, UnknownFallbackConnection) {
  EXPECT_THAT(errorsOf(createdWorkflow(R"([{"type": "AUTHORIZE", "connection": "adyen-eu",
                                            "fallbackConnections": ["stripe-main", "paypal"]}])")),
              OnlyErrorAt("$.steps[0].fallbackConnections[1]", "Unknown connection 'paypal'"));
}

TEST(WorkflowValidator, FallbacksExcludeThePrimaryAndDuplicates) {
  EXPECT_THAT(errorsOf(createdWorkflow(R"([{"type": "AUTHORIZE", "connection": "adyen-eu",
          "fallbackConnections": ["stripe-main", "adyen-eu", "stripe-main"]}])")),
              ElementsAre(IsError("$.steps[0].fallbackConnections[1]",
                                  "The primary connection cannot also be a fallback"),
                          IsError("$.steps[0].fallbackConnections[2]",
                                  "Connection 'stripe-main' is listed twice")));
}

std::string split(std::string_view percentages) {
  // Routes with the given percentages ("50, 50"), each authorizing on stripe-main.
  std::string routes;
  int i = 0;
  std::string_view rest = percentages;
  while (!rest.empty()) {
    const size_t comma = rest.find(',');
    const std::string_view p = rest.substr(0, comma);
    if (!routes.empty()) routes += ",";
    routes += R"({"id": "r)" + std::to_string(i++) + R"(", "percentage": )" + std::string(p) +
              R"(, "steps": [{"type": "AUTHORIZE", "connection": "stripe-main"}]})";
    rest = comma == rest.npos ? std::string_view() : rest.substr(comma + 1);
  }
  return createdWorkflow(R"([{"type": "SPLIT", "id": "s", "routes": [)" + routes + "]}]");
}

TEST(WorkflowValidator, SplitPercentagesMustAddUpTo100) {
  EXPECT_THAT(errorsOf(split("60,30")),
              ElementsAre(IsError("$.steps[0].routes",
                                  "Percentages must add up to 100; they add up to 90")));
  EXPECT_THAT(errorsOf(split("0,100")), IsEmpty()) << "a route may be 0 %";
  EXPECT_THAT(errorsOf(split("20,20,20,20,20")), IsEmpty());
}

TEST(WorkflowValidator, SplitPercentageRange) {
  EXPECT_THAT(errorsOf(split("120,-20")),
              ElementsAre(IsError("$.steps[0].routes[0].percentage",
                                  "Value must be an integer between 0 and 100"),
                          IsError("$.steps[0].routes[1].percentage",
                                  "Value must be an integer between 0 and 100")));
}

TEST(WorkflowValidator, SplitHasTwoToFiveRoutes) {
  EXPECT_THAT(errorsOf(split("100")),
              ElementsAre(IsError("$.steps[0].routes", "A SPLIT block has 2 to 5 routes")));
  EXPECT_THAT(errorsOf(split("10,10,20,20,20,20")),
              ElementsAre(IsError("$.steps[0].routes", "A SPLIT block has 2 to 5 routes")));
}

TEST(WorkflowValidator, RouteAfterAnIdenticalRouteIsUnreachable) {
  // Same conditions in another order and spelling (EQUALS x is ONE_OF [x]).
  const std::string json = createdWorkflow(R"([{"type": "CONDITIONS", "id": "b", "routes": [
    {"id": "first", "conditions": [{"field": "currency", "operator": "EQUALS", "value": "EUR"},
                                   {"field": "amount", "operator": "LESS_THAN_OR_EQUAL", "value": 100}],
     "steps": [{"type": "AUTHORIZE", "connection": "adyen-eu"}]},
    {"id": "again", "conditions": [{"field": "amount", "operator": "LESS_THAN_OR_EQUAL", "value": 100},
                                   {"field": "currency", "operator": "ONE_OF", "values": ["EUR"]}],
     "steps": [{"type": "AUTHORIZE", "connection": "stripe-main"}]}],
    "defaultRoute": {"steps": [{"type": "AUTHORIZE", "connection": "stripe-main"}]}}])");
  EXPECT_THAT(errorsOf(json),
              ElementsAre(IsError("$.steps[0].routes[1]",
                                  "Unreachable route: every payment it matches is matched first by "
                                  "routes[0] ('first')")));
}

TEST(WorkflowValidator, RouteNarrowerThanAnEarlierOneIsUnreachable) {
  // routes[0] tests a subset of routes[1]'s conditions: it matches whatever routes[1] matches.
  const std::string json = createdWorkflow(R"([{"type": "CONDITIONS", "id": "b", "routes": [
    {"id": "visa", "conditions": [{"field": "binNetwork", "operator": "EQUALS", "value": "VISA"}],
     "steps": [{"type": "AUTHORIZE", "connection": "adyen-eu"}]},
    {"id": "visa-debit", "conditions": [{"field": "binFundingType", "operator": "EQUALS", "value": "DEBIT"},
                                        {"field": "binNetwork", "operator": "EQUALS", "value": "VISA"}],
     "steps": [{"type": "AUTHORIZE", "connection": "stripe-main"}]},
    {"id": "debit", "conditions": [{"field": "binFundingType", "operator": "EQUALS", "value": "DEBIT"}],
     "steps": [{"type": "AUTHORIZE", "connection": "stripe-main"}]}],
    "defaultRoute": {"steps": [{"type": "AUTHORIZE", "connection": "stripe-main"}]}}])");
  EXPECT_THAT(errorsOf(json),
              OnlyErrorAt("$.steps[0].routes[1]", "matched first by routes[0] ('visa')"));
}

TEST(WorkflowValidator, RouteWhoseConditionsContradictEachOtherIsUnreachable) {
  EXPECT_THAT(
      errorsOf(createdWorkflow(routeOn(R"([
      {"field": "amount", "operator": "GREATER_THAN_OR_EQUAL", "value": 1000},
      {"field": "amount", "operator": "BETWEEN", "min": 0, "max": 999}])"))),
      ElementsAre(IsError("$.steps[0].routes[0]",
                          "Unreachable route: its conditions on amount exclude every payment")));
  EXPECT_THAT(
      errorsOf(createdWorkflow(routeOn(R"([
      {"field": "currency", "operator": "ONE_OF", "values": ["EUR", "GBP"]},
      {"field": "currency", "operator": "NOT_ONE_OF", "values": ["GBP", "EUR"]}])"))),
      OnlyErrorAt("$.steps[0].routes[0]", "its conditions on currency exclude every payment"));
  EXPECT_THAT(errorsOf(createdWorkflow(routeOn(R"([
      {"field": "metadata", "key": "tier", "operator": "IS_EMPTY"},
      {"field": "metadata", "key": "tier", "operator": "CONTAINS", "value": "vip"}])"))),
              OnlyErrorAt("$.steps[0].routes[0]", "its conditions on metadata.tier exclude"));
  // Overlapping but satisfiable conditions are fine.
  EXPECT_THAT(errorsOf(createdWorkflow(routeOn(R"([
      {"field": "amount", "operator": "GREATER_THAN_OR_EQUAL", "value": 1000},
      {"field": "amount", "operator": "LESS_THAN_OR_EQUAL", "value": 1000},
      {"field": "currency", "operator": "ONE_OF", "values": ["EUR", "GBP"]},
      {"field": "currency", "operator": "NOT_EQUALS", "value": "GBP"}])"))),
              IsEmpty());
}

TEST(WorkflowValidator, OperatorMustFitTheField) {
  EXPECT_THAT(
      errorsOf(
          createdWorkflow(routeOn(R"([{"field": "amount", "operator": "CONTAINS", "value": 5}])"))),
      ElementsAre(IsError(at("operator"),
                          "Operator CONTAINS does not apply to amount, an integer field that "
                          "is always present; it takes EQUALS, NOT_EQUALS, "
                          "GREATER_THAN_OR_EQUAL, LESS_THAN_OR_EQUAL, ONE_OF, NOT_ONE_OF, "
                          "BETWEEN")));
  EXPECT_THAT(
      errorsOf(createdWorkflow(routeOn(
          R"([{"field": "currency", "operator": "BETWEEN", "min": "EUR", "max": "USD"}])"))),
      ElementsAre(IsError(at("operator"),
                          "Operator BETWEEN does not apply to currency, a field of codes; it "
                          "takes EQUALS, NOT_EQUALS, ONE_OF, NOT_ONE_OF")));
  EXPECT_THAT(
      errorsOf(createdWorkflow(routeOn(
          R"([{"field": "customerId", "operator": "GREATER_THAN_OR_EQUAL", "value": "a"}])"))),
      OnlyErrorAt(at("operator"), "does not apply to customerId, a text field"));
  EXPECT_THAT(
      errorsOf(createdWorkflow(routeOn(R"([{"field": "amount", "operator": "IS_EMPTY"}])"))),
      OnlyErrorAt(at("operator"), "Operator IS_EMPTY does not apply to amount"));
}

TEST(WorkflowValidator, OperandMembersFollowTheOperator) {
  EXPECT_THAT(
      errorsOf(createdWorkflow(
          routeOn(R"([{"field": "currency", "operator": "ONE_OF", "value": "EUR"}])"))),
      ElementsAre(IsError(at("value"), "Operator ONE_OF does not take `value`: it takes `values`"),
                  IsError(at("values"), "Field required for operator ONE_OF")));
  EXPECT_THAT(errorsOf(createdWorkflow(
                  routeOn(R"([{"field": "amount", "operator": "BETWEEN", "min": 1}])"))),
              ElementsAre(IsError(at("max"), "Field required for operator BETWEEN")));
  EXPECT_THAT(errorsOf(createdWorkflow(routeOn(
                  R"([{"field": "binNetwork", "operator": "IS_EMPTY", "value": "VISA"}])"))),
              ElementsAre(IsError(at("value"),
                                  "Operator IS_EMPTY does not take `value`: it has no operand")));
}

TEST(WorkflowValidator, OperandTypeMustFitTheField) {
  EXPECT_THAT(
      errorsOf(createdWorkflow(
          routeOn(R"([{"field": "amount", "operator": "EQUALS", "value": "100"}])"))),
      ElementsAre(IsError(at("value"), "Value must be an integer: amount is in minor units")));
  EXPECT_THAT(errorsOf(createdWorkflow(routeOn(
                  R"([{"field": "orderCountry", "operator": "ONE_OF", "values": ["FR", 250]}])"))),
              ElementsAre(IsError(at("values[1]"), "Value must be a string")));
}

TEST(WorkflowValidator, BadValues) {
  EXPECT_THAT(errorsOf(createdWorkflow(
                  routeOn(R"([{"field": "currency", "operator": "EQUALS", "value": "EURO"}])"))),
              ElementsAre(IsError(at("value"),
                                  "Value must be an active ISO 4217 currency code in upper case, "
                                  "e.g. EUR")));
  EXPECT_THAT(
      errorsOf(createdWorkflow(routeOn(
          R"([{"field": "billingCountry", "operator": "ONE_OF", "values": ["FR", "fr", "FRA"]}])"))),
      ElementsAre(IsError(at("values[1]"),
                          "Value must be an ISO 3166-1 alpha-2 country code in upper case, "
                          "e.g. FR"),
                  IsError(at("values[2]"),
                          "Value must be an ISO 3166-1 alpha-2 country code in upper case, "
                          "e.g. FR")));
  EXPECT_THAT(errorsOf(createdWorkflow(routeOn(
                  R"([{"field": "binNetwork", "operator": "EQUALS", "value": "VISA_ELECTRON"}])"))),
              OnlyErrorAt(at("value"), "Value must be a card network"));
  EXPECT_THAT(errorsOf(createdWorkflow(routeOn(
                  R"([{"field": "binFundingType", "operator": "EQUALS", "value": "GIFT"}])"))),
              OnlyErrorAt(at("value"), "Value must be one of CREDIT, DEBIT"));
  EXPECT_THAT(errorsOf(createdWorkflow(routeOn(
                  R"([{"field": "paymentType", "operator": "EQUALS", "value": "RECURRING"}])"))),
              OnlyErrorAt(at("value"), "Value must be one of ECOMMERCE, FIRST_PAYMENT"));
  EXPECT_THAT(errorsOf(createdWorkflow(routeOn(
                  R"([{"field": "amount", "operator": "GREATER_THAN_OR_EQUAL", "value": -1}])"))),
              ElementsAre(IsError(at("value"), "Value must be at least 0")));
  EXPECT_THAT(errorsOf(createdWorkflow(routeOn(
                  R"([{"field": "amount", "operator": "BETWEEN", "min": 500, "max": 100}])"))),
              ElementsAre(IsError(at("min"), "min must be less than or equal to max")));
  EXPECT_THAT(
      errorsOf(createdWorkflow(routeOn(
          R"([{"field": "customerEmailDomain", "operator": "EQUALS", "value": "a@b.com"}])"))),
      ElementsAre(IsError(at("value"), "Value must be a domain without '@', e.g. example.com")));
  EXPECT_THAT(
      errorsOf(createdWorkflow(
          routeOn(R"([{"field": "customerId", "operator": "CONTAINS", "value": ""}])"))),
      ElementsAre(IsError(at("value"),
                          "Value must not be empty (to test for a missing value, use IS_EMPTY)")));
}

TEST(WorkflowValidator, ValueListsAreNonEmptyWithoutRepeats) {
  EXPECT_THAT(errorsOf(createdWorkflow(
                  routeOn(R"([{"field": "currency", "operator": "ONE_OF", "values": []}])"))),
              ElementsAre(IsError(at("values"), "Value must list at least one value")));
  EXPECT_THAT(
      errorsOf(createdWorkflow(routeOn(
          R"([{"field": "customerEmailDomain", "operator": "NOT_ONE_OF", "values": ["a.com", "A.com"]}])"))),
      ElementsAre(IsError(at("values[1]"), "Value listed twice")));
}

TEST(WorkflowValidator, MetadataConditionsNameTheirKey) {
  EXPECT_THAT(errorsOf(createdWorkflow(
                  routeOn(R"([{"field": "metadata", "operator": "EQUALS", "value": "x"}])"))),
              ElementsAre(IsError(at("key"),
                                  "Field required: a metadata condition names the metadata key")));
  EXPECT_THAT(errorsOf(createdWorkflow(routeOn(
                  R"([{"field": "amount", "key": "x", "operator": "EQUALS", "value": 1}])"))),
              ElementsAre(IsError(at("key"), "Only metadata conditions take a key")));
}

TEST(WorkflowValidator, ARouteNeedsConditionsAndABlockNeedsRoutes) {
  EXPECT_THAT(
      errorsOf(createdWorkflow(routeOn("[]"))),
      OnlyErrorAt("$.steps[0].routes[0].conditions", "A route needs at least one condition"));
  EXPECT_THAT(errorsOf(createdWorkflow(R"([{"type": "CONDITIONS", "id": "b", "routes": [],
      "defaultRoute": {"steps": [{"type": "AUTHORIZE", "connection": "stripe-main"}]}}])")),
              ElementsAre(IsError("$.steps[0].routes",
                                  "A CONDITIONS block needs at least one route besides its "
                                  "defaultRoute")));
}

TEST(WorkflowValidator, StatusFieldOnlyInStatusUpdatedWorkflows) {
  EXPECT_THAT(errorsOf(createdWorkflow(
                  routeOn(R"([{"field": "status", "operator": "EQUALS", "value": "DECLINED"}])"))),
              ElementsAre(IsError(at("field"),
                                  "The status field is only available to PAYMENT_STATUS_UPDATED "
                                  "workflows")));
  EXPECT_THAT(errorsOf(statusWorkflow(
                  R"([{"field": "status", "operator": "ONE_OF", "values": ["DECLINED", "LOST"]}])",
                  R"([{"type": "NOTIFY", "channel": "WEBHOOK", "message": "declined"}])")),
              OnlyErrorAt("$.trigger.conditions[0].values[1]", "Value must be a payment status"));
}

TEST(WorkflowValidator, ActionsBelongToTheirTrigger) {
  EXPECT_THAT(
      errorsOf(statusWorkflow("[]", R"([{"type": "AUTHORIZE", "connection": "stripe-main"},
                                                {"type": "BLOCK", "reason": "no"}])")),
      ElementsAre(IsError("$.steps[0].type", "AUTHORIZE runs in PAYMENT_CREATED workflows only"),
                  IsError("$.steps[1].type", "BLOCK runs in PAYMENT_CREATED workflows only")));
  EXPECT_THAT(errorsOf(createdWorkflow(R"([{"type": "AUTHORIZE", "connection": "stripe-main"},
                                          {"type": "REFUND"}])")),
              ElementsAre(IsError("$.steps[1].type",
                                  "REFUND runs in PAYMENT_STATUS_UPDATED workflows only")));
}

TEST(WorkflowValidator, EveryPaymentMustEndAuthorizedOrBlocked) {
  // The default route neither authorizes nor blocks, and nothing after the block does.
  const std::string json = createdWorkflow(R"([{"type": "CONDITIONS", "id": "b", "routes": [
      {"id": "r", "conditions": [{"field": "currency", "operator": "EQUALS", "value": "EUR"}],
       "steps": [{"type": "AUTHORIZE", "connection": "adyen-eu"}]}],
      "defaultRoute": {"id": "other", "steps": []}}])");
  EXPECT_THAT(errorsOf(json),
              ElementsAre(IsError("$.steps[0].defaultRoute",
                                  "Payments taking this path reach the end of the workflow without "
                                  "AUTHORIZE or BLOCK")));
  // A step after the block that authorizes fixes it.
  EXPECT_THAT(
      errorsOf(createdWorkflow(R"([{"type": "NOTIFY", "channel": "WEBHOOK", "message": "m"}])")),
      OnlyErrorAt("$.steps", "without AUTHORIZE or BLOCK"));
}

TEST(WorkflowValidator, AtMostOneAuthorizationPerPayment) {
  const std::string json = createdWorkflow(R"([{"type": "CONDITIONS", "id": "b", "routes": [
      {"id": "r", "conditions": [{"field": "currency", "operator": "EQUALS", "value": "EUR"}],
       "steps": [{"type": "AUTHORIZE", "connection": "adyen-eu"}]}],
      "defaultRoute": {"steps": []}},
      {"type": "AUTHORIZE", "connection": "stripe-main"}])");
  EXPECT_THAT(
      errorsOf(json),
      ElementsAre(IsError("$.steps[1]",
                          "A payment may be authorized twice: an AUTHORIZE runs before this "
                          "one on some path")));
}

TEST(WorkflowValidator, CaptureNeedsAnAuthorizationOnEveryPath) {
  const std::string json = createdWorkflow(R"([{"type": "CONDITIONS", "id": "b", "routes": [
      {"id": "r", "conditions": [{"field": "currency", "operator": "EQUALS", "value": "EUR"}],
       "steps": [{"type": "AUTHORIZE", "connection": "adyen-eu"}, {"type": "CAPTURE", "mode": "IMMEDIATE"}]}],
      "defaultRoute": {"steps": [{"type": "BLOCK", "reason": "EUR only"}]}},
      {"type": "CAPTURE", "mode": "IMMEDIATE"}])");
  // steps[1] is reached only by the EUR route (the other ended with BLOCK), which captured already.
  EXPECT_THAT(errorsOf(json),
              ElementsAre(IsError("$.steps[1]",
                                  "A payment may be captured twice: a CAPTURE runs before this one "
                                  "on some path")));
  EXPECT_THAT(
      errorsOf(createdWorkflow(R"([{"type": "CAPTURE", "mode": "IMMEDIATE"},
                                          {"type": "AUTHORIZE", "connection": "adyen-eu"}])")),
      ElementsAre(IsError("$.steps[0]",
                          "CAPTURE needs an AUTHORIZE before it on every path that reaches it")));
}

TEST(WorkflowValidator, NothingRunsAfterBlock) {
  EXPECT_THAT(
      errorsOf(createdWorkflow(R"([{"type": "BLOCK", "reason": "closed"},
                                          {"type": "AUTHORIZE", "connection": "adyen-eu"}])")),
      ElementsAre(IsError("$.steps[1]",
                          "Unreachable step: every path to it has already ended with BLOCK")));
  EXPECT_THAT(errorsOf(createdWorkflow(R"([{"type": "AUTHORIZE", "connection": "adyen-eu"},
                                          {"type": "BLOCK", "reason": "too late"}])")),
              ElementsAre(IsError("$.steps[1]",
                                  "BLOCK after AUTHORIZE: a payment already sent to a processor "
                                  "cannot be blocked")));
}

TEST(WorkflowValidator, CaptureDelay) {
  EXPECT_THAT(
      errorsOf(createdWorkflow(R"([{"type": "AUTHORIZE", "connection": "adyen-eu"},
                                          {"type": "CAPTURE", "mode": "DELAYED"}])")),
      ElementsAre(IsError("$.steps[1].delayHours", "Field required for a DELAYED capture")));
  EXPECT_THAT(
      errorsOf(createdWorkflow(R"([{"type": "AUTHORIZE", "connection": "adyen-eu"},
                                          {"type": "CAPTURE", "mode": "DELAYED", "delayHours": 169}])")),
      ElementsAre(IsError("$.steps[1].delayHours", "Value must be an integer between 1 and 168")));
  EXPECT_THAT(
      errorsOf(createdWorkflow(R"([{"type": "AUTHORIZE", "connection": "adyen-eu"},
                                          {"type": "CAPTURE", "mode": "IMMEDIATE", "delayHours": 2}])")),
      ElementsAre(IsError("$.steps[1].delayHours", "delayHours applies to DELAYED captures only")));
}

TEST(WorkflowValidator, Notifications) {
  EXPECT_THAT(errorsOf(createdWorkflow(R"([{"type": "NOTIFY", "channel": "EMAIL", "message": "m"},
                                          {"type": "NOTIFY", "channel": "EMAIL", "to": "ops", "message": "m"},
                                          {"type": "NOTIFY", "channel": "WEBHOOK", "to": "a@b.co", "message": ""},
                                          {"type": "AUTHORIZE", "connection": "adyen-eu"}])")),
              ElementsAre(IsError("$.steps[0].to", "Field required for an EMAIL notification"),
                          IsError("$.steps[1].to", "Value must be a valid email address"),
                          IsError("$.steps[2].to",
                                  "WEBHOOK notifications go to the merchant's webhook endpoints: "
                                  "remove `to`"),
                          IsError("$.steps[2].message",
                                  "Value must be between 1 and 1000 characters long")));
  std::string five;
  for (int i = 0; i < 5; ++i)
    five += R"({"type": "NOTIFY", "channel": "WEBHOOK", "message": "m"},)";
  EXPECT_THAT(
      errorsOf(createdWorkflow("[" + five + R"({"type": "AUTHORIZE", "connection": "adyen-eu"}])")),
      ElementsAre(IsError("$.steps[4]", "A payment can trigger at most 4 notifications")));
}

TEST(WorkflowValidator, IdsAreWellFormedAndUnique) {
  const std::string json = createdWorkflow(R"([
    {"type": "CONDITIONS", "id": "b", "routes": [
      {"id": "r", "conditions": [{"field": "currency", "operator": "EQUALS", "value": "EUR"}], "steps": []},
      {"id": "r", "conditions": [{"field": "currency", "operator": "EQUALS", "value": "GBP"}], "steps": []}],
     "defaultRoute": {"id": "has space", "steps": []}},
    {"type": "SPLIT", "id": "b", "routes": [
      {"id": "x", "percentage": 50, "steps": []}, {"id": "y", "percentage": 50, "steps": []}]},
    {"type": "AUTHORIZE", "connection": "adyen-eu"}])");
  EXPECT_THAT(
      errorsOf(json),
      ElementsAre(IsError("$.steps[0].routes[1].id", "Route id 'r' is already used in this block"),
                  IsError("$.steps[0].defaultRoute.id",
                          "Value must be 1 to 64 characters: letters, digits, '_' or '-'"),
                  IsError("$.steps[1].id", "Block id 'b' is already used at $.steps[0]")));
}

TEST(WorkflowValidator, NestingDepthIsBounded) {
  std::string steps = R"([{"type": "AUTHORIZE", "connection": "adyen-eu"}])";
  for (int depth = 9; depth >= 1; --depth) {
    steps =
        R"([{"type": "SPLIT", "id": "s)" + std::to_string(depth) +
        R"(", "routes": [{"id": "a", "percentage": 50, "steps": )" + steps +
        R"(}, {"id": "b", "percentage": 50, "steps": [{"type": "AUTHORIZE", "connection": "stripe-main"}]}]}])";
  }
  // Eight levels are fine; the ninth block is refused where it is.
  const std::string ninth = "$.steps[0]" + [] {
    std::string p;
    for (int i = 0; i < 8; ++i) p += ".routes[0].steps[0]";
    return p;
  }();
  EXPECT_THAT(errorsOf(createdWorkflow(steps)), OnlyErrorAt(ninth, "Blocks nest at most 8 deep"));
}

TEST(WorkflowValidator, BlocksPerPaymentAreBounded) {
  std::string steps = "[";
  for (int i = 0; i < 33; ++i) {
    steps +=
        R"({"type": "SPLIT", "id": "s)" + std::to_string(i) +
        R"(", "routes": [{"id": "a", "percentage": 50, "steps": []}, {"id": "b", "percentage": 50, "steps": []}]},)";
  }
  steps += R"({"type": "AUTHORIZE", "connection": "adyen-eu"}])";
  EXPECT_THAT(errorsOf(createdWorkflow(steps)),
              ElementsAre(IsError("$.steps[32]", "A payment can pass through at most 32 blocks")));
}

TEST(WorkflowValidator, FraudDeclinesNeverFallBack) {
  const std::string json =
      R"({"schemaVersion": 1, "name": "x", "trigger": {"event": "PAYMENT_CREATED"},
    "fallback": {"declineClasses": ["SOFT_DECLINE", "FRAUD_DECLINE", "SOFT_DECLINE"]},
    "steps": [{"type": "AUTHORIZE", "connection": "adyen-eu"}]})";
  EXPECT_THAT(
      errorsOf(json),
      ElementsAre(IsError("$.fallback.declineClasses[1]",
                          "FRAUD_DECLINE cannot fall back: a lost, stolen or fraudulent card "
                          "must not be tried at another processor"),
                  IsError("$.fallback.declineClasses[2]", "Value listed twice")));
}

TEST(WorkflowValidator, NameAndSteps) {
  EXPECT_THAT(errorsOf(R"({"schemaVersion": 1, "name": "", "trigger": {"event": "PAYMENT_CREATED"},
                          "steps": []})"),
              ElementsAre(IsError("$.name", "Value must be between 1 and 200 characters long"),
                          IsError("$.steps", "A workflow needs at least one step")));
}

TEST(WorkflowValidator, ReportsEveryErrorNotJustTheFirst) {
  const std::string json = createdWorkflow(R"([{"type": "CONDITIONS", "id": "b", "routes": [
      {"id": "r", "conditions": [{"field": "currency", "operator": "EQUALS", "value": "XXX1"},
                                 {"field": "amount", "operator": "CONTAINS", "value": 1}],
       "steps": [{"type": "AUTHORIZE", "connection": "nope"}]}],
      "defaultRoute": {"steps": [{"type": "AUTHORIZE", "connection": "stripe-main"}]}}])");
  WorkflowErrors errors = errorsOf(json);
  ASSERT_EQ(errors.size(), 3u);
  EXPECT_EQ(errors[0].path, "$.steps[0].routes[0].conditions[0].value");
  EXPECT_EQ(errors[1].path, "$.steps[0].routes[0].conditions[1].operator");
  EXPECT_EQ(errors[2].path, "$.steps[0].routes[0].steps[0].connection");
}

}  // namespace
}  // namespace sy::workflows
