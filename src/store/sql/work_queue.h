// A bounded multi-producer queue for the store's threads. Bounded so an overloaded store sheds load
// at submit time (kResourceExhausted) instead of growing memory and latency without limit.
#pragma once

#include <condition_variable>
#include <cstddef>
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
      items_.push_back(std::move(item));
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
      out.push_back(std::move(items_.front()));
      items_.pop_front();
    }
    return true;
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
  std::deque<T> items_;
  bool closed_ = false;
};

}  // namespace sy::store::sql
