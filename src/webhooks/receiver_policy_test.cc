#include "webhooks/receiver_policy.h"

#include <gtest/gtest.h>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/use_future.hpp>

#include "http/client.h"

namespace sy::webhooks {
namespace {
namespace asio = boost::asio;

bool isPublic(const char* text) { return isPublicAddress(asio::ip::make_address(text)); }

TEST(ReceiverPolicy, OnlyGlobalUnicastAddressesArePublic) {
  for (const char* a : {"93.184.216.34", "8.8.8.8", "1.1.1.1", "2606:2800:220:1:248:1893:25c8:1946",
                        "::ffff:93.184.216.34"})
    EXPECT_TRUE(isPublic(a)) << a;
  for (const char* a :
       {"127.0.0.1", "127.255.0.9", "10.1.2.3", "172.16.0.1", "172.31.255.255", "192.168.1.1",
        "169.254.169.254", "100.64.0.1", "0.0.0.0", "224.0.0.1", "255.255.255.255", "192.0.2.1",
        "198.18.0.1", "::1", "::", "fe80::1", "fc00::1", "fd12:3456::1", "ff02::1",
        "::ffff:127.0.0.1", "::ffff:10.0.0.1", "2001:db8::1", "64:ff9b::a00:1"})
    EXPECT_FALSE(isPublic(a)) << a;
  EXPECT_TRUE(isPublic("172.32.0.1"));  // just outside 172.16/12
  EXPECT_EQ(checkReceiverAddress(asio::ip::make_address("10.0.0.1")).reason(),
            "WebhookReceiverNotAllowed");
}

Status check(std::string url, bool allowPrivate) {
  asio::io_context ioc;
  auto f = asio::co_spawn(ioc, checkReceiverUrl(std::move(url), allowPrivate, std::chrono::seconds(5)),
                          asio::use_future);
  ioc.run();
  return f.get();
}

TEST(ReceiverPolicy, UrlsMustBeHttpsToPublicAddressesUnlessPrivateTargetsAreAllowed) {
  EXPECT_TRUE(check("https://93.184.216.34/hooks", false).isOk());
  EXPECT_TRUE(check("https://[2606:2800:220:1:248:1893:25c8:1946]/hooks", false).isOk());
  Status http = check("http://93.184.216.34/hooks", false);
  EXPECT_EQ(http.code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(http.reason(), "WebhookReceiverNotAllowed");
  for (const char* url : {"https://127.0.0.1:8443/hooks", "https://169.254.169.254/latest",
                          "https://[::1]/hooks", "https://10.0.0.7/hooks",
                          "https://localhost/hooks"}) {
    Status s = check(url, false);
    EXPECT_EQ(s.code(), StatusCode::kInvalidArgument) << url;
    EXPECT_EQ(s.reason(), "WebhookReceiverNotAllowed") << url;
  }
  EXPECT_TRUE(check("http://127.0.0.1:8080/hooks", true).isOk());
}

// Result<T> has no default constructor, which use_future needs: wrapped in an optional.
asio::awaitable<std::optional<Result<http::ClientResponse>>> sendOnce(http::HttpClient& client,
                                                                      http::ClientRequest req) {
  const std::chrono::milliseconds deadline(5000);
  auto r = co_await client.send(std::move(req), deadline);
  co_return std::optional<Result<http::ClientResponse>>(std::move(r));
}

TEST(ReceiverPolicy, ADeliveryIsNotSentToARefusedAddressWhateverTheNameResolvesTo) {
  asio::io_context ioc;
  http::ClientOptions options;
  options.addressFilter = checkReceiverAddress;
  http::HttpClient client(ioc.get_executor(), options);
  for (const char* url : {"http://127.0.0.1:9/hooks", "http://localhost:9/hooks"}) {
    http::ClientRequest req;
    req.method = boost::beast::http::verb::post;
    req.url = url;
    req.body = "{}";
    auto f = asio::co_spawn(ioc, sendOnce(client, std::move(req)), asio::use_future);
    ioc.restart();
    ioc.run();
    auto r = *f.get();
    ASSERT_FALSE(r.isOk()) << url;
    EXPECT_EQ(r.status().reason(), "WebhookReceiverNotAllowed") << r.status().toString();
    EXPECT_NE(r.status().message().find("not sent"), std::string::npos) << r.status().toString();
  }
}

}  // namespace
}  // namespace sy::webhooks
