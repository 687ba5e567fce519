// Where webhooks may be sent (SSRF): by default only to https:// URLs whose host resolves to public
// unicast addresses, so a merchant cannot make the server POST into its own network (loopback, a
// private range, link-local cloud metadata at 169.254.169.254...). Checked twice: when a
// configuration is made (the URL and every address its host resolves to) and at each delivery on
// the address actually connected to (http::ClientOptions::addressFilter), so DNS that changes its
// answer later (rebinding) cannot get around it. The operator may allow private targets
// (`webhook_allow_private_targets`; on with --demo and in tests, whose receivers are on loopback).
#pragma once

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/ip/address.hpp>
#include <chrono>
#include <string>

#include "common/status.h"

namespace sy::webhooks {

// True for global unicast addresses; false for loopback, unspecified, private (10/8, 172.16/12,
// 192.168/16, fc00::/7), link-local (169.254/16, fe80::/10), shared (100.64/10), benchmarking
// (198.18/15), documentation, multicast, broadcast and reserved ranges, and an IPv4-mapped IPv6
// address of any of these.
bool isPublicAddress(const boost::asio::ip::address& address);

// OK for a public address; kPermissionDenied (reason "WebhookReceiverNotAllowed") otherwise.
Status checkReceiverAddress(const boost::asio::ip::address& address);

// The configuration-time check of a receiver URL (already valid per validateNotificationUrl):
// https:// only, and every address its host resolves to public. kInvalidArgument with reason
// "WebhookReceiverNotAllowed" naming why; OK at once when `allowPrivate`.
boost::asio::awaitable<Status> checkReceiverUrl(std::string url, bool allowPrivate,
                                                std::chrono::milliseconds resolveTimeout);

}  // namespace sy::webhooks
