// Publishing a workflow document outside the HTTP API: the `--demo` seed and
// `switchyard workflow publish`. Same checks and records as the API (api/workflow_documents.h),
// in one store write unit.
#pragma once

#include <optional>
#include <string>

#include "common/clock.h"
#include "common/status.h"
#include "store/store.h"

namespace sy::app {

struct PublishRequest {
  std::string merchantId;
  std::string workflowId;  // "" creates a workflow; else a new draft version of this one
  std::string document;    // the JSON text, stored as given
  std::string by;          // recorded as who created and published it ("cli", "demo")
  // Only when the merchant has no workflow at all (the demo seed: never replaces the merchant's
  // own); otherwise nothing is written and the result is nullopt.
  bool onlyIfNoWorkflows = false;
};

struct Published {
  std::string workflowId;
  int64_t version = 0;
};

// kInvalidArgument listing every validation error ("$.steps[0].connection: Unknown connection
// ...") when the document is not valid for the merchant's connections; kNotFound for an unknown
// merchant or workflow. Blocking: never on a network thread.
Result<std::optional<Published>> publishWorkflowDocument(store::Store& store,
                                                         const PublishRequest& request,
                                                         TimePoint now);

// The demo merchant's workflow: authorize on stripe-sandbox, fall back to adyen-sandbox on soft
// declines, processor errors and timeouts.
extern const char* const kDemoWorkflow;

}  // namespace sy::app
