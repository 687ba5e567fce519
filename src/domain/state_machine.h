// The payment state machine: which operations a payment's state allows, and what they do to it.
// Every check returns a Status whose reason() is the Primer errorId the API reports.
#pragma once

#include <cstdint>

#include "common/status.h"
#include "domain/payment.h"

namespace sy::domain {

// True when the status may move from `from` to `to` directly.
bool isLegalTransition(PaymentStatus from, PaymentStatus to);
// A payment whose status can no longer change by itself (refunds still may follow settlement).
bool isFinal(PaymentStatus s);

// True while a processor call of the payment has no recorded outcome (in flight or unknown).
bool hasUnresolvedCall(const Payment& p);
// True while a processor call of the payment is in flight: sent or about to be, by an operation
// that has not recorded its outcome (not even "unknown").
bool hasCallInFlight(const Payment& p);

// Amount still capturable: authorized minus captured minus captures in flight.
int64_t capturableAmount(const Payment& p);
// Amount still refundable: captured minus refunded minus refunds in flight or awaiting the
// processor's confirmation.
int64_t refundableAmount(const Payment& p);

Status checkAuthorize(const Payment& p);
// `amount` must be > 0 (validated by the codec) and at most capturableAmount().
Status checkCapture(const Payment& p, int64_t amount);
// A PENDING payment may be cancelled while its authorization's outcome is unknown (not while a
// call is in flight); a charge that outcome turns out to be is then voided by the recovery sweep.
Status checkCancel(const Payment& p);
// `amount` must be > 0 and at most refundableAmount().
Status checkRefund(const Payment& p, int64_t amount);

// The status after a successful capture of `amount` (already added to amountCaptured).
PaymentStatus statusAfterCapture(const Payment& p, bool final);

}  // namespace sy::domain
