#include "api/codec/json_writer.h"

#include <array>
#include <charconv>

namespace sy::api::codec {
namespace {

// Length of the valid UTF-8 sequence starting at s[i], or 0 if it is not one (overlong forms,
// surrogates and code points above U+10FFFF included).
size_t utf8SequenceLength(std::string_view s, size_t i) {
  auto byte = [&](size_t k) { return static_cast<unsigned char>(s[k]); };
  unsigned char c = byte(i);
  size_t need;
  unsigned char lo = 0x80, hi = 0xBF;
  if (c >= 0xC2 && c <= 0xDF) {
    need = 1;
  } else if (c >= 0xE0 && c <= 0xEF) {
    need = 2;
    if (c == 0xE0) lo = 0xA0;
    if (c == 0xED) hi = 0x9F;
  } else if (c >= 0xF0 && c <= 0xF4) {
    need = 3;
    if (c == 0xF0) lo = 0x90;
    if (c == 0xF4) hi = 0x8F;
  } else {
    return 0;
  }
  if (i + need >= s.size()) return 0;  // truncated sequence
  if (byte(i + 1) < lo || byte(i + 1) > hi) return 0;
  for (size_t k = 2; k <= need; ++k)
    if ((byte(i + k) & 0xC0) != 0x80) return 0;
  return need + 1;
}

// Bytes that cannot be copied as they are: control characters, '"', '\\' and every non-ASCII
// byte (which must be checked to be valid UTF-8).
constexpr auto kSpecial = [] {
  std::array<bool, 256> t{};
  for (int c = 0; c < 0x20; ++c) t[c] = true;
  for (int c = 0x80; c < 0x100; ++c) t[c] = true;
  t['"'] = t['\\'] = true;
  return t;
}();

bool isPlain(std::string_view s) {
  for (unsigned char c : s)
    if (kSpecial[c]) return false;
  return true;
}

}  // namespace

void appendJsonString(std::string& out, std::string_view s) {
  static constexpr char kHex[] = "0123456789abcdef";
  if (isPlain(s)) {  // the common case: one append
    out += '"';
    out.append(s);
    out += '"';
    return;
  }
  out += '"';
  size_t runStart = 0;
  auto flush = [&](size_t end) { out.append(s.data() + runStart, end - runStart); };
  for (size_t i = 0; i < s.size();) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    if (!kSpecial[c]) {
      ++i;
      continue;
    }
    if (c >= 0x80) {
      size_t len = utf8SequenceLength(s, i);
      if (len) {
        i += len;
        continue;
      }
      flush(i);
      out += "\\ufffd";
      runStart = ++i;
      continue;
    }
    flush(i);
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      case '\b':
        out += "\\b";
        break;
      case '\f':
        out += "\\f";
        break;
      default:
        out += "\\u00";
        out += kHex[c >> 4];
        out += kHex[c & 0xF];
    }
    runStart = ++i;
  }
  flush(s.size());
  out += '"';
}

JsonWriter& JsonWriter::beginObject() {
  beforeValue();
  out_ += '{';
  return *this;
}

JsonWriter& JsonWriter::endObject() {
  out_ += '}';
  needComma_ = true;
  return *this;
}

JsonWriter& JsonWriter::beginArray() {
  beforeValue();
  out_ += '[';
  return *this;
}

JsonWriter& JsonWriter::endArray() {
  out_ += ']';
  needComma_ = true;
  return *this;
}

JsonWriter& JsonWriter::key(std::string_view name) {
  beforeValue();
  appendJsonString(out_, name);
  out_ += ':';
  return *this;
}

JsonWriter& JsonWriter::timestamp(TimePoint t) {
  beforeValue();
  appendTimestamp(out_, t);
  needComma_ = true;
  return *this;
}

void appendTimestamp(std::string& out, TimePoint t) {
  using namespace std::chrono;
  // Same text as sy::formatTimestamp ("2021-02-21T15:36:16.367687", floor to microseconds, UTC)
  // without snprintf, which dominated the cost of writing a payment.
  auto us = floor<microseconds>(t);
  auto day = floor<days>(us);
  year_month_day ymd{day};
  int64_t micros = (us - day).count();
  int year = static_cast<int>(ymd.year());
  if (year < 0 || year > 9999) {
    out += '"';
    out += formatTimestamp(t);
    out += '"';
    return;
  }
  char buf[28];
  auto put = [&](size_t pos, int64_t v, int width) {
    for (int i = width - 1; i >= 0; --i) {
      buf[pos + i] = static_cast<char>('0' + v % 10);
      v /= 10;
    }
  };
  buf[0] = '"';
  put(1, year, 4);
  buf[5] = '-';
  put(6, static_cast<unsigned>(ymd.month()), 2);
  buf[8] = '-';
  put(9, static_cast<unsigned>(ymd.day()), 2);
  buf[11] = 'T';
  put(12, micros / 3'600'000'000, 2);
  buf[14] = ':';
  put(15, micros / 60'000'000 % 60, 2);
  buf[17] = ':';
  put(18, micros / 1'000'000 % 60, 2);
  buf[20] = '.';
  put(21, micros % 1'000'000, 6);
  buf[27] = '"';
  out.append(buf, sizeof buf);
}

JsonWriter& JsonWriter::string(std::string_view value) {
  beforeValue();
  appendJsonString(out_, value);
  needComma_ = true;
  return *this;
}

JsonWriter& JsonWriter::integer(int64_t value) {
  beforeValue();
  char buf[24];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, value);
  out_.append(buf, end);
  needComma_ = true;
  return *this;
}

JsonWriter& JsonWriter::boolean(bool value) {
  beforeValue();
  out_ += value ? "true" : "false";
  needComma_ = true;
  return *this;
}

JsonWriter& JsonWriter::raw(std::string_view json) {
  beforeValue();
  out_ += json;
  needComma_ = true;
  return *this;
}

}  // namespace sy::api::codec
