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
  nextDueNs_ = 0;
}

void LoopLagMonitor::arm() {
  if (stopped_) return;
  const auto due = std::chrono::steady_clock::now() + interval_;
  nextDueNs_ = nanosOf(due);
  timer_.expires_at(due);
  timer_.async_wait([this, due](const boost::system::error_code& ec) {
    if (ec || stopped_) return;
    lastLagNs_ = std::max<int64_t>(0, nanosOf(std::chrono::steady_clock::now()) - nanosOf(due));
    arm();
  });
}

std::chrono::steady_clock::duration LoopLagMonitor::lag() const {
  int64_t lag = lastLagNs_.load();
  const int64_t due = nextDueNs_.load();
  if (due != 0) lag = std::max(lag, nanosOf(std::chrono::steady_clock::now()) - due);
  return std::chrono::nanoseconds(lag);
}

}  // namespace sy::http
