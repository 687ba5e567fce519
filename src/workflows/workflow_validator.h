// Semantic checks of a parsed workflow document against one merchant's connections: every error
// with its JSONPath (docs/workflows.md, "Validation"). A document that passes can be compiled and
// evaluated with the guarantees compiled_workflow.h states (bounded trace, at most one
// authorization per payment...).
#pragma once

#include <span>
#include <string>

#include "workflows/workflow_document.h"
#include "workflows/workflow_error.h"

namespace sy::workflows {

// Limits a valid workflow stays within. They bound what one evaluation records (the decision's
// trace and notifications live in fixed arrays) and how deep the evaluator recurses.
struct WorkflowLimits {
  static constexpr int kMaxNesting = 8;            // blocks inside blocks
  static constexpr int kMaxBlocksPerPayment = 32;  // blocks one payment can pass through
  static constexpr int kMaxNotificationsPerPayment = 4;
  static constexpr int kMaxBlocks = 4096;  // in the whole document
  static constexpr int kMaxRoutesPerBlock = 256;
  static constexpr int kMaxConditionsPerRoute = 32;
  static constexpr int kMaxValuesPerCondition = 1000;
  static constexpr int kMaxFallbacks = 8;
  static constexpr size_t kMaxTextLength = 256;      // a condition's text value, a reason
  static constexpr size_t kMaxMessageLength = 1000;  // a notification's message
  static constexpr int64_t kMaxCaptureDelayHours = 7 * 24;
};

// Every semantic error of `doc`; empty when it is valid. `connections` are the processorMerchantId
// of the merchant's connections (what AUTHORIZE and fallbackConnections name).
WorkflowErrors validateWorkflow(const WorkflowDocument& doc,
                                std::span<const std::string> connections);

}  // namespace sy::workflows
