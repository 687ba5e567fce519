// The dispatcher: delivers the outbox's webhook deliveries (docs/webhooks.md).
//
// A loop claims due deliveries from the store (a claim column with an expiry, so several nodes on
// one PostgreSQL never send the same attempt at once; store.h claimDeliveries), sends each as an
// HTTP POST signed with its configuration's secret, and records the attempt: 2xx -> DELIVERED;
// anything else (status, timeout, refused connection) -> PENDING again at the retry schedule's next
// time, or DEAD once the schedule gives up. At most `maxInFlight` sends run at once in this
// process and at most `perReceiverLimit` per notification configuration across every node, so one
// slow receiver cannot take the slots of the others.
//
// At-least-once: a process that dies after sending but before recording leaves its claim to
// expire (`claimTtl`), and the delivery is sent again. Receivers deduplicate on eventId.
//
// Thread-safe: start()/stop()/wake() from any thread; the loop runs on a strand of `executor`.
#pragma once

#include <atomic>
#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <chrono>
#include <cstdint>
#include <string>

#include "common/clock.h"
#include "common/secret.h"
#include "http/client.h"
#include "store/store.h"
#include "webhooks/retry_schedule.h"

namespace sy::webhooks {

struct DispatcherOptions {
  std::chrono::milliseconds timeout{10000};      // one attempt, connect to last byte
  std::chrono::milliseconds pollInterval{500};   // how often due deliveries are looked for
  std::chrono::milliseconds claimTtl{60000};     // a claim's lifetime; must exceed timeout
  int maxInFlight = 32;
  int perReceiverLimit = 4;
  RetrySchedule schedule = RetrySchedule::standard();
};

struct DispatcherStats {
  uint64_t attempts = 0;
  uint64_t delivered = 0;
  uint64_t failedAttempts = 0;
  uint64_t deadLettered = 0;
};

class Dispatcher {
 public:
  // `sealKey` opens the configurations' secrets (webhooks/secrets.h). `client` is used for the
  // receivers only (its own pool, apart from the processors').
  Dispatcher(boost::asio::any_io_executor executor, store::Store& store, http::HttpClient& client,
             const Clock& clock, SecretString sealKey, DispatcherOptions options);
  ~Dispatcher();
  Dispatcher(const Dispatcher&) = delete;
  Dispatcher& operator=(const Dispatcher&) = delete;

  void start();
  // Stops claiming; sends already running finish on their own (a send cut short by the process
  // ending is sent again once its claim expires).
  void stop();
  // Look for due deliveries now rather than at the next poll (an event was just recorded).
  void wake();
  DispatcherStats stats() const;
  int inFlight() const { return inFlight_.load(); }
  // True once stop() took effect and no send is left running: the dispatcher may be destroyed
  // (its io_context may then stop; destroy the dispatcher before the io_context otherwise).
  bool idle() const { return loopDone_.load() && inFlight_.load() == 0; }

 private:
  boost::asio::awaitable<void> loop();
  boost::asio::awaitable<void> deliver(store::NotificationDelivery d, std::string owner);

  boost::asio::any_io_executor executor_;
  boost::asio::strand<boost::asio::any_io_executor> strand_;
  boost::asio::steady_timer timer_;  // on strand_
  store::Store& store_;
  http::HttpClient& client_;
  const Clock& clock_;
  SecretString sealKey_;
  DispatcherOptions options_;
  const std::string nodeId_;
  uint64_t claims_ = 0;       // on strand_
  bool wakePending_ = false;  // on strand_
  std::atomic<bool> stopping_{false};
  std::atomic<bool> loopDone_{true};
  std::atomic<int> inFlight_{0};
  std::atomic<uint64_t> attempts_{0}, delivered_{0}, failed_{0}, dead_{0};
};

}  // namespace sy::webhooks
