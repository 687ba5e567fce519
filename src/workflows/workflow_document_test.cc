#include "workflows/workflow_document.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "workflows/example_workflow.h"
#include "workflows/workflow_test_util.h"

namespace sy::workflows {
namespace {
using testing::createdWorkflow;
using ::testing::ElementsAre;
using testing::IsError;

WorkflowErrors parseErrors(std::string_view json) {
  Checked<WorkflowDocument> doc = parseWorkflowDocument(json);
  EXPECT_FALSE(doc.isOk());
  return doc.isOk() ? WorkflowErrors{} : doc.errors();
}

TEST(WorkflowDocument, ParsesTheDocumentedExample) {
  Checked<WorkflowDocument> doc = parseWorkflowDocument(testing::kExampleWorkflow);
  ASSERT_TRUE(doc.isOk());
  EXPECT_EQ(doc->schemaVersion, 1);
  EXPECT_EQ(doc->trigger.event, TriggerEvent::kPaymentCreated);
  ASSERT_TRUE(doc->fallbackDeclineClasses.has_value());
  EXPECT_THAT(*doc->fallbackDeclineClasses,
              ElementsAre(DeclineClass::kSoftDecline, DeclineClass::kProcessorError,
                          DeclineClass::kProcessorTimeout));
  ASSERT_EQ(doc->steps.size(), 3u);

  const Block& risk = std::get<Block>(doc->steps[0].body);
  EXPECT_EQ(risk.id, "risk");
  ASSERT_TRUE(risk.defaultRoute.has_value());
  EXPECT_EQ(risk.defaultRoute->id, "default");  // the default route's id may be left out
  const Condition& funding = risk.routes[0].conditions[0];
  EXPECT_EQ(funding.field, Field::kBinFundingType);
  EXPECT_EQ(funding.op, Operator::kEquals);
  EXPECT_EQ(funding.value, Operand(std::string("PREPAID")));
  EXPECT_EQ(risk.routes[0].conditions[1].value, Operand(int64_t{50000}));

  const Block& region = std::get<Block>(doc->steps[1].body);
  const Condition& vip = region.routes[1].conditions[0];
  EXPECT_EQ(vip.field, Field::kMetadata);
  EXPECT_EQ(vip.key, "tier");
  const Action& eu = std::get<Action>(region.routes[0].steps[0].body);
  EXPECT_EQ(eu.type, ActionType::kAuthorize);
  EXPECT_EQ(eu.connection, "adyen-eu");
  EXPECT_EQ(eu.threeDSecure, ThreeDsMode::kPreferred);
  EXPECT_THAT(eu.fallbackConnections, ElementsAre("stripe-main"));
  const Block& split = std::get<Block>(region.defaultRoute->steps[0].body);
  EXPECT_EQ(split.type, BlockType::kSplit);
  EXPECT_EQ(split.routes[1].percentage, 30);

  const Action& capture = std::get<Action>(doc->steps[2].body);
  EXPECT_EQ(capture.captureMode, CaptureMode::kDelayed);
  EXPECT_EQ(capture.delayHours, 24);
}

TEST(WorkflowDocument, MalformedJsonIsOneErrorAtTheRoot) {
  WorkflowErrors errors = parseErrors(R"({"schemaVersion": 1,)");
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0].path, "$");
  EXPECT_THAT(errors[0].description, ::testing::StartsWith("Malformed JSON at byte"));
}

TEST(WorkflowDocument, RejectsANonObject) {
  EXPECT_THAT(parseErrors("[1, 2]"),
              ElementsAre(IsError("$", "A workflow document must be a JSON object")));
}

TEST(WorkflowDocument, SchemaVersionIsRequiredAndMustBeOne) {
  EXPECT_THAT(parseErrors(R"({"name": "x"})"),
              ElementsAre(IsError("$.schemaVersion", "Field required")));
  // An unknown version stops parsing: the rest would be read with the wrong rules.
  EXPECT_THAT(parseErrors(R"({"schemaVersion": 2, "bogus": true})"),
              ElementsAre(IsError("$.schemaVersion",
                                  "Unsupported schemaVersion: this server reads schemaVersion 1")));
  EXPECT_THAT(parseErrors(R"({"schemaVersion": "1"})"),
              ElementsAre(IsError("$.schemaVersion",
                                  "Unsupported schemaVersion: this server reads schemaVersion 1")));
}

TEST(WorkflowDocument, ReportsEveryMissingTopLevelMember) {
  EXPECT_THAT(
      parseErrors(R"({"schemaVersion": 1})"),
      ElementsAre(IsError("$.name", "Field required"), IsError("$.trigger", "Field required"),
                  IsError("$.steps", "Field required")));
}

