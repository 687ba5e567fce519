// libFuzzer target for what Switchyard reads from a request line and its headers, on top of
// Beast's parser: the request target (parseRequestTarget: path and query, percent-decoding), the
// router's path parameters, the GET /payments query (filters, dates, cursors), `expand`, and the
// header lookups. The input is "<method byte><target>\n<header lines...>".
// Properties beyond "no crash, no sanitizer report":
//  - a matched route's parameters are the segments that stood where the pattern has {name};
//  - a refused query is a Primer error with validationErrors at `$.<parameter>`;
//  - cursors round-trip: decodeCursor(encodeCursor(k)) == k, and re-encoding a decoded cursor
//    decodes to the same position;
//  - a timestamp that parses re-parses from its formatted form to the same instant;
//  - queryParams() splits on commas and never yields an empty value.
#include <boost/asio/awaitable.hpp>
#include <cstdint>
#include <string>
#include <string_view>

#include "api/codec/error_writer.h"
#include "api/codec/payment_list_codec.h"
#include "api/codec/payment_request_codec.h"
#include "common/clock.h"
#include "fuzz/fuzz_checks.h"
#include "http/request.h"
#include "http/router.h"

namespace {
using namespace sy;
using sy::fuzz::require;
namespace beast_http = boost::beast::http;

// The shapes of the server's routes (src/api/*.cc): literal segments next to params at each level.
constexpr std::string_view kRoutes[] = {
    "/payments", "/payments/{id}", "/payments/{id}/authorize", "/payments/{id}/capture",
    "/payments/{id}/cancel", "/payments/{id}/refund", "/client-session", "/checkout/tokenize",
    "/workflows", "/workflows/validate", "/workflows/{id}", "/workflows/{id}/versions/{version}",
    "/notification-configs/{id}/rotate-secret", "/webhook-events/replay",
    "/webhook-events/{id}/replay", "/webhooks/processors/{connectionId}", "/healthz"};

http::Router makeRouter() {
  http::Router router;
  for (std::string_view pattern : kRoutes) {
    for (beast_http::verb verb : {beast_http::verb::get, beast_http::verb::post}) {
      router.add(verb, std::string(pattern),
                 [](http::Request&) -> boost::asio::awaitable<http::Response> {
                   co_return http::Response{};
                 });
    }
  }
  return router;
}

size_t countSegments(std::string_view path) {
  size_t n = 0;
  for (char c : path) n += c == '/';
  return n;
}

void checkMatch(const http::Router& router, beast_http::verb verb, std::string_view encodedPath) {
  http::Router::Match m = router.match(verb, encodedPath);
  if (m.outcome == http::Router::Match::Outcome::kMethodNotAllowed) require(!m.allow.empty());
  if (m.outcome != http::Router::Match::Outcome::kMatched) return;
  require(m.handler != nullptr && !m.pattern.empty());
  require(countSegments(m.pattern) == countSegments(encodedPath));
  size_t braces = 0;
  for (char c : m.pattern) braces += c == '{';
  require(m.params.size() == braces);
}

void checkCursor(std::string_view value) {
  if (std::optional<api::codec::DecodedCursor> c = api::codec::decodeCursor(value)) {
    const std::string again = api::codec::encodeCursor(c->key, c->older);
    std::optional<api::codec::DecodedCursor> d = api::codec::decodeCursor(again);
    require(d && d->older == c->older && d->key.createdMicros == c->key.createdMicros &&
            d->key.id == c->key.id);
  }
}

// Any position a page can have (a printable id) round-trips through a cursor.
void checkCursorRoundTrip(std::string_view seed) {
  store::PageKey key;
  key.createdMicros = 0;
  for (char c : seed.substr(0, 8)) key.createdMicros = key.createdMicros * 131 + c;
  for (char c : seed)
    if (c > 0x20 && c < 0x7F) key.id.push_back(c);
  if (key.id.empty()) return;
  for (bool older : {true, false}) {
    std::optional<api::codec::DecodedCursor> d =
        api::codec::decodeCursor(api::codec::encodeCursor(key, older));
    if (key.id.size() < 700) {  // a cursor is at most 1024 characters
      require(d && d->older == older && d->key.createdMicros == key.createdMicros &&
              d->key.id == key.id);
    }
  }
}

void checkTimestamp(std::string_view value) {
  if (std::optional<TimePoint> t = parseTimestamp(value)) {
    std::optional<TimePoint> again = parseTimestamp(formatTimestamp(*t));
    require(again && *again == *t);
  }
}

void checkQuery(const http::Request& r) {
  auto list = api::codec::decodePaymentListQuery(r.query);
  if (!list) {
    const auto& e = list.error();
    sy::fuzz::requirePrimerError(api::codec::writeDecodeError(e, "diag"),
                                 api::codec::errorIdFor(e.kind));
  } else {
    const store::PaymentFilter& f = list->filter;
    require(f.limit >= 1);
  }
  auto expand = api::codec::decodeExpandQuery(r.query);
  if (!expand) {
    sy::fuzz::requirePrimerError(api::codec::writeDecodeError(expand.error(), "diag"),
                                 api::codec::errorIdFor(expand.error().kind));
  }
  for (const auto& [key, value] : r.query) {
    checkCursor(value);
    checkTimestamp(value);
    (void)http::isSaneRequestId(value);
    for (const std::string& v : r.queryParams(key)) {
      require(!v.empty() && v.find(',') == std::string::npos);
    }
    const std::optional<std::string> first = r.queryParam(key);
    require(first.has_value());
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const http::Router router = makeRouter();
  if (size == 0) return 0;
  const beast_http::verb verb = data[0] % 2 ? beast_http::verb::post : beast_http::verb::get;
  std::string_view rest(reinterpret_cast<const char*>(data) + 1, size - 1);
  const size_t newline = rest.find('\n');

  http::Request r;
  r.method = verb;
  r.target = std::string(rest.substr(0, newline));
  if (newline != std::string_view::npos) {
    std::string_view headers = rest.substr(newline + 1);
    while (!headers.empty()) {
      std::string_view line = headers.substr(0, headers.find('\n'));
      headers.remove_prefix(std::min(headers.size(), line.size() + 1));
      const size_t colon = line.find(':');
      if (colon == 0 || colon == std::string_view::npos) continue;
      r.headers.insert(line.substr(0, colon), line.substr(colon + 1));
    }
    for (std::string_view name : {"X-Api-Key", "X-Api-Version", "X-Idempotency-Key",
                                  "Authorization", "X-Request-Id", "Stripe-Signature"}) {
      std::string_view v = r.header(name);
      (void)http::isSaneRequestId(v);
    }
  }

  Result<std::string_view> encodedPath = http::parseRequestTarget(r);
  checkCursorRoundTrip(r.target);
  if (!encodedPath) return 0;
  require(!r.path.empty());
  checkMatch(router, verb, *encodedPath);
  checkQuery(r);
  return 0;
}
