// Lenient readers of Boost.JSON objects for the connectors' parsers: a field that is absent or of
// another type reads as empty, so each caller decides what is required and says so in its own
// words.
#pragma once

#include <boost/json/object.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace sy::connectors {

// The object `text` holds; nullopt when it is not JSON or not an object.
std::optional<boost::json::object> parseJsonObject(std::string_view text);
// The string at `key`; empty when absent or not a string.
std::string stringAt(const boost::json::object& o, std::string_view key);
// The integer at `key` (int64, or uint64 that fits); nullopt otherwise.
std::optional<int64_t> intAt(const boost::json::object& o, std::string_view key);
// The object at `key`; nullptr when absent or not an object.
const boost::json::object* objectAt(const boost::json::object& o, std::string_view key);

}  // namespace sy::connectors
