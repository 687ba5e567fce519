// URL parts for processor requests.
#pragma once

#include <string>
#include <string_view>

namespace sy::connectors {

// RFC 3986 unreserved characters pass, everything else is %XX: ids and keys come from outside
// (the processor, the merchant's retries), so they are never pasted into a URL raw.
std::string percentEncode(std::string_view s);

// `baseUrl` without its trailing slashes, then `path` ("/v1/payments").
std::string joinUrl(std::string_view baseUrl, std::string_view path);

}  // namespace sy::connectors
