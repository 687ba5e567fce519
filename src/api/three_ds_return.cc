// GET /checkout/3ds/return: where processors' (and emulators') 3-D Secure challenge pages send the
// customer back (the return URL the engine passes, EngineOptions::publicUrl). The page tells the
// checkout that framed or opened it that the challenge is over (postMessage
// {"type":"switchyard-3ds-complete"}, no data: the checkout already holds the resume token); the
// checkout then resumes the payment. Before answering it records what the processor's page
// appended to the return URL (Adyen's redirectResult) on the payment's pending challenge, for the
// resume to pass on (PaymentEngine::recordChallengeReturn); the page itself is the same for
// everyone. Nothing here is secret.
#include <boost/url/encode.hpp>
#include <boost/url/rfc/unreserved_chars.hpp>

#include "api/api.h"
#include "common/crypto.h"
#include "common/log.h"

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

// The query the processor appended: every parameter but ours, re-encoded, in the order received.
std::string processorQuery(const http::Request& request) {
  std::string q;
  for (const auto& [key, value] : request.query) {
    if (key == "payment" || key == "merchant") continue;
    if (!q.empty()) q += '&';
    q += boost::urls::encode(key, boost::urls::unreserved_chars);
    q += '=';
    q += boost::urls::encode(value, boost::urls::unreserved_chars);
  }
  return q;
}
}  // namespace

void registerThreeDsReturnRoute(http::Router& router, orchestrator::PaymentEngine& engine) {
  // Only the inline script above may run (by its hash); the page may be framed by any merchant.
  auto csp = std::make_shared<const std::string>(
      "default-src 'none'; script-src 'sha256-" + crypto::base64Encode(crypto::sha256(kScript)) +
      "'; base-uri 'none'");
  auto handler = [&engine, csp](http::Request& request) -> boost::asio::awaitable<http::Response> {
    const std::optional<std::string> payment = request.queryParam("payment");
    const std::optional<std::string> merchant = request.queryParam("merchant");
    const std::string query = processorQuery(request);
    if (payment && merchant && !query.empty() && query.size() <= 8192 &&
        request.method == boost::beast::http::verb::get) {
      const std::string merchantId = *merchant;
      const std::string paymentId = *payment;
      Status st = co_await engine.recordChallengeReturn(merchantId, paymentId, query);
      if (!st && st.code() != StatusCode::kNotFound)
        log::warn("3-D Secure return not recorded",
                  {{"payment_id", paymentId}, {"error", st.message()}});
    }
    http::Response r;
    r.status = 200;
    r.contentType = "text/html; charset=utf-8";
    r.headers = {{"Content-Security-Policy", *csp},
                 {"Referrer-Policy", "no-referrer"},
                 {"Cache-Control", "no-store"},
                 {"X-Content-Type-Options", "nosniff"}};
    r.body = std::string(kPage);
    co_return r;
  };
  router.add(boost::beast::http::verb::get, "/checkout/3ds/return", handler);
  router.add(boost::beast::http::verb::head, "/checkout/3ds/return", handler);
}

}  // namespace sy::api
