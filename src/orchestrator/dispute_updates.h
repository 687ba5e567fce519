// What a processor's dispute event does to the dispute we hold: pure, so the rules that make
// duplicates and late notifications harmless are tested on their own (payment_webhooks.cc reads
// the stored dispute and commits the decision in one write unit).
//
//   no dispute yet          -> open it with the event's status and type: DISPUTE.OPENED, and also
//                              DISPUTE.STATUS when it arrives already past OPEN (its earlier
//                              notifications were lost or are late)
//   an event older than the latest one applied (processor's time), or as old and not further
//   along (OPEN < CHALLENGED < any final status), or saying what the dispute already says
//                           -> nothing
//   otherwise               -> the dispute takes the event's status and type: DISPUTE.STATUS
#pragma once

#include <optional>
#include <string>

#include "common/clock.h"
#include "orchestrator/payment_write_observer.h"
#include "store/records.h"

namespace sy::orchestrator {

struct DisputeDecision {
  enum class Action { kNone, kOpen, kChange } action = Action::kNone;
  store::Dispute dispute;  // to insert (kOpen) or update (kChange)
  bool statusChanged = false;  // a DISPUTE.STATUS to send
};

// `stored`: the merchant's dispute with the report's processor and id, if any. `newId` names a
// dispute opened now.
DisputeDecision decideDispute(const std::optional<store::Dispute>& stored,
                              const DisputeReport& report, const std::string& merchantId,
                              const std::string& paymentId, const std::string& newId,
                              TimePoint now);

}  // namespace sy::orchestrator
