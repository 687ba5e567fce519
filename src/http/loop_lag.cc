#include "http/loop_lag.h"

#include <algorithm>
#include <boost/asio/post.hpp>

namespace sy::http {
namespace {

int64_t nanosOf(std::chrono::steady_clock::time_point t) {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(t.time_since_epoch()).count();
}

}  // namespace

LoopLagMonitor::LoopLagMonitor(boost::asio::any_io_executor executor,
                               std::chrono::milliseconds interval)
    : timer_(std::move(executor)), interval_(interval) {}

void LoopLagMonitor::start() {
  boost::asio::post(timer_.get_executor(), [this] { arm(); });
}

void LoopLagMonitor::stop() {
  stopped_ = true;
  boost::asio::post(timer_.get_executor(), [this] { timer_.cancel(); });
}

void LoopLagMonitor::arm() {
  if (stopped_) return;
  const auto due = std::chrono::steady_clock::now() + interval_;
  timer_.expires_at(due);
  timer_.async_wait([this, due](const boost::system::error_code& ec) {
    if (ec || stopped_) return;
    const uint64_t tick = ticks_.load();
    recentLagNs_[tick % kWindow] =
        std::max<int64_t>(0, nanosOf(std::chrono::steady_clock::now()) - nanosOf(due));
    ticks_ = tick + 1;
    arm();
  });
}

std::chrono::steady_clock::duration LoopLagMonitor::lag() const {
  if (ticks_.load() < kWindow) return std::chrono::nanoseconds(0);
  int64_t lag = recentLagNs_[0].load();
  for (const auto& sample : recentLagNs_) lag = std::min(lag, sample.load());
  return std::chrono::nanoseconds(lag);
}

}  // namespace sy::http
