#include "api/codec/error_writer.h"

#include "api/codec/json_writer.h"

namespace sy::api::codec {

std::string writeError(std::string_view errorId, std::string_view description,
                       std::string_view diagnosticsId, const ValidationFailure* validation,
                       std::string_view paymentId, std::string_view paymentStatus,
                       std::string_view recoverySuggestion) {
  JsonWriter w(256);
  w.beginObject().key("error").beginObject();
  w.field("errorId", errorId);
  w.field("description", description);  // required by ErrorObject, so written even when empty
  w.fieldIfNotEmpty("diagnosticsId", diagnosticsId);
  w.fieldIfNotEmpty("recoverySuggestion", recoverySuggestion);
  if (validation) {
    w.key("validationErrors").beginArray().beginObject();
    w.field("model", validation->model);
    w.key("errors").beginArray();
    for (const FieldError& e : validation->errors) {
      w.beginObject().field("path", e.path).field("description", e.description).endObject();
    }
    w.endArray().endObject().endArray();
  }
  w.fieldIfNotEmpty("paymentId", paymentId);
  w.fieldIfNotEmpty("paymentStatus", paymentStatus);
  w.endObject().endObject();
  return w.take();
}

std::string writeDecodeError(const DecodeError& error, std::string_view diagnosticsId) {
  switch (error.kind) {
    case DecodeError::kValidation:
      return writeError(errorIdFor(error.kind), error.description, diagnosticsId, &error.validation,
                        {}, {},
                        "Fix the fields listed in validationErrors and send the request again.");
    case DecodeError::kMetadataEmptyKey:
      return writeError(errorIdFor(error.kind), error.description, diagnosticsId, nullptr, {}, {},
                        "Either remove empty string keys or provide non-empty string instead.");
    case DecodeError::kMalformedJson:
      break;
  }
  return writeError(errorIdFor(error.kind), error.description, diagnosticsId, nullptr, {}, {},
                    "Send a JSON object as the request body.");
}

}  // namespace sy::api::codec
