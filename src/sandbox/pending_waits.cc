#include "sandbox/pending_waits.h"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>

namespace sy::sandbox {

boost::asio::awaitable<bool> PendingWaits::wait(std::chrono::milliseconds duration) {
  auto executor = co_await boost::asio::this_coro::executor;
  auto timer = std::make_shared<boost::asio::steady_timer>(executor, duration);
  {
    std::lock_guard lock(mu_);
    if (cancelled_) co_return false;
    timers_.insert(timer);
  }
  auto [ec] = co_await timer->async_wait(boost::asio::as_tuple(boost::asio::use_awaitable));
  {
    std::lock_guard lock(mu_);
    timers_.erase(timer);
  }
  co_return !ec;
}

void PendingWaits::cancelAll() {
  std::lock_guard lock(mu_);
  cancelled_ = true;
  for (const auto& timer : timers_) {
    // A steady_timer is not safe to touch from two threads: cancel on its own executor.
    boost::asio::post(timer->get_executor(), [timer] { timer->cancel(); });
  }
}

}  // namespace sy::sandbox
