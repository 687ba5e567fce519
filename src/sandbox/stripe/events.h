// The webhook Events the Stripe emulator sends (Stripe docs "Types of events", API version
// 2023-08-16): which event each answered call causes, and the Event envelope. Pure; the emulator
// signs (webhook_signer.h) and sends them (sandbox/webhook_sender.h).
//
//   POST /v1/payment_intents 200 requires_capture      -> payment_intent.amount_capturable_updated
//                            200 succeeded             -> payment_intent.succeeded
//                            402 (error.payment_intent) -> payment_intent.payment_failed
//   POST .../capture 200                               -> payment_intent.succeeded
//   POST .../cancel 200                                -> payment_intent.canceled
//   POST /v1/refunds 200                               -> refund.created (the Refund; status
//                                                         succeeded, as the emulator refunds at once)
//   a dispute opened / moved (emulator control)        -> charge.dispute.created, then
//        charge.dispute.updated, or charge.dispute.closed for won, lost and warning_closed
// Nothing for an idempotent replay (Stripe sends an event once, when the change happens), errors,
// or a PaymentIntent waiting for the customer (requires_action).
#pragma once

#include <boost/json/object.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "sandbox/dispute_book.h"

namespace sy::sandbox::stripe {

struct StripeEventSource {
  std::string type;             // "payment_intent.succeeded"
  boost::json::object object;   // data.object
};

// `operation`: "create", "capture", "cancel" or "refund".
std::optional<StripeEventSource> eventForCall(std::string_view operation, unsigned httpStatus,
                                              std::string_view responseBody);

// A Dispute object and the event type for a dispute just opened or moved.
StripeEventSource eventForDispute(const DisputeBook::Change& change, std::string_view charge);

// Stripe's dispute statuses the control endpoint accepts.
bool isDisputeStatus(std::string_view status);

// The Event envelope: {"id","object":"event","api_version","created","data":{"object"},
// "livemode":false,"pending_webhooks":1,"request":{"id":null,"idempotency_key"},"type"}.
std::string eventJson(std::string_view id, const StripeEventSource& source, int64_t created,
                      std::string_view idempotencyKey);

}  // namespace sy::sandbox::stripe
