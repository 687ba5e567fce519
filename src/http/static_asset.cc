#include "http/static_asset.h"

#include <memory>

#include "common/crypto.h"

namespace sy::http {
namespace {
using boost::beast::http::verb;

// True if an If-None-Match value ("*", or a list of possibly weak tags) matches `etag`.
bool matchesEtag(std::string_view ifNoneMatch, std::string_view etag) {
  if (ifNoneMatch == "*") return true;
  size_t pos = 0;
  while (pos < ifNoneMatch.size()) {
    size_t comma = ifNoneMatch.find(',', pos);
    std::string_view tag = ifNoneMatch.substr(pos, comma == std::string_view::npos ? comma : comma - pos);
    while (!tag.empty() && tag.front() == ' ') tag.remove_prefix(1);
    while (!tag.empty() && tag.back() == ' ') tag.remove_suffix(1);
    if (tag.starts_with("W/")) tag.remove_prefix(2);  // weak comparison, as RFC 9110 asks for GET
    if (tag == etag) return true;
    if (comma == std::string_view::npos) break;
    pos = comma + 1;
  }
  return false;
}
}  // namespace

void addStaticAsset(Router& router, StaticAsset asset) {
  auto shared = std::make_shared<const StaticAsset>(std::move(asset));
  auto etag = std::make_shared<const std::string>("\"" + crypto::sha256Hex(shared->body).substr(0, 32) + "\"");
  auto handler = [shared, etag](Request& request) -> boost::asio::awaitable<Response> {
    Response r;
    r.contentType = shared->contentType;
    r.headers = shared->headers;
    r.headers.emplace_back("ETag", *etag);
    r.headers.emplace_back("Cache-Control", shared->cacheControl);
    r.headers.emplace_back("X-Content-Type-Options", "nosniff");
    if (matchesEtag(request.header("If-None-Match"), *etag)) {
      r.status = 304;
      r.contentType.clear();
      co_return r;
    }
    r.status = 200;
    r.body = std::string(shared->body);  // for HEAD the server keeps only its Content-Length
    co_return r;
  };
  router.add(verb::get, shared->path, handler);
  router.add(verb::head, shared->path, handler);
}

}  // namespace sy::http
