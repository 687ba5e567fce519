#include "connectors/checkoutcom/webhooks.h"

#include <string>

#include "common/crypto.h"
#include "common/money.h"
#include "connectors/checkoutcom/transformers.h"
#include "connectors/json_fields.h"
#include "connectors/webhook_secret.h"

namespace sy::connectors::checkoutcom {
namespace json = boost::json;
using domain::ReasonType;
using domain::StatusReason;
namespace {

struct Mapping {
  std::string_view type;
  WebhookEventKind kind;
  bool success;
};
constexpr Mapping kPaymentEvents[] = {
    {"payment_approved", WebhookEventKind::kAuthorization, true},
    {"payment_declined", WebhookEventKind::kAuthorization, false},
    {"payment_captured", WebhookEventKind::kCapture, true},
    {"payment_capture_declined", WebhookEventKind::kCapture, false},
    {"payment_voided", WebhookEventKind::kCancel, true},
    {"payment_void_declined", WebhookEventKind::kCancel, false},
    {"payment_refunded", WebhookEventKind::kRefund, true},
    {"payment_refund_declined", WebhookEventKind::kRefund, false},
    {"payment_chargeback", WebhookEventKind::kChargeback, true},
};

// Checkout.com's dispute events -> Primer's dispute status and type.
struct DisputeMapping {
  std::string_view type, status, disputeType;
};
constexpr DisputeMapping kDisputeEvents[] = {
    {"dispute_received", "OPEN", "DISPUTE"},
    {"dispute_evidence_required", "OPEN", "DISPUTE"},
    {"dispute_evidence_submitted", "CHALLENGED", "DISPUTE"},
    {"dispute_won", "WON", "DISPUTE"},
    {"dispute_lost", "LOST", "DISPUTE"},
    {"dispute_accepted", "ACCEPTED", "DISPUTE"},
    {"dispute_canceled", "CANCELLED", "DISPUTE"},
    {"dispute_expired", "EXPIRED", "DISPUTE"},
    {"dispute_resolved", "CANCELLED", "DISPUTE"},
    {"dispute_arbitration_sent_to_scheme", "CHALLENGED", "PREARBITRATION"},
    {"dispute_arbitration_won", "WON", "PREARBITRATION"},
    {"dispute_arbitration_lost", "LOST", "PREARBITRATION"},
};

Status setAmount(WebhookEvent& e, const json::object& data) {
  std::string currency = stringAt(data, "currency");
  auto amount = intAt(data, "amount");
  if (currency.empty() || !amount) return Status::ok();
  auto iso = findCurrency(currency);
  if (!iso) {  // not in the ISO table: reported as Checkout.com sent it
    e.amount = *amount;
  } else {
    auto converted = fromProcessorAmount(*amount, currency, iso->exponent);
    if (!converted)
      return invalidArgument("Checkout.com " + e.rawType +
                             " event amount: " + converted.status().message());
    e.amount = *converted;
  }
  e.currencyCode = std::move(currency);
  return Status::ok();
}

}  // namespace

Status verifySignature(std::string_view signatureHex, std::string_view body,
                       const SecretString& secret) {
  auto received = crypto::hexDecode(signatureHex);
  if (!received) return unauthenticated("Cko-Signature is not hex");
  if (!crypto::constantTimeEquals(*received, crypto::hmacSha256(secret.reveal(), body)))
    return unauthenticated("Cko-Signature does not match the body");
  return Status::ok();
}

Result<std::vector<WebhookEvent>> eventsFromBody(std::string_view body) {
  auto event = parseJsonObject(body);
  if (!event) return invalidArgument("Checkout.com webhook body is not a JSON object");
  WebhookEvent e;
  e.processorEventId = stringAt(*event, "id");
  e.rawType = stringAt(*event, "type");
  auto created = parseTimestamp(stringAt(*event, "created_on"));
  const json::object* data = objectAt(*event, "data");
  if (e.processorEventId.empty() || e.rawType.empty() || !created || !data)
    return invalidArgument(
        "Checkout.com webhook body is not an event (id, type, ISO 8601 created_on and data)");
  e.occurredAt = *created;
  SY_RETURN_IF_ERROR(setAmount(e, *data));

  if (e.rawType.starts_with("dispute_")) {
    e.processorOperationId = stringAt(*data, "id");
    e.processorTransactionId = stringAt(*data, "payment_id");
    e.merchantReference = stringAt(*data, "payment_reference");
    for (const DisputeMapping& m : kDisputeEvents) {
      if (m.type != e.rawType) continue;
      e.kind = WebhookEventKind::kChargeback;
      e.success = true;
      e.dispute.status = std::string(m.status);
      e.dispute.type = std::string(m.disputeType);
      e.dispute.reasonCode = stringAt(*data, "reason_code");
      e.dispute.processorReason = stringAt(*data, "category");
    }
    return std::vector<WebhookEvent>{std::move(e)};
  }

  e.processorTransactionId = stringAt(*data, "id");
  e.processorOperationId = stringAt(*data, "action_id");
  e.merchantReference = stringAt(*data, "reference");
  for (const Mapping& m : kPaymentEvents) {
    if (m.type != e.rawType) continue;
    if (e.processorTransactionId.empty())
      return invalidArgument("Checkout.com " + e.rawType + " event without data.id");
    e.kind = m.kind;
    e.success = m.success;
    if (m.success) break;
    std::string code = stringAt(*data, "response_code");
    std::string summary = stringAt(*data, "response_summary");
    if (m.kind == WebhookEventKind::kAuthorization) {
      e.reason = declineReason(code, std::move(summary));
    } else {
      StatusReason r;
      r.type = ReasonType::kGatewayRejected;
      r.processorCode = std::move(code);
      r.message = std::move(summary);
      e.reason = std::move(r);
    }
    break;
  }
  return std::vector<WebhookEvent>{std::move(e)};
}

Result<std::vector<WebhookEvent>> parseWebhook(const SecretString& credentialsJson,
                                               const InboundWebhook& webhook) {
  auto secret = webhookSecretFrom(credentialsJson, kWebhookSecretKey, "Checkout.com");
  if (!secret) return secret.status();
  auto header = webhook.header(kSignatureHeader);
  if (!header) return unauthenticated("Checkout.com webhook without a Cko-Signature header");
  SY_RETURN_IF_ERROR(verifySignature(*header, webhook.body, *secret));
  return eventsFromBody(webhook.body);
}

}  // namespace sy::connectors::checkoutcom
