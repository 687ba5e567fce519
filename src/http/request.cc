#include "http/request.h"

#include <boost/url/parse.hpp>
#include <boost/url/url_view.hpp>
#include <chrono>
#include <random>

namespace sy::http {

std::string_view Request::header(std::string_view name) const {
  auto it = headers.find(name);
  return it == headers.end() ? std::string_view() : std::string_view(it->value());
}

std::optional<std::string> Request::queryParam(std::string_view key) const {
  for (const auto& [k, v] : query) {
    if (k == key) return v;
  }
  return std::nullopt;
}

std::vector<std::string> Request::queryParams(std::string_view key) const {
  std::vector<std::string> values;
  for (const auto& [k, v] : query) {
    if (k != key) continue;
    std::string_view rest = v;
    while (!rest.empty()) {
      size_t comma = rest.find(',');
      std::string_view piece = rest.substr(0, comma);
      if (!piece.empty()) values.emplace_back(piece);
      if (comma == std::string_view::npos) break;
      rest.remove_prefix(comma + 1);
    }
  }
  return values;
}

Result<std::string_view> parseRequestTarget(Request& request) {
  std::string_view target = request.target;
  request.query.clear();
  if (target == "*") {  // "OPTIONS *": asterisk-form has no path or query to decode
    request.path = "*";
    return target;
  }
  auto parsed = boost::urls::parse_origin_form(target);
  if (!parsed) parsed = boost::urls::parse_absolute_uri(target);  // absolute-form, RFC 9112 3.2.2
  if (!parsed) return invalidArgument("malformed request target");
  const boost::urls::url_view& url = *parsed;
  request.path = url.path();
  if (request.path.empty()) request.path = "/";
  if (url.has_query()) {
    auto params = url.params();  // decodes escapes and '+' as space
    request.query.reserve(params.size());
    for (auto param : params) request.query.emplace_back(param.key, param.value);
  }
  std::string_view encodedPath = url.encoded_path();
  return encodedPath.empty() ? std::string_view("/") : encodedPath;
}

bool isSaneRequestId(std::string_view id) {
  if (id.empty() || id.size() > 64) return false;
  for (char c : id) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '-' || c == '_';
    if (!ok) return false;
  }
  return true;
}

namespace {
// splitmix64: a few arithmetic ops per id and no locking; state is per thread.
uint64_t nextRandom() {
  thread_local uint64_t state = [] {
    std::random_device device;
    uint64_t seed = (uint64_t{device()} << 32) ^ device();
    return seed ^
           static_cast<uint64_t>(std::chrono::steady_clock::now().time_since_epoch().count());
  }();
  uint64_t z = (state += 0x9e3779b97f4a7c15ULL);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}
}  // namespace

std::string generateRequestId() {
  static constexpr char kHex[] = "0123456789abcdef";
  uint64_t bits = nextRandom();
  std::string id(16, '0');
  for (int i = 15; i >= 0; --i, bits >>= 4) id[i] = kHex[bits & 0xf];
  return id;
}

}  // namespace sy::http
