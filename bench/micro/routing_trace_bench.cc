// What running a workflow adds to creating a payment, outside the processor call and the store
// round trips (docs/performance.md, "Workflows on the create path"): the facts built from the
// payment, evaluate(), the trace recorded (recordRun, routeOf, the first attempt) and the trace's
// JSON as the store writes it with the payment row; and reading it back (GET /payments/{id}).
// Part of `microbench`.
//
//   build-release/microbench --benchmark_filter=Routing
#include <benchmark/benchmark.h>

#include <string>
#include <vector>

#include "orchestrator/routing_trace.h"
#include "workflows/facts_from_payment.h"

namespace {
using namespace sy;

const std::vector<std::string> kConnections{"stripe-sandbox", "adyen-sandbox", "test-processor"};

// Ten rules no ordinary payment matches, then Stripe with Adyen as fallback, then a capture: a
// merchant's typical shape.
const workflows::PublishedWorkflow& published() {
  static const workflows::PublishedWorkflow w = [] {
    std::string routes;
    for (int i = 0; i < 10; ++i) {
      if (i) routes += ",";
      routes += R"({"id": "r)" + std::to_string(i) +
                R"(", "conditions": [{"field": "amount", "operator": "BETWEEN", "min": )" +
                std::to_string(1000000 + i * 10) + R"(, "max": )" +
                std::to_string(1000005 + i * 10) +
                R"(}, {"field": "metadata", "key": "channel", "operator": "ONE_OF", "values": ["pos", "moto"]}],
                 "steps": [{"type": "AUTHORIZE", "connection": "test-processor"}]})";
    }
    const std::string doc = R"({"schemaVersion": 1, "name": "bench",
      "trigger": {"event": "PAYMENT_CREATED"},
      "steps": [{"type": "CONDITIONS", "id": "rules", "routes": [)" + routes + R"(],
                 "defaultRoute": {"steps": [{"type": "AUTHORIZE", "connection": "stripe-sandbox",
                                             "fallbackConnections": ["adyen-sandbox"]}]}},
                {"type": "CAPTURE", "mode": "DELAYED", "delayHours": 24}]})";
    auto compiled = workflows::CompiledWorkflow::load(doc, kConnections);
    if (!compiled) std::abort();
    return workflows::PublishedWorkflow{"wf_bench", 3, std::move(compiled).value()};
  }();
  return w;
}

domain::Payment payment() {
  domain::Payment p;
  p.id = "pay_Ub3Qx2abcdEF";
  p.merchantId = "m_1";
  p.amount = 4200;
  p.currencyCode = "EUR";
  p.customerId = "cust-0042";
  p.customerEmail = "jane@example.com";
  p.customerJson = R"({"emailAddress":"jane@example.com","billingAddress":{"countryCode":"FR"}})";
  p.orderJson = R"({"countryCode":"FR"})";
  p.metadataJson = R"({"channel":"web","campaign":"spring"})";
  p.card = domain::CardSummary{"400000", "9995", "12", "2030", "Ada Lovelace", "VISA"};
  return p;
}

// The whole per-payment addition when a workflow is live.
void BM_RoutingOnCreate_Workflow(benchmark::State& state) {
  const workflows::PublishedWorkflow& w = published();
  const domain::Payment p = payment();
  const TimePoint now = systemNow();
  for (auto _ : state) {
    domain::Routing routing;
    routing.source = domain::RoutingSource::kWorkflow;
    const workflows::PaymentFactsHolder facts(p, workflows::binDataOf(p));
    const workflows::Decision d = w.compiled.evaluate(facts.facts());
    routing.created = orchestrator::recordRun(w, d, std::nullopt, now);
    routing.authorization = orchestrator::routeOf(w.compiled, *d.authorize);
    routing.authorization->attempts.push_back(
        {"6f1c1f0e-3b0a-4a59-9b8e-0d5f3e2a1c77", "stripe-sandbox", "FIRST", "", ""});
    std::string json = domain::routingToJson(routing);
    benchmark::DoNotOptimize(json);
  }
}
BENCHMARK(BM_RoutingOnCreate_Workflow);

// Without a workflow (pinned or default connection): only the source is recorded.
void BM_RoutingOnCreate_NoWorkflow(benchmark::State& state) {
  for (auto _ : state) {
    domain::Routing routing;
    routing.source = domain::RoutingSource::kDefaultConnection;
    std::string json = domain::routingToJson(routing);
    benchmark::DoNotOptimize(json);
  }
}
BENCHMARK(BM_RoutingOnCreate_NoWorkflow);

// Reading a stored trace back (every payment read: GET, capture, the sweep).
void BM_RoutingFromJson(benchmark::State& state) {
  const workflows::PublishedWorkflow& w = published();
  const domain::Payment p = payment();
  domain::Routing routing;
  const workflows::PaymentFactsHolder facts(p, workflows::binDataOf(p));
  const workflows::Decision d = w.compiled.evaluate(facts.facts());
  routing.created = orchestrator::recordRun(w, d, std::nullopt, systemNow());
  routing.authorization = orchestrator::routeOf(w.compiled, *d.authorize);
  const std::string json = domain::routingToJson(routing);
  state.counters["bytes"] = static_cast<double>(json.size());
  for (auto _ : state) {
    auto back = domain::routingFromJson(json);
    benchmark::DoNotOptimize(back);
  }
}
BENCHMARK(BM_RoutingFromJson);

}  // namespace
