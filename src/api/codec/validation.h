// What a request decoder returns: the typed request, or why the body was refused. The API layer
// maps the error kind onto Primer's error ids (see errorIdFor / httpStatusFor) and writes
// `validationErrors` with writeError().
#pragma once

#include <cassert>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

namespace sy::api::codec {

// One rejected field. `path` is JSONPath as in the spec's examples: "$.amount",
// "$.customer.emailAddress", "$.order.lineItems[0].amount", "$.metadata['odd key']".
struct FieldError {
  std::string path;
  std::string description;

  bool operator==(const FieldError&) const = default;
};

// Every rejected field of one body (never just the first), under the spec's model name
// ("PaymentCreationAPIRequest").
struct ValidationFailure {
  std::string model;
  std::vector<FieldError> errors;
};

struct DecodeError {
  enum Kind {
    kMalformedJson,     // not JSON, or not a JSON object            -> 400 MalformedJson
    kValidation,        // types, required, unknown, ranges, enums   -> 422 RequestValidationError
    kMetadataEmptyKey,  // metadata has a "" key                     -> 400 MetadataContainsEmptyKey
  };
  Kind kind = kMalformedJson;
  std::string description;       // human-readable; never contains card data
  ValidationFailure validation;  // filled for kValidation only
};

inline std::string_view errorIdFor(DecodeError::Kind kind) {
  switch (kind) {
    case DecodeError::kMalformedJson:
      return "MalformedJson";
    case DecodeError::kValidation:
      return "RequestValidationError";
    case DecodeError::kMetadataEmptyKey:
      return "MetadataContainsEmptyKey";
  }
  return "MalformedJson";
}

inline unsigned httpStatusFor(DecodeError::Kind kind) {
  return kind == DecodeError::kValidation ? 422 : 400;
}

// A decoded request or the reason it was refused. Shaped like sy::Result so call sites read alike.
template <class T>
class [[nodiscard]] Decoded {
 public:
  Decoded(T value) : v_(std::move(value)) {}            // NOLINT: implicit by design
  Decoded(DecodeError error) : v_(std::move(error)) {}  // NOLINT: implicit by design

  bool isOk() const { return std::holds_alternative<T>(v_); }
  explicit operator bool() const { return isOk(); }

  T& value() & { return std::get<T>(v_); }
  const T& value() const& { return std::get<T>(v_); }
  T&& value() && { return std::get<T>(std::move(v_)); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }

  const DecodeError& error() const {
    assert(!isOk());
    return std::get<DecodeError>(v_);
  }

 private:
  std::variant<T, DecodeError> v_;
};

inline DecodeError malformedJson(std::string description) {
  return DecodeError{DecodeError::kMalformedJson, std::move(description), {}};
}

inline DecodeError validationError(std::string model, std::vector<FieldError> errors) {
  return DecodeError{DecodeError::kValidation, "The request failed validation",
                     ValidationFailure{std::move(model), std::move(errors)}};
}

inline DecodeError metadataEmptyKey() {
  return DecodeError{DecodeError::kMetadataEmptyKey,
                     "Metadata contains an empty string key. Either remove empty string keys or "
                     "provide a non-empty string instead.",
                     {}};
}

}  // namespace sy::api::codec
