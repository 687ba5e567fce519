#include "common/json_path.h"

#include <algorithm>

namespace sy {
namespace {

bool isIdentifier(std::string_view key) {
  if (key.empty()) return false;
  auto identStart = [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
  };
  if (!identStart(key[0])) return false;
  return std::all_of(key.begin() + 1, key.end(),
                     [&](char c) { return identStart(c) || (c >= '0' && c <= '9'); });
}

}  // namespace

void appendJsonPathKey(std::string& out, std::string_view key) {
  if (isIdentifier(key)) {
    out += '.';
    out += key;
    return;
  }
  out += "['";
  for (char c : key) {
    if (c == '\'' || c == '\\') out += '\\';
    out += c;
  }
  out += "']";
}

void appendJsonPathIndex(std::string& out, size_t index) {
  out += '[';
  out += std::to_string(index);
  out += ']';
}

}  // namespace sy
