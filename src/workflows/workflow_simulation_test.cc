#include "workflows/workflow_simulation.h"

#include <gtest/gtest.h>

#include "workflows/workflow_test_util.h"

namespace sy::workflows {
namespace {
using domain::Outcome;
using domain::PaymentStatus;

// Euros go to adyen-eu (falling back to stripe-main on soft declines only), metadata tier=blocked
// is refused, everything else goes to stripe-main with checkout-main as fallback.
constexpr std::string_view kDraft = R"({
  "schemaVersion": 1, "name": "draft", "trigger": {"event": "PAYMENT_CREATED"},
  "fallback": {"declineClasses": ["SOFT_DECLINE", "PROCESSOR_ERROR"]},
  "steps": [{"type": "CONDITIONS", "id": "region", "routes": [
      {"id": "blocked", "conditions": [{"field": "metadata", "key": "tier", "operator": "EQUALS",
                                        "value": "blocked"}],
       "steps": [{"type": "BLOCK", "reason": "tier blocked"}]},
      {"id": "eu", "conditions": [{"field": "currency", "operator": "EQUALS", "value": "EUR"}],
       "steps": [{"type": "AUTHORIZE", "connection": "adyen-eu",
                  "fallbackConnections": ["stripe-main"]}]}],
    "defaultRoute": {"id": "rest", "steps": [{"type": "AUTHORIZE", "connection": "stripe-main",
                     "fallbackConnections": ["checkout-main"]}]}}]})";

domain::Transaction sale(const std::string& connection, Outcome outcome,
                         std::optional<domain::DeclineCode> code = std::nullopt) {
  domain::Transaction t;
  t.type = domain::TransactionType::kSale;
  t.processorMerchantId = connection;
  t.outcome = outcome;
  if (outcome == Outcome::kDeclined)
    t.statusReason = domain::StatusReason{
        domain::ReasonType::kIssuerDeclined, std::nullopt, code, std::nullopt, "", ""};
  return t;
}

domain::Payment payment(const std::string& id, int64_t amount, const std::string& currency,
                        PaymentStatus status, std::vector<domain::Transaction> sales,
                        const std::string& metadata = "") {
  domain::Payment p;
  p.id = id;
  p.amount = amount;
  p.currencyCode = currency;
  p.status = status;
  p.metadataJson = metadata;
  p.transactions = std::move(sales);
  return p;
}

class WorkflowSimulationTest : public ::testing::Test {
 protected:
  CompiledWorkflow workflow_ = testing::mustLoad(kDraft);
  WorkflowSimulation sim_{workflow_, "test-processor", 2};
  void past(const domain::Payment& p) { sim_.addPast(p, binDataOf(p)); }
};

TEST_F(WorkflowSimulationTest, CountsRoutesPerBlockIncludingUnusedOnes) {
  past(payment("p1", 100, "EUR", PaymentStatus::kAuthorized,
               {sale("adyen-eu", Outcome::kSucceeded)}));
  past(payment("p2", 200, "USD", PaymentStatus::kAuthorized,
               {sale("stripe-main", Outcome::kSucceeded)}));
  past(payment("p3", 300, "USD", PaymentStatus::kAuthorized,
               {sale("stripe-main", Outcome::kSucceeded)}));
  const SimulationReport& r = sim_.report();
  EXPECT_EQ(r.payments, 3);
  EXPECT_EQ(r.pastPayments, 3);
  ASSERT_EQ(r.blocks.size(), 1u);
  EXPECT_EQ(r.blocks[0].blockId, "region");
  ASSERT_EQ(r.blocks[0].routes.size(), 3u);
  EXPECT_EQ(r.blocks[0].routes[0].id, "blocked");
  EXPECT_EQ(r.blocks[0].routes[0].payments, 0);
  EXPECT_EQ(r.blocks[0].routes[1].id, "eu");
  EXPECT_EQ(r.blocks[0].routes[1].payments, 1);
  EXPECT_EQ(r.blocks[0].routes[2].id, "rest");
  EXPECT_TRUE(r.blocks[0].routes[2].isDefault);
  EXPECT_EQ(r.blocks[0].routes[2].payments, 2);
  EXPECT_EQ(r.authorized, 3);
  EXPECT_EQ(r.routeChanges, 0);
  EXPECT_EQ(r.simulatedVolume.at("stripe-main").payments, 2);
  EXPECT_EQ(r.simulatedVolume.at("stripe-main").amounts.at("USD"), 500);
  EXPECT_EQ(r.actualVolume.at("adyen-eu").amounts.at("EUR"), 100);
}

