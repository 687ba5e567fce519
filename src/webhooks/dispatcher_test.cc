// The dispatcher against a real SQLite store and a real receiver over loopback that fails, times
// out and recovers: every event arrives, signed, and the delivery log says what happened. Also:
// dead letters, and a slow receiver that cannot take the others' slots.
#include "webhooks/dispatcher.h"

#include <gtest/gtest.h>

#include <boost/asio/redirect_error.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/json.hpp>
#include <filesystem>
#include <mutex>

#include "common/crypto.h"
#include "http/test_harness.h"
#include "store/sqlite/sqlite_store.h"
#include "webhooks/secrets.h"
#include "webhooks/signing.h"

namespace sy::webhooks {
namespace {
namespace asio = boost::asio;
using namespace std::chrono_literals;
using store::DeliveryState;

const SecretString kSealKey = crypto::deriveKey("dispatcher-test-key");

struct Received {
  std::string eventId;
  std::string primary;
  std::string secondary;
  std::string body;
};

// What the receiver does with the n-th request (0-based) it gets on a path.
enum class Behaviour { kOk, kFail500, kHang };

class Receiver {
 public:
  explicit Receiver(std::function<Behaviour(const std::string& path, int n)> script)
      : script_(std::move(script)) {
    for (const char* path : {"/a", "/b", "/slow", "/fast", "/dead"}) {
      harness_.router().add(boost::beast::http::verb::post, path,
                            [this](http::Request& r) { return handle(r); });
    }
    harness_.start({}, {}, 4);
  }
  // Drains the server (a hung request still finishes) before the maps its handlers use go.
  ~Receiver() { harness_.shutdown(); }
  std::string url(const std::string& path) const {
    return "http://127.0.0.1:" + std::to_string(harness_.endpoint().port()) + path;
  }
  std::vector<Received> delivered(const std::string& path) {
    std::lock_guard lock(mu_);
    return ok_[path];
  }
  int requests(const std::string& path) {
    std::lock_guard lock(mu_);
    return counts_[path];
  }
  int maxConcurrent(const std::string& path) {
    std::lock_guard lock(mu_);
    return maxConcurrent_[path];
  }

 private:
  asio::awaitable<http::Response> handle(http::Request& r) {
    int n;
    {
      std::lock_guard lock(mu_);
      n = counts_[r.path]++;
      int now = ++concurrent_[r.path];
      maxConcurrent_[r.path] = std::max(maxConcurrent_[r.path], now);
    }
    Behaviour b = script_(r.path, n);
    if (b == Behaviour::kHang || r.path == "/slow") {
      asio::steady_timer t(co_await asio::this_coro::executor);
      t.expires_after(b == Behaviour::kHang ? 2s : 300ms);
      boost::system::error_code ec;
      co_await t.async_wait(asio::redirect_error(asio::use_awaitable, ec));
    }
    std::lock_guard lock(mu_);
    concurrent_[r.path] -= 1;
    if (b == Behaviour::kFail500) co_return http::Response::json(500, R"({"oops":true})");
    ok_[r.path].push_back(Received{std::string(r.header("X-Event-Id")),
                                   std::string(r.header("X-Signature-Primary")),
                                   std::string(r.header("X-Signature-Secondary")), r.body});
    co_return http::Response::json(200, "{}");
  }

  std::function<Behaviour(const std::string&, int)> script_;
  http::testing::ServerHarness harness_;
  std::mutex mu_;
  std::map<std::string, int> counts_, concurrent_, maxConcurrent_;
  std::map<std::string, std::vector<Received>> ok_;
};

class DispatcherTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("sy-dispatch-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
    store::SqliteOptions o;
    o.path = (dir_ / "store.db").string();
    auto s = store::openSqliteStore(o);
    ASSERT_TRUE(s.isOk()) << s.status().toString();
    store_ = std::move(*s);
  }
  void TearDown() override {
    if (dispatcher_) {
      dispatcher_->stop();
      EXPECT_TRUE(eventually([&] { return dispatcher_->idle(); }));
    }
    work_.reset();
    ioc_.stop();
    for (auto& t : threads_) t.join();
    dispatcher_.reset();
    client_.reset();
    store_->close();
    std::filesystem::remove_all(dir_);
  }

