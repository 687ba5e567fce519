#include "orchestrator/dispute_updates.h"

namespace sy::orchestrator {
namespace {

// How far along a dispute is: an event never moves one back.
int progress(const std::string& status) {
  if (status == "OPEN") return 0;
  if (status == "CHALLENGED") return 1;
  return 2;  // ACCEPTED, EXPIRED, CANCELLED, WON, LOST
}

void take(store::Dispute& d, const DisputeReport& r, TimePoint now) {
  d.type = r.type;
  d.status = r.status;
  if (r.amount) d.amount = r.amount;
  if (!r.currencyCode.empty()) d.currencyCode = r.currencyCode;
  if (!r.reasonCode.empty()) d.reasonCode = r.reasonCode;
  if (!r.reason.empty()) d.processorReason = r.reason;
  d.lastEventAt = r.occurredAt;
  d.updatedAt = now;
}

}  // namespace

DisputeDecision decideDispute(const std::optional<store::Dispute>& stored,
                              const DisputeReport& report, const std::string& merchantId,
                              const std::string& paymentId, const std::string& newId,
                              TimePoint now) {
  DisputeDecision out;
  if (!stored) {
    store::Dispute& d = out.dispute;
    d.id = newId;
    d.merchantId = merchantId;
    d.processor = report.processor;
    d.processorDisputeId = report.processorDisputeId;
    d.paymentId = paymentId;
    d.transactionId = report.transactionId;
    d.openedAt = now;
    take(d, report, now);
    out.action = DisputeDecision::Action::kOpen;
    out.statusChanged = report.status != "OPEN";
    return out;
  }
  out.dispute = *stored;
  if (report.occurredAt < stored->lastEventAt) return out;
  if (report.occurredAt == stored->lastEventAt &&
      progress(report.status) <= progress(stored->status))
    return out;
  if (report.status == stored->status && report.type == stored->type) return out;
  take(out.dispute, report, now);
  out.action = DisputeDecision::Action::kChange;
  out.statusChanged = true;
  return out;
}

}  // namespace sy::orchestrator
