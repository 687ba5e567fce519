// Stripe webhooks: verification of the `Stripe-Signature` header and the mapping of Stripe event
// objects (API version 2023-08-16) to WebhookEvents. Pure functions; StripeConnector::parseWebhook
// delegates here. Contract in connectors/webhook.h.
//
// Signature (Stripe docs "Verify webhook signatures manually"):
//   Stripe-Signature: t=<unix seconds>,v1=<hex>[,v1=<hex>...][,v0=...]
//   v1 = hex(HMAC-SHA256(key = the endpoint's whole "whsec_..." secret, "<t>.<raw body>"))
// Several v1 values appear while a secret is being rolled: one match is enough; each is compared
// in constant time. Other schemes (v0) are ignored. `t` must be within the tolerance of `now`, in
// both directions (a replayed old request, or a clock far ahead).
//
// Events (data.object), amounts converted from Stripe's to ISO minor units:
//   payment_intent.amount_capturable_updated -> kAuthorization, success, amount_capturable
//   payment_intent.succeeded                 -> kCapture, success, amount_received (also the
//                                               automatic capture of an authorize-and-capture)
//   payment_intent.payment_failed            -> kAuthorization, failure, amount, reason from
//                                               last_payment_error (decline table)
//   payment_intent.canceled                  -> kCancel, success, amount
//   refund.created, refund.updated, charge.refund.updated (a Refund) ->
//       status succeeded -> kRefund success; failed/canceled -> kRefund failure, GATEWAY_REJECTED
//       with processorCode = failure_reason; pending/requires_action -> kOther (nothing final yet)
//   charge.dispute.* (a Dispute)             -> kChargeback, success, operation id = dispute id,
//       dispute.status from the Dispute's status: needs_response/warning_needs_response -> OPEN,
//       under_review/warning_under_review -> CHALLENGED, won -> WON, lost -> LOST,
//       warning_closed -> CANCELLED; type RETRIEVAL for warning_* (inquiries), else DISPUTE;
//       processorReason = reason. A status not in this list -> kOther.
//   anything else (charge.refunded included) -> kOther
// charge.refunded is a Charge-level summary that names no refund in this API version, and the
// per-refund events above carry the same refund with its id and status: mapping both would count
// one refund twice.
// merchantReference = metadata["sy_attempt_key"] of the PaymentIntent or Refund (the connector
// sets it on every object it creates); processorEventId = the event's id (evt_...).
//
// Credentials: {"webhookSecret": "whsec_..."} beside the API credentials.
#pragma once

#include <chrono>
#include <string_view>
#include <vector>

#include "common/clock.h"
#include "common/secret.h"
#include "common/status.h"
#include "connectors/webhook.h"

namespace sy::connectors::stripe {

inline constexpr std::string_view kSignatureHeader = "Stripe-Signature";
inline constexpr std::string_view kWebhookSecretKey = "webhookSecret";
// Stripe's libraries' default.
inline constexpr std::chrono::seconds kSignatureTolerance{300};

// OK when `header` carries a v1 signature of `body` under `secret` and a timestamp within
// `tolerance` of `now`; kUnauthenticated otherwise.
Status verifySignature(std::string_view header, std::string_view body, const SecretString& secret,
                       TimePoint now, std::chrono::seconds tolerance = kSignatureTolerance);

// One authenticated event body -> its event; kInvalidArgument when it is not a Stripe event.
Result<std::vector<WebhookEvent>> eventsFromBody(std::string_view body);

// The whole of parseWebhook: secret from the credentials, signature, then the body.
Result<std::vector<WebhookEvent>> parseWebhook(const SecretString& credentialsJson,
                                               const InboundWebhook& webhook, TimePoint now);

}  // namespace sy::connectors::stripe
