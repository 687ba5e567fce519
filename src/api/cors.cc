#include "api/cors.h"

namespace sy::api {
namespace {
using boost::asio::awaitable;
using http::Request;
using http::Response;

void addOriginHeaders(Response& r) {
  r.headers.emplace_back("Access-Control-Allow-Origin", "*");
  r.headers.emplace_back("Access-Control-Expose-Headers", "X-Request-Id");
}
}  // namespace

http::Handler withCors(http::Handler handler) {
  return [handler = std::move(handler)](Request& request) -> awaitable<Response> {
    auto answer = handler(request);
    Response r = co_await std::move(answer);
    addOriginHeaders(r);
    co_return r;
  };
}

void addCorsPreflight(http::Router& router, const std::string& path, const std::string& methods) {
  router.add(boost::beast::http::verb::options, path, [methods](Request&) -> awaitable<Response> {
    Response r;
    r.status = 204;
    r.contentType.clear();
    addOriginHeaders(r);
    r.headers.emplace_back("Access-Control-Allow-Methods", methods);
    r.headers.emplace_back("Access-Control-Allow-Headers", "Authorization, Content-Type, X-Request-Id");
    r.headers.emplace_back("Access-Control-Max-Age", "600");
    co_return r;
  });
}

}  // namespace sy::api
