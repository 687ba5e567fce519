// Durability, on every backend: every write acknowledged by writeSync survives kill -9 of the
// process at a random moment (a child process writes; the parent kills it and audits the reopened
// store). Plus a printed (not asserted) group-commit throughput measurement.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <future>
#include <random>
#include <semaphore>
#include <set>
#include <thread>

#include "store/sql/sql_store.h"
#include "store/store.h"
#include "store/store_test_backends.h"

namespace sy::store {
namespace {

std::string makeTempDir() {
  std::string tmpl = (std::filesystem::temp_directory_path() / "sy-durability-XXXXXX").string();
  if (mkdtemp(tmpl.data()) == nullptr) return {};
  return tmpl;
}

// A payment with one in-flight SALE: the unit writes two rows that must appear together.
domain::Payment unitPayment(const std::string& id) {
  domain::Payment p;
  p.id = id;
  p.merchantId = "m_dur";
  p.createdAt = p.updatedAt = fromMicros(toMicros(systemNow()));
  p.amount = 100;
  p.currencyCode = "EUR";
  p.version = 1;
  domain::Transaction t;
  t.id = id + "-tx";
  t.attemptKey = id + "-key";
  t.amount = 100;
  t.currencyCode = "EUR";
  p.transactions.push_back(t);
  return p;
}

// The child: writes until killed, reporting each acknowledged id on `fd` only after writeSync
// returned OK. Never returns.
[[noreturn]] void childWrite(const testing::Backend& backend, const std::string& dir, int round,
                             int fd) {
  auto opened = backend.open(dir);
  if (!opened.isOk()) _exit(3);
  std::unique_ptr<Store> store = std::move(opened).value();
  constexpr int kThreads = 4;
  constexpr int kPerThread = 5000;  // far more than the parent lets it finish
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kPerThread; ++i) {
        std::string id =
            "r" + std::to_string(round) + "_t" + std::to_string(t) + "_" + std::to_string(i);
        Status s =
            writeSync(*store, [&](WriteTx& tx) { return tx.insertPayment(unitPayment(id)); });
        if (!s.isOk()) _exit(4);
        std::string line = id + "\n";  // < PIPE_BUF, so each line is written atomically
        if (::write(fd, line.data(), line.size()) != static_cast<ssize_t>(line.size())) _exit(5);
      }
    });
  }
  for (auto& th : threads) th.join();
  store->close();
  _exit(0);
}

class Durability : public ::testing::TestWithParam<testing::Backend> {
 protected:
  void SetUp() override {
    dir_ = makeTempDir();
    ASSERT_FALSE(dir_.empty());
  }
  void TearDown() override {
    GetParam().destroy(dir_);
    std::filesystem::remove_all(dir_);
  }
  std::string dir_;
};

