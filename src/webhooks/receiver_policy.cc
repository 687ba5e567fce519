#include "webhooks/receiver_policy.h"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/url/parse.hpp>
#include <memory>

namespace sy::webhooks {
namespace asio = boost::asio;
namespace {

constexpr std::string_view kReason = "WebhookReceiverNotAllowed";
constexpr auto kNoThrow = asio::as_tuple(asio::use_awaitable);

bool inV4(uint32_t a, uint32_t net, int bits) {
  const uint32_t mask = bits == 0 ? 0 : ~uint32_t{0} << (32 - bits);
  return (a & mask) == (net & mask);
}

bool isPublicV4(const asio::ip::address_v4& v4) {
  const uint32_t a = v4.to_uint();
  struct Net {
    uint32_t net;
    int bits;
  };
  static constexpr Net kNotPublic[] = {
      {0x00000000, 8},   // "this network"
      {0x0A000000, 8},   // 10/8 private
      {0x64400000, 10},  // 100.64/10 shared (CGNAT)
      {0x7F000000, 8},   // loopback
      {0xA9FE0000, 16},  // 169.254/16 link-local (cloud metadata)
      {0xAC100000, 12},  // 172.16/12 private
      {0xC0000000, 24},  // 192.0.0/24 protocol assignments
      {0xC0000200, 24},  // 192.0.2/24 documentation
      {0xC0A80000, 16},  // 192.168/16 private
      {0xC6120000, 15},  // 198.18/15 benchmarking
      {0xC6336400, 24},  // 198.51.100/24 documentation
      {0xCB007100, 24},  // 203.0.113/24 documentation
      {0xE0000000, 4},   // multicast
      {0xF0000000, 4},   // reserved, broadcast
  };
  for (const Net& n : kNotPublic)
    if (inV4(a, n.net, n.bits)) return false;
  return true;
}

}  // namespace

bool isPublicAddress(const asio::ip::address& address) {
  if (address.is_v4()) return isPublicV4(address.to_v4());
  const asio::ip::address_v6 v6 = address.to_v6();
  if (v6.is_v4_mapped()) return isPublicV4(asio::ip::make_address_v4(asio::ip::v4_mapped, v6));
  if (v6.is_loopback() || v6.is_unspecified() || v6.is_link_local() || v6.is_site_local() ||
      v6.is_multicast())
    return false;
  const auto bytes = v6.to_bytes();
  if ((bytes[0] & 0xFE) == 0xFC) return false;  // fc00::/7 unique local
  if (bytes[0] == 0x20 && bytes[1] == 0x01 && bytes[2] == 0x0D && bytes[3] == 0xB8)
    return false;  // 2001:db8::/32 documentation
  if (bytes[0] == 0x00 && bytes[1] == 0x64 && bytes[2] == 0xFF && bytes[3] == 0x9B)
    return false;  // 64:ff9b::/96 NAT64 can reach any IPv4 address
  return (bytes[0] & 0xE0) == 0x20;  // 2000::/3 global unicast
}

Status checkReceiverAddress(const asio::ip::address& address) {
  if (isPublicAddress(address)) return Status::ok();
  return Status(StatusCode::kPermissionDenied,
                "webhook receiver address " + address.to_string() +
                    " is not public (loopback, private, link-local or reserved)",
                std::string(kReason));
}

asio::awaitable<Status> checkReceiverUrl(std::string url, bool allowPrivate,
                                         std::chrono::milliseconds resolveTimeout) {
  if (allowPrivate) co_return Status::ok();
  auto parsed = boost::urls::parse_absolute_uri(url);
  if (!parsed) co_return Status(StatusCode::kInvalidArgument, "the URL is not absolute", std::string(kReason));
  if (parsed->scheme() != "https")
    co_return Status(StatusCode::kInvalidArgument,
                     "webhook receivers must use https:// (this server does not allow other schemes)",
                     std::string(kReason));
  const std::string host = parsed->host_address();  // IPv6 without its brackets
  boost::system::error_code literalEc;
  auto literal = asio::ip::make_address(host, literalEc);
  if (!literalEc) {
    Status s = checkReceiverAddress(literal);
    if (!s.isOk()) co_return Status(StatusCode::kInvalidArgument, s.message(), std::string(kReason));
    co_return Status::ok();
  }
  auto executor = co_await asio::this_coro::executor;
  auto resolver = std::make_shared<asio::ip::tcp::resolver>(executor);
  asio::steady_timer timer(executor, resolveTimeout);
  timer.async_wait([resolver](boost::system::error_code ec) {
    if (!ec) resolver->cancel();
  });
  auto [ec, results] = co_await resolver->async_resolve(host, "443", kNoThrow);
  timer.cancel();
  if (ec || results.empty())
    co_return Status(StatusCode::kInvalidArgument,
                     "the webhook receiver's host " + host + " does not resolve",
                     std::string(kReason));
  for (const auto& entry : results) {
    Status s = checkReceiverAddress(entry.endpoint().address());
    if (!s.isOk())
      co_return Status(StatusCode::kInvalidArgument,
                       host + " resolves to " + entry.endpoint().address().to_string() +
                           ", which is not public (loopback, private, link-local or reserved)",
                       std::string(kReason));
  }
  co_return Status::ok();
}

}  // namespace sy::webhooks
