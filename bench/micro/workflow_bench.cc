// Workflow evaluation per payment (src/workflows): a 50-route CONDITIONS block with mixed
// operators, then a split and a capture, as a merchant with many rules would publish. Part of
// `microbench` (main is in hot_path_bench.cc).
//
//   build-release/microbench --benchmark_filter=Workflow
#include <benchmark/benchmark.h>

#include <array>
#include <string>
#include <vector>

#include "workflows/compiled_workflow.h"

namespace {
using namespace sy;
using namespace sy::workflows;

const std::vector<std::string> kConnections{"adyen-eu", "stripe-main", "checkout-main"};

// Route i tests a different mix of fields and operators; no route subsumes another.
std::string route(int i) {
  const std::string n = std::to_string(i);
  std::string c;
  switch (i % 10) {
    case 0:
      c = R"({"field": "amount", "operator": "BETWEEN", "min": )" + std::to_string(i * 1000) +
          R"(, "max": )" + std::to_string(i * 1000 + 500) +
          R"(}, {"field": "currency", "operator": "ONE_OF", "values": ["USD", "GBP", "CHF"]})";
      break;
    case 1:
      c = R"({"field": "binIssuerCountry", "operator": "ONE_OF", "values": ["BR", "AR", "CL", "CO", "MX", "PE", "UY", "PY", "BO", "EC"]},
             {"field": "binFundingType", "operator": "EQUALS", "value": "CREDIT"},
             {"field": "amount", "operator": "GREATER_THAN_OR_EQUAL", "value": )" +
          n + "}";
      break;
    case 2:
      c = R"({"field": "customerEmailDomain", "operator": "ONE_OF", "values": ["domain)" + n +
          R"(.com", "shop)" + n + R"(.org", "mail)" + n + R"(.net"]})";
      break;
    case 3:
      c = R"({"field": "metadata", "key": "campaign", "operator": "EQUALS", "value": "c)" + n +
          "\"}";
      break;
    case 4:
      c = R"({"field": "customerId", "operator": "CONTAINS", "value": "vip-)" + n + "\"}";
      break;
    case 5:
      c = R"({"field": "binNetwork", "operator": "ONE_OF", "values": ["AMEX", "JCB", "DISCOVER"]},
             {"field": "amount", "operator": "GREATER_THAN_OR_EQUAL", "value": )" +
          std::to_string(i * 100) + "}";
      break;
    case 6:
      c = R"({"field": "orderCountry", "operator": "NOT_ONE_OF", "values": ["FR", "DE", "NL"]},
             {"field": "amount", "operator": "LESS_THAN_OR_EQUAL", "value": )" +
          n + R"(},
             {"field": "currency", "operator": "EQUALS", "value": "JPY"})";
      break;
    case 7:
      c = R"({"field": "paymentType", "operator": "EQUALS", "value": "SUBSCRIPTION"},
             {"field": "amount", "operator": "ONE_OF", "values": [)" +
          n + ", " + std::to_string(i + 1) + ", " + std::to_string(i + 2) + "]}";
      break;
    case 8:
      c = R"({"field": "billingCountry", "operator": "EQUALS", "value": "US"},
             {"field": "binIssuerCountry", "operator": "IS_EMPTY"},
             {"field": "amount", "operator": "GREATER_THAN_OR_EQUAL", "value": )" +
          n + "}";
      break;
    case 9:
      c = R"({"field": "metadata", "key": "segment", "operator": "NOT_EQUALS", "value": "s)" + n +
          R"("},
             {"field": "customerId", "operator": "IS_EMPTY"},
             {"field": "amount", "operator": "LESS_THAN_OR_EQUAL", "value": )" +
          n + "}";
      break;
  }
  return R"({"id": "r)" + n + R"(", "conditions": [)" + c +
         R"(], "steps": [{"type": "AUTHORIZE", "connection": ")" + kConnections[i % 3] +
         R"(", "fallbackConnections": [")" + kConnections[(i + 1) % 3] + R"("]}]})";
}

