// libFuzzer target for application/x-www-form-urlencoded: the Stripe connector's encoder
// (formEscape, FormBuilder), the Stripe emulator's decoder (decodeForm, topLevelName) and the
// connectors' URL escaping (percentEncode). Byte 0 picks the mode, the rest is the input.
// Properties beyond "no crash, no sanitizer report":
//  - an encoded key or value holds only unreserved characters and %XX escapes (plus '[' and ']'
//    in keys), so it can never split a pair or smuggle another parameter;
//  - encode -> decode is the identity: a form built from the pairs a body decodes to decodes to
//    the same pairs, and any pairs (non-empty keys) survive FormBuilder -> decodeForm;
//  - a decoded form never has an empty key.
#include <cstdint>
#include <string>
#include <string_view>

#include "connectors/processor_url.h"
#include "connectors/stripe/transformers.h"
#include "fuzz/fuzz_checks.h"
#include "sandbox/stripe/api.h"

namespace {
using namespace sy;
using sy::fuzz::require;
using sy::sandbox::stripe::FormParams;

bool isUnreserved(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
         c == '_' || c == '.' || c == '~';
}

bool isHex(char c) {
  return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'F');
}

void requireEscaped(std::string_view s, bool isKey) {
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '%') {
      require(i + 2 < s.size());
      require(isHex(s[i + 1]) && isHex(s[i + 2]));
      i += 2;
    } else {
      require(isUnreserved(s[i]) || (isKey && (s[i] == '[' || s[i] == ']')));
    }
  }
}

std::string build(const FormParams& pairs) {
  connectors::stripe::FormBuilder form;
  for (const auto& [k, v] : pairs) form.add(k, v);
  return form.take();
}

void decodeAndReencode(std::string_view body) {
  Result<FormParams> decoded = sandbox::stripe::decodeForm(body);
  if (!decoded) return;
  for (const auto& [k, v] : decoded.value()) {
    require(!k.empty());
    require(sandbox::stripe::topLevelName(k).size() <= k.size());
  }
  const std::string again = build(decoded.value());
  Result<FormParams> redecoded = sandbox::stripe::decodeForm(again);
  require(redecoded.isOk() && redecoded.value() == decoded.value());
}

// Splits the input into pairs at NUL bytes (key, value, key, value...) and round-trips them.
void encodeAndDecode(std::string_view input) {
  FormParams pairs;
  std::string_view rest = input;
  while (!rest.empty()) {
    const size_t a = rest.find('\0');
    std::string key(rest.substr(0, a));
    rest = a == std::string_view::npos ? std::string_view() : rest.substr(a + 1);
    const size_t b = rest.find('\0');
    std::string value(rest.substr(0, b));
    rest = b == std::string_view::npos ? std::string_view() : rest.substr(b + 1);
    if (!key.empty()) pairs.emplace_back(std::move(key), std::move(value));
  }
  for (const auto& [k, v] : pairs) {
    requireEscaped(connectors::stripe::formEscape(k, true), true);
    requireEscaped(connectors::stripe::formEscape(v), false);
    requireEscaped(connectors::percentEncode(v), false);
  }
  Result<FormParams> decoded = sandbox::stripe::decodeForm(build(pairs));
  require(decoded.isOk() && decoded.value() == pairs);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  const std::string_view input(reinterpret_cast<const char*>(data) + 1, size - 1);
  if (data[0] & 1) {
    encodeAndDecode(input);
  } else {
    decodeAndReencode(input);
  }
  return 0;
}