  void startDispatcher(DispatcherOptions o) {
    client_ = std::make_unique<http::HttpClient>(ioc_.get_executor());
    dispatcher_ = std::make_unique<Dispatcher>(ioc_.get_executor(), *store_, *client_, clock_,
                                               kSealKey, o);
    dispatcher_->start();
    for (int i = 0; i < 2; ++i) threads_.emplace_back([this] { ioc_.run(); });
  }

  // A configuration for `url` whose secret is `secret` (and `previous`, rotated, when given).
  void addConfig(const std::string& id, const std::string& url, const std::string& secret,
                 const std::string& previous = "") {
    store::NotificationConfig c;
    c.id = id;
    c.merchantId = "m_a";
    c.url = url;
    c.eventTypes = {"PAYMENT.STATUS"};
    c.secretSealed = *sealSecret(kSealKey, id, SecretString(secret));
    if (!previous.empty()) {
      c.previousSecretSealed = *sealSecret(kSealKey, id, SecretString(previous));
      c.previousSecretExpiresAt = clock_.now() + 24h;
    }
    c.createdAt = c.updatedAt = clock_.now();
    ASSERT_TRUE(store::writeSync(*store_, [&](store::WriteTx& tx) {
                  return tx.insertNotificationConfig(c);
                }).isOk());
  }

  // `n` events, each with one delivery to `configId`.
  std::vector<std::string> addEvents(const std::string& configId, int n) {
    std::vector<std::string> ids;
    Status st = store::writeSync(*store_, [&](store::WriteTx& tx) -> Status {
      for (int i = 0; i < n; ++i) {
        std::string id = "evt_" + configId + "_" + std::to_string(i);
        store::NotificationEvent e{id, "m_a", "PAYMENT.STATUS", "pay_" + std::to_string(i),
                                   R"({"id":"pay_)" + std::to_string(i) + R"(","status":"AUTHORIZED"})",
                                   clock_.now()};
        SY_RETURN_IF_ERROR(tx.insertNotificationEvent(e));
        store::NotificationDelivery d;
        d.id = "dlv_" + id;
        d.eventId = id;
        d.merchantId = "m_a";
        d.configId = configId;
        d.nextAttemptAt = d.createdAt = d.updatedAt = clock_.now();
        SY_RETURN_IF_ERROR(tx.insertNotificationDelivery(d));
        ids.push_back(id);
      }
      return Status::ok();
    });
    EXPECT_TRUE(st.isOk()) << st.toString();
    return ids;
  }

  store::NotificationDelivery deliveryOf(const std::string& eventId) {
    store::NotificationDelivery d;
    store::readSync(*store_, [&](store::ReadTx& tx) { d = tx.listDeliveries("m_a", eventId)->at(0); });
    return d;
  }
  std::vector<store::DeliveryAttempt> attemptsOf(const std::string& eventId) {
    std::vector<store::DeliveryAttempt> a;
    store::readSync(*store_, [&](store::ReadTx& tx) { a = *tx.listDeliveryAttempts("m_a", eventId); });
    return a;
  }

  // Polls `done` (bounded, so a broken dispatcher fails the test instead of hanging it).
  bool eventually(const std::function<bool()>& done) {
    for (int i = 0; i < 600; ++i) {
      if (done()) return true;
      std::this_thread::sleep_for(50ms);
    }
    return done();
  }

  static DispatcherOptions fast() {
    DispatcherOptions o;
    o.timeout = 500ms;
    o.pollInterval = 20ms;
    o.claimTtl = 5s;
    o.schedule.delays = {50ms};
    o.schedule.jitter = 0.2;
    return o;
  }

