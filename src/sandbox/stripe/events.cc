#include "sandbox/stripe/events.h"

#include <boost/json.hpp>

namespace sy::sandbox::stripe {
namespace json = boost::json;
namespace {

std::optional<json::object> parseObject(std::string_view text) {
  boost::system::error_code ec;
  json::value v = json::parse(text, ec);
  if (ec || !v.is_object()) return std::nullopt;
  return std::move(v.as_object());
}

std::string str(const json::object& o, std::string_view key) {
  const json::value* v = o.if_contains(key);
  return v && v->is_string() ? std::string(v->as_string()) : std::string();
}

constexpr std::string_view kDisputeStatuses[] = {
    "warning_needs_response", "warning_under_review", "warning_closed", "needs_response",
    "under_review",           "won",                  "lost"};

}  // namespace

std::optional<StripeEventSource> eventForCall(std::string_view operation, unsigned httpStatus,
                                              std::string_view responseBody) {
  auto body = parseObject(responseBody);
  if (!body) return std::nullopt;
  if (operation == "create" && httpStatus == 402) {
    const json::value* error = body->if_contains("error");
    const json::value* pi = error && error->is_object()
                                ? error->as_object().if_contains("payment_intent")
                                : nullptr;
    if (!pi || !pi->is_object()) return std::nullopt;
    return StripeEventSource{"payment_intent.payment_failed", pi->as_object()};
  }
  if (httpStatus != 200) return std::nullopt;
  const std::string status = str(*body, "status");
  if (operation == "create") {
    if (status == "requires_capture")
      return StripeEventSource{"payment_intent.amount_capturable_updated", std::move(*body)};
    if (status == "succeeded")
      return StripeEventSource{"payment_intent.succeeded", std::move(*body)};
    return std::nullopt;
  }
  if (operation == "capture" && status == "succeeded")
    return StripeEventSource{"payment_intent.succeeded", std::move(*body)};
  if (operation == "cancel" && status == "canceled")
    return StripeEventSource{"payment_intent.canceled", std::move(*body)};
  if (operation == "refund" && str(*body, "object") == "refund")
    return StripeEventSource{"refund.created", std::move(*body)};
  return std::nullopt;
}

bool isDisputeStatus(std::string_view status) {
  for (std::string_view s : kDisputeStatuses)
    if (s == status) return true;
  return false;
}

StripeEventSource eventForDispute(const DisputeBook::Change& change, std::string_view charge) {
  const EmulatedDispute& d = change.dispute;
  json::object o{{"id", d.id},
                 {"object", "dispute"},
                 {"amount", d.amount},
                 {"balance_transactions", json::array()},
                 {"charge", charge},
                 {"created", d.created},
                 {"currency", d.currency},
                 {"evidence_details",
                  json::object{{"due_by", d.created + 7 * 24 * 3600},
                               {"has_evidence", false},
                               {"past_due", false},
                               {"submission_count", 0}}},
                 {"is_charge_refundable", false},
                 {"livemode", false},
                 {"metadata", json::object()},
                 {"payment_intent", d.paymentId},
                 {"reason", d.reason},
                 {"status", d.status}};
  std::string type = "charge.dispute.updated";
  if (change.opened)
    type = "charge.dispute.created";
  else if (d.status == "won" || d.status == "lost" || d.status == "warning_closed")
    type = "charge.dispute.closed";
  return StripeEventSource{std::move(type), std::move(o)};
}

std::string eventJson(std::string_view id, const StripeEventSource& source, int64_t created,
                      std::string_view idempotencyKey) {
  json::object request{{"id", nullptr},
                       {"idempotency_key", idempotencyKey.empty() ? json::value(nullptr)
                                                                  : json::value(idempotencyKey)}};
  json::object e{{"id", id},
                 {"object", "event"},
                 {"api_version", "2023-08-16"},
                 {"created", created},
                 {"data", json::object{{"object", source.object}}},
                 {"livemode", false},
                 {"pending_webhooks", 1},
                 {"request", std::move(request)},
                 {"type", source.type}};
  return json::serialize(e);
}

}  // namespace sy::sandbox::stripe
