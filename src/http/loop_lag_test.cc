#include "http/loop_lag.h"

#include <gtest/gtest.h>

#include <atomic>
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

TEST(LoopLagMonitorTest, ABusyLoopShowsItsLagAtOnceAndAFreeOneDropsBack) {
  boost::asio::io_context ioc;
  auto work = boost::asio::make_work_guard(ioc);
  LoopLagMonitor monitor(ioc.get_executor(), 5ms);
  monitor.start();
  std::thread runner([&] { ioc.run(); });

  // The only network thread is kept busy until the test has seen the lag: no timing luck.
  std::atomic<bool> release{false};
  boost::asio::post(ioc, [&] {
    while (!release) std::this_thread::sleep_for(1ms);
  });
  EXPECT_TRUE(eventually([&] { return monitor.lag() >= 100ms; }));
  release = true;
  EXPECT_TRUE(eventually([&] { return monitor.lag() < 50ms; }));

  monitor.stop();
  work.reset();
  runner.join();  // stop() cancelled the timer: run() returns once nothing is left
}

}  // namespace
}  // namespace sy::http
