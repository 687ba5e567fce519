#include "common/ids.h"

#include <openssl/rand.h>

#include <array>
#include <cctype>
#include <cstdio>
#include <stdexcept>
#include <vector>

namespace sy {
namespace {
void fillRandom(unsigned char* out, size_t n) {
  // RAND_bytes only fails when the system has no entropy source: nothing safe can continue.
  if (RAND_bytes(out, static_cast<int>(n)) != 1) std::abort();
}
}  // namespace

std::string randomId(size_t length) {
  static constexpr char kAlphabet[] =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
  std::string out;
  out.reserve(length);
  std::array<unsigned char, 64> buf;
  while (out.size() < length) {
    fillRandom(buf.data(), buf.size());
    for (unsigned char b : buf) {
      if (b >= 248) continue;  // 248 = 4 * 62: rejection keeps the distribution uniform
      out.push_back(kAlphabet[b % 62]);
      if (out.size() == length) break;
    }
  }
  return out;
}

std::string newId(const char* prefix, size_t length) {
  return std::string(prefix) + "_" + randomId(length);
}

std::string uuidV4() {
  unsigned char b[16];
  fillRandom(b, sizeof b);
  b[6] = (b[6] & 0x0f) | 0x40;
  b[8] = (b[8] & 0x3f) | 0x80;
  char s[37];
  std::snprintf(s, sizeof s,
                "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x", b[0], b[1],
                b[2], b[3], b[4], b[5], b[6], b[7], b[8], b[9], b[10], b[11], b[12], b[13], b[14],
                b[15]);
  return s;
}

std::string randomHex(size_t bytes) {
  std::vector<unsigned char> b(bytes);
  fillRandom(b.data(), bytes);
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  out.reserve(bytes * 2);
  for (unsigned char c : b) {
    out.push_back(kHex[c >> 4]);
    out.push_back(kHex[c & 15]);
  }
  return out;
}

bool isUuidShaped(std::string_view s) {
  if (s.size() != 36) return false;
  for (size_t i = 0; i < s.size(); ++i) {
    const char c = s[i];
    if (i == 8 || i == 13 || i == 18 || i == 23) {
      if (c != '-') return false;
    } else if (!std::isxdigit(static_cast<unsigned char>(c))) {
      return false;
    }
  }
  return true;
}

}  // namespace sy
