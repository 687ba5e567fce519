// GET /checkout/switchyard-checkout.js: merchant pages on any origin load it with <script src>.
#include "api/api.h"
#include "http/static_asset.h"

namespace sy::api {

void registerCheckoutScriptRoute(http::Router& router, std::string_view script) {
  http::StaticAsset asset;
  asset.path = "/checkout/switchyard-checkout.js";
  asset.body = script;
  asset.contentType = "text/javascript; charset=utf-8";
  // The name carries no version: a short max-age, then revalidation against the ETag, so a new
  // build reaches shoppers within minutes.
  asset.cacheControl = "public, max-age=300";
  // Readable cross-origin (Subresource Integrity, crossorigin="anonymous") and embeddable by pages
  // that isolate themselves (Cross-Origin-Embedder-Policy).
  asset.headers = {{"Access-Control-Allow-Origin", "*"},
                   {"Cross-Origin-Resource-Policy", "cross-origin"}};
  http::addStaticAsset(router, std::move(asset));
}

}  // namespace sy::api
