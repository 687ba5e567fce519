// Adyen standard webhooks ("notifications"): HMAC verification of every notification item and the
// mapping of items to WebhookEvents. Pure functions; AdyenConnector::parseWebhook delegates here.
// Contract in connectors/webhook.h.
//
// Body: {"live": "false", "notificationItems": [{"NotificationRequestItem": {...}}, ...]}.
// Signature (Adyen docs "Verify HMAC signatures"), per item, in additionalData.hmacSignature:
//   base64(HMAC-SHA256(key = hex-decoded hmacKey,
//     pspReference:originalReference:merchantAccountCode:merchantReference:amount.value:
//     amount.currency:eventCode:success))
// with an empty string for an absent field. The signature sits inside the body, so the JSON is
// parsed first (unreadable -> kInvalidArgument), then EVERY item is verified before any is read;
// one item without a valid signature refuses the whole request (kUnauthenticated).
// Only those eight fields are signed: eventDate, reason and additionalData are taken as sent.
//
// Items (amounts converted from Adyen's to ISO minor units; processorTransactionId is
// originalReference for a modification, else pspReference, and processorOperationId the
// modification's own pspReference):
//   AUTHORISATION      -> kAuthorization, success as sent; a refusal's reason from the refusal
//                         table by its text (declineReasonFromText)
//   CAPTURE            -> kCapture, success as sent
//   CAPTURE_FAILED     -> kCapture, failure (Adyen sends success "true": the failure happened)
//   CANCELLATION       -> kCancel, success as sent
//   REFUND             -> kRefund, success as sent
//   REFUND_FAILED      -> kRefund, failure (success is "true", as for CAPTURE_FAILED)
//   CANCEL_OR_REFUND   -> kCancel or kRefund by additionalData["modification.action"], else
//                         kCancelOrRefund
//   dispute items      -> kChargeback, success, operation id = the dispute's pspReference (the
//                         payment's when there is no originalReference): REQUEST_FOR_INFORMATION -> OPEN
//                         RETRIEVAL; NOTIFICATION_OF_CHARGEBACK, CHARGEBACK -> OPEN DISPUTE;
//                         CHARGEBACK_REVERSED -> WON; SECOND_CHARGEBACK -> LOST;
//                         PREARBITRATION_WON / _LOST -> WON / LOST PREARBITRATION;
//                         reasonCode = additionalData.chargebackReasonCode, processorReason = reason
//   anything else      -> kOther
// A failed modification's reason: GATEWAY_REJECTED, processorCode = eventCode, message = reason.
// merchantReference = merchantReference (the `reference` the connector sent: the attempt key).
// Adyen items carry no event id; processorEventId is "<eventCode>:<pspReference>:<success>", the
// fields Adyen names for recognising a redelivered item.
//
// Credentials: {"hmacKey": "<hex, as Adyen's Customer Area shows it>"} beside the API credentials.
#pragma once

#include <boost/json/object.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "common/secret.h"
#include "common/status.h"
#include "connectors/webhook.h"

namespace sy::connectors::adyen {

inline constexpr std::string_view kHmacKeyKey = "hmacKey";

// The string Adyen signs for one NotificationRequestItem.
std::string signingString(const boost::json::object& item);

// OK when every item of the parsed `notification` carries a valid hmacSignature under `hmacKey`
// (raw bytes); kUnauthenticated naming the first item that does not; kInvalidArgument when the
// notification has no items or an item is not an object.
Status verifyItems(const boost::json::object& notification, const SecretString& hmacKey);

// An authenticated notification -> one event per item; kInvalidArgument for an unreadable item.
Result<std::vector<WebhookEvent>> eventsFromNotification(const boost::json::object& notification);

// The whole of parseWebhook: hmacKey from the credentials, parse, verify every item, map.
// (Adyen signs no timestamp: redeliveries are recognised by processorEventId.)
Result<std::vector<WebhookEvent>> parseWebhook(const SecretString& credentialsJson,
                                               const InboundWebhook& webhook);

}  // namespace sy::connectors::adyen
