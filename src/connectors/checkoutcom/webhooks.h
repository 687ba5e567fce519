// Checkout.com webhooks (workflow webhook actions, NAS): verification of the `Cko-Signature`
// header and the mapping of event bodies to WebhookEvents. Pure functions;
// CheckoutComConnector::parseWebhook delegates here. Contract in connectors/webhook.h.
//
// Signature (Checkout.com docs "Set up your webhook receiver"):
//   Cko-Signature: hex(HMAC-SHA256(key = the webhook action's signature key, raw body))
// compared in constant time, hex in either case. No timestamp is signed: redeliveries (Checkout.com
// retries up to eight times) are recognised by processorEventId.
//
// Body (spec EventObject): {"id": "evt_...", "type", "version", "created_on", "data": {...}}.
// Payment events: data.id = payment id, data.action_id = the action, data.reference = the
// payment's reference (the orderId the connector sent), amount in Checkout.com minor units:
//   payment_approved          -> kAuthorization, success
//   payment_declined          -> kAuthorization, failure, reason from the response_code table
//   payment_captured          -> kCapture, success
//   payment_capture_declined  -> kCapture, failure
//   payment_voided            -> kCancel, success
//   payment_void_declined     -> kCancel, failure
//   payment_refunded          -> kRefund, success
//   payment_refund_declined   -> kRefund, failure
//   payment_chargeback        -> kChargeback, success
// A declined capture/void/refund: GATEWAY_REJECTED with processorCode = response_code, message =
// response_summary (as a declined action reads in GET /payments/{id}/actions).
// Dispute events: data.id = dispute id (operation), data.payment_id, data.payment_reference:
//   dispute_received, dispute_evidence_required -> kChargeback, dispute OPEN
//   dispute_evidence_submitted -> CHALLENGED; dispute_won -> WON; dispute_lost -> LOST;
//   dispute_accepted -> ACCEPTED; dispute_canceled, dispute_resolved -> CANCELLED;
//   dispute_expired -> EXPIRED (all type DISPUTE); dispute_arbitration_sent_to_scheme ->
//   CHALLENGED, dispute_arbitration_won -> WON, dispute_arbitration_lost -> LOST (type
//   PREARBITRATION). reasonCode = data.reason_code, processorReason = data.category.
// Anything else (payment_pending, payment_expired...) -> kOther.
//
// Credentials: {"webhookSecret": "<the signature key of the workflow's webhook action>"}.
#pragma once

#include <string_view>
#include <vector>

#include "common/secret.h"
#include "common/status.h"
#include "connectors/webhook.h"

namespace sy::connectors::checkoutcom {

inline constexpr std::string_view kSignatureHeader = "Cko-Signature";
inline constexpr std::string_view kWebhookSecretKey = "webhookSecret";

// OK when `signatureHex` is the HMAC of `body` under `secret`; kUnauthenticated otherwise.
Status verifySignature(std::string_view signatureHex, std::string_view body,
                       const SecretString& secret);

// One authenticated event body -> its event; kInvalidArgument when it is not a Checkout.com event.
Result<std::vector<WebhookEvent>> eventsFromBody(std::string_view body);

// The whole of parseWebhook: secret from the credentials, signature, then the body.
Result<std::vector<WebhookEvent>> parseWebhook(const SecretString& credentialsJson,
                                               const InboundWebhook& webhook);

}  // namespace sy::connectors::checkoutcom
