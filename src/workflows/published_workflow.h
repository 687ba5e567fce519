// The contract between where workflows are kept (the store, behind the workflows API) and the
// payment engine that runs them: the engine asks for the merchant's published workflow for an
// event and gets a compiled, immutable one, shared by every payment that uses it.
#pragma once

#include <boost/asio/awaitable.hpp>
#include <memory>
#include <string>

#include "common/status.h"
#include "workflows/compiled_workflow.h"
#include "workflows/workflow_document.h"

namespace sy::workflows {

// One published version of one of the merchant's workflows, compiled. Immutable once built: the
// engine keeps the shared_ptr for as long as a payment's Decision points into `compiled`.
struct PublishedWorkflow {
  std::string workflowId;  // stable across versions
  int64_t version = 0;     // 1, 2, ... per workflow; what each payment records
  CompiledWorkflow compiled;
};

// Where the engine finds published workflows. Implementations cache compiled workflows and state
// how quickly a publish or rollback on any node reaches them (their contract).
class PublishedWorkflows {
 public:
  virtual ~PublishedWorkflows() = default;
  // The merchant's published workflow for `event`; null when none is published (the engine then
  // routes as without workflows: the pinned connection, else the merchant's default). An error
  // only when the store could not be read.
  virtual boost::asio::awaitable<Result<std::shared_ptr<const PublishedWorkflow>>> current(
      std::string merchantId, TriggerEvent event) = 0;
};

}  // namespace sy::workflows