TEST_F(WorkflowSimulationTest, ReportsRouteChangesWithASampleOfBoundedSize) {
  for (int i = 0; i < 3; ++i)
    past(payment("eu" + std::to_string(i), 1000, "EUR", PaymentStatus::kSettled,
                 {sale("stripe-main", Outcome::kSucceeded)}));
  past(payment("never", 50, "USD", PaymentStatus::kFailed, {}));  // no attempt was made
  const SimulationReport& r = sim_.report();
  EXPECT_EQ(r.routeChanges, 4);
  ASSERT_EQ(r.routeChangeSample.size(), 2u);  // the sample size
  EXPECT_EQ(r.routeChangeSample[0].paymentId, "eu0");
  EXPECT_EQ(r.routeChangeSample[0].actualConnection, "stripe-main");
  EXPECT_EQ(r.routeChangeSample[0].simulatedConnection, "adyen-eu");
  EXPECT_EQ(r.routeChangeSample[0].route, "region:eu");
  EXPECT_EQ(r.routeChangeSample[0].status, "SETTLED");
  EXPECT_EQ(r.actualVolume.at("stripe-main").amounts.at("EUR"), 3000);
  EXPECT_EQ(r.actualVolume.at("").payments, 1);
  EXPECT_EQ(r.simulatedVolume.at("adyen-eu").amounts.at("EUR"), 3000);
}

TEST_F(WorkflowSimulationTest, FindsDeclinesAFallbackWouldRetry) {
  // Soft decline at the primary: retried on the fallback.
  past(payment("soft", 700, "EUR", PaymentStatus::kDeclined,
               {sale("adyen-eu", Outcome::kDeclined, domain::DeclineCode::kInsufficientFunds)}));
  // Hard decline: this draft does not fall back on it.
  past(payment("hard", 800, "EUR", PaymentStatus::kDeclined,
               {sale("adyen-eu", Outcome::kDeclined, domain::DeclineCode::kExpiredCard)}));
  // A processor error at the only connection tried, on the default route.
  past(payment("error", 900, "USD", PaymentStatus::kFailed,
               {sale("stripe-main", Outcome::kFailed)}));
  // Both connections of its plan already refused it.
  past(payment("both", 100, "EUR", PaymentStatus::kDeclined,
               {sale("adyen-eu", Outcome::kDeclined, domain::DeclineCode::kDoNotHonor),
                sale("stripe-main", Outcome::kDeclined, domain::DeclineCode::kDoNotHonor)}));
  // Refused on a connection the draft would not use for it.
  past(payment("elsewhere", 100, "EUR", PaymentStatus::kDeclined,
               {sale("checkout-main", Outcome::kDeclined, domain::DeclineCode::kDoNotHonor)}));
  const SimulationReport& r = sim_.report();
  EXPECT_EQ(r.refusals, 5);
  EXPECT_EQ(r.retried, 2);
  EXPECT_EQ(r.retriedAmounts.at("EUR"), 700);
  EXPECT_EQ(r.retriedAmounts.at("USD"), 900);
  EXPECT_EQ(r.retriedByNextConnection.at("stripe-main"), 1);
  EXPECT_EQ(r.retriedByNextConnection.at("checkout-main"), 1);
  EXPECT_EQ(r.notRetried.at("HARD_DECLINE"), 1);
  EXPECT_EQ(r.notRetried.at("ALL_CONNECTIONS_TRIED"), 1);
  EXPECT_EQ(r.refusedOutsidePlan, 1);
  ASSERT_EQ(r.retrySample.size(), 2u);
  EXPECT_EQ(r.retrySample[0].paymentId, "soft");
  EXPECT_EQ(r.retrySample[0].declineClass, "SOFT_DECLINE");
  EXPECT_EQ(r.retrySample[0].nextConnection, "stripe-main");
  EXPECT_EQ(r.retrySample[1].declineClass, "PROCESSOR_ERROR");
}

