#include "http/request.h"

#include <gtest/gtest.h>

#include <set>

#include "http/error_responder.h"

namespace sy::http {
namespace {

TEST(RequestTest, ParsesPathAndQueryInOrderKeepingRepeats) {
  Request request;
  request.target = "/pay%20ments/x?limit=10&status=A,B&status=C&q=a+b%26c&empty=&flag";
  auto encodedPath = parseRequestTarget(request);
  ASSERT_TRUE(encodedPath.isOk());
  EXPECT_EQ(*encodedPath, "/pay%20ments/x");
  EXPECT_EQ(request.path, "/pay ments/x");
  ASSERT_EQ(request.query.size(), 6u);
  EXPECT_EQ(request.query[0], (std::pair<std::string, std::string>{"limit", "10"}));
  EXPECT_EQ(request.query[2].second, "C");
  EXPECT_EQ(request.queryParam("q"), "a b&c");
  EXPECT_EQ(request.queryParam("empty"), "");
  EXPECT_EQ(request.queryParam("flag"), "");
  EXPECT_EQ(request.queryParam("missing"), std::nullopt);
  EXPECT_EQ(request.queryParams("status"), (std::vector<std::string>{"A", "B", "C"}));
  EXPECT_TRUE(request.queryParams("missing").empty());
}

TEST(RequestTest, AcceptsAbsoluteFormAndRejectsGarbage) {
  Request request;
  request.target = "http://example.com/payments?x=1";
  auto encodedPath = parseRequestTarget(request);
  ASSERT_TRUE(encodedPath.isOk());
  EXPECT_EQ(*encodedPath, "/payments");
  EXPECT_EQ(request.queryParam("x"), "1");

  request.target = "/bad%zzescape";
  EXPECT_FALSE(parseRequestTarget(request).isOk());
  request.target = "no-leading-slash";
  EXPECT_FALSE(parseRequestTarget(request).isOk());
}

TEST(RequestTest, HeaderLookupIsCaseInsensitive) {
  Request request;
  request.headers.set("X-Api-Key", "k");
  EXPECT_EQ(request.header("x-api-key"), "k");
  EXPECT_EQ(request.header("X-Missing"), "");
}

TEST(RequestTest, RequestIdSanity) {
  EXPECT_TRUE(isSaneRequestId("abc-DEF_123"));
  EXPECT_TRUE(isSaneRequestId(std::string(64, 'a')));
  EXPECT_FALSE(isSaneRequestId(std::string(65, 'a')));
  EXPECT_FALSE(isSaneRequestId(""));
  EXPECT_FALSE(isSaneRequestId("has space"));
  EXPECT_FALSE(isSaneRequestId("quote\"injection"));
}

TEST(RequestTest, GeneratedIdsAreSixteenHexAndDistinct) {
  std::set<std::string> seen;
  for (int i = 0; i < 1000; ++i) {
    std::string id = generateRequestId();
    ASSERT_EQ(id.size(), 16u);
    EXPECT_EQ(id.find_first_not_of("0123456789abcdef"), std::string::npos);
    seen.insert(id);
  }
  EXPECT_EQ(seen.size(), 1000u);
}

TEST(ErrorResponderTest, DefaultRendersPrimerEnvelopeWithEscaping) {
  Request request;
  request.requestId = "req1";
  Response response = defaultErrorResponse(404, "NotFound", "no \"such\" thing", request);
  EXPECT_EQ(response.status, 404u);
  EXPECT_EQ(response.contentType, "application/json");
  EXPECT_EQ(response.body, R"({"error":{"errorId":"NotFound","description":"no \"such\" thing",)"
                           R"("diagnosticsId":"req1"}})");
}

}  // namespace
}  // namespace sy::http