TEST_P(Durability, AcknowledgedWritesSurviveKill9) {
  const testing::Backend& backend = GetParam();
  // Created (and migrated) before the first fork, so the children only connect.
  {
    auto created = backend.open(dir_);
    ASSERT_TRUE(created.isOk()) << created.status().toString();
    (*created)->close();
  }
  std::mt19937 rng(std::random_device{}());
  std::set<std::string> acked;

  for (int round = 0; round < 4; ++round) {
    int fds[2];
    ASSERT_EQ(pipe(fds), 0);
    pid_t pid = fork();
    ASSERT_GE(pid, 0);
    if (pid == 0) {
      close(fds[0]);
      childWrite(backend, dir_, round, fds[1]);
    }
    close(fds[1]);

    // Kill after a random number of acknowledgements plus a random delay, so the kill lands at
    // arbitrary points: mid-batch, mid-fsync, between commit and acknowledgement.
    const size_t killAfter = std::uniform_int_distribution<size_t>(1, 800)(rng);
    const auto delay = std::chrono::microseconds(std::uniform_int_distribution<int>(0, 3000)(rng));
    FILE* in = fdopen(fds[0], "r");
    ASSERT_NE(in, nullptr);
    char buf[128];
    size_t seen = 0;
    bool killed = false;
    while (fgets(buf, sizeof buf, in) != nullptr) {
      std::string id(buf);
      if (!id.empty() && id.back() == '\n') id.pop_back();
      acked.insert(id);
      if (++seen == killAfter && !killed) {
        std::this_thread::sleep_for(delay);
        kill(pid, SIGKILL);
        killed = true;
      }
    }
    fclose(in);
    int wstatus = 0;
    ASSERT_EQ(waitpid(pid, &wstatus, 0), pid);
    if (killed) {
      EXPECT_TRUE(WIFSIGNALED(wstatus) && WTERMSIG(wstatus) == SIGKILL);
    } else {
      EXPECT_TRUE(WIFEXITED(wstatus) && WEXITSTATUS(wstatus) == 0) << "child failed";
    }

    // Audit: every acknowledged id is there, and no unit is half there.
    auto reopened = backend.open(dir_);
    ASSERT_TRUE(reopened.isOk()) << reopened.status().toString();
    std::unique_ptr<Store> store = std::move(reopened).value();
    size_t missing = 0, partial = 0, total = 0;
    readSync(*store, [&](ReadTx& tx) {
      for (const auto& id : acked)
        if (!tx.findPayment("m_dur", id).isOk()) ++missing;
      PaymentFilter all;
      all.limit = 1'000'000;
      auto page = tx.listPayments("m_dur", all);
      if (!page.isOk()) return;
      total = page->payments.size();
      for (const auto& p : page->payments)
        if (p.transactions.size() != 1) ++partial;
    });
    store->close();
    EXPECT_EQ(missing, 0u) << "round " << round << ": acknowledged writes lost";
    EXPECT_EQ(partial, 0u) << "round " << round << ": a unit was committed in part";
    EXPECT_GE(total, acked.size());
    std::printf(
        "[durability %s] round %d: killed after %zu acks (+%lld us), %zu acked in total, "
        "%zu stored\n",
        backend.name.c_str(), round, killAfter, static_cast<long long>(delay.count()), acked.size(),
        total);
  }
}

TEST_P(Durability, GroupCommitThroughput) {
  auto opened = GetParam().open(dir_);
  ASSERT_TRUE(opened.isOk()) << opened.status().toString();
  std::unique_ptr<Store> store = std::move(opened).value();

  // Baseline: one unit at a time, so one fsync per unit.
  constexpr int kSerial = 200;
  auto t0 = std::chrono::steady_clock::now();
  for (int i = 0; i < kSerial; ++i) {
    ASSERT_TRUE(writeSync(*store, [i](WriteTx& tx) {
                  return tx.insertMerchant({"serial" + std::to_string(i), "M", systemNow()});
                }).isOk());
  }
  double serialSecs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();

  // 20k small units from 8 threads, with up to 4096 in flight (under the queue bound).
  constexpr int kUnits = 20000;
  constexpr int kThreads = 8;
  std::counting_semaphore<4096> window(4096);
  std::atomic<int> left{kUnits}, failed{0};
  std::promise<void> all;
  auto before = sql::writerStats(*store).value();
  t0 = std::chrono::steady_clock::now();
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = t; i < kUnits; i += kThreads) {
        window.acquire();
        store->submitWrite(
            [i](WriteTx& tx) {
              return tx.insertIdempotency({"m", "POST /payments", "k" + std::to_string(i), "hash",
                                           IdempotencyState::kInProgress, 0, "", "", systemNow()});
            },
            [&](Status s) {
              if (!s.isOk()) ++failed;
              window.release();
              if (--left == 0) all.set_value();
            });
      }
    });
  }
  for (auto& th : threads) th.join();
  all.get_future().wait();
  double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  auto after = sql::writerStats(*store).value();
  store->close();
  EXPECT_EQ(failed.load(), 0);

  uint64_t batches = after.batches - before.batches;
  std::printf(
      "[throughput %s] serial writeSync: %d units in %.3f s = %.0f units/s (1 fsync each)\n",
      GetParam().name.c_str(), kSerial, serialSecs, kSerial / serialSecs);
  std::printf(
      "[throughput %s] concurrent: %d units in %.3f s = %.0f units/s; %llu commits, "
      "%.1f units/commit on average, largest batch %llu\n",
      GetParam().name.c_str(), kUnits, secs, kUnits / secs,
      static_cast<unsigned long long>(batches),
      static_cast<double>(kUnits) / static_cast<double>(batches),
      static_cast<unsigned long long>(after.largestBatch));
}

INSTANTIATE_TEST_SUITE_P(Backends, Durability, ::testing::ValuesIn(testing::backends()),
                         [](const auto& info) { return info.param.name; });

}  // namespace
}  // namespace sy::store
