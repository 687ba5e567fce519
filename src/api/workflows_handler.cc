// /workflows: a merchant's routing programs (docs/workflows.md, docs/api.md "Workflows"). Create
// and update drafts, validate, publish, roll back, and read versions. Every stored version was
// valid against the merchant's connections when it was saved; publish and rollback are one store
// write unit each, after which the workflow registry is told so this node sees the change at once.
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include "api/api.h"
#include "api/codec/workflow_writer.h"
#include "api/error_response.h"
#include "api/workflow_documents.h"
#include "common/ids.h"
#include "common/json_path.h"
#include "store/awaitable.h"

namespace sy::api {
namespace {
using boost::asio::awaitable;
using http::Request;
using http::Response;
namespace json = boost::json;

Status workflowNotFound() {
  return Status(StatusCode::kNotFound, "The workflow could not be found", "WorkflowNotFound");
}

// Store "not found" for a workflow, as the API says it.
Status asWorkflowError(const Status& s) {
  if (s.code() != StatusCode::kNotFound) return s;
  if (s.reason() == "WorkflowVersionNotFound")
    return Status(StatusCode::kNotFound, "The workflow has no such version",
                  "WorkflowVersionNotFound");
  return workflowNotFound();
}

Status asVersionError(const Status& s) {
  if (s.code() != StatusCode::kNotFound) return s;
  return Status(StatusCode::kNotFound, "The workflow has no such version",
                "WorkflowVersionNotFound");
}

// A workflow with its draft and live versions, read on one snapshot.
struct Detail {
  store::Workflow workflow;
  std::optional<store::WorkflowVersion> draft;
  std::optional<store::WorkflowVersion> live;
  std::optional<store::WorkflowPublication> livePublication;  // of its event, any workflow
};

Result<Detail> readDetail(store::ReadTx& tx, const std::string& merchantId,
                          const std::string& workflowId) {
  Detail d;
  Result<store::Workflow> w = tx.findWorkflow(merchantId, workflowId);
  if (!w.isOk()) return asWorkflowError(w.status());
  d.workflow = std::move(w).value();
  if (d.workflow.hasDraft) {
    Result<store::WorkflowVersion> v =
        tx.findWorkflowVersion(merchantId, workflowId, d.workflow.latestVersion);
    if (!v.isOk()) return v.status();
    d.draft = std::move(v).value();
  }
  Result<store::LiveWorkflow> live = tx.findLiveWorkflow(merchantId, d.workflow.triggerEvent);
  if (live.isOk()) {
    d.livePublication = live->publication;
    if (live->publication.workflowId == workflowId) {
      Result<store::WorkflowVersion> v =
          tx.findWorkflowVersion(merchantId, workflowId, live->publication.version);
      if (!v.isOk()) return v.status();
      d.live = std::move(v).value();
    }
  } else if (live.status().code() != StatusCode::kNotFound) {
    return live.status();
  }
  return d;
}

awaitable<Result<Detail>> loadDetail(ApiContext& ctx, const std::string& merchantId,
                                     const std::string& workflowId) {
  Result<Detail> d = internalError("not read");
  co_await store::read(ctx.store,
                       [&](store::ReadTx& tx) { d = readDetail(tx, merchantId, workflowId); });
  co_return d;
}

// The detail body; `livePublication` is added for publish and rollback.
Response detailResponse(unsigned status, const Detail& d, bool withLivePublication) {
  const store::WorkflowPublication* live =
      d.live && d.livePublication ? &*d.livePublication : nullptr;
  const codec::WorkflowState state{&d.workflow, live};
  return Response::json(
      status, codec::writeWorkflowDetail(
                  state, d.draft ? &*d.draft : nullptr, d.live ? &*d.live : nullptr,
                  withLivePublication && d.livePublication ? &*d.livePublication : nullptr));
}

// Optional small JSON bodies of publish/rollback: an object with only `allowed` members.
std::optional<Response> parseSmallBody(const Request& req, std::string_view model,
                                       std::initializer_list<std::string_view> allowed,
                                       json::object& out) {
  std::string_view text = req.body;
  if (text.find_first_not_of(" \t\r\n") == std::string_view::npos) text = "{}";
  boost::system::error_code ec;
  json::value v = json::parse(text, ec);
  if (ec || !v.is_object())
    return decodeErrorResponse(codec::malformedJson("The request body must be a JSON object"),
                               req.requestId);
  std::vector<codec::FieldError> errors;
  for (const auto& [k, _] : v.as_object()) {
    if (std::find(allowed.begin(), allowed.end(), std::string_view(k)) == allowed.end()) {
      std::string path = "$";
      appendJsonPathKey(path, k);
      errors.push_back({std::move(path), "Unknown field"});
    }
  }
  if (!errors.empty())
    return decodeErrorResponse(codec::validationError(std::string(model), std::move(errors)),
                               req.requestId);
  out = std::move(v.as_object());
  return std::nullopt;
}

awaitable<Response> validateWorkflow(ApiContext& ctx, Request& req) {
  if (auto bad = checkApiVersion(req)) co_return *bad;
  auto who = co_await ctx.auth.merchant(req, scopes::kWorkflowsRead);
  if (!who) co_return errorResponse(who.status(), req.requestId);
  auto conns = co_await connectionNames(ctx.store, who->merchantId);
  if (!conns) co_return errorResponse(conns.status(), req.requestId);
  auto checked = checkWorkflowDocument(req.body, *conns);
  if (!checked) co_return decodeErrorResponse(checked.error(), req.requestId);
  json::object out{
      {"valid", true}, {"name", checked->name}, {"triggerEvent", checked->triggerEvent}};
  co_return Response::json(200, json::serialize(out));
}

awaitable<Response> createWorkflow(ApiContext& ctx, Request& req) {
  if (auto bad = checkApiVersion(req)) co_return *bad;
  auto who = co_await ctx.auth.merchant(req, scopes::kWorkflowsWrite);
  if (!who) co_return errorResponse(who.status(), req.requestId);
  auto conns = co_await connectionNames(ctx.store, who->merchantId);
  if (!conns) co_return errorResponse(conns.status(), req.requestId);
  auto checked = checkWorkflowDocument(req.body, *conns);
  if (!checked) co_return decodeErrorResponse(checked.error(), req.requestId);

  const TimePoint now = ctx.clock.now();
  store::Workflow w;
  w.id = newId("wf");
  w.merchantId = who->merchantId;
  w.triggerEvent = checked->triggerEvent;
  w.name = checked->name;
  w.latestVersion = 1;
  w.hasDraft = true;
  w.createdAt = now;
  w.createdBy = who->apiKeyId;
  w.updatedAt = now;
  store::WorkflowVersion first;
  first.workflowId = w.id;
  first.merchantId = w.merchantId;
  first.version = 1;
  first.name = w.name;
  first.document = req.body;
  first.createdAt = first.updatedAt = now;
  first.createdBy = first.updatedBy = who->apiKeyId;
  Status st = co_await store::write(
      ctx.store, [&](store::WriteTx& tx) { return tx.insertWorkflow(w, first); });
  if (!st) co_return errorResponse(st, req.requestId);
  Detail d{w, first, std::nullopt, std::nullopt};
  co_return detailResponse(201, d, false);
}

awaitable<Response> listWorkflows(ApiContext& ctx, Request& req) {
  if (auto bad = checkApiVersion(req)) co_return *bad;
  auto who = co_await ctx.auth.merchant(req, scopes::kWorkflowsRead);
  if (!who) co_return errorResponse(who.status(), req.requestId);
  Result<std::vector<store::Workflow>> all = internalError("not read");
  std::vector<store::WorkflowPublication> live;
  Status liveStatus;
  co_await store::read(ctx.store, [&](store::ReadTx& tx) {
    all = tx.listWorkflows(who->merchantId);
    for (std::string_view event : kTriggerEventNames) {
      Result<store::LiveWorkflow> l = tx.findLiveWorkflow(who->merchantId, std::string(event));
      if (l.isOk()) {
        live.push_back(l->publication);
      } else if (l.status().code() != StatusCode::kNotFound) {
        liveStatus = l.status();
      }
    }
  });
  if (!all) co_return errorResponse(all.status(), req.requestId);
  if (!liveStatus) co_return errorResponse(liveStatus, req.requestId);
  std::vector<codec::WorkflowState> states;
  for (const store::Workflow& w : *all) {
    codec::WorkflowState s{&w, nullptr};
    for (const auto& p : live)
      if (p.workflowId == w.id) s.live = &p;
    states.push_back(s);
  }
  co_return Response::json(200, codec::writeWorkflowList(states));
}

awaitable<Response> getWorkflow(ApiContext& ctx, Request& req) {
  if (auto bad = checkApiVersion(req)) co_return *bad;
  auto who = co_await ctx.auth.merchant(req, scopes::kWorkflowsRead);
  if (!who) co_return errorResponse(who.status(), req.requestId);
  const std::string id = req.pathParams["id"];
  auto d = co_await loadDetail(ctx, who->merchantId, id);
  if (!d) co_return errorResponse(d.status(), req.requestId);
  co_return detailResponse(200, *d, false);
}

awaitable<Response> updateDraft(ApiContext& ctx, Request& req) {
  if (auto bad = checkApiVersion(req)) co_return *bad;
  auto who = co_await ctx.auth.merchant(req, scopes::kWorkflowsWrite);
  if (!who) co_return errorResponse(who.status(), req.requestId);
  const std::string id = req.pathParams["id"];
  Result<store::Workflow> w = internalError("not read");
  Result<std::vector<std::string>> conns = internalError("not read");
  co_await store::read(ctx.store, [&](store::ReadTx& tx) {
    w = tx.findWorkflow(who->merchantId, id);
    if (w.isOk()) conns = connectionNamesIn(tx, who->merchantId);
  });
  if (!w) co_return errorResponse(asWorkflowError(w.status()), req.requestId);
  if (!conns) co_return errorResponse(conns.status(), req.requestId);
  auto checked = checkWorkflowDocument(req.body, *conns, w->triggerEvent);
  if (!checked) co_return decodeErrorResponse(checked.error(), req.requestId);

  store::WorkflowVersion draft;
  draft.workflowId = id;
  draft.merchantId = who->merchantId;
  draft.name = checked->name;
  draft.document = req.body;
  draft.updatedAt = ctx.clock.now();
  draft.updatedBy = who->apiKeyId;
  Result<int64_t> saved = internalError("not written");
  Status st = co_await store::write(ctx.store, [&](store::WriteTx& tx) {
    saved = tx.saveWorkflowDraft(draft);
    return saved.status();
  });
  if (!st) co_return errorResponse(asWorkflowError(st), req.requestId);
  auto d = co_await loadDetail(ctx, who->merchantId, id);
  if (!d) co_return errorResponse(d.status(), req.requestId);
  co_return detailResponse(200, *d, false);
}

Response conflict(const Request& req, const Status& s) {
  return errorResponse(409, s.reason(), s.message(), req.requestId);
}

awaitable<Response> publishWorkflow(ApiContext& ctx, Request& req) {
  if (auto bad = checkApiVersion(req)) co_return *bad;
  auto who = co_await ctx.auth.merchant(req, scopes::kWorkflowsWrite);
  if (!who) co_return errorResponse(who.status(), req.requestId);
  json::object body;
  if (auto bad = parseSmallBody(req, "WorkflowPublishRequest", {"version"}, body)) co_return *bad;
  std::optional<int64_t> asked;
  if (const json::value* v = body.if_contains("version")) {
    if (!v->is_int64() || v->as_int64() < 1) {
      co_return decodeErrorResponse(
          codec::validationError("WorkflowPublishRequest",
                                 {{"$.version", "Value must be an integer of at least 1"}}),
          req.requestId);
    }
    asked = v->as_int64();
  }
  const std::string id = req.pathParams["id"];
  // The version to publish, checked again against today's connections.
  Result<store::WorkflowVersion> version = internalError("not read");
  Result<std::vector<std::string>> conns = internalError("not read");
  co_await store::read(ctx.store, [&](store::ReadTx& tx) {
    Result<store::Workflow> w = tx.findWorkflow(who->merchantId, id);
    if (!w.isOk()) {
      version = asWorkflowError(w.status());
      return;
    }
    if (!asked && !w->hasDraft) {
      version = Status(StatusCode::kFailedPrecondition,
                       "The workflow has no draft to publish; name a version to publish it again",
                       "NoDraftToPublish");
      return;
    }
    version = tx.findWorkflowVersion(who->merchantId, id, asked.value_or(w->latestVersion));
    if (!version.isOk()) version = asVersionError(version.status());
    conns = connectionNamesIn(tx, who->merchantId);
  });
  if (!version) {
    if (version.status().code() == StatusCode::kFailedPrecondition)
      co_return conflict(req, version.status());
    co_return errorResponse(version.status(), req.requestId);
  }
  if (!conns) co_return errorResponse(conns.status(), req.requestId);
  auto checked = checkWorkflowDocument(version->document, *conns);
  if (!checked) co_return decodeErrorResponse(checked.error(), req.requestId);

  const TimePoint now = ctx.clock.now();
  const int64_t number = version->version;
  Result<store::WorkflowPublication> published = internalError("not written");
  Status st = co_await store::write(ctx.store, [&](store::WriteTx& tx) {
    published = tx.publishWorkflowVersion(who->merchantId, id, number, now, who->apiKeyId);
    return published.status();
  });
  if (!st) co_return errorResponse(asWorkflowError(st), req.requestId);
  if (ctx.workflowRegistry != nullptr) ctx.workflowRegistry->changed(who->merchantId);
  auto d = co_await loadDetail(ctx, who->merchantId, id);
  if (!d) co_return errorResponse(d.status(), req.requestId);
  co_return detailResponse(200, *d, true);
}

awaitable<Response> rollbackWorkflow(ApiContext& ctx, Request& req) {
  if (auto bad = checkApiVersion(req)) co_return *bad;
  auto who = co_await ctx.auth.merchant(req, scopes::kWorkflowsWrite);
  if (!who) co_return errorResponse(who.status(), req.requestId);
  json::object body;
  if (auto bad = parseSmallBody(req, "WorkflowRollbackRequest", {}, body)) co_return *bad;
  const std::string id = req.pathParams["id"];
  const TimePoint now = ctx.clock.now();
  Result<store::WorkflowPublication> back = internalError("not written");
  Status st = co_await store::write(ctx.store, [&](store::WriteTx& tx) {
    back = tx.rollbackWorkflow(who->merchantId, id, now, who->apiKeyId);
    return back.status();
  });
  if (!st) {
    if (st.code() == StatusCode::kFailedPrecondition) co_return conflict(req, st);
    co_return errorResponse(asWorkflowError(st), req.requestId);
  }
  if (ctx.workflowRegistry != nullptr) ctx.workflowRegistry->changed(who->merchantId);
  auto d = co_await loadDetail(ctx, who->merchantId, id);
  if (!d) co_return errorResponse(d.status(), req.requestId);
  co_return detailResponse(200, *d, true);
}

awaitable<Response> listVersions(ApiContext& ctx, Request& req) {
  if (auto bad = checkApiVersion(req)) co_return *bad;
  auto who = co_await ctx.auth.merchant(req, scopes::kWorkflowsRead);
  if (!who) co_return errorResponse(who.status(), req.requestId);
  const std::string id = req.pathParams["id"];
  Status failed;
  std::vector<store::WorkflowVersion> versions;
  std::vector<store::WorkflowPublication> publications;
  co_await store::read(ctx.store, [&](store::ReadTx& tx) {
    Result<store::Workflow> w = tx.findWorkflow(who->merchantId, id);
    if (!w.isOk()) {
      failed = asWorkflowError(w.status());
      return;
    }
    auto v = tx.listWorkflowVersions(who->merchantId, id, false);
    auto p = tx.listWorkflowPublications(who->merchantId, w->triggerEvent);
    if (!v.isOk()) failed = v.status();
    if (!p.isOk()) failed = p.status();
    if (!failed) return;
    versions = std::move(v).value();
    publications = std::move(p).value();
  });
  if (!failed) co_return errorResponse(failed, req.requestId);
  const store::WorkflowPublication* live = nullptr;
  for (const auto& p : publications) {
    if (!p.rolledBackAt) {
      live = &p;  // newest first: the first not rolled back is live
      break;
    }
  }
  co_return Response::json(200, codec::writeVersionList(versions, publications, live));
}

awaitable<Response> getVersion(ApiContext& ctx, Request& req) {
  if (auto bad = checkApiVersion(req)) co_return *bad;
  auto who = co_await ctx.auth.merchant(req, scopes::kWorkflowsRead);
  if (!who) co_return errorResponse(who.status(), req.requestId);
  const std::string id = req.pathParams["id"];
  auto number = parseVersionNumber(req.pathParams["version"]);
  if (!number) co_return decodeErrorResponse(number.error(), req.requestId);
  Result<store::WorkflowVersion> v = internalError("not read");
  bool live = false;
  co_await store::read(ctx.store, [&](store::ReadTx& tx) {
    Result<store::Workflow> w = tx.findWorkflow(who->merchantId, id);
    if (!w.isOk()) {
      v = asWorkflowError(w.status());
      return;
    }
    v = tx.findWorkflowVersion(who->merchantId, id, *number);
    if (!v.isOk()) {
      v = asVersionError(v.status());
      return;
    }
    Result<store::LiveWorkflow> l = tx.findLiveWorkflow(who->merchantId, w->triggerEvent);
    live = l.isOk() && l->publication.workflowId == id && l->publication.version == *number;
  });
  if (!v) co_return errorResponse(v.status(), req.requestId);
  co_return Response::json(200, codec::writeVersion(*v, live));
}

}  // namespace

void registerWorkflowRoutes(http::Router& router, ApiContext& ctx) {
  using boost::beast::http::verb;
  router.add(verb::post, "/workflows", [&ctx](Request& r) { return createWorkflow(ctx, r); });
  router.add(verb::get, "/workflows", [&ctx](Request& r) { return listWorkflows(ctx, r); });
  router.add(verb::post, "/workflows/validate",
             [&ctx](Request& r) { return validateWorkflow(ctx, r); });
  router.add(verb::get, "/workflows/{id}", [&ctx](Request& r) { return getWorkflow(ctx, r); });
  router.add(verb::put, "/workflows/{id}/draft",
             [&ctx](Request& r) { return updateDraft(ctx, r); });
  router.add(verb::post, "/workflows/{id}/publish",
             [&ctx](Request& r) { return publishWorkflow(ctx, r); });
  router.add(verb::post, "/workflows/{id}/rollback",
             [&ctx](Request& r) { return rollbackWorkflow(ctx, r); });
  router.add(verb::get, "/workflows/{id}/versions",
             [&ctx](Request& r) { return listVersions(ctx, r); });
  router.add(verb::get, "/workflows/{id}/versions/{version}",
             [&ctx](Request& r) { return getVersion(ctx, r); });
}

}  // namespace sy::api