TEST(WorkflowDocument, RejectsUnknownMembersWhereverTheyAre) {
  const std::string json = R"({"schemaVersion": 1, "name": "x", "colour": "red",
    "trigger": {"event": "PAYMENT_CREATED", "when": 1},
    "steps": [{"type": "CONDITIONS", "id": "b", "priority": 1,
               "routes": [{"id": "r", "weight": 2, "conditions": [
                  {"field": "amount", "operator": "EQUALS", "value": 1, "unit": "cents"}],
                  "steps": [{"type": "AUTHORIZE", "connection": "c", "retries": 3}]}],
               "defaultRoute": {"steps": [], "conditions": []}}]})";
  EXPECT_THAT(
      parseErrors(json),
      ElementsAre(IsError("$.colour", "Unknown field"), IsError("$.trigger.when", "Unknown field"),
                  IsError("$.steps[0].priority", "Unknown field"),
                  IsError("$.steps[0].defaultRoute.conditions", "Unknown field"),
                  IsError("$.steps[0].routes[0].weight", "Unknown field"),
                  IsError("$.steps[0].routes[0].conditions[0].unit", "Unknown field"),
                  IsError("$.steps[0].routes[0].steps[0].retries", "Unknown field")));
}

TEST(WorkflowDocument, MembersDependOnTheBlockAndActionType) {
  // A split route has a percentage, not conditions; a capture has no connection.
  const std::string json = createdWorkflow(R"([
    {"type": "SPLIT", "id": "s", "routes": [
      {"id": "a", "percentage": 100, "conditions": [], "steps": []}]},
    {"type": "CAPTURE", "mode": "IMMEDIATE", "connection": "stripe-main"}])");
  EXPECT_THAT(parseErrors(json),
              ElementsAre(IsError("$.steps[0].routes[0].conditions", "Unknown field"),
                          IsError("$.steps[1].connection", "Unknown field")));
}

TEST(WorkflowDocument, WrongTypesNameTheExpectedType) {
  const std::string json = R"({"schemaVersion": 1, "name": 7, "trigger": [],
    "steps": [{"type": "SPLIT", "id": "s", "routes": [
      {"id": "a", "percentage": "50", "steps": {}},
      {"id": 2, "percentage": 50.5, "steps": []}]},
      {"type": "AUTHORIZE", "connection": "c", "fallbackConnections": ["d", 3]},
      {"type": "CAPTURE", "mode": "DELAYED", "delayHours": true},
      "AUTHORIZE"]})";
  EXPECT_THAT(parseErrors(json),
              ElementsAre(IsError("$.name", "Value must be a string"),
                          IsError("$.trigger", "Value must be an object"),
                          IsError("$.steps[0].routes[0].percentage", "Value must be an integer"),
                          IsError("$.steps[0].routes[0].steps", "Value must be an array"),
                          IsError("$.steps[0].routes[1].percentage", "Value must be an integer"),
                          IsError("$.steps[0].routes[1].id", "Value must be a string"),
                          IsError("$.steps[1].fallbackConnections[1]", "Value must be a string"),
                          IsError("$.steps[2].delayHours", "Value must be an integer"),
                          IsError("$.steps[3]", "Value must be an object")));
}

TEST(WorkflowDocument, UnknownFieldAndOperatorNamesAreRefused) {
  const std::string json = createdWorkflow(R"([{"type": "CONDITIONS", "id": "b", "routes": [
      {"id": "r", "conditions": [
        {"field": "cardBrand", "operator": "EQUALS", "value": "VISA"},
        {"field": "amount", "operator": "GREATER_THAN", "value": 1},
        {"field": "currency", "operator": "EQUALS", "values": ["EUR", 1.5]}],
       "steps": []}], "defaultRoute": {"steps": []}}])");
  WorkflowErrors errors = parseErrors(json);
  ASSERT_EQ(errors.size(), 3u);
  EXPECT_EQ(errors[0].path, "$.steps[0].routes[0].conditions[0].field");
  EXPECT_THAT(errors[0].description,
              ::testing::StartsWith("Value must be one of: amount, currency, orderCountry"));
  EXPECT_EQ(errors[1].path, "$.steps[0].routes[0].conditions[1].operator");
  EXPECT_THAT(
      errors[1].description,
      ::testing::StartsWith("Value must be one of: EQUALS, NOT_EQUALS, GREATER_THAN_OR_EQUAL"));
  EXPECT_THAT(errors[2], IsError("$.steps[0].routes[0].conditions[2].values[1]",
                                 "Value must be a string or an integer"));
}

