#include "app/workflow_publisher.h"

#include "api/workflow_documents.h"
#include "common/ids.h"

namespace sy::app {

const char* const kDemoWorkflow = R"({
  "schemaVersion": 1,
  "name": "Demo: Stripe, then Adyen when Stripe declines softly or fails",
  "description": "Seeded by --demo. The test card ending 9995 (insufficient funds at Stripe) is retried at Adyen; hard declines are not. 3-D Secure when the card supports it (the test card ending 3220 challenges).",
  "trigger": {"event": "PAYMENT_CREATED"},
  "fallback": {"declineClasses": ["SOFT_DECLINE", "PROCESSOR_ERROR", "PROCESSOR_TIMEOUT"]},
  "steps": [
    {"type": "AUTHORIZE", "connection": "stripe-sandbox", "fallbackConnections": ["adyen-sandbox"],
     "threeDSecure": "PREFERRED"}
  ]
}
)";

Result<std::optional<Published>> publishWorkflowDocument(store::Store& store,
                                                         const PublishRequest& request,
                                                         TimePoint now) {
  std::optional<Published> out;
  Status st = store::writeSync(store, [&](store::WriteTx& tx) -> Status {
    out.reset();
    SY_RETURN_IF_ERROR(tx.findMerchant(request.merchantId).status());
    if (request.onlyIfNoWorkflows) {
      Result<std::vector<store::Workflow>> existing = tx.listWorkflows(request.merchantId);
      if (!existing.isOk()) return existing.status();
      if (!existing->empty()) return Status::ok();
    }
    std::optional<std::string> fixedTrigger;
    std::optional<store::Workflow> current;
    if (!request.workflowId.empty()) {
      Result<store::Workflow> w = tx.findWorkflow(request.merchantId, request.workflowId);
      if (!w.isOk()) return w.status();
      current = std::move(w).value();
      fixedTrigger = current->triggerEvent;
    }
    Result<std::vector<std::string>> names = api::connectionNamesIn(tx, request.merchantId);
    if (!names.isOk()) return names.status();
    auto checked = api::checkWorkflowDocument(request.document, *names, fixedTrigger);
    if (!checked) {
      std::string message = checked.error().description;
      for (const auto& e : checked.error().validation.errors)
        message += "\n  " + e.path + ": " + e.description;
      return invalidArgument(message);
    }
    Published p;
    if (current) {
      store::WorkflowVersion draft;
      draft.workflowId = current->id;
      draft.merchantId = request.merchantId;
      draft.name = checked->name;
      draft.document = request.document;
      draft.updatedAt = now;
      draft.updatedBy = request.by;
      Result<int64_t> v = tx.saveWorkflowDraft(draft);
      if (!v.isOk()) return v.status();
      p = Published{current->id, *v};
    } else {
      store::Workflow w;
      w.id = newId("wf");
      w.merchantId = request.merchantId;
      w.triggerEvent = checked->triggerEvent;
      w.name = checked->name;
      w.createdAt = w.updatedAt = now;
      w.createdBy = request.by;
      store::WorkflowVersion first;
      first.name = checked->name;
      first.document = request.document;
      first.createdAt = now;
      first.createdBy = request.by;
      SY_RETURN_IF_ERROR(tx.insertWorkflow(w, first));
      p = Published{w.id, 1};
    }
    SY_RETURN_IF_ERROR(
        tx.publishWorkflowVersion(request.merchantId, p.workflowId, p.version, now, request.by)
            .status());
    out = p;
    return Status::ok();
  });
  if (!st.isOk()) return st;
  return out;
}

}  // namespace sy::app
