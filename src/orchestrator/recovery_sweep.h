// The recovery sweep: on start and every `interval`, finds payments with a processor call whose
// outcome is not recorded (in flight when the process died, or unknown after a timeout) and has
// the engine resolve each by inquiry, under the payment's lease (so several processes sweeping one
// store never ask about the same call at once), which continues a workflow route waiting on it;
// then has the engine run workflows' delayed captures that are due (store::ReadTx::listCapturesDue)
// and end 3-D Secure challenges that expired unanswered (listExpiredChallenges).
// Runs as a coroutine on the given executor.
//
// Inquiry backoff (docs/reliability.md): a payment this process asked about and that is still
// unresolved afterwards (the processor unreachable, or a "not found" too early to be conclusive)
// is asked again after interval x 2^(n-1), n the inquiries in a row that left it unresolved,
// capped at kMaxInquiryBackoff; at kInquiriesBeforeAlarm it is logged as an error for an operator.
// Skipped passes (another process's lease) do not count. The schedule is per process and starts
// again after a restart (which asks about everything at once).
#pragma once

#include <atomic>
#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/steady_timer.hpp>
#include <chrono>
#include <memory>
#include <string>
#include <unordered_map>

#include "orchestrator/payment_engine.h"
#include "store/store.h"

namespace sy::orchestrator {

class RecoverySweep {
 public:
  static constexpr std::chrono::milliseconds kMaxInquiryBackoff{60000};
  static constexpr int kInquiriesBeforeAlarm = 10;

  RecoverySweep(boost::asio::any_io_executor ex, store::Store& store, PaymentEngine& engine,
                const Clock& clock, std::chrono::milliseconds interval);
  void start();
  void stop();
  // One pass; returns how many payments it resolved or captured.
  boost::asio::awaitable<int> sweepOnce();

 private:
  boost::asio::awaitable<void> run();
  struct Backoff {
    int inquiries = 0;  // in a row that left the payment unresolved
    TimePoint nextAt;
  };
  // Payments asked about and still unresolved (pruned once they leave the unresolved list).
  std::unordered_map<std::string, Backoff> backoff_;

  boost::asio::any_io_executor ex_;
  store::Store& store_;
  PaymentEngine& engine_;
  const Clock& clock_;
  std::chrono::milliseconds interval_;
  boost::asio::steady_timer timer_;
  std::atomic<bool> stopped_{false};
};

}  // namespace sy::orchestrator
