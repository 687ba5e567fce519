// POST /workflows/{id}/simulate: runs one version of a workflow (by default its draft) over the
// merchant's past payments, or over posted hypothetical ones, and reports what it would do. No
// processor is called and nothing is written. Work per request is bounded: at most 10,000 past
// payments, read and evaluated a page at a time on the store's reader threads.
#include "api/api.h"
#include "api/codec/simulation_codec.h"
#include "api/error_response.h"
#include "api/workflow_documents.h"
#include "store/awaitable.h"
#include "workflows/workflow_simulation.h"

namespace sy::api {
namespace {
using boost::asio::awaitable;
using http::Request;
using http::Response;

constexpr int kPageSize = 200;

// The version to simulate and what is needed to compile it.
struct Subject {
  store::Workflow workflow;
  store::WorkflowVersion version;
  bool live = false;
  std::vector<std::string> connections;
  std::string defaultConnection;
};

Result<Subject> readSubject(store::ReadTx& tx, const std::string& merchantId,
                            const std::string& workflowId, std::optional<int64_t> asked) {
  Subject s;
  Result<store::Workflow> w = tx.findWorkflow(merchantId, workflowId);
  if (!w.isOk()) {
    if (w.status().code() == StatusCode::kNotFound)
      return Status(StatusCode::kNotFound, "The workflow could not be found", "WorkflowNotFound");
    return w.status();
  }
  s.workflow = std::move(w).value();
  Result<store::LiveWorkflow> live = tx.findLiveWorkflow(merchantId, s.workflow.triggerEvent);
  if (!live.isOk() && live.status().code() != StatusCode::kNotFound) return live.status();
  const bool isLive = live.isOk() && live->publication.workflowId == workflowId;
  // Default: the draft (what is being judged), else what is live, else the latest version.
  int64_t number = s.workflow.latestVersion;
  if (asked) {
    number = *asked;
  } else if (!s.workflow.hasDraft && isLive) {
    number = live->publication.version;
  }
  Result<store::WorkflowVersion> v = tx.findWorkflowVersion(merchantId, workflowId, number);
  if (!v.isOk()) {
    if (v.status().code() == StatusCode::kNotFound)
      return Status(StatusCode::kNotFound, "The workflow has no such version",
                    "WorkflowVersionNotFound");
    return v.status();
  }
  s.version = std::move(v).value();
  s.live = isLive && live->publication.version == number;
  Result<std::vector<store::Connection>> conns = tx.listConnections(merchantId);
  if (!conns.isOk()) return conns.status();
  for (const auto& c : *conns) {
    s.connections.push_back(c.processorMerchantId);
    if (c.isDefault) s.defaultConnection = c.processorMerchantId;
  }
  return s;
}

awaitable<Response> simulateWorkflow(ApiContext& ctx, Request& req) {
  if (auto bad = checkApiVersion(req)) co_return *bad;
  auto who = co_await ctx.auth.merchant(req, scopes::kWorkflowsRead);
  if (!who) co_return errorResponse(who.status(), req.requestId);
  // The report names past payments and their amounts.
  if (!who->allows(scopes::kPaymentsRead))
    co_return errorResponse(Status(StatusCode::kPermissionDenied,
                                   "Simulation reads payments: the API key needs the "
                                   "payments:read scope too",
                                   "Forbidden"),
                            req.requestId);
  auto in = codec::decodeSimulationRequest(req.body);
  if (!in) co_return decodeErrorResponse(in.error(), req.requestId);
  const std::string id = req.pathParams["id"];

  Result<Subject> subject = internalError("not read");
  co_await store::read(ctx.store, [&](store::ReadTx& tx) {
    subject = readSubject(tx, who->merchantId, id, in->version);
  });
  if (!subject) co_return errorResponse(subject.status(), req.requestId);
  auto compiled =
      workflows::CompiledWorkflow::load(subject->version.document, subject->connections);
  if (!compiled) {
    std::vector<codec::FieldError> errors;
    for (const auto& e : compiled.errors()) errors.push_back({e.path, e.description});
    co_return decodeErrorResponse(codec::validationError("WorkflowDocument", std::move(errors)),
                                  req.requestId);
  }
  workflows::WorkflowSimulation sim(compiled.value(), subject->defaultConnection, in->sampleSize);

  bool moreInRange = false;
  if (in->useHypothetical) {
    for (const auto& h : in->hypothetical) sim.addHypothetical(h.payment, h.bin);
  } else {
    // Newest first, a page per read unit; evaluated on the reader thread, off the network one.
    store::PaymentFilter filter;
    filter.fromDate = in->from;
    filter.toDate = in->to;
    int remaining = in->limit;
    while (remaining > 0) {
      filter.limit = std::min(remaining, kPageSize);
      Status failed;
      bool hasOlder = false;
      std::optional<store::PageKey> last;
      co_await store::read(ctx.store, [&](store::ReadTx& tx) {
        Result<store::PaymentPage> page = tx.listPayments(who->merchantId, filter);
        if (!page.isOk()) {
          failed = page.status();
          return;
        }
        for (const domain::Payment& p : page->payments) sim.addPast(p, workflows::binDataOf(p));
        hasOlder = page->hasOlder;
        if (!page->payments.empty())
          last =
              store::PageKey{toMicros(page->payments.back().createdAt), page->payments.back().id};
        remaining -= static_cast<int>(page->payments.size());
      });
      if (!failed) co_return errorResponse(failed, req.requestId);
      if (!hasOlder || !last) break;
      if (remaining <= 0) {
        moreInRange = true;
        break;
      }
      filter.olderThan = last;
    }
  }

  codec::SimulationSubject about;
  about.workflowId = id;
  about.version = subject->version.version;
  about.versionState =
      subject->version.state == store::WorkflowVersionState::kDraft ? "DRAFT" : "PUBLISHED";
  about.live = subject->live;
  about.triggerEvent = subject->workflow.triggerEvent;
  about.request = &*in;
  about.moreInRange = moreInRange;
  co_return Response::json(200, codec::writeSimulationReport(about, sim.report()));
}

}  // namespace

void registerWorkflowSimulationRoutes(http::Router& router, ApiContext& ctx) {
  router.add(boost::beast::http::verb::post, "/workflows/{id}/simulate",
             [&ctx](Request& r) { return simulateWorkflow(ctx, r); });
}

}  // namespace sy::api
