// Helpers shared by the workflows tests: the merchant's connections, documents built around a
// list of steps, and the errors of a document (parser's, else validator's).
#pragma once

#include <gmock/gmock.h>

#include <string>
#include <string_view>
#include <vector>

#include "workflows/compiled_workflow.h"
#include "workflows/workflow_document.h"
#include "workflows/workflow_validator.h"

namespace sy::workflows {
inline void PrintTo(const WorkflowError& e, std::ostream* os) {
  *os << e.path << ": " << e.description;
}
}  // namespace sy::workflows

namespace sy::workflows::testing {

inline const std::vector<std::string>& connections() {
  static const std::vector<std::string> names{"adyen-eu", "stripe-main", "checkout-main",
                                              "test-processor"};
  return names;
}

// A PAYMENT_CREATED document whose top-level steps are `stepsJson` (a JSON array).
inline std::string createdWorkflow(std::string_view stepsJson) {
  return R"({"schemaVersion": 1, "name": "test", "trigger": {"event": "PAYMENT_CREATED"},
             "steps": )" +
         std::string(stepsJson) + "}";
}

// A PAYMENT_STATUS_UPDATED document with the given trigger conditions and steps.
inline std::string statusWorkflow(std::string_view conditionsJson, std::string_view stepsJson) {
  return R"({"schemaVersion": 1, "name": "test", "trigger": {"event": "PAYMENT_STATUS_UPDATED",
             "conditions": )" +
         std::string(conditionsJson) + R"(}, "steps": )" + std::string(stepsJson) + "}";
}

// A CONDITIONS block with one route of `conditionsJson` that authorizes on adyen-eu, and a default
// route that authorizes on stripe-main.
inline std::string routeOn(std::string_view conditionsJson) {
  return R"([{"type": "CONDITIONS", "id": "b", "routes": [{"id": "r", "conditions": )" +
         std::string(conditionsJson) +
         R"(, "steps": [{"type": "AUTHORIZE", "connection": "adyen-eu"}]}],
           "defaultRoute": {"steps": [{"type": "AUTHORIZE", "connection": "stripe-main"}]}}])";
}

// The parser's errors, or when it accepts the document the validator's.
inline WorkflowErrors errorsOf(std::string_view json) {
  Checked<WorkflowDocument> doc = parseWorkflowDocument(json);
  if (!doc) return doc.errors();
  return validateWorkflow(doc.value(), connections());
}

inline CompiledWorkflow mustLoad(std::string_view json) {
  Checked<CompiledWorkflow> w = CompiledWorkflow::load(json, connections());
  if (!w) {
    std::string all;
    for (const WorkflowError& e : w.errors()) all += e.path + ": " + e.description + "\n";
    ADD_FAILURE() << "workflow did not load:\n" << all;
    std::abort();
  }
  return std::move(w).value();
}

MATCHER_P2(IsError, path, description, "") {
  return arg.path == path && arg.description == description;
}

// One error exactly, at `path`, whose description contains `fragment`.
MATCHER_P2(OnlyErrorAt, path, fragment, "") {
  if (arg.size() != 1) {
    *result_listener << arg.size() << " errors:";
    for (const WorkflowError& e : arg)
      *result_listener << "\n  " << e.path << ": " << e.description;
    return false;
  }
  *result_listener << arg[0].path << ": " << arg[0].description;
  return arg[0].path == path && arg[0].description.find(fragment) != std::string::npos;
}

}  // namespace sy::workflows::testing
