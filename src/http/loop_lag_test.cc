#include "http/loop_lag.h"

#include <gtest/gtest.h>

#include <atomic>
#include <functional>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <thread>

namespace sy::http {
namespace {

using namespace std::chrono_literals;

// Polls every 2 ms for at most `limit` (a generous bound, not an expected time).
template <class F>
bool eventually(F condition, std::chrono::milliseconds limit = 20000ms) {
  const auto until = std::chrono::steady_clock::now() + limit;
  while (!condition()) {
    if (std::chrono::steady_clock::now() > until) return false;
    std::this_thread::sleep_for(2ms);
  }
  return true;
}

TEST(LoopLagMonitorTest, LagSustainedOverTheWindowShowsAndAFreeLoopDropsBack) {
  boost::asio::io_context ioc;
  auto work = boost::asio::make_work_guard(ioc);
  LoopLagMonitor monitor(ioc.get_executor(), 5ms);
  monitor.start();
  std::thread runner([&] { ioc.run(); });

  // The only network thread runs 30 ms tasks back to back until released: every tick waits
  // behind one, so the whole window is late (the saturated-CPU case).
  std::atomic<bool> release{false};
  std::function<void()> busy = [&] {
    std::this_thread::sleep_for(30ms);
    if (!release) boost::asio::post(ioc, busy);
  };
  boost::asio::post(ioc, busy);
  EXPECT_TRUE(eventually([&] { return monitor.lag() >= 10ms; }));
  release = true;
  // Once kWindow ticks have run on time, the minimum is small again.
  EXPECT_TRUE(eventually([&] { return monitor.lag() < 5ms; }));

  monitor.stop();
  work.reset();
  runner.join();  // stop() cancelled the timer: run() returns once nothing is left
}

TEST(LoopLagMonitorTest, OneStallIsNotSustainedLag) {
  boost::asio::io_context ioc;
  auto work = boost::asio::make_work_guard(ioc);
  LoopLagMonitor monitor(ioc.get_executor(), 5ms);
  monitor.start();
  std::thread runner([&] { ioc.run(); });
  // A window of ticks first, then a single stall: one late tick among the window's samples.
  ASSERT_TRUE(eventually([&] { return monitor.lag() < 5ms; }));
  std::atomic<bool> stalled{false};
  boost::asio::post(ioc, [&] {
    std::this_thread::sleep_for(200ms);
    stalled = true;
  });
  ASSERT_TRUE(eventually([&] { return stalled.load(); }));
  // The tick after the stall was ~200 ms late; the minimum of the window is not.
  std::this_thread::sleep_for(20ms);
  EXPECT_LT(monitor.lag(), 200ms);

  monitor.stop();
  work.reset();
  runner.join();
}

}  // namespace
}  // namespace sy::http
