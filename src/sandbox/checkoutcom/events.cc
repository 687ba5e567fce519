#include "sandbox/checkoutcom/events.h"

#include <boost/json.hpp>

namespace sy::sandbox::checkoutcom {
namespace json = boost::json;
namespace {

struct DisputeEvent {
  std::string_view status;
  std::string_view type;
};
constexpr DisputeEvent kDisputeEvents[] = {
    {"evidence_required", "dispute_evidence_required"},
    {"evidence_under_review", "dispute_evidence_submitted"},
    {"won", "dispute_won"},
    {"lost", "dispute_lost"},
    {"accepted", "dispute_accepted"},
    {"canceled", "dispute_canceled"},
    {"expired", "dispute_expired"},
    {"resolved", "dispute_resolved"},
    {"arbitration_under_review", "dispute_arbitration_sent_to_scheme"},
    {"arbitration_won", "dispute_arbitration_won"},
    {"arbitration_lost", "dispute_arbitration_lost"},
};

std::string envelope(std::string_view eventId, std::string_view type, std::string_view createdOn,
                     json::object data) {
  return json::serialize(json::object{{"id", eventId},
                                      {"type", type},
                                      {"version", "1.0.33"},
                                      {"created_on", createdOn},
                                      {"data", std::move(data)}});
}

}  // namespace

std::optional<std::string> actionEventJson(std::string_view eventId, std::string_view createdOn,
                                           const CheckoutComApi::Payment& p,
                                           const CheckoutComApi::Action& a) {
  std::string type;
  if (a.type == "Authorization")
    type = a.approved ? "payment_approved" : "payment_declined";
  else if (a.type == "Capture")
    type = a.approved ? "payment_captured" : "payment_capture_declined";
  else if (a.type == "Void")
    type = a.approved ? "payment_voided" : "payment_void_declined";
  else if (a.type == "Refund")
    type = a.approved ? "payment_refunded" : "payment_refund_declined";
  else
    return std::nullopt;
  json::object data{{"id", p.id},
                    {"action_id", a.id},
                    {"reference", p.reference},
                    {"amount", a.amount},
                    {"currency", p.currency},
                    {"approved", a.approved},
                    {"status", p.status},
                    {"payment_type", p.paymentType},
                    {"response_code", a.responseCode},
                    {"response_summary", responseSummary(a.responseCode)},
                    {"processed_on", a.processedOn},
                    {"balances", json::object{{"total_authorized", p.approved ? p.amount : 0},
                                              {"total_captured", p.captured},
                                              {"total_refunded", p.refunded},
                                              {"total_voided", p.voided}}}};
  if (!a.authCode.empty()) data["auth_code"] = a.authCode;
  return envelope(eventId, type, createdOn, std::move(data));
}

std::optional<std::string> disputeEventType(std::string_view status, bool opened) {
  for (const DisputeEvent& e : kDisputeEvents) {
    if (e.status != status) continue;
    if (opened && status == "evidence_required") return std::string("dispute_received");
    return std::string(e.type);
  }
  return std::nullopt;
}

std::string disputeEventJson(std::string_view eventId, std::string_view createdOn,
                             std::string_view type, const EmulatedDispute& d,
                             std::string_view paymentReference) {
  json::object data{{"id", d.id},
                    {"category", d.reason},
                    {"status", d.status},
                    {"amount", d.amount},
                    {"currency", d.currency},
                    {"reason_code", "10.4"},
                    {"payment_id", d.paymentId},
                    {"payment_reference", paymentReference},
                    {"evidence_required_by", createdOn}};
  return envelope(eventId, type, createdOn, std::move(data));
}

}  // namespace sy::sandbox::checkoutcom
