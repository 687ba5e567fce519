// How an emulator sends its processor's webhooks for real: an HTTP POST of an already signed
// body to the URL configured on it, a little after the call that caused it (as processors send
// theirs asynchronously), retried with backoff on anything but a 2xx, as processors do
// (Adyen, Checkout.com and Stripe retry for hours; here a few times within seconds).
//
// Off until a target is set (setTarget). `serve --demo` points each emulator at the server's own
// inbound endpoint for the demo merchant's connection to it.
//
// Thread-safe. Sends in flight when the io_context stops are dropped.
#pragma once

#include <atomic>
#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>
#include <chrono>
#include <deque>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

#include "http/client.h"

namespace sy::sandbox {

struct OutgoingWebhook {
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;  // the signature among them
};

struct WebhookSenderOptions {
  std::chrono::milliseconds delay{50};      // after the call that caused it
  std::chrono::milliseconds firstRetry{100};  // doubles after each failure
  std::chrono::milliseconds maxRetry{2000};
  int attempts = 8;
  std::chrono::milliseconds timeout{5000};
};

class WebhookSender {
 public:
  explicit WebhookSender(boost::asio::any_io_executor executor, WebhookSenderOptions options = {});

  // Where to send; empty turns sending off.
  void setTarget(std::string url);
  std::string target() const;
  // Sends `webhook` to the current target (no-op without one).
  void send(OutgoingWebhook webhook);

  // The last kSentLogSize webhooks handed to send(), oldest first, as JSON
  // [{"url","headers":{name:value},"body","delivered"}]: the emulators' GET /_webhooks, from
  // which a test can deliver one again verbatim (a processor's redelivery).
  static constexpr size_t kSentLogSize = 200;
  std::string sentLogJson() const;

  uint64_t delivered() const { return delivered_.load(); }
  uint64_t failedAttempts() const { return failed_.load(); }
  uint64_t abandoned() const { return abandoned_.load(); }

 private:
  struct Sent {
    uint64_t seq = 0;
    std::string url;
    OutgoingWebhook webhook;
    bool delivered = false;
  };
  boost::asio::awaitable<void> deliver(std::string url, OutgoingWebhook webhook, uint64_t seq);
  void markDelivered(uint64_t seq);

  boost::asio::any_io_executor executor_;
  WebhookSenderOptions options_;
  http::HttpClient client_;
  mutable std::mutex mu_;
  std::string url_;
  std::deque<Sent> sent_;  // bounded by kSentLogSize
  uint64_t nextSeq_ = 1;
  std::atomic<uint64_t> delivered_{0}, failed_{0}, abandoned_{0};
};

}  // namespace sy::sandbox
