// Test processor webhooks (docs/test-processor.md "Webhooks"): verification of the `Tp-Signature`
// header and the mapping of event bodies to WebhookEvents. Pure functions;
// TestProcessorConnector::parseWebhook delegates here. Contract in connectors/webhook.h.
//
// The scheme is deliberately the simplest sound one, so the test processor stays a template:
//   Tp-Signature: hex(HMAC-SHA256(key = webhookSecret, raw body))   (hex in either case)
// Body: {"id": "tp_evt_...", "object": "event", "type": "<object>.<what happened>",
//        "created": <unix seconds>, "data": <the object, exactly as the API returns it>}
//   payment.authorized  (data: payment) -> kAuthorization, success, amount
//   payment.captured    (data: payment) -> kCapture, success, amount_captured (capture: true)
//   payment.declined    (data: payment) -> kAuthorization, failure, decline table (decline_code)
//   payment.failed      (data: payment) -> kAuthorization, failure, failureReason (failure_code)
//   capture.succeeded   (data: capture) -> kCapture, success, the capture's amount
//   void.succeeded      (data: void)    -> kCancel, success, the released amount
//   refund.succeeded    (data: refund)  -> kRefund, success, the refund's amount
//   anything else                       -> kOther
// processorTransactionId = the payment's id; processorOperationId = the capture/void/refund id;
// merchantReference = the payment's `reference` (the orderId the connector sent).
//
// Credentials: {"webhookSecret": "..."} beside {"apiKey": "..."}.
#pragma once

#include <string_view>
#include <vector>

#include "common/secret.h"
#include "common/status.h"
#include "connectors/webhook.h"

namespace sy::connectors::test_processor {

inline constexpr std::string_view kSignatureHeader = "Tp-Signature";
inline constexpr std::string_view kWebhookSecretKey = "webhookSecret";

// OK when `signatureHex` is the HMAC of `body` under `secret`; kUnauthenticated otherwise.
Status verifySignature(std::string_view signatureHex, std::string_view body,
                       const SecretString& secret);

// One authenticated event body -> its event; kInvalidArgument when it is not an event.
Result<std::vector<WebhookEvent>> eventsFromBody(std::string_view body);

// The whole of parseWebhook: secret from the credentials, signature, then the body.
Result<std::vector<WebhookEvent>> parseWebhook(const SecretString& credentialsJson,
                                               const InboundWebhook& webhook);

}  // namespace sy::connectors::test_processor