TEST(WorkflowDocument, UnknownStepTypeAndModes) {
  const std::string json = createdWorkflow(R"([
    {"type": "ROUTE", "id": "x"},
    {"id": "no-type"},
    {"type": "AUTHORIZE", "connection": "c", "threeDSecure": "ALWAYS"},
    {"type": "CAPTURE", "mode": "LATER"},
    {"type": "NOTIFY", "channel": "SMS", "message": "m"}])");
  EXPECT_THAT(
      parseErrors(json),
      ElementsAre(
          IsError("$.steps[0].type",
                  "Value must be one of: CONDITIONS, SPLIT, AUTHORIZE, CAPTURE, CANCEL, "
                  "REFUND, BLOCK, NOTIFY"),
          IsError("$.steps[1].type", "Field required"),
          IsError("$.steps[2].threeDSecure", "Value must be one of: DISABLED, PREFERRED, REQUIRED"),
          IsError("$.steps[3].mode", "Value must be one of: IMMEDIATE, DELAYED"),
          IsError("$.steps[4].channel", "Value must be one of: EMAIL, WEBHOOK")));
}

TEST(WorkflowDocument, ThreeDSecureProviderDefaultsToTheProcessor) {
  auto doc = parseWorkflowDocument(createdWorkflow(R"([
    {"type": "AUTHORIZE", "connection": "a", "threeDSecure": "REQUIRED",
     "threeDSecureProvider": "SWITCHYARD"},
    {"type": "AUTHORIZE", "connection": "b", "threeDSecure": "PREFERRED"}])"));
  ASSERT_TRUE(doc.isOk());
  const Action& own = std::get<Action>(doc->steps[0].body);
  EXPECT_EQ(own.threeDSecure, ThreeDsMode::kRequired);
  EXPECT_EQ(own.threeDSecureProvider, ThreeDsProvider::kSwitchyard);
  EXPECT_EQ(std::get<Action>(doc->steps[1].body).threeDSecureProvider, ThreeDsProvider::kProcessor);
  EXPECT_THAT(parseErrors(createdWorkflow(R"([
    {"type": "AUTHORIZE", "connection": "c", "threeDSecureProvider": "ACS"}])")),
              ElementsAre(IsError("$.steps[0].threeDSecureProvider",
                                  "Value must be one of: PROCESSOR, SWITCHYARD")));
}

TEST(WorkflowDocument, RequiredMembersOfBlocksRoutesAndActions) {
  const std::string json = createdWorkflow(R"([
    {"type": "CONDITIONS", "routes": [{"steps": []}]},
    {"type": "SPLIT", "id": "s", "routes": [{"id": "a"}]},
    {"type": "AUTHORIZE"}, {"type": "BLOCK"}, {"type": "NOTIFY", "channel": "WEBHOOK"}])");
  EXPECT_THAT(parseErrors(json),
              ElementsAre(IsError("$.steps[0].id", "Field required"),
                          IsError("$.steps[0].defaultRoute", "Field required"),
                          IsError("$.steps[0].routes[0].conditions", "Field required"),
                          IsError("$.steps[0].routes[0].id", "Field required"),
                          IsError("$.steps[1].routes[0].percentage", "Field required"),
                          IsError("$.steps[1].routes[0].steps", "Field required"),
                          IsError("$.steps[2].connection", "Field required"),
                          IsError("$.steps[3].reason", "Field required"),
                          IsError("$.steps[4].message", "Field required")));
}

TEST(WorkflowDocument, DeclineClassesAreNamed) {
  const std::string json = R"({"schemaVersion": 1, "name": "x",
    "trigger": {"event": "PAYMENT_CREATED"}, "fallback": {"declineClasses": ["SOFT_DECLINE", "SOFT"]},
    "steps": []})";
  WorkflowErrors errors = parseErrors(json);
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0].path, "$.fallback.declineClasses[1]");
  EXPECT_THAT(errors[0].description,
              ::testing::HasSubstr("SOFT_DECLINE, HARD_DECLINE, FRAUD_DECLINE"));
}

TEST(WorkflowDocument, OddMemberNamesAreQuotedInPaths) {
  EXPECT_THAT(
      parseErrors(R"({"schemaVersion": 1, "name": "x", "trigger": {"event": "PAYMENT_CREATED"},
                              "steps": [], "odd key": 1})"),
      ElementsAre(IsError("$['odd key']", "Unknown field")));
}

TEST(WorkflowDocument, LargeIntegersAreIntegersUpToInt64) {
  Checked<WorkflowDocument> doc = parseWorkflowDocument(createdWorkflow(R"([
    {"type": "CONDITIONS", "id": "b", "routes": [{"id": "r", "conditions": [
      {"field": "amount", "operator": "LESS_THAN_OR_EQUAL", "value": 9223372036854775807}],
      "steps": []}], "defaultRoute": {"steps": []}}])"));
  ASSERT_TRUE(doc.isOk());
  EXPECT_EQ(std::get<Block>(doc->steps[0].body).routes[0].conditions[0].value, Operand(INT64_MAX));
  EXPECT_THAT(parseErrors(createdWorkflow(R"([{"type": "CAPTURE", "mode": "DELAYED",
                                               "delayHours": 9223372036854775808}])")),
              ElementsAre(IsError("$.steps[0].delayHours", "Value must be an integer")));
}

}  // namespace
}  // namespace sy::workflows
