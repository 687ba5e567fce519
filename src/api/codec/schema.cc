#include "api/codec/schema.h"

#include <algorithm>
#include <cctype>
#include <cmath>

#include "common/clock.h"
#include "common/json_path.h"
#include "common/money.h"

namespace sy::api::codec::schema {
namespace json = boost::json;

namespace {

std::string enumMessage(const EnumTable& table) {
  // Short enums are listed so the caller can fix the request without the spec at hand; long ones
  // (countries, payment method types) would drown the message.
  if (table.values.size() > 10) return "Value is not a valid " + std::string(table.name);
  std::string out = "Value must be one of: ";
  for (size_t i = 0; i < table.values.size(); ++i) {
    if (i) out += ", ";
    out += table.values[i];
  }
  return out;
}

std::string lengthMessage(const Node& n) {
  if (n.maxLength == UINT32_MAX) {
    return "Value must be at least " + std::to_string(n.minLength) +
           (n.minLength == 1 ? " character long" : " characters long");
  }
  if (n.minLength == 0) {
    return "Value must be at most " + std::to_string(n.maxLength) + " characters long";
  }
  if (n.minLength == n.maxLength) {
    return "Value must be exactly " + std::to_string(n.minLength) + " characters long";
  }
  return "Value must be between " + std::to_string(n.minLength) + " and " +
         std::to_string(n.maxLength) + " characters long";
}

const char* formatMessage(Format f) {
  switch (f) {
    case Format::kEmail:
      return "Value must be a valid email address";
    case Format::kDateTime:
      return "Value must be an ISO 8601 date-time, e.g. 2030-01-31T12:00:00";
    case Format::kUri:
      return "Value must be an absolute URI";
    case Format::kUuid:
      return "Value must be a UUID";
    case Format::kCurrency:
      return kCurrencyMessage.data();
    case Format::kNone:
      break;
  }
  return "Value is not valid";
}

bool formatOk(Format f, std::string_view s) {
  switch (f) {
    case Format::kNone:
      return true;
    case Format::kEmail:
      return isEmail(s);
    case Format::kDateTime:
      return isDateTime(s);
    case Format::kUri:
      return isAbsoluteUri(s);
    case Format::kUuid:
      return isUuid(s);
    case Format::kCurrency:
      return isSupportedCurrency(s);
  }
  return true;
}

std::string typeMessage(const Node& n) {
  switch (n.type) {
    case Type::kString:
      return "Value must be a string";
    case Type::kInteger:
      return integerRangeMessage(n.minimum, n.maximum);
    case Type::kNumber:
      return "Value must be a number";
    case Type::kBoolean:
      return "Value must be a boolean";
    case Type::kObject:
    case Type::kAnyObject:
      return "Value must be an object";
    case Type::kMetadata:
      return "Value must be an object whose values are strings or integers";
    case Type::kArray:
      return "Value must be an array";
    case Type::kAny:
      break;
  }
  return "Value is not valid";
}

void checkString(std::string_view s, const Node& n, Context& cx) {
  if (n.minLength > 0 || n.maxLength != UINT32_MAX) {
    size_t len = codePointCount(s);
    if (len < n.minLength || len > n.maxLength) {
      cx.fail(lengthMessage(n));
      return;
    }
  }
  if (n.enumeration && !n.enumeration->contains(s)) {
    cx.fail(enumMessage(*n.enumeration));
    return;
  }
  if (!formatOk(n.format, s)) cx.fail(formatMessage(n.format));
}

const Property* findProperty(const Node& n, std::string_view name) {
  for (const Property& p : n.properties)
    if (p.name == name) return &p;
  return nullptr;
}

void validateObject(const json::object& o, const Node& n, Context& cx) {
  for (const json::key_value_pair& member : o) {
    std::string_view key = member.key();
    const Property* p = findProperty(n, key);
    cx.path.pushKey(key);
    if (member.value().is_null() && n.nullableMembers && !(p && p->required)) {
      // PATCH: null clears the member; nothing to check.
    } else if (p) {
      validate(member.value(), *p->schema, cx);
    } else if (n.items && (!n.keyEnum || n.keyEnum->contains(key))) {
      validate(member.value(), *n.items, cx);
    } else if (n.keyEnum) {
      cx.fail("Unknown field: the name is not a valid " + std::string(n.keyEnum->name));
    } else {
      cx.fail("Unknown field");
    }
    cx.path.pop();
  }
  for (const Property& p : n.properties) {
    if (p.required && !o.contains(p.name)) {
      cx.errors.push_back({cx.path.renderWith(p.name), "Field required"});
    }
  }
}

void validateMetadata(const json::object& o, Context& cx) {
  for (const json::key_value_pair& member : o) {
    const json::value& v = member.value();
    if (v.is_string() || toInt64(v)) continue;
    cx.path.pushKey(member.key());
    cx.fail("Value must be a string or an integer");
    cx.path.pop();
  }
}

}  // namespace

void appendPathKey(std::string& out, std::string_view key) { appendJsonPathKey(out, key); }

std::string Path::render() const {
  std::string out = "$";
  for (size_t i = 0; i < size_ && i < kMaxDepth; ++i) {
    const Segment& s = segments_[i];
    if (s.isIndex) {
      appendJsonPathIndex(out, s.index);
    } else {
      appendPathKey(out, s.key);
    }
  }
  return out;
}

std::string Path::renderWith(std::string_view key) const {
  std::string out = render();
  appendPathKey(out, key);
  return out;
}

void validate(const json::value& v, const Node& n, Context& cx) {
  if (n.type == Type::kAny) return;
  if (v.is_null()) {
    if (!n.nullable) cx.fail(typeMessage(n));
    return;
  }
  switch (n.type) {
    case Type::kAny:
      return;
    case Type::kString:
      if (!v.is_string()) return cx.fail(typeMessage(n));
      return checkString(v.get_string(), n, cx);
    case Type::kInteger: {
      // Floats (1.0, 1e3), strings and integers outside int64 all get the one range message:
      // Boost.JSON reads 9223372036854775808 as uint64 and larger literals as double.
      std::optional<int64_t> i = toInt64(v);
      if (!i || *i < n.minimum || *i > n.maximum)
        cx.fail(integerRangeMessage(n.minimum, n.maximum));
      return;
    }
    case Type::kNumber:
      if (!v.is_number()) return cx.fail(typeMessage(n));
      // Boost.JSON reads a literal beyond double's range (1e999) as infinity and would write it
      // back as `Infinity`, which is not JSON: the stored order would poison every response.
      if (!std::isfinite(v.to_number<double>())) return cx.fail("Value must be a finite number");
      if (v.to_number<double>() < static_cast<double>(n.minimum)) {
        cx.fail("Value must be a number greater than or equal to " + std::to_string(n.minimum));
      }
      return;
    case Type::kBoolean:
      if (!v.is_bool()) cx.fail(typeMessage(n));
      return;
    case Type::kObject:
      if (!v.is_object()) return cx.fail(typeMessage(n));
      return validateObject(v.get_object(), n, cx);
    case Type::kAnyObject:
      if (!v.is_object()) cx.fail(typeMessage(n));
      return;
    case Type::kMetadata:
      if (!v.is_object()) return cx.fail(typeMessage(n));
      return validateMetadata(v.get_object(), cx);
    case Type::kArray: {
      if (!v.is_array()) return cx.fail(typeMessage(n));
      const json::array& a = v.get_array();
      for (size_t i = 0; i < a.size(); ++i) {
        cx.path.pushIndex(i);
        validate(a[i], *n.items, cx);
        cx.path.pop();
      }
      return;
    }
  }
}

std::optional<int64_t> toInt64(const json::value& v) {
  if (v.is_int64()) return v.get_int64();
  if (v.is_uint64() && v.get_uint64() <= static_cast<uint64_t>(INT64_MAX)) {
    return static_cast<int64_t>(v.get_uint64());
  }
  return std::nullopt;
}

std::string integerRangeMessage(int64_t minimum, int64_t maximum) {
  return "Value must be an integer between " + std::to_string(minimum) + " and " +
         std::to_string(maximum);
}

size_t codePointCount(std::string_view s) {
  size_t n = 0;
  for (unsigned char c : s) n += (c & 0xC0) != 0x80;
  return n;
}

bool isSupportedCurrency(std::string_view code) {
  return findCurrency(code).has_value() && kCurrencyEnum.contains(code);
}

bool isEmail(std::string_view s) {
  // The shape ajv-formats checks (local@label.label...), widened to UTF-8 because the spec says
  // internationalized addresses are supported. Deliverability is not our business.
  if (s.size() > 320) return false;
  size_t at = s.rfind('@');
  if (at == std::string_view::npos || at == 0 || at + 1 == s.size()) return false;
  std::string_view local = s.substr(0, at), domain = s.substr(at + 1);
  constexpr std::string_view kLocalSpecials = ".!#$%&'*+/=?^_`{|}~-";
  for (unsigned char c : local) {
    bool ok = c >= 0x80 || std::isalnum(c) || kLocalSpecials.find(c) != std::string_view::npos;
    if (!ok) return false;
  }
  size_t start = 0;
  while (start <= domain.size()) {
    size_t dot = domain.find('.', start);
    std::string_view label =
        domain.substr(start, dot == std::string_view::npos ? dot : dot - start);
    if (label.empty() || label.size() > 63 || label.front() == '-' || label.back() == '-') {
      return false;
    }
    for (unsigned char c : label)
      if (!(c >= 0x80 || std::isalnum(c) || c == '-')) return false;
    if (dot == std::string_view::npos) break;
    start = dot + 1;
  }
  return true;
}

bool isUuid(std::string_view s) {
  if (s.size() != 36) return false;
  for (size_t i = 0; i < s.size(); ++i) {
    if (i == 8 || i == 13 || i == 18 || i == 23) {
      if (s[i] != '-') return false;
    } else if (!std::isxdigit(static_cast<unsigned char>(s[i]))) {
      return false;
    }
  }
  return true;
}

bool isAbsoluteUri(std::string_view s) {
  size_t colon = s.find(':');
  if (colon == std::string_view::npos || colon == 0 || colon + 1 == s.size()) return false;
  if (!std::isalpha(static_cast<unsigned char>(s[0]))) return false;
  for (size_t i = 1; i < colon; ++i) {
    unsigned char c = s[i];
    if (!(std::isalnum(c) || c == '+' || c == '-' || c == '.')) return false;
  }
  for (unsigned char c : s)
    if (c <= 0x20 || c == 0x7F) return false;
  return true;
}

bool isDateTime(std::string_view s) {
  return s.find('T') != std::string_view::npos && parseTimestamp(s).has_value();
}

std::optional<DecodeError> ParsedBody::parse(std::string_view body, bool emptyIsObject) {
  if (emptyIsObject && body.find_first_not_of(" \t\r\n") == std::string_view::npos) {
    value_.emplace(json::object(json::storage_ptr(&resource_)));
    return std::nullopt;
  }
  boost::system::error_code ec;
  json::value v = json::parse(body, ec, json::storage_ptr(&resource_));
  if (ec) return malformedJson("The request body is not valid JSON");
  if (!v.is_object()) return malformedJson("The request body must be a JSON object");
  value_.emplace(std::move(v));
  return std::nullopt;
}

}  // namespace sy::api::codec::schema
