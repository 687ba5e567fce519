// How late the server's io_context runs what is ready: a timer due every `interval` is run
// `lag` after its due time when every network thread is busy. Under CPU saturation every request
// waits that long between its steps, so it is the second queueing delay admission control sheds
// on (http/admission.h), next to the store's: a node whose bottleneck is CPU, not the database,
// sheds too. A healthy loop's lag is well under a millisecond.
//
//   LoopLagMonitor lag(ioc.get_executor());
//   lag.start();  ...  lag.lag();  ...  lag.stop();
//
// Thread-safe: lag() from any thread. start()/stop() once each; stop() before the io_context
// stops running (or destroy the monitor after the io_context stopped).
#pragma once

#include <atomic>
#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/steady_timer.hpp>
#include <chrono>
#include <cstdint>

namespace sy::http {

class LoopLagMonitor {
 public:
  explicit LoopLagMonitor(boost::asio::any_io_executor executor,
                          std::chrono::milliseconds interval = std::chrono::milliseconds(10));
  LoopLagMonitor(const LoopLagMonitor&) = delete;
  LoopLagMonitor& operator=(const LoopLagMonitor&) = delete;

  void start();
  void stop();
  // The larger of the last tick's lateness and how overdue the next tick is now: a loop blocked
  // since its last tick shows its lag at once, not only once it gets to run the tick.
  std::chrono::steady_clock::duration lag() const;

 private:
  void arm();

  boost::asio::steady_timer timer_;
  const std::chrono::milliseconds interval_;
  std::atomic<int64_t> lastLagNs_{0};
  std::atomic<int64_t> nextDueNs_{0};  // steady_clock, ns since its epoch; 0 when not running
  std::atomic<bool> stopped_{false};
};

}  // namespace sy::http
