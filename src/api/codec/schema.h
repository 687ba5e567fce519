// A small declarative JSON validator for the subset of JSON Schema the Primer v2.4 request bodies
// use (types, required, additionalProperties, string lengths, enums, formats, integer ranges).
// The schemas themselves are constant tables in spec_schemas.cc; decoders parse a body, run
// validate() once to collect EVERY error with its JSONPath, and only then read typed fields, so the
// extraction code can assume well-typed input.
#pragma once

#include <boost/json.hpp>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "api/codec/spec_enums.h"
#include "api/codec/validation.h"

namespace sy::api::codec::schema {

enum class Type : uint8_t {
  kAny,  // anything goes (used for unknown members of lenient objects)
  kString,
  kInteger,  // a JSON integer that fits int64 within [minimum, maximum]; never a float
  kNumber,   // any JSON number >= minimum
  kBoolean,
  kObject,
  kArray,
  kAnyObject,  // any JSON object (the spec's additionalProperties: true)
  kMetadata,   // an object whose values are strings or integers
};

enum class Format : uint8_t { kNone, kEmail, kDateTime, kUri, kUuid, kCurrency };

struct Node;

struct Property {
  std::string_view name;
  const Node* schema;
  bool required = false;
};

struct Node {
  Type type = Type::kAny;
  bool nullable = false;         // the value itself may be JSON null
  bool nullableMembers = false;  // objects: any member may be null (PATCH: null clears it)
  // Strings; lengths count Unicode code points, as JSON Schema does.
  uint32_t minLength = 0;
  uint32_t maxLength = UINT32_MAX;
  Format format = Format::kNone;
  const EnumTable* enumeration = nullptr;
  // Integers: inclusive range. Numbers: `minimum` only.
  int64_t minimum = INT64_MIN;
  int64_t maximum = INT64_MAX;
  // Objects: the listed members.
  std::span<const Property> properties{};
  // Arrays: the item schema. Objects: the schema for members NOT in `properties`; nullptr means
  // unknown members are rejected. When `keyEnum` is set, such members' names must be in it.
  const Node* items = nullptr;
  const EnumTable* keyEnum = nullptr;
};

// A JSONPath under construction. Segments point into the document being validated and are only
// rendered to text when an error is recorded, so valid bodies cost no string building.
// The segments live inline: the parser caps nesting at 32 levels (boost::json::parse_options), so
// validating never allocates for the path.
class Path {
 public:
  void pushKey(std::string_view key) { push({key, 0, false}); }
  void pushIndex(size_t index) { push({{}, index, true}); }
  void pop() { --size_; }
  std::string render() const;
  // The rendered path with one more key, without mutating: "$.a" + "b" -> "$.a.b".
  std::string renderWith(std::string_view key) const;

 private:
  struct Segment {
    std::string_view key;
    size_t index;
    bool isIndex;
  };
  static constexpr size_t kMaxDepth = 64;
  // Deeper documents cannot come out of the parser; should one appear, the extra levels are
  // counted but not rendered rather than overflowing.
  void push(Segment s) {
    if (size_ < kMaxDepth) segments_[size_] = s;
    ++size_;
  }
  Segment segments_[kMaxDepth];
  size_t size_ = 0;
};

// Appends a member name to a JSONPath: `.name` for identifiers, `['odd name']` otherwise.
void appendPathKey(std::string& out, std::string_view key);

struct Context {
  Path path;
  std::vector<FieldError> errors;

  void fail(std::string description) { errors.push_back({path.render(), std::move(description)}); }
};

// Checks `value` against `node`, recording every violation in `cx.errors`.
void validate(const boost::json::value& value, const Node& node, Context& cx);

// --- Shared checks, also used by decoders that validate by hand (query strings, cards). ---

// The value as int64 when it is a JSON integer that fits (int64, or uint64 <= INT64_MAX).
std::optional<int64_t> toInt64(const boost::json::value& v);
// "Value must be an integer between 1 and 9223372036854775807".
std::string integerRangeMessage(int64_t minimum, int64_t maximum);
// Unicode code points in valid UTF-8 (Boost.JSON only yields valid UTF-8).
size_t codePointCount(std::string_view s);
// Active ISO 4217 (sy::findCurrency, upper case) AND listed in the spec's `Currency` enum, so a
// code we accept can always be written back in a response that validates against the spec.
bool isSupportedCurrency(std::string_view code);
bool isEmail(std::string_view s);
bool isUuid(std::string_view s);
bool isAbsoluteUri(std::string_view s);
bool isDateTime(std::string_view s);

inline constexpr std::string_view kCurrencyMessage =
    "Value must be an active ISO 4217 currency code in upper case, e.g. USD";

// A parsed request body. Values live in an arena that starts on this object's inline buffer and
// dies with it, so a typical body is parsed with no heap allocation. Not movable.
class ParsedBody {
 public:
  ParsedBody() = default;
  ParsedBody(const ParsedBody&) = delete;
  ParsedBody& operator=(const ParsedBody&) = delete;

  // Parses `body`; only a JSON object is accepted. With `emptyIsObject`, a body of only whitespace
  // reads as `{}` (capture, cancel and refund may be sent without a body).
  std::optional<DecodeError> parse(std::string_view body, bool emptyIsObject = false);
  const boost::json::value& value() const { return *value_; }
  const boost::json::object& object() const { return value_->get_object(); }
  boost::json::object& object() { return value_->get_object(); }

 private:
  alignas(std::max_align_t) unsigned char buffer_[4096];
  boost::json::monotonic_resource resource_{buffer_, sizeof buffer_};
  // Emplaced (never assigned) so the value keeps the arena: json::value's move assignment would
  // copy into the target's default storage.
  std::optional<boost::json::value> value_;
};

}  // namespace sy::api::codec::schema
