// Timers an emulator's handlers wait on (injected latency, slow answers, withheld answers), kept in
// one place so that stopping the emulator can cut every wait short: a 30-second slow answer must
// not hold up a graceful shutdown, and a waiting handler must never block a thread.
//
// Thread-safe: timers live on their handler's executor; cancelAll() posts each cancel there.
#pragma once

#include <boost/asio/awaitable.hpp>
#include <boost/asio/steady_timer.hpp>
#include <chrono>
#include <memory>
#include <mutex>
#include <unordered_set>

namespace sy::sandbox {

class PendingWaits {
 public:
  // Waits `duration` on the calling coroutine's executor. True if the time passed, false if
  // cancelAll() cut it short (or had already been called).
  boost::asio::awaitable<bool> wait(std::chrono::milliseconds duration);
  // Ends every current wait and makes later ones return false at once.
  void cancelAll();

 private:
  std::mutex mu_;
  bool cancelled_ = false;
  std::unordered_set<std::shared_ptr<boost::asio::steady_timer>> timers_;
};

}  // namespace sy::sandbox
