// An incoming HTTP request as handlers see it: decoded path and query, headers, body, route params.
#pragma once

#include <boost/beast/http/fields.hpp>
#include <boost/beast/http/verb.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "common/status.h"

namespace sy::http {

struct Request {
  boost::beast::http::verb method = boost::beast::http::verb::unknown;
  std::string target;  // as received: "/payments?limit=10"
  std::string path;    // percent-decoded, without the query: "/payments"
  // Percent-decoded ('+' as space), in order of appearance; repeated keys are kept.
  std::vector<std::pair<std::string, std::string>> query;
  boost::beast::http::fields headers;
  std::string body;
  std::unordered_map<std::string, std::string> pathParams;  // filled by the router: {id} -> value
  // The caller's X-Request-Id if it is sane, else a generated one; echoed on the response.
  std::string requestId;
  std::string remoteAddress;  // "ip:port" of the peer

  // The first value of header `name` (case-insensitive), or "" if absent.
  std::string_view header(std::string_view name) const;
  // The first value of query parameter `key`, if present (possibly empty).
  std::optional<std::string> queryParam(std::string_view key) const;
  // Every value of `key`, with comma-separated values split: "?s=A,B&s=C" -> {A, B, C}.
  std::vector<std::string> queryParams(std::string_view key) const;
};

// Parses request.target (origin-form "/a?b=c" or absolute-form) into request.path and
// request.query. Returns the still-encoded path, a view into request.target, for the router.
// kInvalidArgument if the target is malformed (bad percent-escapes, spaces and such).
Result<std::string_view> parseRequestTarget(Request& request);

// True if `id` is 1..64 characters of [A-Za-z0-9_-]: safe to echo and to log.
bool isSaneRequestId(std::string_view id);
// 16 random lower-case hex characters from a per-thread PRNG: for correlation, not secrets.
std::string generateRequestId();

}  // namespace sy::http
