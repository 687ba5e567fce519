#include "connectors/stripe/webhooks.h"

#include <cctype>
#include <charconv>
#include <string>

#include "common/crypto.h"
#include "connectors/json_fields.h"
#include "connectors/stripe/transformers.h"
#include "connectors/unix_time.h"
#include "connectors/webhook_secret.h"

namespace sy::connectors::stripe {
namespace json = boost::json;
using domain::ReasonType;
using domain::StatusReason;
namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

std::string upper(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return out;
}

// A Unix time of at most 12 digits: far beyond any real timestamp, and no overflow below.
std::optional<int64_t> unixSeconds(std::string_view s) {
  int64_t v = 0;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || end != s.data() + s.size() || v < 0 || s.size() > 12)
    return std::nullopt;
  return v;
}

// Stripe's Dispute.status -> Primer's dispute status. warning_* are inquiries (RETRIEVAL);
// warning_closed: the inquiry closed without becoming a chargeback.
struct DisputeStatusMapping {
  std::string_view stripe, primer;
};
constexpr DisputeStatusMapping kDisputeStatuses[] = {
    {"warning_needs_response", "OPEN"}, {"warning_under_review", "CHALLENGED"},
    {"warning_closed", "CANCELLED"},    {"needs_response", "OPEN"},
    {"under_review", "CHALLENGED"},     {"won", "WON"},
    {"lost", "LOST"},
};

std::string attemptKeyOf(const json::object& o) {
  const json::object* metadata = objectAt(o, "metadata");
  return metadata ? stringAt(*metadata, kAttemptKeyMetadata) : std::string();
}

void setAmount(WebhookEvent& e, const json::object& o, std::string_view amountField) {
  std::string currency = stringAt(o, "currency");
  auto amount = intAt(o, amountField);
  if (currency.empty() || !amount) return;
  e.currencyCode = upper(currency);
  e.amount = fromStripeAmount(*amount, currency);
}

Status fromPaymentIntent(WebhookEvent& e, const json::object& pi) {
  e.processorTransactionId = stringAt(pi, "id");
  if (e.processorTransactionId.empty())
    return invalidArgument("Stripe " + e.rawType + " event without a PaymentIntent id");
  e.merchantReference = attemptKeyOf(pi);
  const std::string& t = e.rawType;
  if (t == "payment_intent.amount_capturable_updated") {
    e.kind = WebhookEventKind::kAuthorization;
    e.success = true;
    setAmount(e, pi, "amount_capturable");
  } else if (t == "payment_intent.succeeded") {
    e.kind = WebhookEventKind::kCapture;
    e.success = true;
    setAmount(e, pi, "amount_received");
  } else if (t == "payment_intent.payment_failed") {
    e.kind = WebhookEventKind::kAuthorization;
    e.success = false;
    setAmount(e, pi, "amount");
    const json::object* error = objectAt(pi, "last_payment_error");
    std::string code;
    if (error) {
      code = stringAt(*error, "decline_code");
      if (code.empty()) code = stringAt(*error, "code");
    }
    e.reason = cardErrorReason(code, error ? stringAt(*error, "message") : std::string());
  } else if (t == "payment_intent.canceled") {
    e.kind = WebhookEventKind::kCancel;
    e.success = true;
    setAmount(e, pi, "amount");
  } else {
    setAmount(e, pi, "amount");
  }
  return Status::ok();
}

Status fromRefund(WebhookEvent& e, const json::object& re) {
  e.processorOperationId = stringAt(re, "id");
  e.processorTransactionId = stringAt(re, "payment_intent");
  if (e.processorOperationId.empty())
    return invalidArgument("Stripe " + e.rawType + " event without a refund id");
  e.merchantReference = attemptKeyOf(re);
  setAmount(e, re, "amount");
  std::string status = stringAt(re, "status");
  if (status == "succeeded") {
    e.kind = WebhookEventKind::kRefund;
    e.success = true;
  } else if (status == "failed" || status == "canceled") {
    e.kind = WebhookEventKind::kRefund;
    e.success = false;
    StatusReason r;
    r.type = ReasonType::kGatewayRejected;
    std::string why = stringAt(re, "failure_reason");
    r.processorCode = why.empty() ? status : why;
    r.message = "the refund " + status + " at Stripe";
    e.reason = std::move(r);
  }
  return Status::ok();
}

Status fromDispute(WebhookEvent& e, const json::object& dp) {
  e.processorOperationId = stringAt(dp, "id");
  e.processorTransactionId = stringAt(dp, "payment_intent");
  if (e.processorOperationId.empty())
    return invalidArgument("Stripe " + e.rawType + " event without a dispute id");
  setAmount(e, dp, "amount");
  const std::string status = stringAt(dp, "status");
  const DisputeStatusMapping* mapped = nullptr;
  for (const DisputeStatusMapping& m : kDisputeStatuses)
    if (m.stripe == status) mapped = &m;
  // charge.dispute.funds_withdrawn/funds_reinstated repeat the status: the status decides.
  if (!mapped) return Status::ok();
  e.kind = WebhookEventKind::kChargeback;
  e.success = true;
  e.dispute.status = std::string(mapped->primer);
  e.dispute.type = status.starts_with("warning_") ? "RETRIEVAL" : "DISPUTE";
  e.dispute.processorReason = stringAt(dp, "reason");
  return Status::ok();
}

}  // namespace

