#include "api/codec/workflow_writer.h"

namespace sy::api::codec {
namespace {

std::string_view stateName(store::WorkflowVersionState s) {
  return s == store::WorkflowVersionState::kPublished ? "PUBLISHED" : "DRAFT";
}

bool isLive(const store::WorkflowVersion& v, const store::WorkflowPublication* live) {
  return live != nullptr && live->workflowId == v.workflowId && live->version == v.version;
}

}  // namespace

void writeWorkflowMembers(JsonWriter& w, const WorkflowState& s) {
  const store::Workflow& wf = *s.workflow;
  w.field("id", wf.id);
  w.field("name", wf.name);
  w.field("triggerEvent", wf.triggerEvent);
  w.field("latestVersion", wf.latestVersion);
  if (wf.hasDraft) w.field("draftVersion", wf.latestVersion);
  if (s.live != nullptr) w.field("liveVersion", s.live->version);
  w.field("createdAt", wf.createdAt);
  w.field("createdBy", wf.createdBy);
  w.field("updatedAt", wf.updatedAt);
}

std::string writeWorkflowList(std::span<const WorkflowState> workflows) {
  JsonWriter w;
  w.beginObject().key("data").beginArray();
  for (const WorkflowState& s : workflows) {
    w.beginObject();
    writeWorkflowMembers(w, s);
    w.endObject();
  }
  w.endArray().endObject();
  return w.take();
}

void writePublication(JsonWriter& w, const store::WorkflowPublication& p) {
  w.beginObject();
  w.field("seq", p.seq);
  w.field("triggerEvent", p.triggerEvent);
  w.field("workflowId", p.workflowId);
  w.field("version", p.version);
  w.field("publishedAt", p.publishedAt);
  w.field("publishedBy", p.publishedBy);
  if (p.rolledBackAt) {
    w.field("rolledBackAt", *p.rolledBackAt);
    w.field("rolledBackBy", p.rolledBackBy);
  }
  w.endObject();
}

void writeVersionMembers(JsonWriter& w, const store::WorkflowVersion& v, bool live) {
  w.field("version", v.version);
  w.field("state", stateName(v.state));
  w.field("name", v.name);
  w.field("createdAt", v.createdAt);
  w.field("createdBy", v.createdBy);
  w.field("updatedAt", v.updatedAt);
  w.field("updatedBy", v.updatedBy);
  if (v.publishedAt) {
    w.field("publishedAt", *v.publishedAt);
    w.field("publishedBy", v.publishedBy);
  }
  w.field("live", live);
  // Stored only after it parsed as a JSON object, so it is spliced back as it came (without the
  // whitespace around it).
  std::string_view doc = v.document;
  const size_t begin = doc.find_first_not_of(" \t\r\n");
  const size_t end = doc.find_last_not_of(" \t\r\n");
  if (begin != std::string_view::npos)
    w.objectFieldIfPresent("document", doc.substr(begin, end - begin + 1));
}

std::string writeVersion(const store::WorkflowVersion& v, bool live) {
  JsonWriter w;
  w.beginObject();
  writeVersionMembers(w, v, live);
  w.endObject();
  return w.take();
}

std::string writeWorkflowDetail(const WorkflowState& s, const store::WorkflowVersion* draft,
                                const store::WorkflowVersion* live,
                                const store::WorkflowPublication* livePublication) {
  JsonWriter w(4096);
  w.beginObject();
  writeWorkflowMembers(w, s);
  if (draft != nullptr) {
    w.key("draft").beginObject();
    writeVersionMembers(w, *draft, false);
    w.endObject();
  }
  if (live != nullptr) {
    w.key("live").beginObject();
    writeVersionMembers(w, *live, true);
    w.endObject();
  }
  if (livePublication != nullptr) {
    w.key("livePublication");
    writePublication(w, *livePublication);
  }
  w.endObject();
  return w.take();
}

std::string writeVersionList(std::span<const store::WorkflowVersion> versions,
                             std::span<const store::WorkflowPublication> publications,
                             const store::WorkflowPublication* live) {
  JsonWriter w;
  w.beginObject().key("data").beginArray();
  for (const store::WorkflowVersion& v : versions) {
    w.beginObject();
    writeVersionMembers(w, v, isLive(v, live));
    w.key("publications").beginArray();
    for (const store::WorkflowPublication& p : publications)
      if (p.workflowId == v.workflowId && p.version == v.version) writePublication(w, p);
    w.endArray();
    w.endObject();
  }
  w.endArray().endObject();
  return w.take();
}

}  // namespace sy::api::codec
