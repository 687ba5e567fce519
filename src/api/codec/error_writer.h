// Error bodies: `{"error": {errorId, description, diagnosticsId, recoverySuggestion?,
// validationErrors?, paymentId?, paymentStatus?}}` (the spec's ErrorObject and 400/404/409/422
// error responses). Descriptions are ours to choose and never carry card data.
#pragma once

#include <string>
#include <string_view>

#include "api/codec/validation.h"

namespace sy::api::codec {

// `validationErrors` is written as [{"model", "errors": [{"path", "description"}]}] when
// `validation` is given; empty optional strings are omitted.
std::string writeError(std::string_view errorId, std::string_view description,
                       std::string_view diagnosticsId,
                       const ValidationFailure* validation = nullptr,
                       std::string_view paymentId = {}, std::string_view paymentStatus = {},
                       std::string_view recoverySuggestion = {});

// The body for a refused request: errorId from errorIdFor(error.kind), with validationErrors for
// kValidation and the spec's recovery suggestion for kMetadataEmptyKey. The HTTP status is
// httpStatusFor(error.kind).
std::string writeDecodeError(const DecodeError& error, std::string_view diagnosticsId);

}  // namespace sy::api::codec
