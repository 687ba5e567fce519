// A bounded multi-producer queue for the store's threads. Bounded so an overloaded store sheds load
// at submit time (kResourceExhausted) instead of growing memory and latency without limit. It also
// reports how long its oldest item has waited: the queueing delay the server's admission control
// watches (http/admission.h), which grows as soon as the consumer stops keeping up, whether from
// overload or from a database that is locked or gone.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <algorithm>
#include <deque>
#include <mutex>
#include <vector>

namespace sy::store::sql {

template <class T>
class WorkQueue {
 public:
  enum class Push { kOk, kFull, kClosed };

  explicit WorkQueue(size_t capacity) : capacity_(capacity) {}

  // Moves `item` in only on kOk, so on rejection the caller still owns it (and its callback).
  Push push(T& item) {
    {
      std::lock_guard lock(mu_);
      if (closed_) return Push::kClosed;
      if (items_.size() >= capacity_) return Push::kFull;
      items_.push_back(Entry{std::move(item), std::chrono::steady_clock::now()});
    }
    cv_.notify_one();
    return Push::kOk;
  }

  // Blocks until an item is queued or the queue is closed, then moves up to `max` items into `out`
  // (which it clears first). Returns false once the queue is closed and empty: the consumer's
  // signal to exit, so everything accepted before close() is still handed out.
  bool popBatch(std::vector<T>& out, size_t max) {
    out.clear();
    std::unique_lock lock(mu_);
    cv_.wait(lock, [&] { return closed_ || !items_.empty(); });
    if (items_.empty()) return false;
    while (!items_.empty() && out.size() < max) {
      out.push_back(std::move(items_.front().item));
      items_.pop_front();
    }
    return true;
  }

  // How long the oldest item still queued has waited at `now`; zero when the queue is empty.
  // Items a consumer has taken no longer count: their wait is over, whatever runs them.
  std::chrono::steady_clock::duration oldestWait(std::chrono::steady_clock::time_point now) {
    std::lock_guard lock(mu_);
    if (items_.empty()) return {};
    return std::max(now - items_.front().queuedAt, std::chrono::steady_clock::duration::zero());
  }

  size_t size() {
    std::lock_guard lock(mu_);
    return items_.size();
  }

  // Rejects further pushes and wakes every consumer.
  void close() {
    {
      std::lock_guard lock(mu_);
      closed_ = true;
    }
    cv_.notify_all();
  }

 private:
  const size_t capacity_;
  std::mutex mu_;
  std::condition_variable cv_;
  struct Entry {
    T item;
    std::chrono::steady_clock::time_point queuedAt;
  };
  std::deque<Entry> items_;
  bool closed_ = false;
};

}  // namespace sy::store::sql