Status verifySignature(std::string_view header, std::string_view body, const SecretString& secret,
                       TimePoint now, std::chrono::seconds tolerance) {
  std::optional<std::string_view> timestamp;
  std::vector<std::string_view> signatures;
  while (!header.empty()) {
    size_t comma = header.find(',');
    std::string_view item = trim(header.substr(0, comma));
    header = comma == std::string_view::npos ? std::string_view() : header.substr(comma + 1);
    size_t eq = item.find('=');
    if (eq == std::string_view::npos) continue;
    std::string_view name = item.substr(0, eq), value = item.substr(eq + 1);
    if (name == "t") {
      if (timestamp) return unauthenticated("Stripe-Signature has more than one timestamp");
      timestamp = value;
    } else if (name == "v1") {
      signatures.push_back(value);
    }
  }
  if (!timestamp) return unauthenticated("Stripe-Signature has no timestamp (t=)");
  auto t = unixSeconds(*timestamp);
  if (!t) return unauthenticated("Stripe-Signature has an unreadable timestamp");
  if (signatures.empty()) return unauthenticated("Stripe-Signature has no v1 signature");

  std::string signedPayload;
  signedPayload.reserve(timestamp->size() + 1 + body.size());
  signedPayload.append(*timestamp).append(".").append(body);
  const std::string expected = crypto::hmacSha256(secret.reveal(), signedPayload);
  bool matched = false;
  for (std::string_view candidate : signatures) {
    auto raw = crypto::hexDecode(candidate);
    // Every candidate is compared, so the time taken does not say which one matched.
    if (raw && crypto::constantTimeEquals(*raw, expected)) matched = true;
  }
  if (!matched) return unauthenticated("no Stripe-Signature v1 signature matches the body");

  const int64_t nowSeconds =
      std::chrono::duration_cast<std::chrono::seconds>(now.time_since_epoch()).count();
  const int64_t age = nowSeconds - *t;
  if (age > tolerance.count())
    return unauthenticated("Stripe-Signature timestamp is older than the " +
                           std::to_string(tolerance.count()) + " s tolerance");
  if (-age > tolerance.count())
    return unauthenticated("Stripe-Signature timestamp is more than " +
                           std::to_string(tolerance.count()) + " s in the future");
  return Status::ok();
}

Result<std::vector<WebhookEvent>> eventsFromBody(std::string_view body) {
  auto event = parseJsonObject(body);
  if (!event) return invalidArgument("Stripe webhook body is not a JSON object");
  WebhookEvent e;
  e.processorEventId = stringAt(*event, "id");
  e.rawType = stringAt(*event, "type");
  auto created = intAt(*event, "created");
  const json::object* data = objectAt(*event, "data");
  const json::object* object = data ? objectAt(*data, "object") : nullptr;
  if (stringAt(*event, "object") != "event" || e.processorEventId.empty() || e.rawType.empty() ||
      !created || !object)
    return invalidArgument(
        "Stripe webhook body is not an event (object, id, type, created and data.object)");
  std::optional<TimePoint> occurredAt = timeFromUnixSeconds(*created);
  if (!occurredAt)
    return invalidArgument("Stripe webhook `created` is not a time (Unix seconds)");
  e.occurredAt = *occurredAt;

  std::string objectType = stringAt(*object, "object");
  Status s;
  if (e.rawType.starts_with("payment_intent.")) {
    if (objectType != "payment_intent")
      return invalidArgument("Stripe " + e.rawType + " event does not carry a PaymentIntent");
    s = fromPaymentIntent(e, *object);
  } else if (e.rawType == "refund.created" || e.rawType == "refund.updated" ||
             e.rawType == "charge.refund.updated") {
    if (objectType != "refund")
      return invalidArgument("Stripe " + e.rawType + " event does not carry a Refund");
    s = fromRefund(e, *object);
  } else if (e.rawType.starts_with("charge.dispute.")) {
    if (objectType != "dispute")
      return invalidArgument("Stripe " + e.rawType + " event does not carry a Dispute");
    s = fromDispute(e, *object);
  } else if (objectType == "charge") {
    e.processorTransactionId = stringAt(*object, "payment_intent");
    setAmount(e, *object, "amount");
  }
  if (!s.isOk()) return s;
  return std::vector<WebhookEvent>{std::move(e)};
}

Result<std::vector<WebhookEvent>> parseWebhook(const SecretString& credentialsJson,
                                               const InboundWebhook& webhook, TimePoint now) {
  auto secret = webhookSecretFrom(credentialsJson, kWebhookSecretKey, "Stripe");
  if (!secret) return secret.status();
  auto header = webhook.header(kSignatureHeader);
  if (!header) return unauthenticated("Stripe webhook without a Stripe-Signature header");
  SY_RETURN_IF_ERROR(verifySignature(*header, webhook.body, *secret, now));
  return eventsFromBody(webhook.body);
}

}  // namespace sy::connectors::stripe
