// How late the server's io_context runs what is ready: a timer due every `interval` is run
// `lag` after its due time when every network thread is busy. Under CPU saturation every request
// waits that long between its steps, so it is the second queueing delay admission control sheds
// on (http/admission.h), next to the store's: a node whose bottleneck is CPU, not the database,
// sheds too. A healthy loop's lag is well under a millisecond.
//
// The lag reported is the smallest lateness of the last `kWindow` ticks (CoDel's rule: judge the
// queue by its minimum sojourn over an interval): only lag sustained for the whole window counts.
// One late tick (a process descheduled for a moment on a busy machine, a page fault, a GC'd
// browser next to it) is not overload, and shedding on it turned away browsers' requests at
// random on a loaded 2-core machine.
//
//   LoopLagMonitor lag(ioc.get_executor());
//   lag.start();  ...  lag.lag();  ...  lag.stop();
//
// Thread-safe: lag() from any thread. start()/stop() once each; stop() before the io_context
// stops running (or destroy the monitor after the io_context stopped).
#pragma once

#include <array>
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
  static constexpr int kWindow = 10;
  // The smallest lateness of the last kWindow ticks (zero until kWindow ticks have run).
  std::chrono::steady_clock::duration lag() const;

 private:
  void arm();

  boost::asio::steady_timer timer_;
  const std::chrono::milliseconds interval_;
  std::array<std::atomic<int64_t>, kWindow> recentLagNs_{};  // written by the timer only
  std::atomic<uint64_t> ticks_{0};
  std::atomic<bool> stopped_{false};
};

}  // namespace sy::http
