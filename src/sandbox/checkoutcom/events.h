// The webhook events the Checkout.com emulator sends (Checkout.com docs "Webhooks: event types",
// spec EventObject: {"id","type","version","created_on","data"}): one per payment action the
// emulator took, and one per dispute change made through its control endpoint. Pure; the emulator
// signs (webhook_signer.h) and sends them (sandbox/webhook_sender.h).
//
//   Authorization approved / declined  -> payment_approved / payment_declined
//   Capture                            -> payment_captured    (the 202 of /captures is only an
//   Void                               -> payment_voided       acceptance: these confirm it)
//   Refund                             -> payment_refunded
// data: {id: payment id, action_id, reference: the payment's reference, amount (the action's),
// currency, approved, response_code, response_summary, processed_on, status, balances}.
//
//   dispute statuses (Checkout.com's Dispute.status) -> events:
//   evidence_required -> dispute_received (when it opens; dispute_evidence_required after),
//   evidence_under_review -> dispute_evidence_submitted, won -> dispute_won, lost -> dispute_lost,
//   accepted -> dispute_accepted, canceled -> dispute_canceled, expired -> dispute_expired,
//   resolved -> dispute_resolved, arbitration_under_review -> dispute_arbitration_sent_to_scheme,
//   arbitration_won -> dispute_arbitration_won, arbitration_lost -> dispute_arbitration_lost
// data: {id: dispute id, category, status, amount, currency, reason_code, payment_id,
// payment_reference, evidence_required_by}.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "sandbox/checkoutcom/api.h"
#include "sandbox/dispute_book.h"

namespace sy::sandbox::checkoutcom {

// The event body for action `a` of payment `p`; nullopt for an action type without an event.
std::optional<std::string> actionEventJson(std::string_view eventId, std::string_view createdOn,
                                           const CheckoutComApi::Payment& p,
                                           const CheckoutComApi::Action& a);

// The event type for a dispute change; nullopt when `status` is not a Checkout.com dispute status.
std::optional<std::string> disputeEventType(std::string_view status, bool opened);

std::string disputeEventJson(std::string_view eventId, std::string_view createdOn,
                             std::string_view type, const EmulatedDispute& d,
                             std::string_view paymentReference);

}  // namespace sy::sandbox::checkoutcom
