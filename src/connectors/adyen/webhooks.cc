#include "connectors/adyen/webhooks.h"

#include <boost/json/value.hpp>

#include "common/crypto.h"
#include "common/money.h"
#include "connectors/adyen/transformers.h"
#include "connectors/json_fields.h"
#include "connectors/webhook_secret.h"

namespace sy::connectors::adyen {
namespace json = boost::json;
using domain::ReasonType;
using domain::StatusReason;
namespace {

// `success` as signed: Adyen sends the string "true"/"false"; a JSON boolean reads the same way.
std::string signedSuccess(const json::object& item) {
  const json::value* v = item.if_contains("success");
  if (v && v->is_bool()) return v->get_bool() ? "true" : "false";
  return v && v->is_string() ? std::string(v->get_string()) : std::string();
}

std::optional<std::string> successText(const json::object& item) {
  std::string s = signedSuccess(item);
  if (s == "true" || s == "false") return s;
  return std::nullopt;
}

// What is wrong with the first signed field present with a type that has no form in the signed
// string (so even a signature over it cannot verify: malformed, not forged), or "" when none is.
// Adyen's signed fields are strings; amount.value is an integer in minor units (a string of one
// is taken as written) and success may also be a JSON boolean.
std::string mistypedSignedField(const json::object& item) {
  for (const char* key : {"pspReference", "originalReference", "merchantAccountCode",
                          "merchantReference", "eventCode"}) {
    const json::value* v = item.if_contains(key);
    if (v && !v->is_null() && !v->is_string()) return std::string(key) + " must be a string";
  }
  if (const json::object* amount = objectAt(item, "amount")) {
    const json::value* value = amount->if_contains("value");
    if (value && !value->is_int64() && !value->is_uint64() && !value->is_string())
      return "amount.value must be an integer in minor units";
    const json::value* currency = amount->if_contains("currency");
    if (currency && !currency->is_null() && !currency->is_string())
      return "amount.currency must be a string";
  }
  const json::value* success = item.if_contains("success");
  if (success && !success->is_null() && !success->is_string() && !success->is_bool())
    return "success must be a string";
  return {};
}

std::string amountValueText(const json::object& item) {
  const json::object* amount = objectAt(item, "amount");
  if (!amount) return {};
  if (auto value = intAt(*amount, "value")) return std::to_string(*value);
  return stringAt(*amount, "value");
}

std::string itemLabel(size_t index, size_t count) {
  return "Adyen notification item " + std::to_string(index + 1) + " of " + std::to_string(count);
}

// The items' NotificationRequestItem objects, or why the notification has none.
Result<std::vector<const json::object*>> itemsOf(const json::object& notification) {
  const json::value* items = notification.if_contains("notificationItems");
  if (!items || !items->is_array() || items->as_array().empty())
    return invalidArgument("Adyen notification without notificationItems");
  std::vector<const json::object*> out;
  for (const json::value& wrapper : items->as_array()) {
    const json::object* item =
        wrapper.is_object() ? objectAt(wrapper.as_object(), "NotificationRequestItem") : nullptr;
    if (!item)
      return invalidArgument(itemLabel(out.size(), items->as_array().size()) +
                             " is not a NotificationRequestItem object");
    out.push_back(item);
  }
  return out;
}

StatusReason modificationFailure(std::string eventCode, std::string reason) {
  StatusReason r;
  r.type = ReasonType::kGatewayRejected;
  r.processorCode = std::move(eventCode);
  r.message = std::move(reason);
  return r;
}

// Adyen's dispute notifications -> Primer's dispute status and type.
struct DisputeMapping {
  std::string_view eventCode, status, disputeType;
};
constexpr DisputeMapping kDisputeEvents[] = {
    {"REQUEST_FOR_INFORMATION", "OPEN", "RETRIEVAL"},
    {"NOTIFICATION_OF_CHARGEBACK", "OPEN", "DISPUTE"},
    {"CHARGEBACK", "OPEN", "DISPUTE"},
    {"CHARGEBACK_REVERSED", "WON", "DISPUTE"},
    {"SECOND_CHARGEBACK", "LOST", "DISPUTE"},
    {"PREARBITRATION_WON", "WON", "PREARBITRATION"},
    {"PREARBITRATION_LOST", "LOST", "PREARBITRATION"},
};

Result<WebhookEvent> eventFromItem(const json::object& item, const std::string& label) {
  WebhookEvent e;
  e.rawType = stringAt(item, "eventCode");
  std::string psp = stringAt(item, "pspReference");
  std::string original = stringAt(item, "originalReference");
  auto success = successText(item);
  auto occurred = parseTimestamp(stringAt(item, "eventDate"));
  if (e.rawType.empty() || psp.empty() || !success || !occurred)
    return invalidArgument(label +
                           " lacks eventCode, pspReference, success \"true\"/\"false\" or an "
                           "ISO 8601 eventDate");
  e.occurredAt = *occurred;
  e.success = *success == "true";
  e.processorEventId = e.rawType + ":" + psp + ":" + *success;
  e.processorTransactionId = original.empty() ? psp : original;
  if (!original.empty()) e.processorOperationId = psp;
  e.merchantReference = stringAt(item, "merchantReference");
  if (const json::object* amount = objectAt(item, "amount")) {
    std::string currency = stringAt(*amount, "currency");
    auto value = intAt(*amount, "value");
    if (!currency.empty() && value) {
      auto iso = findCurrency(currency);
      e.amount = iso ? fromAdyenValue(*value, currency, iso->exponent) : *value;
      e.currencyCode = std::move(currency);
    }
  }

  const std::string& code = e.rawType;
  std::string reason = stringAt(item, "reason");
  if (code == "AUTHORISATION") {
    e.kind = WebhookEventKind::kAuthorization;
    // On success `reason` holds authCode:cardSummary:expiry, not a refusal.
    if (!e.success) e.reason = declineReasonFromText(reason);
    return e;
  }
  if (code == "CAPTURE" || code == "CAPTURE_FAILED") {
    e.kind = WebhookEventKind::kCapture;
  } else if (code == "CANCELLATION") {
    e.kind = WebhookEventKind::kCancel;
  } else if (code == "REFUND" || code == "REFUND_FAILED") {
    e.kind = WebhookEventKind::kRefund;
  } else if (code == "CANCEL_OR_REFUND") {
    const json::object* additional = objectAt(item, "additionalData");
    std::string action = additional ? stringAt(*additional, "modification.action") : std::string();
    e.kind = WebhookEventKind::kCancelOrRefund;  // Adyen decided by the payment's state
    if (action == "cancel") e.kind = WebhookEventKind::kCancel;
    if (action == "refund") e.kind = WebhookEventKind::kRefund;
  } else {
    for (const DisputeMapping& m : kDisputeEvents) {
      if (m.eventCode != code) continue;
      e.kind = WebhookEventKind::kChargeback;
      e.success = true;
      e.dispute.status = std::string(m.status);
      e.dispute.type = std::string(m.disputeType);
      const json::object* additional = objectAt(item, "additionalData");
      if (additional) e.dispute.reasonCode = stringAt(*additional, "chargebackReasonCode");
      e.dispute.processorReason = reason;
      // The dispute's pspReference (shared by its every step) when the item names the payment
      // as originalReference; else the item is reported on the payment's own.
      if (e.processorOperationId.empty()) e.processorOperationId = e.processorTransactionId;
      return e;
    }
  }
  // The *_FAILED events report, successfully, that the modification failed.
  if (code == "CAPTURE_FAILED" || code == "REFUND_FAILED") e.success = false;
  if (!e.success && e.kind != WebhookEventKind::kOther)
    e.reason = modificationFailure(code, std::move(reason));
  return e;
}

}  // namespace

std::string signingString(const json::object& item) {
  const json::object* amount = objectAt(item, "amount");
  const std::string parts[] = {stringAt(item, "pspReference"),
                               stringAt(item, "originalReference"),
                               stringAt(item, "merchantAccountCode"),
                               stringAt(item, "merchantReference"),
                               amountValueText(item),
                               amount ? stringAt(*amount, "currency") : std::string(),
                               stringAt(item, "eventCode"),
                               signedSuccess(item)};
  std::string out = parts[0];
  for (size_t i = 1; i < std::size(parts); ++i) out.append(":").append(parts[i]);
  return out;
}

Status verifyItems(const json::object& notification, const SecretString& hmacKey) {
  auto items = itemsOf(notification);
  if (!items) return items.status();
  for (size_t i = 0; i < items->size(); ++i) {
    const json::object& item = *(*items)[i];
    // Found by fuzzing: an amount of 250.0 (session 5), a merchantReference of 4000 (session 6).
    if (std::string wrong = mistypedSignedField(item); !wrong.empty())
      return invalidArgument(itemLabel(i, items->size()) + ": " + wrong);
    const json::object* additional = objectAt(item, "additionalData");
    std::string signature = additional ? stringAt(*additional, "hmacSignature") : std::string();
    if (signature.empty())
      return unauthenticated(itemLabel(i, items->size()) + " has no additionalData.hmacSignature");
    auto received = crypto::base64Decode(signature);
    const std::string expected = crypto::hmacSha256(hmacKey.reveal(), signingString(item));
    if (!received || !crypto::constantTimeEquals(*received, expected))
      return unauthenticated(itemLabel(i, items->size()) + ": the HMAC signature does not match");
  }
  return Status::ok();
}

Result<std::vector<WebhookEvent>> eventsFromNotification(const json::object& notification) {
  auto items = itemsOf(notification);
  if (!items) return items.status();
  std::vector<WebhookEvent> events;
  for (size_t i = 0; i < items->size(); ++i) {
    auto e = eventFromItem(*(*items)[i], itemLabel(i, items->size()));
    if (!e) return e.status();
    events.push_back(std::move(*e));
  }
  return events;
}

Result<std::vector<WebhookEvent>> parseWebhook(const SecretString& credentialsJson,
                                               const InboundWebhook& webhook) {
  auto hexKey = webhookSecretFrom(credentialsJson, kHmacKeyKey, "Adyen");
  if (!hexKey) return hexKey.status();
  auto key = crypto::hexDecode(hexKey->reveal());
  if (!key)
    return failedPrecondition("Adyen connection's \"hmacKey\" is not hex, as Adyen issues it");
  const SecretString hmacKey(std::move(*key));
  auto notification = parseJsonObject(webhook.body);
  if (!notification) return invalidArgument("Adyen webhook body is not a JSON object");
  SY_RETURN_IF_ERROR(verifyItems(*notification, hmacKey));
  return eventsFromNotification(*notification);
}

}  // namespace sy::connectors::adyen
