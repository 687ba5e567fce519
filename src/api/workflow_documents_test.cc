#include "api/workflow_documents.h"

#include <gtest/gtest.h>

#include "api/codec/simulation_codec.h"

namespace sy::api {
namespace {

const std::vector<std::string> kConnections{"stripe-main", "adyen-eu"};

std::vector<std::string> pathsOf(const codec::DecodeError& e) {
  std::vector<std::string> out;
  for (const auto& f : e.validation.errors) out.push_back(f.path);
  return out;
}

constexpr std::string_view kValid = R"({"schemaVersion": 1, "name": "Cards",
  "trigger": {"event": "PAYMENT_CREATED"},
  "steps": [{"type": "AUTHORIZE", "connection": "stripe-main"}]})";

TEST(CheckWorkflowDocument, AValidDocumentGivesItsNameAndTrigger) {
  auto checked = checkWorkflowDocument(kValid, kConnections);
  ASSERT_TRUE(checked.isOk());
  EXPECT_EQ(checked->name, "Cards");
  EXPECT_EQ(checked->triggerEvent, "PAYMENT_CREATED");
}

TEST(CheckWorkflowDocument, NotAJsonObjectIsMalformed) {
  for (std::string_view body : {"", "[]", "{\"a\":", "42"}) {
    auto checked = checkWorkflowDocument(body, kConnections);
    ASSERT_FALSE(checked.isOk()) << body;
    EXPECT_EQ(checked.error().kind, codec::DecodeError::kMalformedJson) << body;
  }
}

TEST(CheckWorkflowDocument, ShapeAndMeaningErrorsCarryTheirPaths) {
  auto shape = checkWorkflowDocument(
      R"({"schemaVersion": 1, "name": "x", "trigger": {"event": "PAYMENT_CREATED"}, "steps": [], "extra": 1})",
      kConnections);
  ASSERT_FALSE(shape.isOk());
  EXPECT_EQ(shape.error().kind, codec::DecodeError::kValidation);
  EXPECT_EQ(shape.error().validation.model, "WorkflowDocument");
  const auto paths = pathsOf(shape.error());
  EXPECT_NE(std::find(paths.begin(), paths.end(), "$.extra"), paths.end());

  auto unknown = checkWorkflowDocument(
      R"({"schemaVersion": 1, "name": "x", "trigger": {"event": "PAYMENT_CREATED"},
          "steps": [{"type": "AUTHORIZE", "connection": "paypal"}]})",
      kConnections);
  ASSERT_FALSE(unknown.isOk());
  EXPECT_EQ(pathsOf(unknown.error()), std::vector<std::string>{"$.steps[0].connection"});
}

TEST(CheckWorkflowDocument, AWorkflowKeepsItsTriggerEvent) {
  auto checked = checkWorkflowDocument(kValid, kConnections, "PAYMENT_STATUS_UPDATED");
  ASSERT_FALSE(checked.isOk());
  EXPECT_EQ(pathsOf(checked.error()), std::vector<std::string>{"$.trigger.event"});
  EXPECT_TRUE(checkWorkflowDocument(kValid, kConnections, "PAYMENT_CREATED").isOk());
}

TEST(ParseVersionNumber, AcceptsPositiveIntegersOnly) {
  EXPECT_EQ(*parseVersionNumber("12"), 12);
  for (std::string_view bad : {"0", "-1", "1.5", "x", "", "99999999999999999999"})
    EXPECT_FALSE(parseVersionNumber(bad).isOk()) << bad;
}

TEST(DecodeSimulationRequest, AnEmptyBodySimulatesTheNewestPastPayments) {
  auto r = codec::decodeSimulationRequest("");
  ASSERT_TRUE(r.isOk());
  EXPECT_FALSE(r->useHypothetical);
  EXPECT_EQ(r->limit, codec::kDefaultSimulationLimit);
  EXPECT_FALSE(r->version);
  EXPECT_FALSE(r->from);
}

TEST(DecodeSimulationRequest, HypotheticalPaymentsBecomePaymentsWithBinData) {
  auto r = codec::decodeSimulationRequest(R"({"payments": [
      {"id": "h1", "amount": 1200, "currencyCode": "EUR", "customer": {"emailAddress": "a@b.fr"},
       "metadata": {"tier": "vip"}, "card": {"network": "VISA", "issuerCountry": "FR",
       "fundingType": "PREPAID"}},
      {"amount": 5, "currencyCode": "JPY"}], "sampleSize": 3})");
  ASSERT_TRUE(r.isOk());
  ASSERT_EQ(r->hypothetical.size(), 2u);
  const auto& h = r->hypothetical[0];
  EXPECT_EQ(h.payment.id, "h1");
  EXPECT_EQ(h.payment.amount, 1200);
  EXPECT_EQ(h.payment.customerEmail, "a@b.fr");
  EXPECT_EQ(h.payment.metadataJson, R"({"tier":"vip"})");
  EXPECT_EQ(h.bin.network, workflows::CardNetwork::kVisa);
  EXPECT_EQ(h.bin.issuerCountry, workflows::CountryCode::parse("FR"));
  EXPECT_EQ(h.bin.fundingType, workflows::FundingType::kPrepaid);
  EXPECT_EQ(r->hypothetical[1].payment.id, "hypothetical-2");
  EXPECT_EQ(r->sampleSize, 3u);
}

TEST(DecodeSimulationRequest, ErrorsNameTheirPaths) {
  auto r = codec::decodeSimulationRequest(
      R"({"payments": [{"amount": 1, "currencyCode": "EUR"}, {"amount": "1", "currencyCode": "EURO"}],
          "limit": 5})");
  ASSERT_FALSE(r.isOk());
  auto paths = pathsOf(r.error());
  std::sort(paths.begin(), paths.end());
  EXPECT_EQ(paths,
            (std::vector<std::string>{"$.payments[1].amount", "$.payments[1].currencyCode"}));

  auto both = codec::decodeSimulationRequest(R"({"payments": [{"amount": 1, "currencyCode": "EUR"}],
                                                 "limit": 5})");
  ASSERT_FALSE(both.isOk());
  EXPECT_EQ(pathsOf(both.error()), std::vector<std::string>{"$.limit"});

  auto range = codec::decodeSimulationRequest(
      R"({"from": "2024-02-01T00:00:00", "to": "2024-01-01T00:00:00", "limit": 0})");
  ASSERT_FALSE(range.isOk());
  EXPECT_EQ(pathsOf(range.error()), std::vector<std::string>{"$.limit"});  // schema first
  auto reversed = codec::decodeSimulationRequest(
      R"({"from": "2024-02-01T00:00:00", "to": "2024-01-01T00:00:00"})");
  ASSERT_FALSE(reversed.isOk());
  EXPECT_EQ(pathsOf(reversed.error()), std::vector<std::string>{"$.to"});
}

}  // namespace
}  // namespace sy::api
