// libFuzzer target for the workflow document parser, and through it the validator, the compiler
// and the evaluator. Built by fuzz/CMakeLists.txt, run by scripts/fuzz.sh.
//
// Beyond "no crash, no sanitizer report", it checks properties the rest of the system relies on:
//  - every error has a JSONPath starting with "$" and a description;
//  - a document that validates compiles, and evaluating it on a few payments gives a decision that
//    authorizes or blocks every triggered PAYMENT_CREATED payment, within the trace bounds.
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "workflows/compiled_workflow.h"
#include "workflows/workflow_document.h"
#include "workflows/workflow_validator.h"

namespace {
using namespace sy;
using namespace sy::workflows;

void require(bool condition) {
  if (!condition) __builtin_trap();
}

void checkErrors(const WorkflowErrors& errors) {
  require(!errors.empty());
  for (const WorkflowError& e : errors) {
    require(!e.path.empty() && e.path[0] == '$');
    require(!e.description.empty());
  }
}

void evaluateSome(const CompiledWorkflow& w) {
  static const MetadataEntry metadata[] = {{"tier", "vip"}, {"campaign", "c3"}};
  PaymentFacts f;
  f.currency = findCurrency("EUR");
  f.metadata = metadata;
  const int64_t amounts[] = {0, 1, 4200, 50000, INT64_MAX};
  const char* keys[] = {"pay_1", "pay_2", "pay_3", ""};
  for (int64_t amount : amounts) {
    for (const char* key : keys) {
      f.amount = amount;
      f.splitKey = key;
      f.binIssuerCountry = amount % 2 ? CountryCode::parse("FR") : std::nullopt;
      f.customerId = amount > 100 ? "vip-3" : "";
      f.status =
          amount > 100 ? domain::PaymentStatus::kDeclined : domain::PaymentStatus::kAuthorized;
      const Decision d = w.evaluate(f);
      require(d.trace().size() <= WorkflowLimits::kMaxBlocksPerPayment);
      for (const TraceEntry& t : d.trace()) require(!w.routeId(t.block, t.route).empty());
      if (d.triggered && w.trigger() == TriggerEvent::kPaymentCreated)
        require((d.authorize != nullptr) != (d.block != nullptr));
    }
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const std::vector<std::string> connections{"adyen-eu", "stripe-main", "checkout-main",
                                                    "test-processor"};
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  Checked<WorkflowDocument> doc = parseWorkflowDocument(text);
  if (!doc) {
    checkErrors(doc.errors());
    return 0;
  }
  const WorkflowErrors errors = validateWorkflow(doc.value(), connections);
  if (!errors.empty()) {
    checkErrors(errors);
    return 0;
  }
  Checked<CompiledWorkflow> compiled = CompiledWorkflow::compile(doc.value(), connections);
  require(compiled.isOk());
  evaluateSome(compiled.value());
  return 0;
}
