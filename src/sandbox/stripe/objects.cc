// How the Stripe emulator renders Stripe's objects (objects.h).
#include "sandbox/stripe/objects.h"

#include <boost/json/array.hpp>

namespace sy::sandbox::stripe {
namespace json = boost::json;

json::object errorObject(std::string_view type, std::string_view message, std::string_view code,
                         std::string_view param) {
  json::object e{{"type", type}, {"message", message}};
  if (!code.empty()) {
    e["code"] = code;
    e["doc_url"] = "https://stripe.com/docs/error-codes/" + std::string(code);
    for (char& c : e["doc_url"].as_string())
      if (c == '_') c = '-';
  }
  if (!param.empty()) e["param"] = param;
  return e;
}

json::object metadataJson(const std::vector<std::pair<std::string, std::string>>& md) {
  json::object o;
  for (const auto& [k, v] : md) o[k] = v;
  return o;
}

namespace {
json::value nullable(const std::string& s) {
  return s.empty() ? json::value(nullptr) : json::value(s);
}
}  // namespace

// The PaymentIntent's latest Charge, as `expand[]=latest_charge` renders it: the card and its 3-D
// Secure details (payment_method_details.card.three_d_secure).
json::object chargeJson(const IntentRecord& pi) {
  json::object c;
  c["id"] = pi.latestCharge;
  c["object"] = "charge";
  c["amount"] = pi.amount;
  c["amount_captured"] = pi.amountReceived;
  c["amount_refunded"] = pi.amountRefunded;
  c["billing_details"] = json::object{
      {"address", nullptr}, {"email", nullptr}, {"name", nullptr}, {"phone", nullptr}};
  c["captured"] = pi.amountReceived > 0;
  c["created"] = pi.created;
  c["currency"] = pi.currency;
  c["disputed"] = false;
  c["livemode"] = false;
  c["metadata"] = metadataJson(pi.metadata);
  c["paid"] = pi.everAuthorized;
  c["payment_intent"] = pi.id;
  c["refunded"] = pi.amountRefunded > 0 && pi.amountRefunded == pi.amountReceived;
  c["status"] = pi.everAuthorized ? "succeeded" : "failed";
  json::object card{{"brand", pi.brand}, {"last4", pi.last4}, {"exp_month", pi.expMonth},
                    {"exp_year", pi.expYear}};
  if (pi.threeDsResult.empty()) {
    card["three_d_secure"] = nullptr;
  } else {
    card["three_d_secure"] = json::object{{"authentication_flow", pi.threeDsFlow},
                                          {"result", pi.threeDsResult},
                                          {"result_reason", nullptr},
                                          {"version", "2.2.0"}};
  }
  c["payment_method_details"] = json::object{{"type", "card"}, {"card", std::move(card)}};
  return c;
}

json::object intentJson(const IntentRecord& pi, bool expandCharge) {
  json::object o;
  o["id"] = pi.id;
  o["object"] = "payment_intent";
  o["amount"] = pi.amount;
  o["amount_capturable"] = pi.amountCapturable;
  o["amount_received"] = pi.amountReceived;
  o["application"] = nullptr;
  o["application_fee_amount"] = nullptr;
  o["automatic_payment_methods"] = nullptr;
  o["canceled_at"] = pi.canceledAt ? json::value(pi.canceledAt) : json::value(nullptr);
  o["cancellation_reason"] = nullable(pi.cancellationReason);
  o["capture_method"] = pi.captureMethod;
  o["client_secret"] = pi.clientSecret;
  o["confirmation_method"] = "automatic";
  o["created"] = pi.created;
  o["currency"] = pi.currency;
  o["customer"] = nullptr;
  o["description"] = nullable(pi.description);
  o["invoice"] = nullptr;
  if (pi.errorCode.empty()) {
    o["last_payment_error"] = nullptr;
  } else {
    json::object e = errorObject("card_error", pi.errorMessage, pi.errorCode, {});
    if (!pi.errorDeclineCode.empty()) e["decline_code"] = pi.errorDeclineCode;
    if (!pi.latestCharge.empty()) e["charge"] = pi.latestCharge;
    o["last_payment_error"] = std::move(e);
  }
  if (expandCharge && !pi.latestCharge.empty()) {
    o["latest_charge"] = chargeJson(pi);
  } else {
    o["latest_charge"] = nullable(pi.latestCharge);
  }
  o["livemode"] = false;
  o["metadata"] = metadataJson(pi.metadata);
  if (pi.challengePending) {
    o["next_action"] = json::object{
        {"type", "redirect_to_url"},
        {"redirect_to_url", json::object{{"url", pi.challengeUrl},
                                         {"return_url", nullable(pi.returnUrl)}}}};
  } else {
    o["next_action"] = nullptr;
  }
  o["on_behalf_of"] = nullptr;
  o["payment_method"] = nullable(pi.paymentMethod);
  o["payment_method_types"] = json::array{"card"};
  o["processing"] = nullptr;
  o["receipt_email"] = nullptr;
  o["review"] = nullptr;
  if (pi.setupFutureUsage.empty()) o["setup_future_usage"] = nullptr;
  else o["setup_future_usage"] = pi.setupFutureUsage;
  o["shipping"] = nullptr;
  o["statement_descriptor"] = nullptr;
  o["statement_descriptor_suffix"] = nullable(pi.statementDescriptorSuffix);
  o["status"] = pi.status;
  o["transfer_data"] = nullptr;
  o["transfer_group"] = nullptr;
  return o;
}

json::object refundJson(const RefundRecord& r) {
  json::object o;
  o["id"] = r.id;
  o["object"] = "refund";
  o["amount"] = r.amount;
  o["balance_transaction"] = nullptr;
  o["charge"] = nullable(r.charge);
  o["created"] = r.created;
  o["currency"] = r.currency;
  o["metadata"] = metadataJson(r.metadata);
  o["payment_intent"] = r.paymentIntent;
  o["reason"] = nullable(r.reason);
  o["receipt_number"] = nullptr;
  o["source_transfer_reversal"] = nullptr;
  o["status"] = r.status;
  o["transfer_reversal"] = nullptr;
  return o;
}

}  // namespace sy::sandbox::stripe
