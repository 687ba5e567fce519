// Cross-origin access for the endpoints a browser calls from a merchant's page (the checkout's
// POST /checkout/tokenize). Only those: the merchant API (X-Api-Key) is for servers, and a browser
// on another origin gets no CORS headers from it, so it cannot read its answers.
//
// Any origin is allowed: the credential is the client token in the Authorization header, which
// the merchant's server handed to its own page; no cookies are involved (no Allow-Credentials).
#pragma once

#include <string>

#include "http/router.h"

namespace sy::api {

// `handler`, with Access-Control-Allow-Origin: * and Access-Control-Expose-Headers: X-Request-Id
// added to every answer it gives (errors too, so the checkout can show them).
http::Handler withCors(http::Handler handler);

// OPTIONS `path`: the preflight for `methods` ("POST") with the Authorization and Content-Type
// request headers; 204, cached by the browser for 10 minutes.
void addCorsPreflight(http::Router& router, const std::string& path, const std::string& methods);

}  // namespace sy::api
