// A streaming JSON writer for responses. Building a boost::json::value tree and serializing it
// allocates per node; responses are written once, in order, so appending to one string is cheaper
// and lets stored, already-validated JSON (customer, order, metadata) be spliced in verbatim.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "common/clock.h"

namespace sy::api::codec {

class JsonWriter {
 public:
  explicit JsonWriter(size_t reserve = 1024) { out_.reserve(reserve); }

  JsonWriter& beginObject();
  JsonWriter& endObject();
  JsonWriter& beginArray();
  JsonWriter& endArray();
  JsonWriter& key(std::string_view name);
  JsonWriter& string(std::string_view value);
  JsonWriter& integer(int64_t value);
  JsonWriter& boolean(bool value);
  // The API's timestamp format, exactly as sy::formatTimestamp writes it.
  JsonWriter& timestamp(TimePoint t);
  // Splices JSON text that is already valid (we produced it when the request was validated).
  JsonWriter& raw(std::string_view json);

  // Shorthands for `key(name).value(...)`.
  JsonWriter& field(std::string_view name, std::string_view value) {
    return key(name).string(value);
  }
  JsonWriter& field(std::string_view name, const char* value) { return key(name).string(value); }
  JsonWriter& field(std::string_view name, int64_t value) { return key(name).integer(value); }
  JsonWriter& field(std::string_view name, bool value) { return key(name).boolean(value); }
  JsonWriter& field(std::string_view name, TimePoint value) { return key(name).timestamp(value); }
  // Splices a stored JSON object (customer, order, metadata...) as member `name`. Nothing is
  // written for "" (absent) or for text that is not an object, so a damaged row cannot make the
  // whole response invalid JSON.
  JsonWriter& objectFieldIfPresent(std::string_view name, std::string_view json) {
    return json.size() >= 2 && json.front() == '{' && json.back() == '}' ? key(name).raw(json)
                                                                         : *this;
  }
  // Writes the member only when `value` is not empty: the API omits absent optional fields.
  JsonWriter& fieldIfNotEmpty(std::string_view name, std::string_view value) {
    return value.empty() ? *this : field(name, value);
  }

  const std::string& str() const { return out_; }
  std::string take() { return std::move(out_); }

 private:
  void beforeValue() {
    if (needComma_) out_ += ',';
    needComma_ = false;
  }
  std::string out_;
  bool needComma_ = false;
};

// Appends `s` as a quoted JSON string. Control characters are escaped, and bytes that are not valid
// UTF-8 (a processor's message can carry anything) become U+FFFD so the output always parses.
void appendJsonString(std::string& out, std::string_view s);
// Appends `t` as a quoted timestamp, byte for byte what `formatTimestamp(t)` would give.
void appendTimestamp(std::string& out, TimePoint t);

}  // namespace sy::api::codec
