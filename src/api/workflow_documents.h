// What the workflow endpoints share: checking a posted document against the merchant's connections
// (shape and meaning, every error with its JSONPath, in the API's error format), and the
// merchant's connection names, which documents refer to.
#pragma once

#include <boost/asio/awaitable.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "api/codec/validation.h"
#include "common/status.h"
#include "store/store.h"

namespace sy::api {

inline constexpr std::string_view kTriggerEventNames[] = {"PAYMENT_CREATED",
                                                          "PAYMENT_STATUS_UPDATED"};

// What the store keeps besides the text of a valid document.
struct CheckedDocument {
  std::string name;
  std::string triggerEvent;  // "PAYMENT_CREATED" | "PAYMENT_STATUS_UPDATED"
};

// `body` must be a JSON object (else 400 MalformedJson) that parses as a workflow document and
// validates against `connections` (else 422 RequestValidationError, model "WorkflowDocument", with
// every WorkflowError as a validation error). With `fixedTrigger`, the document must keep that
// trigger event (a workflow's event is set when it is created).
codec::Decoded<CheckedDocument> checkWorkflowDocument(
    std::string_view body, const std::vector<std::string>& connections,
    std::optional<std::string_view> fixedTrigger = std::nullopt);

// The merchant's connection names (processorMerchantId), as documents name connections.
Result<std::vector<std::string>> connectionNamesIn(store::ReadTx& tx,
                                                   const std::string& merchantId);
boost::asio::awaitable<Result<std::vector<std::string>>> connectionNames(store::Store& store,
                                                                         std::string merchantId);

// A version number in a path: a decimal integer >= 1 (else 400 with the path `$.version`).
codec::Decoded<int64_t> parseVersionNumber(std::string_view text);

}  // namespace sy::api
