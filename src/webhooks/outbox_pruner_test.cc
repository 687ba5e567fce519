#include "webhooks/outbox_pruner.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <future>

#include "store/sqlite/sqlite_store.h"

namespace sy::webhooks {
namespace {

class FixedClock final : public Clock {
 public:
  explicit FixedClock(TimePoint t) : t_(t) {}
  TimePoint now() const override { return t_; }

 private:
  TimePoint t_;
};

TEST(OutboxPruner, DeletesEveryExpiredEventInBatchesAndKeepsTheRest) {
  auto dir = std::filesystem::temp_directory_path() / ("sy-pruner-" + std::to_string(::getpid()));
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  store::SqliteOptions o;
  o.path = (dir / "store.db").string();
  auto opened = store::openSqliteStore(o);
  ASSERT_TRUE(opened.isOk()) << opened.status().toString();
  std::unique_ptr<store::Store> s = std::move(*opened);

  const TimePoint now = fromMicros(1'800'000'000'000'000);
  const auto day = std::chrono::hours(24);
  // 7 delivered events 40 days old, 1 delivered yesterday, 1 dead letter 40 days old.
  auto add = [&](const std::string& id, TimePoint at, store::DeliveryState state) {
    ASSERT_TRUE(store::writeSync(*s, [&](store::WriteTx& tx) -> Status {
                  SY_RETURN_IF_ERROR(tx.insertNotificationEvent(
                      {id, "m_a", "PAYMENT.STATUS", "pay_1", "{}", at}));
                  store::NotificationDelivery d;
                  d.id = "dlv_" + id;
                  d.eventId = id;
                  d.merchantId = "m_a";
                  d.configId = "nc_1";
                  d.state = state;
                  d.nextAttemptAt = d.createdAt = d.updatedAt = at;
                  return tx.insertNotificationDelivery(d);
                }).isOk());
  };
  for (int i = 0; i < 7; ++i) add("evt_old_" + std::to_string(i), now - 40 * day, store::DeliveryState::kDelivered);
  add("evt_recent", now - day, store::DeliveryState::kDelivered);
  add("evt_dead", now - 40 * day, store::DeliveryState::kDead);

  FixedClock clock(now);
  std::promise<Result<store::OutboxPruned>> done;
  pruneOutbox(*s, clock, OutboxRetention{30 * day, 90 * day, 3},
              [&](Result<store::OutboxPruned> r) { done.set_value(std::move(r)); });
  auto result = done.get_future().get();
  ASSERT_TRUE(result.isOk()) << result.status().toString();
  EXPECT_EQ(result->events, 7);

  auto exists = [&](const std::string& id) {
    bool found = false;
    store::readSync(*s, [&](store::ReadTx& tx) { found = tx.findNotificationEvent("m_a", id).isOk(); });
    return found;
  };
  EXPECT_FALSE(exists("evt_old_0"));
  EXPECT_FALSE(exists("evt_old_6"));
  EXPECT_TRUE(exists("evt_recent"));
  EXPECT_TRUE(exists("evt_dead"));
  s->close();
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace sy::webhooks
