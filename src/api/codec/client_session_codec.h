// POST/PATCH/GET /client-session: request decoding, the PATCH merge rules and the response writer.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "api/codec/validation.h"
#include "store/records.h"

namespace sy::api::codec {

// POST /client-session (ClientSessionAPIRequest). Empty strings mean "absent"; the *Json members
// hold the validated object re-serialized compactly, ready to store and echo.
struct ClientSessionCreate {
  std::string orderId;
  std::string currencyCode;
  std::optional<int64_t> amount;  // >= 0
  std::string customerId;
  std::string customerJson;
  std::string customerEmail;  // customer.emailAddress, for filtering payments made from the session
  std::string orderJson;
  std::string metadataJson;
  std::string paymentMethodJson;
};

Decoded<ClientSessionCreate> decodeClientSessionCreate(std::string_view body);

// One member of a PATCH: left alone (absent from the body), cleared (JSON null) or set.
template <class T>
struct FieldPatch {
  enum class Op { kKeep, kClear, kSet };
  Op op = Op::kKeep;
  T value{};

  bool keep() const { return op == Op::kKeep; }
  bool clear() const { return op == Op::kClear; }
  bool set() const { return op == Op::kSet; }
};

// PATCH /client-session (ClientSessionUpdateAPIRequest).
struct ClientSessionPatch {
  std::string clientToken;  // required
  FieldPatch<std::string> orderId;
  FieldPatch<std::string> currencyCode;
  FieldPatch<int64_t> amount;
  FieldPatch<std::string> customerId;
  // customer and order are merged one level deep: the JSON here is the partial object as sent, and
  // a member set to null in it removes that member ("customer": {"firstName": null}).
  FieldPatch<std::string> customerJson;
  FieldPatch<std::string> orderJson;
  // metadata and paymentMethod replace the stored object whole.
  FieldPatch<std::string> metadataJson;
  FieldPatch<std::string> paymentMethodJson;
};

Decoded<ClientSessionPatch> decodeClientSessionPatch(std::string_view body);

// Applies the spec's update semantics to `session`:
// - scalars (orderId, currencyCode, amount, customerId) are replaced; null clears them;
// - customer and order: each member sent replaces the stored member whole (so order.lineItems is
//   replaced, never appended to, and customer.billingAddress is replaced, not merged); members not
//   sent are kept; a member sent as null is removed; the whole object sent as null clears it;
// - metadata and paymentMethod: replaced whole; null clears.
// Pure: the caller stamps updatedAt and persists. An object left with no members is stored as "".
void applyClientSessionPatch(store::ClientSession& session, const ClientSessionPatch& patch);

// The amount the spec derives from an order when no top-level amount is given:
// sum(lineItems: amount * quantity - discountAmount) + sum(fees.amount) + shipping.amount.
// taxAmount is informational (Primer treats line item amounts as tax-inclusive). nullopt when the
// order has none of those members, when it does not parse, or on int64 overflow or a negative sum.
std::optional<int64_t> orderTotal(std::string_view orderJson);

// customer.emailAddress of stored customer JSON, or "".
std::string customerEmailOf(std::string_view customerJson);

// ClientSessionWithTokenAPIResponse when `clientToken` is given (POST), else
// ClientSessionAPIResponse (GET, PATCH). Empty members are omitted; `amount` falls back to
// orderTotal(orderJson).
std::string writeClientSession(const store::ClientSession& session, const std::string* clientToken);

}  // namespace sy::api::codec
