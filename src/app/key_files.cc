#include "app/key_files.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

#include "common/ids.h"

namespace sy::app {

Result<std::string> readFileTrimmed(const std::string& path) {
  std::ifstream in(path);
  if (!in) return notFound("cannot read " + path);
  std::stringstream ss;
  ss << in.rdbuf();
  std::string s = ss.str();
  while (!s.empty() && (s.back() == '\n' || s.back() == '\r' || s.back() == ' ')) s.pop_back();
  return s;
}

Status writePrivateFile(const std::string& path, const std::string& content) {
  std::string tmp = path + ".tmp";
  int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
  if (fd < 0) return unavailable("cannot write " + tmp + ": " + std::strerror(errno));
  bool ok = ::write(fd, content.data(), content.size()) == static_cast<ssize_t>(content.size()) &&
            ::fsync(fd) == 0;
  ::close(fd);
  if (!ok || ::rename(tmp.c_str(), path.c_str()) != 0)
    return unavailable("cannot write " + path + ": " + std::strerror(errno));
  return Status::ok();
}

Result<std::string> loadOrCreateSecretFile(const std::string& path, bool* created) {
  if (created) *created = false;
  auto existing = readFileTrimmed(path);
  if (existing && !existing->empty()) return existing;
  std::string secret = randomHex(32);
  SY_RETURN_IF_ERROR(writePrivateFile(path, secret + "\n"));
  if (created) *created = true;
  return secret;
}

}  // namespace sy::app
