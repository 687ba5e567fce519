#include "sandbox/webhook_sender.h"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <boost/json.hpp>

#include "common/log.h"

namespace sy::sandbox {
namespace asio = boost::asio;

WebhookSender::WebhookSender(asio::any_io_executor executor, WebhookSenderOptions options)
    : executor_(executor), options_(options), client_(executor) {}

void WebhookSender::setTarget(std::string url) {
  std::lock_guard lock(mu_);
  url_ = std::move(url);
}

std::string WebhookSender::target() const {
  std::lock_guard lock(mu_);
  return url_;
}

void WebhookSender::send(OutgoingWebhook webhook) {
  std::string url;
  uint64_t seq = 0;
  {
    std::lock_guard lock(mu_);
    if (url_.empty()) return;
    url = url_;
    seq = nextSeq_++;
    sent_.push_back(Sent{seq, url, webhook, false});
    if (sent_.size() > kSentLogSize) sent_.pop_front();
  }
  asio::co_spawn(executor_, deliver(std::move(url), std::move(webhook), seq), asio::detached);
}

void WebhookSender::markDelivered(uint64_t seq) {
  std::lock_guard lock(mu_);
  for (Sent& s : sent_)
    if (s.seq == seq) s.delivered = true;
}

std::string WebhookSender::sentLogJson() const {
  boost::json::array out;
  std::lock_guard lock(mu_);
  for (const Sent& s : sent_) {
    boost::json::object headers;
    for (const auto& [name, value] : s.webhook.headers) headers[name] = value;
    out.push_back(boost::json::object{{"url", s.url},
                                      {"headers", std::move(headers)},
                                      {"body", s.webhook.body},
                                      {"delivered", s.delivered}});
  }
  return boost::json::serialize(out);
}

asio::awaitable<void> WebhookSender::deliver(std::string url, OutgoingWebhook webhook,
                                             uint64_t seq) {
  asio::steady_timer timer(executor_);
  std::chrono::milliseconds wait = options_.delay;
  for (int attempt = 1; attempt <= options_.attempts; ++attempt) {
    timer.expires_after(wait);
    boost::system::error_code ec;
    co_await timer.async_wait(asio::redirect_error(asio::use_awaitable, ec));
    if (ec) co_return;
    http::ClientRequest req;
    req.method = boost::beast::http::verb::post;
    req.url = url;
    req.contentType = "application/json";
    req.headers = webhook.headers;
    req.body = webhook.body;
    const std::chrono::milliseconds timeout = options_.timeout;
    auto r = co_await client_.send(std::move(req), timeout);
    if (r && r->status >= 200 && r->status < 300) {
      delivered_ += 1;
      markDelivered(seq);
      co_return;
    }
    failed_ += 1;
    log::info("emulator webhook not accepted; retrying",
              {{"attempt", attempt},
               {"status", r ? int64_t{r->status} : int64_t{0}},
               {"error", r ? std::string() : r.status().message()}});
    wait = attempt == 1 ? options_.firstRetry : std::min(wait * 2, options_.maxRetry);
  }
  abandoned_ += 1;
}

}  // namespace sy::sandbox
