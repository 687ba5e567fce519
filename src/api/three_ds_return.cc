// GET /checkout/3ds/return: where processors' (and emulators') 3-D Secure challenge pages send the
// customer back (the return URL the engine passes, EngineOptions::publicUrl). The page tells the
// checkout that framed or opened it that the challenge is over (postMessage
// {"type":"switchyard-3ds-complete"}, no data: the checkout already holds the resume token); the
// checkout then resumes the payment. Nothing here is secret, and the page does nothing else.
#include "api/api.h"
#include "common/crypto.h"
#include "http/static_asset.h"

namespace sy::api {
namespace {
constexpr std::string_view kScript =
    "(function(){var m={type:'switchyard-3ds-complete'};"
    "if(window.parent&&window.parent!==window)window.parent.postMessage(m,'*');"
    "if(window.opener)window.opener.postMessage(m,'*');})();";
constexpr std::string_view kPage =
    "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>3-D Secure</title>"
    "</head><body><p>Authentication finished. You can close this window.</p><script>"
    "(function(){var m={type:'switchyard-3ds-complete'};"
    "if(window.parent&&window.parent!==window)window.parent.postMessage(m,'*');"
    "if(window.opener)window.opener.postMessage(m,'*');})();"
    "</script></body></html>";
}  // namespace

void registerThreeDsReturnRoute(http::Router& router) {
  http::StaticAsset asset;
  asset.path = "/checkout/3ds/return";
  asset.body = kPage;
  asset.contentType = "text/html; charset=utf-8";
  // Only the inline script above may run (by its hash); the page may be framed by any merchant.
  asset.headers = {{"Content-Security-Policy",
                    "default-src 'none'; script-src 'sha256-" +
                        crypto::base64Encode(crypto::sha256(kScript)) + "'; base-uri 'none'"},
                   {"Referrer-Policy", "no-referrer"}};
  http::addStaticAsset(router, std::move(asset));
}

}  // namespace sy::api