  std::filesystem::path dir_;
  std::unique_ptr<store::Store> store_;
  SystemClock clock_;
  asio::io_context ioc_;
  asio::executor_work_guard<asio::io_context::executor_type> work_ = asio::make_work_guard(ioc_);
  std::vector<std::thread> threads_;
  std::unique_ptr<http::HttpClient> client_;
  std::unique_ptr<Dispatcher> dispatcher_;
};

TEST_F(DispatcherTest, AReceiverThatFailsTimesOutAndRecoversGetsEveryEventSigned) {
  // Per event: 500, then no answer within the timeout, then 200.
  Receiver receiver([](const std::string&, int n) {
    return n % 3 == 0 ? Behaviour::kFail500 : n % 3 == 1 ? Behaviour::kHang : Behaviour::kOk;
  });
  addConfig("nc_a", receiver.url("/a"), "whsec_current", "whsec_previous");
  auto events = addEvents("nc_a", 1);
  startDispatcher(fast());
  ASSERT_TRUE(eventually([&] { return deliveryOf(events[0]).state == DeliveryState::kDelivered; }));

  auto got = receiver.delivered("/a");
  ASSERT_GE(got.size(), 1u);
  for (const auto& r : got) {
    EXPECT_EQ(r.eventId, events[0]);
    EXPECT_EQ(r.primary, signatureOf(SecretString("whsec_current"), r.body));
    EXPECT_EQ(r.secondary, signatureOf(SecretString("whsec_previous"), r.body));
    auto body = boost::json::parse(r.body).as_object();
    EXPECT_EQ(body.at("eventId").as_string(), events[0]);
    EXPECT_EQ(body.at("payment").at("id"), "pay_0");
  }
  auto log = attemptsOf(events[0]);
  ASSERT_EQ(log.size(), 3u);
  EXPECT_EQ(log[0].statusCode, std::optional<int64_t>(500));
  EXPECT_FALSE(log[0].delivered);
  EXPECT_FALSE(log[1].statusCode.has_value());  // timed out: no HTTP answer
  EXPECT_FALSE(log[1].error.empty());
  EXPECT_EQ(log[2].statusCode, std::optional<int64_t>(200));
  EXPECT_TRUE(log[2].delivered);
  EXPECT_EQ(deliveryOf(events[0]).attempts, 3);
  EXPECT_EQ(dispatcher_->stats().delivered, 1u);
}

TEST_F(DispatcherTest, GivesUpAfterTheScheduleAndDeadLetters) {
  Receiver receiver([](const std::string&, int) { return Behaviour::kFail500; });
  addConfig("nc_dead", receiver.url("/dead"), "whsec_x");
  auto events = addEvents("nc_dead", 1);
  DispatcherOptions o = fast();
  o.schedule.giveUpAfter = 300ms;
  startDispatcher(o);
  ASSERT_TRUE(eventually([&] { return deliveryOf(events[0]).state == DeliveryState::kDead; }));
  auto d = deliveryOf(events[0]);
  EXPECT_GE(d.attempts, 2);
  EXPECT_EQ(d.lastStatusCode, std::optional<int64_t>(500));
  EXPECT_EQ(static_cast<int>(attemptsOf(events[0]).size()), d.attempts);
  EXPECT_GE(dispatcher_->stats().deadLettered, 1u);
}

TEST_F(DispatcherTest, ASlowReceiverIsBoundedAndDoesNotStarveTheOthers) {
  Receiver receiver([](const std::string&, int) { return Behaviour::kOk; });
  addConfig("nc_slow", receiver.url("/slow"), "whsec_s");
  addConfig("nc_fast", receiver.url("/fast"), "whsec_f");
  auto slow = addEvents("nc_slow", 12);
  auto fast = addEvents("nc_fast", 12);
  DispatcherOptions o = DispatcherTest::fast();
  o.timeout = 5s;
  o.maxInFlight = 8;
  o.perReceiverLimit = 2;
  startDispatcher(o);
  // Every fast event arrives while the slow receiver still has most of its own queued.
  ASSERT_TRUE(eventually([&] { return receiver.delivered("/fast").size() >= fast.size(); }));
  EXPECT_LT(receiver.delivered("/slow").size(), slow.size());
  ASSERT_TRUE(eventually([&] { return receiver.delivered("/slow").size() >= slow.size(); }));
  EXPECT_LE(receiver.maxConcurrent("/slow"), 2);
  EXPECT_LE(receiver.maxConcurrent("/fast"), 2);
}

}  // namespace
}  // namespace sy::webhooks
