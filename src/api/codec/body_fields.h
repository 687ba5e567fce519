// Typed reads of a request body that has ALREADY passed schema::validate(): the helpers assume the
// types are right and only handle presence. Shared by the request decoders.
#pragma once

#include <boost/json.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "api/codec/schema.h"
#include "api/codec/validation.h"

namespace sy::api::codec::fields {

// Parses `body` and validates it against `node`, reporting errors under `model`. On success the
// object is available through `parsed.object()`.
std::optional<DecodeError> parseAndValidate(schema::ParsedBody& parsed, std::string_view body,
                                            const schema::Node& node, std::string_view model,
                                            bool emptyIsObject = false);

// Member `key` when present and not null.
const boost::json::value* find(const boost::json::object& o, std::string_view key);

std::optional<std::string> optString(const boost::json::object& o, std::string_view key);
// "" when absent.
std::string string(const boost::json::object& o, std::string_view key);
std::optional<int64_t> optInt(const boost::json::object& o, std::string_view key);
std::optional<bool> optBool(const boost::json::object& o, std::string_view key);
// The member re-serialized compactly, or "" when absent or null. What the store keeps and the
// response writers splice back verbatim.
std::string jsonText(const boost::json::object& o, std::string_view key);

// `expand` contains "transactions.events".
bool expandsEvents(const boost::json::object& o);
// The `metadata` member has a "" key (-> 400 MetadataContainsEmptyKey).
bool metadataHasEmptyKey(const boost::json::object& o);
// customer.emailAddress, or "".
std::string customerEmail(const boost::json::object& o);

}  // namespace sy::api::codec::fields
