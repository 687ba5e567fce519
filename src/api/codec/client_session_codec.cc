#include "api/codec/client_session_codec.h"

#include "api/codec/body_fields.h"
#include "api/codec/json_writer.h"
#include "api/codec/schema.h"
#include "api/codec/spec_schemas.h"
#include "common/money.h"

namespace sy::api::codec {
namespace json = boost::json;

namespace {

constexpr std::string_view kCreateModel = "ClientSessionAPIRequest";
constexpr std::string_view kUpdateModel = "ClientSessionUpdateAPIRequest";

// Reads one PATCH member: absent -> keep, null -> clear, else set via `read`.
template <class T, class Read>
FieldPatch<T> patchOf(const json::object& o, std::string_view key, Read read) {
  FieldPatch<T> p;
  const json::value* v = o.if_contains(key);
  if (!v) return p;
  if (v->is_null()) {
    p.op = FieldPatch<T>::Op::kClear;
    return p;
  }
  p.op = FieldPatch<T>::Op::kSet;
  p.value = read(*v);
  return p;
}

std::string readString(const json::value& v) {
  return std::string(v.get_string());
}
std::string readJson(const json::value& v) {
  return json::serialize(v);
}

// Parses stored JSON text as an object; anything else (including "") reads as {}.
json::object parseObject(std::string_view text) {
  if (text.empty()) return {};
  boost::system::error_code ec;
  json::value v = json::parse(text, ec);
  if (ec || !v.is_object()) return {};
  return std::move(v.get_object());
}

std::string serializeOrEmpty(const json::object& o) {
  return o.empty() ? std::string() : json::serialize(o);
}

// One-level merge of `patchJson` (an object whose null members mean "remove") into `stored`.
std::string mergeOneLevel(std::string_view stored, std::string_view patchJson) {
  json::object target = parseObject(stored);
  json::object patch = parseObject(patchJson);
  for (json::key_value_pair& member : patch) {
    if (member.value().is_null()) {
      target.erase(member.key());
    } else {
      target[member.key()] = std::move(member.value());
    }
  }
  return serializeOrEmpty(target);
}

template <class T>
void applyScalar(T& field, const FieldPatch<T>& p, T cleared) {
  if (p.set()) field = p.value;
  if (p.clear()) field = std::move(cleared);
}

std::optional<int64_t> mulChecked(int64_t a, int64_t b) {
  int64_t out;
  if (__builtin_mul_overflow(a, b, &out)) return std::nullopt;
  return out;
}

std::optional<int64_t> memberInt(const json::object& o, std::string_view key) {
  const json::value* v = o.if_contains(key);
  return v ? schema::toInt64(*v) : std::nullopt;
}

}  // namespace

Decoded<ClientSessionCreate> decodeClientSessionCreate(std::string_view body) {
  schema::ParsedBody parsed;
  if (auto error =
          fields::parseAndValidate(parsed, body, spec::kClientSessionAPIRequest, kCreateModel)) {
    return std::move(*error);
  }
  const json::object& o = parsed.object();
  if (fields::metadataHasEmptyKey(o)) return metadataEmptyKey();

  ClientSessionCreate out;
  out.orderId = fields::string(o, "orderId");
  out.currencyCode = fields::string(o, "currencyCode");
  out.amount = fields::optInt(o, "amount");
  out.customerId = fields::string(o, "customerId");
  out.customerJson = fields::jsonText(o, "customer");
  out.customerEmail = fields::customerEmail(o);
  out.orderJson = fields::jsonText(o, "order");
  out.metadataJson = fields::jsonText(o, "metadata");
  out.paymentMethodJson = fields::jsonText(o, "paymentMethod");
  return out;
}

Decoded<ClientSessionPatch> decodeClientSessionPatch(std::string_view body) {
  schema::ParsedBody parsed;
  if (auto error = fields::parseAndValidate(parsed, body, spec::kClientSessionUpdateAPIRequest,
                                            kUpdateModel)) {
    return std::move(*error);
  }
  const json::object& o = parsed.object();
  if (fields::metadataHasEmptyKey(o)) return metadataEmptyKey();

  ClientSessionPatch out;
  out.clientToken = fields::string(o, "clientToken");
  out.orderId = patchOf<std::string>(o, "orderId", readString);
  out.currencyCode = patchOf<std::string>(o, "currencyCode", readString);
  out.amount = patchOf<int64_t>(o, "amount", [](const json::value& v) {
    return schema::toInt64(v).value_or(0);  // validated: always an int64 here
  });
  out.customerId = patchOf<std::string>(o, "customerId", readString);
  out.customerJson = patchOf<std::string>(o, "customer", readJson);
  out.orderJson = patchOf<std::string>(o, "order", readJson);
  out.metadataJson = patchOf<std::string>(o, "metadata", readJson);
  out.paymentMethodJson = patchOf<std::string>(o, "paymentMethod", readJson);
  return out;
}

void applyClientSessionPatch(store::ClientSession& s, const ClientSessionPatch& p) {
  applyScalar(s.orderId, p.orderId, std::string());
  applyScalar(s.currencyCode, p.currencyCode, std::string());
  applyScalar(s.customerId, p.customerId, std::string());
  if (p.amount.set()) s.amount = p.amount.value;
  if (p.amount.clear()) s.amount.reset();

  if (p.customerJson.set()) s.customerJson = mergeOneLevel(s.customerJson, p.customerJson.value);
  if (p.customerJson.clear()) s.customerJson.clear();
  if (p.orderJson.set()) s.orderJson = mergeOneLevel(s.orderJson, p.orderJson.value);
  if (p.orderJson.clear()) s.orderJson.clear();

  // Replaced whole; an empty object is stored as "" like an absent one.
  if (!p.metadataJson.keep()) {
    s.metadataJson =
        p.metadataJson.set() ? serializeOrEmpty(parseObject(p.metadataJson.value)) : "";
  }
  if (!p.paymentMethodJson.keep()) {
    s.paymentMethodJson =
        p.paymentMethodJson.set() ? serializeOrEmpty(parseObject(p.paymentMethodJson.value)) : "";
  }
}

std::optional<int64_t> orderTotal(std::string_view orderJson) {
  json::object order = parseObject(orderJson);
  const json::value* items = order.if_contains("lineItems");
  const json::value* fees = order.if_contains("fees");
  const json::value* shipping = order.if_contains("shipping");
  bool hasItems = items && items->is_array();
  bool hasFees = fees && fees->is_array();
  bool hasShipping = shipping && shipping->is_object() && shipping->get_object().contains("amount");
  if (!hasItems && !hasFees && !hasShipping) return std::nullopt;

  int64_t total = 0;
  auto add = [&](std::optional<int64_t> v) {
    if (!v) return false;
    std::optional<int64_t> sum = checkedAdd(total, *v);
    if (!sum) return false;
    total = *sum;
    return true;
  };
  if (hasItems) {
    for (const json::value& item : items->get_array()) {
      if (!item.is_object()) return std::nullopt;
      const json::object& li = item.get_object();
      std::optional<int64_t> amount = memberInt(li, "amount");
      std::optional<int64_t> quantity =
          li.contains("quantity") ? memberInt(li, "quantity") : std::optional<int64_t>(1);
      if (!amount || !quantity) return std::nullopt;
      if (!add(mulChecked(*amount, *quantity))) return std::nullopt;
      if (li.contains("discountAmount")) {
        std::optional<int64_t> discount = memberInt(li, "discountAmount");
        if (!discount || !add(-*discount)) return std::nullopt;
      }
    }
  }
  if (hasFees) {
    for (const json::value& fee : fees->get_array()) {
      if (!fee.is_object() || !add(memberInt(fee.get_object(), "amount"))) return std::nullopt;
    }
  }
  if (hasShipping && !add(memberInt(shipping->get_object(), "amount"))) return std::nullopt;
  if (total < 0) return std::nullopt;
  return total;
}

std::string customerEmailOf(std::string_view customerJson) {
  json::object customer = parseObject(customerJson);
  const json::value* email = customer.if_contains("emailAddress");
  return email && email->is_string() ? std::string(email->get_string()) : std::string();
}

std::string writeClientSession(const store::ClientSession& s, const std::string* clientToken) {
  JsonWriter w(512 + s.customerJson.size() + s.orderJson.size() + s.metadataJson.size() +
               s.paymentMethodJson.size());
  w.beginObject();
  if (clientToken) {
    w.field("clientToken", *clientToken);
    w.field("clientTokenExpirationDate", s.expiresAt);
  }
  w.fieldIfNotEmpty("customerId", s.customerId);
  w.fieldIfNotEmpty("orderId", s.orderId);
  w.fieldIfNotEmpty("currencyCode", s.currencyCode);
  std::optional<int64_t> amount = s.amount ? s.amount : orderTotal(s.orderJson);
  if (amount) w.field("amount", *amount);
  w.objectFieldIfPresent("metadata", s.metadataJson);
  w.objectFieldIfPresent("customer", s.customerJson);
  w.objectFieldIfPresent("order", s.orderJson);
  w.objectFieldIfPresent("paymentMethod", s.paymentMethodJson);
  w.endObject();
  return w.take();
}

}  // namespace sy::api::codec
