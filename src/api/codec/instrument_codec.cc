#include "api/codec/instrument_codec.h"

#include "api/codec/body_fields.h"
#include "api/codec/json_writer.h"
#include "api/codec/payment_writer.h"
#include "api/codec/spec_schemas.h"

namespace sy::api::codec {
namespace {

void writeOne(JsonWriter& w, const store::CardToken& t) {
  w.beginObject();
  w.field("createdAt", t.createdAt);
  w.field("deleted", t.deletedAt.has_value());
  if (t.deletedAt) w.field("deletedAt", *t.deletedAt);
  w.field("token", t.token);
  w.field("tokenType", t.tokenType);
  w.field("analyticsId", t.token);
  w.field("paymentMethodType", "PAYMENT_CARD");
  writeCardData(w, t.card);
  w.fieldIfNotEmpty("customerId", t.customerId);
  w.field("default", t.isDefault);
  w.endObject();
}

}  // namespace

Decoded<std::string> decodeVaultRequest(std::string_view body) {
  schema::ParsedBody parsed;
  if (auto error = fields::parseAndValidate(parsed, body, spec::kVaultPaymentMethodAPIRequest,
                                            "VaultPaymentMethodAPIRequest")) {
    return std::move(*error);
  }
  return fields::string(parsed.object(), "customerId");
}

std::string writeInstrument(const store::CardToken& t) {
  JsonWriter w;
  writeOne(w, t);
  return w.take();
}

std::string writeInstrumentList(const std::vector<store::CardToken>& list) {
  JsonWriter w;
  w.beginObject();
  w.key("data").beginArray();
  for (const auto& t : list) writeOne(w, t);
  w.endArray();
  w.endObject();
  return w.take();
}

}  // namespace sy::api::codec