TEST_F(WorkflowSimulationTest, BlockedPaymentsAndWhatTheyWere) {
  past(payment("b1", 5000, "EUR", PaymentStatus::kSettled, {sale("adyen-eu", Outcome::kSucceeded)},
               R"({"tier":"blocked"})"));
  past(payment("b2", 10, "EUR", PaymentStatus::kDeclined,
               {sale("adyen-eu", Outcome::kDeclined, domain::DeclineCode::kDoNotHonor)},
               R"({"tier":"blocked"})"));
  const SimulationReport& r = sim_.report();
  EXPECT_EQ(r.blocked, 2);
  EXPECT_EQ(r.blockedThatWereAuthorized, 1);
  EXPECT_EQ(r.blockedAuthorizedAmounts.at("EUR"), 5000);
  ASSERT_EQ(r.blockedSample.size(), 2u);
  EXPECT_EQ(r.blockedSample[0].blockReason, "tier blocked");
  EXPECT_EQ(r.blockedSample[0].route, "region:blocked");
  EXPECT_EQ(r.simulatedVolume.at("").payments, 2);  // no connection
  EXPECT_EQ(r.refusals, 1);
  EXPECT_EQ(r.retried, 0);  // a blocked payment is never retried
}

TEST_F(WorkflowSimulationTest, HypotheticalPaymentsAreOnlyEvaluated) {
  domain::Payment p = payment("h1", 100, "EUR", PaymentStatus::kPending, {});
  sim_.addHypothetical(p, {});
  const SimulationReport& r = sim_.report();
  EXPECT_EQ(r.payments, 1);
  EXPECT_EQ(r.pastPayments, 0);
  EXPECT_EQ(r.simulatedVolume.at("adyen-eu").payments, 1);
  EXPECT_TRUE(r.actualVolume.empty());
  EXPECT_EQ(r.routeChanges, 0);
}

TEST(WorkflowSimulation, UntriggeredPaymentsGoToTheDefaultConnection) {
  const CompiledWorkflow w = testing::mustLoad(R"({
    "schemaVersion": 1, "name": "big only",
    "trigger": {"event": "PAYMENT_CREATED",
                "conditions": [{"field": "amount", "operator": "GREATER_THAN_OR_EQUAL", "value": 1000}]},
    "steps": [{"type": "AUTHORIZE", "connection": "adyen-eu"}]})");
  WorkflowSimulation sim(w, "test-processor", 5);
  domain::Payment small = payment("s", 10, "EUR", PaymentStatus::kAuthorized,
                                  {sale("test-processor", Outcome::kSucceeded)});
  domain::Payment big = payment("b", 5000, "EUR", PaymentStatus::kAuthorized,
                                {sale("test-processor", Outcome::kSucceeded)});
  sim.addPast(small, {});
  sim.addPast(big, {});
  EXPECT_EQ(sim.report().notTriggered, 1);
  EXPECT_EQ(sim.report().simulatedVolume.at("test-processor").payments, 1);
  EXPECT_EQ(sim.report().simulatedVolume.at("adyen-eu").payments, 1);
  EXPECT_EQ(sim.report().routeChanges, 1);
}

}  // namespace
}  // namespace sy::workflows
