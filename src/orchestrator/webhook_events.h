// Applying one authenticated processor event (connectors/webhook.h) to the payment it is about:
// the inbound half of webhooks. Pure: no I/O, no clock of its own; the engine loads the payment,
// calls this, and commits the result with a receipt of the event (payment_webhooks.cc).
//
// Every rule is written so a duplicate or an out-of-order event changes nothing twice: an event
// only moves a payment out of a state that waits for it.
//   kAuthorization  resolves a SALE whose outcome is unknown: AUTHORIZED, or DECLINED with reason
//   kCapture        confirms a capture requested from a processor that confirms later
//                   (CallResult::awaitsConfirmation): SETTLING -> SETTLED / PARTIALLY_SETTLED once
//                   the latest requested capture is confirmed; a failed one takes its amount back
//                   (FAILED when nothing else was captured). Resolves an unknown capture too.
//   kRefund         confirms a requested refund (PENDING -> SETTLED, amountRefunded rises) or fails
//                   it (FAILED, with reason); resolves an unknown refund too.
//                   A capture/refund confirmation that matches none of ours while one of ours is
//                   in flight or unknown without the processor's id is kBusy: it may be about
//                   that one, which the sweep resolves first (the processor redelivers).
//   kCancel         nothing: cancellations are recorded when the processor accepts them.
//   kCancelOrRefund a reversal the processor made: the refund it confirms when it matches one we
//                   requested; else CANCELLED when nothing was captured, or a SETTLED refund of
//                   what is left to refund (once: the refund carries the processor's id).
//   kChargeback     a dispute event to record (dispute_updates.h: DISPUTE.OPENED, DISPUTE.STATUS);
//                   the payment itself does not change.
//   kOther          nothing.
#pragma once

#include <optional>

#include "common/clock.h"
#include "connectors/webhook.h"
#include "domain/payment.h"
#include "orchestrator/payment_write_observer.h"

namespace sy::orchestrator {

enum class EventEffect {
  kApplied,    // the payment changed, or there is a dispute to report
  kUnchanged,  // the payment already says what the event says (duplicate, out of order)
  kUnmatched,  // about no transaction of the payment, or a kind that is not applied
  kBusy,       // about a call whose outcome is still being recorded: try again later
};

struct EventApplication {
  EventEffect effect = EventEffect::kUnmatched;
  bool paymentChanged = false;
  std::optional<DisputeReport> dispute;
};

EventApplication applyProcessorEvent(domain::Payment& p, const connectors::WebhookEvent& e,
                                     TimePoint now);

}  // namespace sy::orchestrator
