// Secrets kept in files of the data directory (mode 0600): read if present, else generated once.
#pragma once

#include <string>

#include "common/status.h"

namespace sy::app {

// The content of `path` (trimmed), or a new random 64-hex-char secret written there with mode 0600.
Result<std::string> loadOrCreateSecretFile(const std::string& path, bool* created = nullptr);
// Writes `content` to `path` atomically (write to a temp file, rename) with mode 0600.
Status writePrivateFile(const std::string& path, const std::string& content);
Result<std::string> readFileTrimmed(const std::string& path);

}  // namespace sy::app
