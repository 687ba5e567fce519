// SqlTx: workflows, their versions and publications (schema: migration 4 in migrations.cc).
//
// Serialization: publish and rollback update the merchant's workflow_generations row first, and a
// publish and a draft save then update the workflows row (locks are always taken in the order
// generation, workflow, version, so two writers cannot wait for each other in a cycle). On
// PostgreSQL (READ COMMITTED) that row lock makes a concurrent publish, rollback or save of the
// same merchant (workflow) wait until this one commits, and every later statement of the unit then
// sees what the other committed; SQLite has a single writer anyway. So "the latest publication not
// rolled back" is computed on current data.
#include "store/sql/errors.h"
#include "store/sql/row_read.h"
#include "store/sql/sql_tx.h"

namespace sy::store::sql {
namespace {

std::string cat(std::initializer_list<std::string_view> parts) {
  std::string out;
  for (auto p : parts) out += p;
  return out;
}

constexpr std::string_view kWorkflowCols =
    "id, merchant_id, trigger_event, name, latest_version, created_at, created_by, updated_at";

// Read with the latest version's state (is it a draft?) as one more column.
constexpr std::string_view kWorkflowSelect =
    "SELECT id, merchant_id, trigger_event, name, latest_version, created_at, created_by,"
    " updated_at, (SELECT v.state FROM workflow_versions v WHERE v.workflow_id = workflows.id"
    " AND v.version = workflows.latest_version) FROM workflows";

Result<Workflow> readWorkflow(const Statement& st) {
  Workflow w;
  w.id = st.getText(0);
  w.merchantId = st.getText(1);
  w.triggerEvent = st.getText(2);
  w.name = st.getText(3);
  w.latestVersion = st.getInt(4);
  w.createdAt = fromMicros(st.getInt(5));
  w.createdBy = st.getText(6);
  w.updatedAt = fromMicros(st.getInt(7));
  w.hasDraft = st.getText(8) == "DRAFT";
  return w;
}

// The document is the last column, so a listing without documents selects one column less.
constexpr std::string_view kVersionColsNoDocument =
    "workflow_id, merchant_id, version, state, name, created_at, created_by, updated_at, "
    "updated_by, published_at, published_by";

Result<WorkflowVersion> readVersion(const Statement& st, bool withDocument) {
  WorkflowVersion v;
  v.workflowId = st.getText(0);
  v.merchantId = st.getText(1);
  v.version = st.getInt(2);
  const std::string state = st.getText(3);
  if (state == "DRAFT") {
    v.state = WorkflowVersionState::kDraft;
  } else if (state == "PUBLISHED") {
    v.state = WorkflowVersionState::kPublished;
  } else {
    return internalError("stored workflow version state has an unknown value");
  }
  v.name = st.getText(4);
  v.createdAt = fromMicros(st.getInt(5));
  v.createdBy = st.getText(6);
  v.updatedAt = fromMicros(st.getInt(7));
  v.updatedBy = st.getText(8);
  if (auto at = st.getOptInt(9)) v.publishedAt = fromMicros(*at);
  v.publishedBy = st.getText(10);
  if (withDocument) v.document = st.getText(11);
  return v;
}

constexpr std::string_view kPublicationCols =
    "merchant_id, trigger_event, seq, workflow_id, version, published_at, published_by, "
    "rolled_back_at, rolled_back_by";

Result<WorkflowPublication> readPublication(const Statement& st) {
  WorkflowPublication p;
  p.merchantId = st.getText(0);
  p.triggerEvent = st.getText(1);
  p.seq = st.getInt(2);
  p.workflowId = st.getText(3);
  p.version = st.getInt(4);
  p.publishedAt = fromMicros(st.getInt(5));
  p.publishedBy = st.getText(6);
  if (auto at = st.getOptInt(7)) p.rolledBackAt = fromMicros(*at);
  p.rolledBackBy = st.getText(8);
  return p;
}

Status notFoundAs(const Status& s, std::string_view reason, std::string message) {
  if (s.code() != StatusCode::kNotFound) return s;
  return Status(StatusCode::kNotFound, std::move(message), std::string(reason));
}

}  // namespace

// ---- reads ----

Result<std::vector<Workflow>> SqlTx::listWorkflows(const std::string& merchantId) {
  Result<StatementPtr> st =
      prepare(cat({kWorkflowSelect, " WHERE merchant_id = ? ORDER BY created_at, id"}));
  if (!st.isOk()) return st.status();
  (*st)->bind(merchantId);
  return readAll<Workflow>(**st, readWorkflow);
}

Result<Workflow> SqlTx::findWorkflow(const std::string& merchantId, const std::string& workflowId) {
  Result<StatementPtr> st = prepare(cat({kWorkflowSelect, " WHERE id = ? AND merchant_id = ?"}));
  if (!st.isOk()) return st.status();
  (*st)->bind(workflowId).bind(merchantId);
  return readOne<Workflow>(**st, readWorkflow, "workflow");
}

Result<std::vector<WorkflowVersion>> SqlTx::listWorkflowVersions(const std::string& merchantId,
                                                                 const std::string& workflowId,
                                                                 bool withDocuments) {
  Result<StatementPtr> st =
      prepare(cat({"SELECT ", kVersionColsNoDocument, withDocuments ? ", document" : "",
                   " FROM workflow_versions WHERE workflow_id = ? AND merchant_id = ?"
                   " ORDER BY version DESC"}));
  if (!st.isOk()) return st.status();
  (*st)->bind(workflowId).bind(merchantId);
  return readAll<WorkflowVersion>(
      **st, [withDocuments](const Statement& s) { return readVersion(s, withDocuments); });
}

Result<WorkflowVersion> SqlTx::findWorkflowVersion(const std::string& merchantId,
                                                   const std::string& workflowId, int64_t version) {
  Result<StatementPtr> st =
      prepare(cat({"SELECT ", kVersionColsNoDocument,
                   ", document FROM workflow_versions"
                   " WHERE workflow_id = ? AND version = ? AND merchant_id = ?"}));
  if (!st.isOk()) return st.status();
  (*st)->bind(workflowId).bind(version).bind(merchantId);
  return readOne<WorkflowVersion>(
      **st, [](const Statement& s) { return readVersion(s, true); }, "workflow version");
}

Result<WorkflowPublication> SqlTx::livePublication(const std::string& merchantId,
                                                   const std::string& triggerEvent) {
  Result<StatementPtr> st = prepare(cat({"SELECT ", kPublicationCols,
                                         " FROM workflow_publications"
                                         " WHERE merchant_id = ? AND trigger_event = ?"
                                         " AND rolled_back_at IS NULL"
                                         " ORDER BY seq DESC LIMIT 1"}));
  if (!st.isOk()) return st.status();
  (*st)->bind(merchantId).bind(triggerEvent);
  return readOne<WorkflowPublication>(**st, readPublication, "live workflow");
}

Result<LiveWorkflow> SqlTx::findLiveWorkflow(const std::string& merchantId,
                                             const std::string& triggerEvent) {
  Result<WorkflowPublication> live = livePublication(merchantId, triggerEvent);
  if (!live.isOk()) return live.status();
  Result<WorkflowVersion> v = findWorkflowVersion(merchantId, live->workflowId, live->version);
  if (!v.isOk()) {
    if (v.status().code() == StatusCode::kNotFound)
      return internalError("a workflow publication points to a version that does not exist");
    return v.status();
  }
  LiveWorkflow out;
  out.publication = std::move(live).value();
  out.name = std::move(v->name);
  out.document = std::move(v->document);
  return out;
}

Result<std::vector<WorkflowPublication>> SqlTx::listWorkflowPublications(
    const std::string& merchantId, const std::string& triggerEvent) {
  Result<StatementPtr> st = prepare(cat({"SELECT ", kPublicationCols,
                                         " FROM workflow_publications"
                                         " WHERE merchant_id = ? AND trigger_event = ?"
                                         " ORDER BY seq DESC"}));
  if (!st.isOk()) return st.status();
  (*st)->bind(merchantId).bind(triggerEvent);
  return readAll<WorkflowPublication>(**st, readPublication);
}

Result<int64_t> SqlTx::workflowGeneration(const std::string& merchantId) {
  Result<StatementPtr> st =
      prepare("SELECT generation FROM workflow_generations WHERE merchant_id = ?");
  if (!st.isOk()) return st.status();
  (*st)->bind(merchantId);
  Result<bool> row = (*st)->step();
  if (!row.isOk()) return row.status();
  return *row ? (*st)->getInt(0) : int64_t{0};
}

// ---- writes ----

Status SqlTx::insertWorkflow(const Workflow& w, const WorkflowVersion& first) {
  {
    Result<StatementPtr> st = prepare(cat({"INSERT INTO workflows (", kWorkflowCols,
                                           ") VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
                                           " ON CONFLICT DO NOTHING"}));
    if (!st.isOk()) return st.status();
    (*st)
        ->bind(w.id)
        .bind(w.merchantId)
        .bind(w.triggerEvent)
        .bind(w.name)
        .bind(int64_t{1})
        .bind(toMicros(w.createdAt))
        .bind(w.createdBy)
        .bind(toMicros(w.updatedAt));
    SY_RETURN_IF_ERROR(runInsert(**st, "insert workflow"));
  }
  Result<StatementPtr> st = prepare(cat({"INSERT INTO workflow_versions (", kVersionColsNoDocument,
                                         ", document) VALUES (?, ?, 1, 'DRAFT', ?, ?, ?, ?, ?,"
                                         " NULL, NULL, ?) ON CONFLICT DO NOTHING"}));
  if (!st.isOk()) return st.status();
  (*st)
      ->bind(w.id)
      .bind(w.merchantId)
      .bind(first.name)
      .bind(toMicros(first.createdAt))
      .bind(first.createdBy)
      .bind(toMicros(first.createdAt))
      .bind(first.createdBy)
      .bind(first.document);
  return runInsert(**st, "insert workflow version");
}

Result<int64_t> SqlTx::saveWorkflowDraft(const WorkflowVersion& draft) {
  // Touching the workflow first locks its row: saves and publishes of one workflow take turns.
  {
    Result<StatementPtr> st =
        prepare("UPDATE workflows SET name = ?, updated_at = ? WHERE id = ? AND merchant_id = ?");
    if (!st.isOk()) return st.status();
    (*st)
        ->bind(draft.name)
        .bind(toMicros(draft.updatedAt))
        .bind(draft.workflowId)
        .bind(draft.merchantId);
    SY_RETURN_IF_ERROR(annotate((*st)->run(), "save workflow draft"));
    if ((*st)->changes() == 0)
      return Status(StatusCode::kNotFound, "workflow not found", "WorkflowNotFound");
  }
  Result<Workflow> w = findWorkflow(draft.merchantId, draft.workflowId);
  if (!w.isOk()) return w.status();
  {
    Result<StatementPtr> st = prepare(
        "UPDATE workflow_versions SET name = ?, document = ?, updated_at = ?, updated_by = ?"
        " WHERE workflow_id = ? AND version = ? AND state = 'DRAFT'");
    if (!st.isOk()) return st.status();
    (*st)
        ->bind(draft.name)
        .bind(draft.document)
        .bind(toMicros(draft.updatedAt))
        .bind(draft.updatedBy)
        .bind(draft.workflowId)
        .bind(w->latestVersion);
    SY_RETURN_IF_ERROR(annotate((*st)->run(), "save workflow draft"));
    if ((*st)->changes() != 0) return w->latestVersion;
  }
  // The latest version is published: the draft is a new version.
  const int64_t next = w->latestVersion + 1;
  {
    Result<StatementPtr> st =
        prepare(cat({"INSERT INTO workflow_versions (", kVersionColsNoDocument,
                     ", document) VALUES (?, ?, ?, 'DRAFT', ?, ?, ?, ?, ?, NULL, NULL, ?)"
                     " ON CONFLICT DO NOTHING"}));
    if (!st.isOk()) return st.status();
    (*st)
        ->bind(draft.workflowId)
        .bind(draft.merchantId)
        .bind(next)
        .bind(draft.name)
        .bind(toMicros(draft.updatedAt))
        .bind(draft.updatedBy)
        .bind(toMicros(draft.updatedAt))
        .bind(draft.updatedBy)
        .bind(draft.document);
    SY_RETURN_IF_ERROR(runInsert(**st, "insert workflow version"));
  }
  Result<StatementPtr> st =
      prepare("UPDATE workflows SET latest_version = ? WHERE id = ? AND merchant_id = ?");
  if (!st.isOk()) return st.status();
  (*st)->bind(next).bind(draft.workflowId).bind(draft.merchantId);
  SY_RETURN_IF_ERROR(annotate((*st)->run(), "save workflow draft"));
  return next;
}

Status SqlTx::bumpWorkflowGeneration(const std::string& merchantId) {
  {
    Result<StatementPtr> st = prepare(
        "INSERT INTO workflow_generations (merchant_id, generation) VALUES (?, 0)"
        " ON CONFLICT DO NOTHING");
    if (!st.isOk()) return st.status();
    (*st)->bind(merchantId);
    SY_RETURN_IF_ERROR(annotate((*st)->run(), "bump workflow generation"));
  }
  Result<StatementPtr> st =
      prepare("UPDATE workflow_generations SET generation = generation + 1 WHERE merchant_id = ?");
  if (!st.isOk()) return st.status();
  (*st)->bind(merchantId);
  return annotate((*st)->run(), "bump workflow generation");
}

Result<WorkflowPublication> SqlTx::publishWorkflowVersion(const std::string& merchantId,
                                                          const std::string& workflowId,
                                                          int64_t version, TimePoint at,
                                                          const std::string& by) {
  SY_RETURN_IF_ERROR(bumpWorkflowGeneration(merchantId));
  // Then the workflow's row, in the order a draft save takes its locks (workflow, then version).
  {
    Result<StatementPtr> st =
        prepare("UPDATE workflows SET updated_at = ? WHERE id = ? AND merchant_id = ?");
    if (!st.isOk()) return st.status();
    (*st)->bind(toMicros(at)).bind(workflowId).bind(merchantId);
    SY_RETURN_IF_ERROR(annotate((*st)->run(), "publish workflow version"));
    if ((*st)->changes() == 0)
      return Status(StatusCode::kNotFound, "workflow not found", "WorkflowNotFound");
  }
  Result<Workflow> w = findWorkflow(merchantId, workflowId);
  if (!w.isOk()) return w.status();
  Result<WorkflowVersion> v = findWorkflowVersion(merchantId, workflowId, version);
  if (!v.isOk())
    return notFoundAs(v.status(), "WorkflowVersionNotFound", "workflow version not found");

  Result<WorkflowPublication> live = livePublication(merchantId, w->triggerEvent);
  if (!live.isOk() && live.status().code() != StatusCode::kNotFound) return live.status();
  // Publishing what is live already changes nothing (a retried publish stays one publication).
  if (live.isOk() && live->workflowId == workflowId && live->version == version) return live;

  if (v->state == WorkflowVersionState::kDraft) {
    Result<StatementPtr> st = prepare(
        "UPDATE workflow_versions SET state = 'PUBLISHED', published_at = ?, published_by = ?"
        " WHERE workflow_id = ? AND version = ? AND state = 'DRAFT'");
    if (!st.isOk()) return st.status();
    (*st)->bind(toMicros(at)).bind(by).bind(workflowId).bind(version);
    SY_RETURN_IF_ERROR(annotate((*st)->run(), "publish workflow version"));
  }

  WorkflowPublication p;
  p.merchantId = merchantId;
  p.triggerEvent = w->triggerEvent;
  p.workflowId = workflowId;
  p.version = version;
  p.publishedAt = at;
  p.publishedBy = by;
  {
    Result<StatementPtr> st = prepare(
        "SELECT COALESCE(MAX(seq), 0) FROM workflow_publications"
        " WHERE merchant_id = ? AND trigger_event = ?");
    if (!st.isOk()) return st.status();
    (*st)->bind(merchantId).bind(w->triggerEvent);
    Result<bool> row = (*st)->step();
    if (!row.isOk()) return row.status();
    p.seq = (*row ? (*st)->getInt(0) : 0) + 1;
  }
  Result<StatementPtr> st = prepare(cat({"INSERT INTO workflow_publications (", kPublicationCols,
                                         ") VALUES (?, ?, ?, ?, ?, ?, ?, NULL, NULL)"
                                         " ON CONFLICT DO NOTHING"}));
  if (!st.isOk()) return st.status();
  (*st)
      ->bind(p.merchantId)
      .bind(p.triggerEvent)
      .bind(p.seq)
      .bind(p.workflowId)
      .bind(p.version)
      .bind(toMicros(p.publishedAt))
      .bind(p.publishedBy);
  SY_RETURN_IF_ERROR(runInsert(**st, "insert workflow publication"));
  return p;
}

Result<WorkflowPublication> SqlTx::rollbackWorkflow(const std::string& merchantId,
                                                    const std::string& workflowId, TimePoint at,
                                                    const std::string& by) {
  SY_RETURN_IF_ERROR(bumpWorkflowGeneration(merchantId));
  Result<Workflow> w = findWorkflow(merchantId, workflowId);
  if (!w.isOk()) return notFoundAs(w.status(), "WorkflowNotFound", "workflow not found");
  Result<WorkflowPublication> live = livePublication(merchantId, w->triggerEvent);
  if (!live.isOk() && live.status().code() != StatusCode::kNotFound) return live.status();
  if (!live.isOk() || live->workflowId != workflowId)
    return Status(StatusCode::kFailedPrecondition,
                  "Only the live workflow can be rolled back; this workflow is not live for " +
                      w->triggerEvent,
                  "WorkflowNotLive");
  Result<WorkflowPublication> previous = internalError("not read");
  {
    Result<StatementPtr> st = prepare(cat({"SELECT ", kPublicationCols,
                                           " FROM workflow_publications"
                                           " WHERE merchant_id = ? AND trigger_event = ?"
                                           " AND seq < ? AND rolled_back_at IS NULL"
                                           " ORDER BY seq DESC LIMIT 1"}));
    if (!st.isOk()) return st.status();
    (*st)->bind(merchantId).bind(w->triggerEvent).bind(live->seq);
    previous = readOne<WorkflowPublication>(**st, readPublication, "publication");
  }
  if (!previous.isOk()) {
    if (previous.status().code() != StatusCode::kNotFound) return previous.status();
    return Status(
        StatusCode::kFailedPrecondition,
        "There is no earlier published version of " + w->triggerEvent + " to roll back to",
        "NoEarlierPublication");
  }
  Result<StatementPtr> st = prepare(
      "UPDATE workflow_publications SET rolled_back_at = ?, rolled_back_by = ?"
      " WHERE merchant_id = ? AND trigger_event = ? AND seq = ? AND rolled_back_at IS NULL");
  if (!st.isOk()) return st.status();
  (*st)->bind(toMicros(at)).bind(by).bind(merchantId).bind(w->triggerEvent).bind(live->seq);
  SY_RETURN_IF_ERROR(annotate((*st)->run(), "roll back workflow"));
  if ((*st)->changes() == 0) return internalError("the live publication changed under a rollback");
  return previous;
}

}  // namespace sy::store::sql
