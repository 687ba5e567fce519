#include "connectors/test_processor/webhooks.h"

#include <string>

#include "common/crypto.h"
#include "connectors/json_fields.h"
#include "connectors/test_processor/transformers.h"
#include "connectors/unix_time.h"
#include "connectors/webhook_secret.h"

namespace sy::connectors::test_processor {
namespace json = boost::json;
namespace {

struct Mapping {
  std::string_view type;
  std::string_view object;  // what `data` must be
  WebhookEventKind kind;
  bool success;
  std::string_view amountField;  // in `data`
};
constexpr Mapping kEvents[] = {
    {"payment.authorized", "payment", WebhookEventKind::kAuthorization, true, "amount"},
    {"payment.captured", "payment", WebhookEventKind::kCapture, true, "amount_captured"},
    {"payment.declined", "payment", WebhookEventKind::kAuthorization, false, "amount"},
    {"payment.failed", "payment", WebhookEventKind::kAuthorization, false, "amount"},
    {"capture.succeeded", "capture", WebhookEventKind::kCapture, true, "amount"},
    {"void.succeeded", "void", WebhookEventKind::kCancel, true, "amount"},
    {"refund.succeeded", "refund", WebhookEventKind::kRefund, true, "amount"},
};

}  // namespace

Status verifySignature(std::string_view signatureHex, std::string_view body,
                       const SecretString& secret) {
  auto received = crypto::hexDecode(signatureHex);
  if (!received) return unauthenticated("Tp-Signature is not hex");
  if (!crypto::constantTimeEquals(*received, crypto::hmacSha256(secret.reveal(), body)))
    return unauthenticated("Tp-Signature does not match the body");
  return Status::ok();
}

Result<std::vector<WebhookEvent>> eventsFromBody(std::string_view body) {
  auto event = parseJsonObject(body);
  if (!event) return invalidArgument("test processor webhook body is not a JSON object");
  WebhookEvent e;
  e.processorEventId = stringAt(*event, "id");
  e.rawType = stringAt(*event, "type");
  auto created = intAt(*event, "created");
  const json::object* data = objectAt(*event, "data");
  if (stringAt(*event, "object") != "event" || e.processorEventId.empty() || e.rawType.empty() ||
      !created || !data)
    return invalidArgument(
        "test processor webhook body is not an event (object, id, type, created and data)");
  std::optional<TimePoint> occurredAt = timeFromUnixSeconds(*created);
  if (!occurredAt)
    return invalidArgument("test processor webhook `created` is not a time (Unix seconds)");
  e.occurredAt = *occurredAt;

  std::string object = stringAt(*data, "object");
  const json::object* payment = object == "payment" ? data : objectAt(*data, "payment");
  if (payment) {
    e.processorTransactionId = stringAt(*payment, "id");
    e.merchantReference = stringAt(*payment, "reference");
    e.currencyCode = stringAt(*payment, "currency");
  }
  if (object != "payment") e.processorOperationId = stringAt(*data, "id");

  for (const Mapping& m : kEvents) {
    if (m.type != e.rawType) continue;
    if (m.object != object || !payment || e.processorTransactionId.empty())
      return invalidArgument("test processor " + e.rawType + " event does not carry a " +
                             std::string(m.object) + " with its payment");
    e.kind = m.kind;
    e.success = m.success;
    e.amount = intAt(*data, m.amountField);
    if (e.rawType == "payment.declined")
      e.reason = declineReason(stringAt(*data, "decline_code"), stringAt(*data, "message"));
    if (e.rawType == "payment.failed")
      e.reason = failureReason(stringAt(*data, "failure_code"), stringAt(*data, "message"));
    break;
  }
  if (e.kind == WebhookEventKind::kOther) e.amount = intAt(*data, "amount");
  if (!e.amount) e.currencyCode.clear();
  return std::vector<WebhookEvent>{std::move(e)};
}

Result<std::vector<WebhookEvent>> parseWebhook(const SecretString& credentialsJson,
                                               const InboundWebhook& webhook) {
  auto secret = webhookSecretFrom(credentialsJson, kWebhookSecretKey, "test processor");
  if (!secret) return secret.status();
  auto header = webhook.header(kSignatureHeader);
  if (!header) return unauthenticated("test processor webhook without a Tp-Signature header");
  SY_RETURN_IF_ERROR(verifySignature(*header, webhook.body, *secret));
  return eventsFromBody(webhook.body);
}

}  // namespace sy::connectors::test_processor
