#include "http/static_asset.h"

#include <gtest/gtest.h>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/use_future.hpp>

namespace sy::http {
namespace {
using boost::beast::http::verb;

class StaticAssetTest : public ::testing::Test {
 protected:
  void SetUp() override {
    addStaticAsset(router_, {"/checkout/app.js", "console.log(1)", "text/javascript; charset=utf-8",
                             "public, max-age=300", {{"Access-Control-Allow-Origin", "*"}}});
  }

  Response call(verb method, std::string path, std::string ifNoneMatch = "") {
    auto m = router_.match(method, path);
    EXPECT_EQ(m.outcome, Router::Match::Outcome::kMatched) << path;
    if (m.outcome != Router::Match::Outcome::kMatched) return {};
    Request request;
    request.method = method;
    request.path = path;
    if (!ifNoneMatch.empty()) request.headers.set("If-None-Match", ifNoneMatch);
    boost::asio::io_context ioc;
    auto f = boost::asio::co_spawn(ioc, (*m.handler)(request), boost::asio::use_future);
    ioc.run();
    return f.get();
  }

  static std::string header(const Response& r, std::string_view name) {
    for (const auto& [k, v] : r.headers)
      if (k == name) return v;
    return "";
  }

  Router router_;
};

TEST_F(StaticAssetTest, ServesTheBodyWithItsTypeCachingAndOwnHeaders) {
  Response r = call(verb::get, "/checkout/app.js");
  EXPECT_EQ(r.status, 200u);
  EXPECT_EQ(r.body, "console.log(1)");
  EXPECT_EQ(r.contentType, "text/javascript; charset=utf-8");
  EXPECT_EQ(header(r, "Cache-Control"), "public, max-age=300");
  EXPECT_EQ(header(r, "X-Content-Type-Options"), "nosniff");
  EXPECT_EQ(header(r, "Access-Control-Allow-Origin"), "*");
  EXPECT_EQ(header(r, "ETag").size(), 34u);
}

TEST_F(StaticAssetTest, AnswersNotModifiedForTheCurrentEtagOnly) {
  const std::string etag = header(call(verb::get, "/checkout/app.js"), "ETag");
  Response same = call(verb::get, "/checkout/app.js", "\"other\", W/" + etag);
  EXPECT_EQ(same.status, 304u);
  EXPECT_TRUE(same.body.empty());
  EXPECT_EQ(call(verb::get, "/checkout/app.js", "\"other\"").status, 200u);
}

TEST_F(StaticAssetTest, HeadHasTheSameHeadersAndRegistersNothingElse) {
  EXPECT_EQ(call(verb::head, "/checkout/app.js").status, 200u);
  EXPECT_EQ(router_.match(verb::get, "/checkout/../checkout/app.js").outcome,
            Router::Match::Outcome::kNotFound);
  EXPECT_EQ(router_.match(verb::get, "/checkout/other.js").outcome, Router::Match::Outcome::kNotFound);
  EXPECT_EQ(router_.match(verb::post, "/checkout/app.js").outcome,
            Router::Match::Outcome::kMethodNotAllowed);
}

}  // namespace
}  // namespace sy::http
