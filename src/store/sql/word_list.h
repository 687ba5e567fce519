// Lists of words stored as one space-separated TEXT column (API key scopes, webhook event types):
// portable between SQLite and PostgreSQL, and readable in a database shell. A word never contains
// whitespace; the callers validate that before writing.
#pragma once

#include <string>
#include <vector>

namespace sy::store::sql {

inline std::string joinWords(const std::vector<std::string>& words) {
  std::string out;
  for (const auto& w : words) {
    if (!out.empty()) out += ' ';
    out += w;
  }
  return out;
}

// Empty words (repeated spaces) are dropped.
inline std::vector<std::string> splitWords(const std::string& text) {
  std::vector<std::string> out;
  size_t start = 0;
  while (start < text.size()) {
    size_t end = text.find(' ', start);
    if (end == std::string::npos) end = text.size();
    if (end > start) out.push_back(text.substr(start, end - start));
    start = end + 1;
  }
  return out;
}

}  // namespace sy::store::sql
