// Response bodies of the workflows API (docs/api.md, "Workflows"): workflows, their versions and
// publications. Documents are spliced back exactly as the merchant sent them.
#pragma once

#include <optional>
#include <span>
#include <string>

#include "api/codec/json_writer.h"
#include "store/records.h"

namespace sy::api::codec {

// A workflow with what the reader needs to know about its state.
struct WorkflowState {
  const store::Workflow* workflow = nullptr;
  // The live publication of the workflow's trigger event when it is this workflow's.
  const store::WorkflowPublication* live = nullptr;
};

// {"id", "name", "triggerEvent", "latestVersion", "draftVersion"?, "liveVersion"?, "createdAt",
// "createdBy", "updatedAt"} as members of the object being written.
void writeWorkflowMembers(JsonWriter& w, const WorkflowState& s);

// {"data": [summary...]}.
std::string writeWorkflowList(std::span<const WorkflowState> workflows);

// The summary plus "draft" and "live" versions with their documents (each when there is one),
// plus "livePublication" when given (publish and rollback answer with what is live after them).
std::string writeWorkflowDetail(const WorkflowState& s, const store::WorkflowVersion* draft,
                                const store::WorkflowVersion* live,
                                const store::WorkflowPublication* livePublication = nullptr);

// One version: {"version", "state", "name", "createdAt", "createdBy", "updatedAt", "updatedBy",
// "publishedAt"?, "publishedBy"?, "live", "document"? (when read with it)}.
void writeVersionMembers(JsonWriter& w, const store::WorkflowVersion& v, bool live);
std::string writeVersion(const store::WorkflowVersion& v, bool live);

// {"data": [version + "publications": [...]]}: every version, newest first, with the times it was
// published and rolled back (`publications` are the trigger event's, any workflow).
std::string writeVersionList(std::span<const store::WorkflowVersion> versions,
                             std::span<const store::WorkflowPublication> publications,
                             const store::WorkflowPublication* live);

// {"seq", "workflowId", "version", "publishedAt", "publishedBy", "rolledBackAt"?, "rolledBackBy"?}
void writePublication(JsonWriter& w, const store::WorkflowPublication& p);

}  // namespace sy::api::codec
