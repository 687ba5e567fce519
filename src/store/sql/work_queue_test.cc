#include "store/sql/work_queue.h"

#include <gtest/gtest.h>

#include <memory>
#include <thread>

namespace sy::store::sql {
namespace {

using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

TEST(WorkQueueTest, AFullQueueRefusesAndLeavesTheItemWithTheCaller) {
  WorkQueue<std::unique_ptr<int>> queue(2);
  auto a = std::make_unique<int>(1), b = std::make_unique<int>(2), c = std::make_unique<int>(3);
  EXPECT_EQ(queue.push(a), WorkQueue<std::unique_ptr<int>>::Push::kOk);
  EXPECT_EQ(queue.push(b), WorkQueue<std::unique_ptr<int>>::Push::kOk);
  EXPECT_EQ(queue.push(c), WorkQueue<std::unique_ptr<int>>::Push::kFull);
  ASSERT_NE(c, nullptr);  // still the caller's, to fail its callback with
  EXPECT_EQ(*c, 3);
  EXPECT_EQ(queue.size(), 2u);

  std::vector<std::unique_ptr<int>> out;
  ASSERT_TRUE(queue.popBatch(out, 10));
  EXPECT_EQ(out.size(), 2u);
  EXPECT_EQ(queue.push(c), WorkQueue<std::unique_ptr<int>>::Push::kOk);  // room again

  queue.close();
  auto d = std::make_unique<int>(4);
  EXPECT_EQ(queue.push(d), WorkQueue<std::unique_ptr<int>>::Push::kClosed);
  ASSERT_TRUE(queue.popBatch(out, 10));  // what was accepted before close() is still handed out
  EXPECT_EQ(out.size(), 1u);
  EXPECT_FALSE(queue.popBatch(out, 10));
}

TEST(WorkQueueTest, OldestWaitIsTheAgeOfTheOldestItemStillQueued) {
  WorkQueue<int> queue(10);
  EXPECT_EQ(queue.oldestWait(Clock::now()), Clock::duration::zero());
  int first = 1, second = 2;
  const Clock::time_point before = Clock::now();
  ASSERT_EQ(queue.push(first), WorkQueue<int>::Push::kOk);
  const Clock::time_point between = Clock::now();
  ASSERT_EQ(queue.push(second), WorkQueue<int>::Push::kOk);

  // Judged at a later instant given by the test, so no sleeping is needed.
  const Clock::time_point later = between + 250ms;
  EXPECT_LE(queue.oldestWait(later), later - before);
  EXPECT_GE(queue.oldestWait(later), later - between);
  EXPECT_EQ(queue.oldestWait(before - 1s), Clock::duration::zero());  // never negative

  std::vector<int> out;
  ASSERT_TRUE(queue.popBatch(out, 1));  // the oldest leaves: the next one's age counts
  EXPECT_LE(queue.oldestWait(later), later - between);
  ASSERT_TRUE(queue.popBatch(out, 1));
  EXPECT_EQ(queue.oldestWait(later), Clock::duration::zero());
}

}  // namespace
}  // namespace sy::store::sql
