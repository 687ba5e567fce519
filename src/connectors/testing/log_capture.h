// Captures everything the process logs (common/log.h), at debug level, while it lives, so a test
// can search it: e.g. for a credential that must never be logged. One at a time (the logger is
// global); on destruction the log goes back to stderr at info level.
#pragma once

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "common/log.h"

namespace sy::connectors::testing {

class LogCapture {
 public:
  LogCapture()
      : path_(std::filesystem::temp_directory_path() /
              ("sy_log_capture_" + std::to_string(::getpid()) + ".jsonl")) {
    std::filesystem::remove(path_);
    log::setLevel(log::Level::kDebug);
    log::setOutputFile(path_.string());
  }
  ~LogCapture() {
    log::setOutputFile("");
    log::setLevel(log::Level::kInfo);
    std::filesystem::remove(path_);
  }
  LogCapture(const LogCapture&) = delete;
  LogCapture& operator=(const LogCapture&) = delete;

  // Everything logged so far.
  std::string text() const {
    std::ifstream in(path_);
    std::stringstream out;
    out << in.rdbuf();
    return out.str();
  }

 private:
  std::filesystem::path path_;
};

}  // namespace sy::connectors::testing
