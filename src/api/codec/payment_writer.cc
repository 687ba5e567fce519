#include "api/codec/payment_writer.h"

#include <boost/json.hpp>

#include "api/codec/json_writer.h"
#include "api/codec/spec_enums.h"
#include "domain/bin_table.h"
#include "vault/vault.h"
#include "api/codec/three_ds_writer.h"

namespace sy::api::codec {
namespace json = boost::json;
using domain::Payment;
using domain::PaymentStatus;
using domain::StatusReason;
using domain::Transaction;
using domain::TransactionEvent;

void writeCardData(JsonWriter& w, const domain::CardSummary& c) {
  w.key("paymentMethodData").beginObject();
  if (c.first6.size() == 6) w.field("first6Digits", c.first6);
  w.field("last4Digits", c.last4);
  w.field("expirationMonth", c.expirationMonth);
  w.field("expirationYear", c.expirationYear);
  w.fieldIfNotEmpty("cardholderName", c.cardholderName);
  w.fieldIfNotEmpty("network", c.network);
  w.field("isNetworkTokenized", false);
  if (kCardNetworkEnum.contains(c.network)) {
    // BinDataAPISchema requires all of these. The BIN table (domain/bin_table.h) gives the issuer
    // country, name, funding type and product usage where it knows the BIN; the enums' UNKNOWN
    // stands for what it does not know, and the product is named after the network.
    const std::optional<domain::BinInfo> bin = domain::lookupBin(c.first6);
    auto known = [&](const std::string domain::BinInfo::*field) -> std::string_view {
      return bin ? std::string_view(*bin.*field) : std::string_view();
    };
    auto orUnknown = [](std::string_view v) { return v.empty() ? std::string_view("UNKNOWN") : v; };
    w.key("binData").beginObject();
    w.field("network", c.network);
    w.fieldIfNotEmpty("issuerCountryCode", known(&domain::BinInfo::issuerCountry));
    w.fieldIfNotEmpty("issuerName", known(&domain::BinInfo::issuerName));
    w.field("regionalRestriction", "UNKNOWN");
    w.field("accountNumberType", "PRIMARY_ACCOUNT_NUMBER");
    w.field("accountFundingType", orUnknown(known(&domain::BinInfo::fundingType)));
    w.field("prepaidReloadableIndicator", "UNKNOWN");
    w.field("productUsageType", orUnknown(known(&domain::BinInfo::productUsage)));
    w.field("productCode", c.network);
    w.field("productName", c.network);
    w.endObject();
  }
  w.endObject();
}

namespace {

void writeStatusReason(JsonWriter& w, const StatusReason& r) {
  w.beginObject();
  w.field("type", domain::toString(r.type));
  if (r.declineType) w.field("declineType", domain::toString(*r.declineType));
  if (r.code) w.field("code", domain::toString(*r.code));
  w.fieldIfNotEmpty("message", r.message);
  if (r.advisedAction) w.field("advisedAction", domain::toString(*r.advisedAction));
  // Switchyard extension: the processor's own code, exactly as it answered.
  w.fieldIfNotEmpty("processorCode", r.processorCode);
  w.endObject();
}

// The members of the request's paymentMethod options that PaymentResponsePaymentMethodOptions
// defines. vaultOnSuccess & co. are request-only and not echoed.
void writeRequestOptions(JsonWriter& w, const std::string& paymentMethodJson) {
  std::string_view authorizationType = "FINAL";  // the request schema's default
  if (!paymentMethodJson.empty()) {
    unsigned char buffer[1024];
    json::monotonic_resource arena(buffer, sizeof buffer);
    boost::system::error_code ec;
    json::value v = json::parse(paymentMethodJson, ec, json::storage_ptr(&arena));
    if (!ec && v.is_object()) {
      const json::object& o = v.get_object();
      auto str = [&](std::string_view key) -> std::string_view {
        const json::value* m = o.if_contains(key);
        return m && m->is_string() ? std::string_view(m->get_string()) : std::string_view();
      };
      w.fieldIfNotEmpty("descriptor", str("descriptor"));
      w.fieldIfNotEmpty("paymentType", str("paymentType"));
      if (std::string_view t = str("authorizationType"); kAuthorizationTypeEnum.contains(t)) {
        w.field("authorizationType", t);
        return;
      }
    }
  }
  w.field("authorizationType", authorizationType);
}

void writePaymentMethod(JsonWriter& w, const Payment& p) {
  w.key("paymentMethod").beginObject();
  writeRequestOptions(w, p.paymentMethodJson);
  w.fieldIfNotEmpty("paymentMethodToken", p.paymentMethodToken);
  w.field("isVaulted", vault::isInstrumentToken(p.paymentMethodToken));
  w.field("paymentMethodType", "PAYMENT_CARD");
  if (p.card) writeCardData(w, *p.card);
  writeThreeDsAuthentication(w, p);
  w.endObject();
}

void writeEvent(JsonWriter& w, const TransactionEvent& e) {
  w.beginObject();
  w.field("id", e.id);
  w.fieldIfNotEmpty("processorEventId", e.processorEventId);
  w.field("date", e.date);
  w.field("type", domain::toString(e.type));
  if (e.type != domain::EventType::kCancellationSucceeded) w.field("amount", e.amount);
  if (e.type == domain::EventType::kCaptureSucceeded) w.field("final", e.final);
  w.endObject();
}

void writeTransaction(JsonWriter& w, const Payment& p, const Transaction& t, bool expandEvents) {
  std::string_view type = domain::toString(t.type);
  std::string_view status = domain::toString(t.status);
  w.beginObject();
  w.field("id", t.id);
  w.field("date", t.createdAt);
  w.field("amount", t.amount);
  w.field("currencyCode", t.currencyCode.empty() ? p.currencyCode : t.currencyCode);
  w.fieldIfNotEmpty("orderId", t.orderId.empty() ? p.orderId : t.orderId);
  w.field("type", type);
  w.field("transactionType", type);
  w.field("status", status);
  w.field("processorStatus", status);
  w.field("processor", t.processorName);
  w.field("processorName", t.processorName);
  w.field("processorMerchantId", t.processorMerchantId);
  w.fieldIfNotEmpty("processorTransactionId", t.processorTransactionId);
  bool failed = t.status == PaymentStatus::kDeclined || t.status == PaymentStatus::kFailed;
  if (failed && t.statusReason) {
    w.key("processorStatusReason");
    writeStatusReason(w, *t.statusReason);
  }
  w.field("cardTokenType", "CARD_PAN");
  w.fieldIfNotEmpty("reason", t.reason);
  if (expandEvents) {
    w.key("events").beginArray();
    for (const TransactionEvent& e : t.events)
      if (e.outcome == domain::Outcome::kSucceeded) writeEvent(w, e);
    w.endArray();
  }
  w.endObject();
}

}  // namespace

std::string writePayment(const Payment& p, bool expandEvents) {
  JsonWriter w(1536 + p.customerJson.size() + p.orderJson.size() + p.metadataJson.size() +
               p.transactions.size() * 512);
  w.beginObject();
  w.field("id", p.id);
  w.field("date", p.createdAt);
  w.field("dateUpdated", p.updatedAt);
  w.field("status", domain::toString(p.status));
  w.field("cardTokenType", "CARD_PAN");
  w.fieldIfNotEmpty("orderId", p.orderId);
  w.field("currencyCode", p.currencyCode);
  w.field("amount", p.amount);
  w.fieldIfNotEmpty("customerId", p.customerId);
  w.objectFieldIfPresent("customer", p.customerJson);
  w.objectFieldIfPresent("order", p.orderJson);
  w.objectFieldIfPresent("metadata", p.metadataJson);
  writePaymentMethod(w, p);
  if (!p.processorName.empty()) {
    w.key("processor").beginObject();
    w.field("name", p.processorName);
    w.fieldIfNotEmpty("processorMerchantId", p.processorMerchantId);
    w.field("amountCaptured", p.amountCaptured);
    w.field("amountRefunded", p.amountRefunded);
    w.endObject();
  }
  if (p.statusReason) {
    w.key("statusReason");
    writeStatusReason(w, *p.statusReason);
  }
  writeRequiredAction(w, p);
  w.key("transactions").beginArray();
  for (const Transaction& t : p.transactions) {
    // An attempt is always made on a connection; a row without one has nothing to show.
    if (!t.processorName.empty()) writeTransaction(w, p, t, expandEvents);
  }
  w.endArray();
  // Switchyard extension: the decision trace (docs/workflows.md, "The decision trace").
  if (p.routing) w.key("routing").raw(domain::routingToJson(*p.routing));
  w.endObject();
  return w.take();
}

std::string writePaymentSummaryList(const store::PaymentPage& page,
                                    std::optional<std::string> nextCursor,
                                    std::optional<std::string> prevCursor) {
  JsonWriter w(64 + page.payments.size() * 320);
  w.beginObject();
  w.key("data").beginArray();
  for (const Payment& p : page.payments) {
    w.beginObject();
    w.field("id", p.id);
    w.field("date", p.createdAt);
    w.field("dateUpdated", p.updatedAt);
    w.field("status", domain::toString(p.status));
    w.field("orderId", p.orderId);
    if (!p.processorName.empty()) {
      w.key("processor").beginObject();
      w.field("name", p.processorName);
      w.fieldIfNotEmpty("processorMerchantId", p.processorMerchantId);
      w.endObject();
    }
    w.field("currencyCode", p.currencyCode);
    w.field("amount", p.amount);
    w.objectFieldIfPresent("metadata", p.metadataJson);
    w.endObject();
  }
  w.endArray();
  if (nextCursor) w.field("nextCursor", *nextCursor);
  if (prevCursor) w.field("prevCursor", *prevCursor);
  w.endObject();
  return w.take();
}

}  // namespace sy::api::codec
