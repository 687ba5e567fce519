#include "common/log.h"

#include <atomic>
#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>
#include <chrono>
#include <cstdio>
#include <mutex>

#include "common/clock.h"

namespace sy::log {
namespace {
std::atomic<Level> gLevel{Level::kInfo};
std::mutex gMu;
FILE* gOut = nullptr;  // nullptr = stderr

const char* levelName(Level l) {
  switch (l) {
    case Level::kDebug: return "debug";
    case Level::kInfo: return "info";
    case Level::kWarn: return "warn";
    case Level::kError: return "error";
  }
  return "info";
}
}  // namespace

void setLevel(Level level) { gLevel = level; }
bool enabled(Level level) { return level >= gLevel.load(std::memory_order_relaxed); }

void setOutputFile(const std::string& path) {
  std::lock_guard lock(gMu);
  if (gOut) std::fclose(gOut);
  gOut = path.empty() ? nullptr : std::fopen(path.c_str(), "a");
}

void write(Level level, std::string_view msg, std::initializer_list<Field> fields) {
  if (!enabled(level)) return;
  boost::json::object o;
  o["ts"] = formatTimestamp(systemNow());
  o["level"] = levelName(level);
  o["msg"] = msg;
  for (const auto& f : fields) {
    std::visit([&](const auto& v) { o[f.key] = v; }, f.value);
  }
  std::string line = boost::json::serialize(o);
  line.push_back('\n');
  std::lock_guard lock(gMu);
  FILE* out = gOut ? gOut : stderr;
  std::fwrite(line.data(), 1, line.size(), out);
  std::fflush(out);
}

}  // namespace sy::log
