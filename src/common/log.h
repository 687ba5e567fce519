// Structured JSON logging: one JSON object per line on stderr.
// Thread-safe. Never pass card data, CVVs, API keys or credentials as a field: callers log ids only.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <string>
#include <string_view>
#include <utility>
#include <variant>

namespace sy::log {

enum class Level { kDebug, kInfo, kWarn, kError };

using FieldValue = std::variant<std::string_view, int64_t, double, bool>;
struct Field {
  std::string_view key;
  FieldValue value;
  Field(std::string_view k, std::string_view v) : key(k), value(v) {}
  Field(std::string_view k, const char* v) : key(k), value(std::string_view(v)) {}
  Field(std::string_view k, const std::string& v) : key(k), value(std::string_view(v)) {}
  Field(std::string_view k, int v) : key(k), value(int64_t{v}) {}
  Field(std::string_view k, int64_t v) : key(k), value(v) {}
  Field(std::string_view k, uint64_t v) : key(k), value(static_cast<int64_t>(v)) {}
  Field(std::string_view k, double v) : key(k), value(v) {}
  Field(std::string_view k, bool v) : key(k), value(v) {}
};

// Global minimum level (default kInfo); set from configuration at start-up.
void setLevel(Level level);
bool enabled(Level level);
// Redirects output to a file (append) instead of stderr; empty path = stderr.
void setOutputFile(const std::string& path);

// Writes {"ts":..., "level":..., "msg":..., <fields>} as one line.
void write(Level level, std::string_view msg, std::initializer_list<Field> fields = {});

inline void debug(std::string_view m, std::initializer_list<Field> f = {}) { write(Level::kDebug, m, f); }
inline void info(std::string_view m, std::initializer_list<Field> f = {}) { write(Level::kInfo, m, f); }
inline void warn(std::string_view m, std::initializer_list<Field> f = {}) { write(Level::kWarn, m, f); }
inline void error(std::string_view m, std::initializer_list<Field> f = {}) { write(Level::kError, m, f); }

}  // namespace sy::log
