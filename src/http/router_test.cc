#include "http/router.h"

#include <gtest/gtest.h>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <stdexcept>

namespace sy::http {
namespace {

using boost::beast::http::verb;
using Outcome = Router::Match::Outcome;

Handler handlerReturning(unsigned status) {
  return [status](Request&) -> boost::asio::awaitable<Response> {
    co_return Response::json(status, "");
  };
}

class RouterTest : public ::testing::Test {
 protected:
  void SetUp() override {
    router_.add(verb::get, "/", handlerReturning(1));
    router_.add(verb::get, "/payments", handlerReturning(2));
    router_.add(verb::post, "/payments", handlerReturning(3));
    router_.add(verb::get, "/payments/{id}", handlerReturning(4));
    router_.add(verb::post, "/payments/{id}/capture", handlerReturning(5));
    router_.add(verb::get, "/payments/search/recent", handlerReturning(6));
    router_.add(verb::delete_, "/customers/{customerId}/instruments/{token}", handlerReturning(7));
  }
  Router router_;
};

TEST_F(RouterTest, MatchesExactPaths) {
  auto root = router_.match(verb::get, "/");
  ASSERT_EQ(root.outcome, Outcome::kMatched);
  EXPECT_EQ(root.pattern, "/");
  auto list = router_.match(verb::get, "/payments");
  ASSERT_EQ(list.outcome, Outcome::kMatched);
  EXPECT_EQ(list.pattern, "/payments");
  EXPECT_TRUE(list.params.empty());
  EXPECT_EQ(router_.match(verb::post, "/payments").pattern, "/payments");
}

TEST_F(RouterTest, CapturesParams) {
  auto match = router_.match(verb::post, "/payments/pay_123/capture");
  ASSERT_EQ(match.outcome, Outcome::kMatched);
  EXPECT_EQ(match.pattern, "/payments/{id}/capture");
  EXPECT_EQ(match.params.at("id"), "pay_123");

  auto two = router_.match(verb::delete_, "/customers/c1/instruments/tok_9");
  ASSERT_EQ(two.outcome, Outcome::kMatched);
  EXPECT_EQ(two.params.at("customerId"), "c1");
  EXPECT_EQ(two.params.at("token"), "tok_9");
}

TEST_F(RouterTest, DecodesParamsButKeepsEncodedSlashInsideOneSegment) {
  auto match = router_.match(verb::get, "/payments/a%2Fb%20c");
  ASSERT_EQ(match.outcome, Outcome::kMatched);
  EXPECT_EQ(match.params.at("id"), "a/b c");
}

TEST_F(RouterTest, PrefersLiteralOverParamAndBacktracks) {
  EXPECT_EQ(router_.match(verb::get, "/payments/search/recent").pattern, "/payments/search/recent");
  // "search" matches the literal branch, which has no GET at this depth: fall back to {id}.
  auto byId = router_.match(verb::get, "/payments/search");
  ASSERT_EQ(byId.outcome, Outcome::kMatched);
  EXPECT_EQ(byId.params.at("id"), "search");
  // Literal branch dead-ends deeper; the param branch completes.
  auto capture = router_.match(verb::post, "/payments/search/capture");
  ASSERT_EQ(capture.outcome, Outcome::kMatched);
  EXPECT_EQ(capture.params.at("id"), "search");
}

TEST_F(RouterTest, DistinguishesNotFoundFromMethodNotAllowed) {
  EXPECT_EQ(router_.match(verb::get, "/refunds").outcome, Outcome::kNotFound);
  EXPECT_EQ(router_.match(verb::get, "/payments/1/capture/extra").outcome, Outcome::kNotFound);
  EXPECT_EQ(router_.match(verb::get, "/payments/").outcome, Outcome::kNotFound);
  EXPECT_EQ(router_.match(verb::get, "").outcome, Outcome::kNotFound);
  EXPECT_EQ(router_.match(verb::get, "payments").outcome, Outcome::kNotFound);

  auto wrongMethod = router_.match(verb::get, "/payments/p1/capture");
  EXPECT_EQ(wrongMethod.outcome, Outcome::kMethodNotAllowed);
  EXPECT_EQ(wrongMethod.allow, "POST");
  EXPECT_EQ(wrongMethod.handler, nullptr);

  auto collection = router_.match(verb::delete_, "/payments");
  EXPECT_EQ(collection.outcome, Outcome::kMethodNotAllowed);
  EXPECT_EQ(collection.allow, "GET, POST");
}

TEST_F(RouterTest, AllowListsMethodsOfEveryRouteMatchingThePath) {
  router_.add(verb::put, "/payments/search/recent", handlerReturning(8));
  router_.add(verb::patch, "/payments/{id}/recent", handlerReturning(9));
  auto match = router_.match(verb::delete_, "/payments/search/recent");
  EXPECT_EQ(match.outcome, Outcome::kMethodNotAllowed);
  EXPECT_EQ(match.allow, "GET, PUT, PATCH");  // beast's verb order
}

TEST_F(RouterTest, EmptySegmentDoesNotMatchParam) {
  EXPECT_EQ(router_.match(verb::post, "/payments//capture").outcome, Outcome::kNotFound);
}

TEST_F(RouterTest, HandlerIsTheRegisteredOne) {
  auto match = router_.match(verb::get, "/payments/x");
  ASSERT_NE(match.handler, nullptr);
  boost::asio::io_context ioc;
  Request request;
  unsigned status = 0;
  boost::asio::co_spawn(
      ioc,
      [&]() -> boost::asio::awaitable<void> {
        status = (co_await (*match.handler)(request)).status;
      },
      boost::asio::detached);
  ioc.run();
  EXPECT_EQ(status, 4u);
}

TEST(RouterRejects, MalformedAndDuplicatePatterns) {
  Router router;
  EXPECT_THROW(router.add(verb::get, "payments", handlerReturning(1)), std::invalid_argument);
  EXPECT_THROW(router.add(verb::get, "/a/{}", handlerReturning(1)), std::invalid_argument);
  EXPECT_THROW(router.add(verb::get, "/a/{id", handlerReturning(1)), std::invalid_argument);
  EXPECT_THROW(router.add(verb::get, "/a/x{id}", handlerReturning(1)), std::invalid_argument);
  router.add(verb::get, "/a/{id}", handlerReturning(1));
  EXPECT_THROW(router.add(verb::get, "/a/{other}", handlerReturning(1)), std::invalid_argument);
  router.add(verb::put, "/a/{other}", handlerReturning(2));  // names may differ per route
  EXPECT_EQ(router.match(verb::put, "/a/z").params.at("other"), "z");
  EXPECT_EQ(router.match(verb::get, "/a/z").params.at("id"), "z");
}

}  // namespace
}  // namespace sy::http
