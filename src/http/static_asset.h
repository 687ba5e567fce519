// One file the server serves as it is (the checkout script, the demo shop page). There is no
// file-system lookup at request time: each asset is registered on its own exact path with bytes
// held in memory (embedded in the binary at build time), so no request path can reach any other
// file.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "http/router.h"

namespace sy::http {

struct StaticAsset {
  std::string path;         // the exact URL path: "/checkout/switchyard-checkout.js"
  std::string_view body;    // must outlive the router (embedded data does)
  std::string contentType;  // "text/javascript; charset=utf-8"
  std::string cacheControl = "no-cache";  // revalidate every time (cheap: ETag)
  // Anything else the asset needs: Content-Security-Policy for a page, CORS for a script...
  std::vector<std::pair<std::string, std::string>> headers;
};

// Registers GET and HEAD for `asset.path`. Answers 200 with the body, a strong ETag (a hash of the
// body), Cache-Control, X-Content-Type-Options: nosniff and the asset's own headers; 304 without a
// body when If-None-Match names the current ETag.
void addStaticAsset(Router& router, StaticAsset asset);

}  // namespace sy::http
