// Proves that CompiledWorkflow::evaluate does not allocate: this test binary replaces the global
// operator new with one that counts.
#include <gtest/gtest.h>

#include <atomic>
#include <cstdlib>
#include <new>

#include "workflows/compiled_workflow.h"
#include "workflows/example_workflow.h"
#include "workflows/workflow_test_util.h"

namespace {
std::atomic<long> gAllocations{0};
}  // namespace

void* operator new(std::size_t n) {
  gAllocations.fetch_add(1, std::memory_order_relaxed);
  if (void* p = std::malloc(n ? n : 1)) return p;
  throw std::bad_alloc();
}
void* operator new[](std::size_t n) {
  gAllocations.fetch_add(1, std::memory_order_relaxed);
  if (void* p = std::malloc(n ? n : 1)) return p;
  throw std::bad_alloc();
}
void operator delete(void* p) noexcept {
  std::free(p);
}
void operator delete[](void* p) noexcept {
  std::free(p);
}
void operator delete(void* p, std::size_t) noexcept {
  std::free(p);
}
void operator delete[](void* p, std::size_t) noexcept {
  std::free(p);
}

namespace sy::workflows {
namespace {

// Every kind of compiled test: integer range and set, code sets, text sets (folded and not),
// contains, emptiness, metadata lookups, a split, nesting, notifications.
constexpr std::string_view kEveryTest =
    R"({"schemaVersion": 1, "name": "all", "trigger": {"event": "PAYMENT_CREATED"},
  "steps": [
    {"type": "NOTIFY", "channel": "WEBHOOK", "message": "seen"},
    {"type": "CONDITIONS", "id": "b", "routes": [
      {"id": "r1", "conditions": [{"field": "amount", "operator": "BETWEEN", "min": 1, "max": 100}], "steps": []},
      {"id": "r2", "conditions": [{"field": "amount", "operator": "ONE_OF", "values": [7, 4200, 9]}], "steps": []},
      {"id": "r3", "conditions": [{"field": "customerEmailDomain", "operator": "ONE_OF", "values": ["a.com", "Example.com"]}], "steps": []},
      {"id": "r4", "conditions": [{"field": "customerId", "operator": "NOT_CONTAINS", "value": "cust"}], "steps": []},
      {"id": "r5", "conditions": [{"field": "metadata", "key": "tier", "operator": "ONE_OF", "values": ["gold", "vip"]}], "steps": []},
      {"id": "r6", "conditions": [{"field": "binIssuerCountry", "operator": "IS_EMPTY"}], "steps": []}],
     "defaultRoute": {"steps": []}},
    {"type": "CONDITIONS", "id": "c", "routes": [
      {"id": "eu", "conditions": [{"field": "currency", "operator": "ONE_OF", "values": ["EUR", "GBP"]},
                                  {"field": "billingCountry", "operator": "NOT_ONE_OF", "values": ["US", "CA"]}],
       "steps": [{"type": "SPLIT", "id": "s", "routes": [
         {"id": "a", "percentage": 50, "steps": [{"type": "AUTHORIZE", "connection": "adyen-eu", "fallbackConnections": ["stripe-main"]}]},
         {"id": "b", "percentage": 50, "steps": [{"type": "AUTHORIZE", "connection": "stripe-main"}]}]}]}],
     "defaultRoute": {"steps": [{"type": "AUTHORIZE", "connection": "checkout-main"}]}},
    {"type": "CAPTURE", "mode": "IMMEDIATE"}]})";

TEST(EvaluateAllocation, TheCounterSeesAllocations) {
  const long before = gAllocations.load();
  auto* s = new std::string(100, 'x');  // too long for the small-string buffer
  delete s;
  EXPECT_GE(gAllocations.load() - before, 2);
}

TEST(EvaluateAllocation, EvaluateDoesNotAllocate) {
  const CompiledWorkflow every = testing::mustLoad(kEveryTest);
  const CompiledWorkflow example = testing::mustLoad(testing::kExampleWorkflow);
  const MetadataEntry metadata[] = {{"channel", "web"}, {"tier", "gold"}};
  PaymentFacts f;
  f.amount = 4200;
  f.currency = findCurrency("EUR");
  f.billingCountry = CountryCode::parse("FR");
  f.binNetwork = CardNetwork::kMastercard;
  f.binIssuerCountry = CountryCode::parse("FR");
  f.binFundingType = FundingType::kCredit;
  f.customerId = "someone";
  f.customerEmailDomain = "EXAMPLE.COM";
  f.metadata = metadata;
  f.splitKey = "pay_0123456789";

  int authorized = 0;
  const long before = gAllocations.load();
  for (int64_t amount : {50, 4200, 5000, 60000}) {
    f.amount = amount;
    const Decision a = every.evaluate(f);
    const Decision b = example.evaluate(f);
    authorized += (a.authorize != nullptr) + (b.authorize != nullptr);
  }
  const long allocations = gAllocations.load() - before;
  EXPECT_EQ(allocations, 0);
  EXPECT_EQ(authorized, 8);
}

}  // namespace
}  // namespace sy::workflows