std::string fiftyRouteWorkflow() {
  std::string routes;
  for (int i = 0; i < 50; ++i) routes += (i ? "," : "") + route(i);
  return R"({"schemaVersion": 1, "name": "fifty routes", "trigger": {"event": "PAYMENT_CREATED"},
    "steps": [
      {"type": "CONDITIONS", "id": "rules", "routes": [)" +
         routes + R"(],
       "defaultRoute": {"steps": [{"type": "SPLIT", "id": "ab", "routes": [
         {"id": "a", "percentage": 60, "steps": [{"type": "AUTHORIZE", "connection": "adyen-eu"}]},
         {"id": "b", "percentage": 40, "steps": [{"type": "AUTHORIZE", "connection": "stripe-main"}]}]}]}},
      {"type": "CAPTURE", "mode": "IMMEDIATE"}]})";
}

const CompiledWorkflow& workflow() {
  static const CompiledWorkflow w = [] {
    auto loaded = CompiledWorkflow::load(fiftyRouteWorkflow(), kConnections);
    if (!loaded) std::abort();  // the benchmark's own document: a bug if it does not load
    return std::move(loaded).value();
  }();
  return w;
}

const MetadataEntry kMetadata[] = {{"channel", "web"}, {"campaign", "spring"}, {"segment", "new"}};

// A European card in euros: it matches none of the 50 routes, so every route is tested (the worst
// case), then the split decides.
PaymentFacts europeanPayment() {
  PaymentFacts f;
  f.amount = 4200;
  f.currency = findCurrency("EUR");
  f.orderCountry = CountryCode::parse("FR");
  f.billingCountry = CountryCode::parse("FR");
  f.binNetwork = CardNetwork::kVisa;
  f.binIssuerCountry = CountryCode::parse("FR");
  f.binFundingType = FundingType::kDebit;
  f.customerId = "cust-0042";
  f.customerEmailDomain = "example.com";
  f.paymentType = PaymentType::kEcommerce;
  f.metadata = kMetadata;
  f.splitKey = "pay_Ub3Qx2abcdEF";
  return f;
}

void BM_WorkflowEvaluate_50Routes_NoRouteMatches(benchmark::State& state) {
  const CompiledWorkflow& w = workflow();
  const PaymentFacts f = europeanPayment();
  for (auto _ : state) {
    Decision d = w.evaluate(f);
    benchmark::DoNotOptimize(d);
  }
}
BENCHMARK(BM_WorkflowEvaluate_50Routes_NoRouteMatches);

// 64 payments cycled: different amounts, currencies, cards and split keys, some matching early
// routes, some late, most none.
void BM_WorkflowEvaluate_50Routes_MixedPayments(benchmark::State& state) {
  const CompiledWorkflow& w = workflow();
  static const std::array<std::string, 64> keys = [] {
    std::array<std::string, 64> k;
    for (size_t i = 0; i < k.size(); ++i) k[i] = "pay_" + std::to_string(1000 + i);
    return k;
  }();
  static const char* const kCurrencies[] = {"EUR", "USD", "GBP", "JPY"};
  static const char* const kCountries[] = {"FR", "BR", "US", "JP"};
  std::array<PaymentFacts, 64> payments;
  for (size_t i = 0; i < payments.size(); ++i) {
    PaymentFacts f = europeanPayment();
    f.amount = int64_t(i) * 997;
    f.currency = findCurrency(kCurrencies[i % 4]);
    f.binIssuerCountry = CountryCode::parse(kCountries[(i / 4) % 4]);
    f.binNetwork = i % 3 ? CardNetwork::kVisa : CardNetwork::kAmex;
    f.binFundingType = i % 2 ? FundingType::kCredit : FundingType::kDebit;
    f.splitKey = keys[i];
    payments[i] = f;
  }
  size_t i = 0;
  for (auto _ : state) {
    Decision d = w.evaluate(payments[i++ & 63]);
    benchmark::DoNotOptimize(d);
  }
}
BENCHMARK(BM_WorkflowEvaluate_50Routes_MixedPayments);

// Parse, validate and compile: what publishing the 50-route workflow costs (once per publish).
void BM_WorkflowLoad_50Routes(benchmark::State& state) {
  const std::string json = fiftyRouteWorkflow();
  for (auto _ : state) {
    auto loaded = CompiledWorkflow::load(json, kConnections);
    benchmark::DoNotOptimize(loaded);
  }
  state.SetBytesProcessed(state.iterations() * static_cast<int64_t>(json.size()));
}
BENCHMARK(BM_WorkflowLoad_50Routes);

}  // namespace
