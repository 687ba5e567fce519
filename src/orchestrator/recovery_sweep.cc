#include "orchestrator/recovery_sweep.h"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/use_awaitable.hpp>

#include "common/log.h"
#include "store/awaitable.h"

namespace sy::orchestrator {

namespace {
// Large enough that payments waiting out their backoff do not crowd out the others.
constexpr int kBatch = 1000;
}

RecoverySweep::RecoverySweep(boost::asio::any_io_executor ex, store::Store& store,
                             PaymentEngine& engine, const Clock& clock,
                             std::chrono::milliseconds interval)
    : ex_(ex), store_(store), engine_(engine), clock_(clock), interval_(interval), timer_(ex) {}

void RecoverySweep::start() {
  boost::asio::co_spawn(ex_, run(), boost::asio::detached);
}

void RecoverySweep::stop() {
  stopped_ = true;
  boost::asio::post(ex_, [this] { timer_.cancel(); });
}

boost::asio::awaitable<int> RecoverySweep::sweepOnce() {
  Result<std::vector<store::UnresolvedPayment>> found = internalError("not read");
  // Every unresolved payment is a candidate: the engine skips those leased by a running operation
  // or another sweep (of any process), and a dead process's leases expire.
  TimePoint cutoff = clock_.now();
  co_await store::read(store_, [&](store::ReadTx& tx) { found = tx.listUnresolved(cutoff, kBatch); });
  if (!found) {
    log::warn("recovery sweep could not list unresolved payments",
              {{"error", found.status().toString()}});
    co_return 0;
  }
  int n = 0;
  std::unordered_map<std::string, Backoff> still;  // the schedule of those still unresolved
  for (const auto& u : *found) {
    if (stopped_) break;
    auto prior = backoff_.find(u.paymentId);
    if (prior != backoff_.end() && clock_.now() < prior->second.nextAt) {
      still.emplace(u.paymentId, prior->second);  // not due yet
      continue;
    }
    bool asked = false;
    Status s = co_await engine_.resolve(u.merchantId, u.paymentId, &asked);
    if (!s) log::warn("recovery sweep could not resolve", {{"payment_id", u.paymentId},
                                                           {"error", s.toString()}});
    ++n;
    if (!asked) {
      if (prior != backoff_.end()) still.emplace(u.paymentId, prior->second);
      continue;
    }
    // Whether it is resolved now shows in the next listing; until then it waits its turn.
    Backoff b = prior != backoff_.end() ? prior->second : Backoff{};
    b.inquiries += 1;
    auto delay = interval_ * (int64_t{1} << std::min(b.inquiries - 1, 20));
    b.nextAt = clock_.now() + std::min<std::chrono::milliseconds>(delay, kMaxInquiryBackoff);
    if (b.inquiries == kInquiriesBeforeAlarm)
      log::error("a processor call is still unresolved after repeated inquiries",
                 {{"payment_id", u.paymentId}, {"inquiries", b.inquiries}});
    still.emplace(u.paymentId, b);
  }
  if (!stopped_) backoff_ = std::move(still);
  // Workflows' delayed captures that have fallen due (payments with an unresolved call wait for
  // the pass that resolves it).
  Result<std::vector<store::UnresolvedPayment>> due = internalError("not read");
  const TimePoint now = clock_.now();
  co_await store::read(store_, [&](store::ReadTx& tx) { due = tx.listCapturesDue(now, kBatch); });
  if (!due) {
    log::warn("recovery sweep could not list due captures", {{"error", due.status().toString()}});
    co_return n;
  }
  for (const auto& u : *due) {
    if (stopped_) break;
    Status s = co_await engine_.captureDue(u.merchantId, u.paymentId);
    if (!s) log::warn("scheduled capture failed", {{"payment_id", u.paymentId},
                                                  {"error", s.toString()}});
    ++n;
  }
  // 3-D Secure challenges the customer abandoned (docs/three_d_secure.md).
  Result<std::vector<store::UnresolvedPayment>> expired = internalError("not read");
  co_await store::read(store_, [&](store::ReadTx& tx) {
    expired = tx.listExpiredChallenges(now, kBatch);
  });
  if (!expired) {
    log::warn("recovery sweep could not list expired challenges",
              {{"error", expired.status().toString()}});
    co_return n;
  }
  for (const auto& u : *expired) {
    if (stopped_) break;
    Status s = co_await engine_.expireChallenge(u.merchantId, u.paymentId);
    if (!s) log::warn("expiring a 3-D Secure challenge failed", {{"payment_id", u.paymentId},
                                                                {"error", s.toString()}});
    ++n;
  }
  co_return n;
}

boost::asio::awaitable<void> RecoverySweep::run() {
  while (!stopped_) {
    co_await sweepOnce();
    if (stopped_) break;
    timer_.expires_after(interval_);
    co_await timer_.async_wait(boost::asio::as_tuple(boost::asio::use_awaitable));
  }
}

}  // namespace sy::orchestrator
