// Inbound webhooks: what a processor tells us on its own, after the fact, about a payment (an
// asynchronous capture confirmed, a refund failed, a chargeback opened...). This file holds the
// processor-neutral types; each connector turns its processor's request into them with
// Connector::parseWebhook (connector.h), a pure function: no I/O, no clock of its own, no state.
//
// Contract of parseWebhook, for every connector:
// - It authenticates FIRST, with the secret in the connection's credentials JSON, over the body
//   bytes exactly as received (never a re-serialized copy). Nothing of an unauthenticated request
//   is trusted or returned.
// - Missing, malformed or wrong signature, or a timestamp outside the allowed window:
//   kUnauthenticated. Authentic but unreadable body: kInvalidArgument. The connection has no usable
//   webhook secret: kFailedPrecondition (a configuration problem, not the sender's). A connector
//   without webhook support: kUnimplemented.
// - Messages name what is wrong (and may name the event type); never a secret, a signature, or
//   other body content.
// - An event type it does not map is returned as kOther with its raw type, never an error, so a
//   processor adding events breaks nothing.
// - One request may carry several events (Adyen batches); if any part fails authentication the
//   whole request is refused.
//
// The webhook secret's key in the credentials JSON is per processor (Stripe and Checkout.com
// "webhookSecret", Adyen "hmacKey", test processor "webhookSecret"): see docs/connectors.md.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/clock.h"
#include "domain/status_reason.h"

namespace sy::connectors {

// One HTTP request as the webhook endpoint received it.
struct InboundWebhook {
  std::string body;  // raw bytes exactly as received: signatures are computed over these
  std::vector<std::pair<std::string, std::string>> headers;  // name, value; as received

  // The value of the first header called `name`, compared case-insensitively (HTTP field names
  // are); nullopt when there is none.
  std::optional<std::string_view> header(std::string_view name) const;
};

// What the event is about, in the unified model's terms.
enum class WebhookEventKind {
  kAuthorization,  // the authorization's result
  kCapture,        // a capture (or the automatic capture of an authorize-and-capture)
  kCancel,         // a void / cancellation of an authorization
  kRefund,
  kChargeback,  // a dispute (chargeback, retrieval...) was opened or changed: see dispute
  // A reversal the processor chose itself: a cancellation if the payment was not captured, else a
  // refund of what was (Adyen CANCEL_OR_REFUND without modification.action).
  kCancelOrRefund,
  kOther,       // anything else; see rawType
};

std::string_view toString(WebhookEventKind kind);

// One event, as the processor reported it.
struct WebhookEvent {
  WebhookEventKind kind = WebhookEventKind::kOther;
  // The operation went through (true) or was declined or failed (false). A chargeback is
  // "success" when it was opened.
  bool success = false;
  std::string processorTransactionId;  // the processor's payment id (as CallResult has it)
  std::string processorOperationId;    // the capture/refund/void/dispute id, when there is one
  // Our reference as the processor echoes it (which field it is: see each connector's page).
  std::string merchantReference;
  std::optional<int64_t> amount;  // ISO 4217 minor units of currencyCode, when the event has one
  std::string currencyCode;       // ISO 4217, upper case
  // The processor's id of this event, the same on every redelivery: the de-duplication key.
  std::string processorEventId;
  TimePoint occurredAt{};  // when the processor says the event happened
  // Why it did not succeed, from the connector's raw-code table (raw code kept in processorCode).
  std::optional<domain::StatusReason> reason;
  std::string rawType;  // the processor's own event type, e.g. "payment_intent.succeeded"
  // For kChargeback: the dispute as it stands after this event, in the words of Primer's
  // DisputeStatusWebhookPayload (each connector maps its processor's statuses; its header says how).
  struct Dispute {
    std::string status = "OPEN";  // OPEN, ACCEPTED, CHALLENGED, EXPIRED, CANCELLED, WON, LOST
    std::string type = "DISPUTE";  // DISPUTE, RETRIEVAL, PREARBITRATION
    std::string reasonCode;        // the card scheme's code, when the processor says
    std::string processorReason;   // the processor's own reason text or category
  } dispute;
};

}  // namespace sy::connectors
