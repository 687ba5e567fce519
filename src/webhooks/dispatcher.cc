#include "webhooks/dispatcher.h"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <random>

#include "common/ids.h"
#include "common/log.h"
#include "store/awaitable.h"
#include "webhooks/secrets.h"
#include "webhooks/signing.h"
#include "webhooks/webhook_body.h"

namespace sy::webhooks {
namespace asio = boost::asio;
using store::DeliveryState;

namespace {
double unitRandom() {
  thread_local std::mt19937_64 rng{std::random_device{}()};
  return std::uniform_real_distribution<double>(0.0, 1.0)(rng);
}

// What one attempt came to, before it is recorded.
struct AttemptOutcome {
  bool delivered = false;
  bool permanent = false;  // no point retrying (the configuration is gone)
  std::optional<int64_t> statusCode;
  std::string error;
};
}  // namespace

Dispatcher::Dispatcher(asio::any_io_executor executor, store::Store& store,
                       http::HttpClient& client, const Clock& clock, SecretString sealKey,
                       DispatcherOptions options)
    : executor_(executor),
      strand_(asio::make_strand(executor)),
      timer_(strand_),
      store_(store),
      client_(client),
      clock_(clock),
      sealKey_(std::move(sealKey)),
      options_(std::move(options)),
      nodeId_(randomId(12)) {}

Dispatcher::~Dispatcher() = default;

void Dispatcher::start() {
  loopDone_ = false;
  asio::co_spawn(strand_, loop(), asio::detached);
}

void Dispatcher::stop() {
  stopping_ = true;
  asio::post(strand_, [this] { timer_.cancel(); });
}

void Dispatcher::wake() {
  asio::post(strand_, [this] {
    wakePending_ = true;
    timer_.cancel();
  });
}

DispatcherStats Dispatcher::stats() const {
  return DispatcherStats{attempts_.load(), delivered_.load(), failed_.load(), dead_.load()};
}

asio::awaitable<void> Dispatcher::loop() {
  while (!stopping_) {
    const int free = options_.maxInFlight - inFlight_.load();
    if (free > 0) {
      const TimePoint now = clock_.now();
      store::DeliveryClaim claim{nodeId_ + ":" + std::to_string(++claims_), now,
                                 now + options_.claimTtl, free, options_.perReceiverLimit};
      Result<std::vector<store::NotificationDelivery>> claimed = internalError("not run");
      co_await store::write(store_, [&](store::WriteTx& tx) -> Status {
        claimed = tx.claimDeliveries(claim);
        return claimed.status();
      });
      if (!claimed) {
        log::warn("webhook deliveries could not be claimed", {{"error", claimed.status().toString()}});
      } else {
        for (auto& d : *claimed) {
          inFlight_ += 1;
          asio::co_spawn(executor_, deliver(std::move(d), claim.owner), asio::detached);
        }
        // A full batch may mean more are due: look again at once if slots are left.
        if (static_cast<int>(claimed->size()) == free) continue;
      }
    }
    if (stopping_) break;
    if (wakePending_) {
      wakePending_ = false;
      continue;
    }
    timer_.expires_after(options_.pollInterval);
    boost::system::error_code ec;
    co_await timer_.async_wait(asio::redirect_error(asio::use_awaitable, ec));
    wakePending_ = false;
  }
  loopDone_ = true;
}

asio::awaitable<void> Dispatcher::deliver(store::NotificationDelivery d, std::string owner) {
  Result<store::NotificationEvent> event = internalError("not read");
  Result<store::NotificationConfig> config = internalError("not read");
  co_await store::read(store_, [&](store::ReadTx& tx) {
    event = tx.findNotificationEvent(d.merchantId, d.eventId);
    config = tx.findNotificationConfig(d.merchantId, d.configId);
  });
  const TimePoint startedAt = clock_.now();
  AttemptOutcome out;
  std::optional<http::ClientRequest> request;
  if (!config && config.status().code() == StatusCode::kNotFound) {
    out.permanent = true;
    out.error = "notification configuration deleted";
  } else if (!config || !event) {
    // The store is not answering: leave the claim to expire, the delivery is tried again.
    log::warn("webhook delivery skipped: store unavailable", {{"delivery_id", d.id}});
    inFlight_ -= 1;
    wake();
    co_return;
  } else {
    auto body = webhookBody(*event, *config, startedAt);
    auto current = openSecret(sealKey_, config->id, config->secretSealed);
    std::optional<SecretString> previous;
    if (!config->previousSecretSealed.empty() && config->previousSecretExpiresAt &&
        *config->previousSecretExpiresAt > startedAt) {
      auto opened = openSecret(sealKey_, config->id, config->previousSecretSealed);
      if (opened) previous = std::move(*opened);
    }
    if (!body || !current) {
      out.permanent = true;
      out.error = !body ? body.status().message() : current.status().message();
    } else {
      http::ClientRequest req;
      req.method = boost::beast::http::verb::post;
      req.url = config->url;
      req.contentType = "application/json";
      req.headers = signatureHeaders(*body, *current, previous);
      req.headers.emplace_back("X-Event-Id", event->id);
      req.headers.emplace_back("X-Delivery-Attempt", std::to_string(d.attempts + 1));
      req.body = std::move(*body);
      request = std::move(req);
    }
  }

  const auto started = std::chrono::steady_clock::now();
  if (request) {
    http::ClientRequest req = std::move(*request);
    const std::chrono::milliseconds timeout = options_.timeout;
    auto r = co_await client_.send(std::move(req), timeout);
    if (!r) {
      out.error = r.status().message();
    } else {
      out.statusCode = r->status;
      out.delivered = r->status >= 200 && r->status < 300;
      if (!out.delivered) out.error = "HTTP " + std::to_string(r->status);
    }
  }
  const auto latency = std::chrono::duration_cast<std::chrono::microseconds>(
      std::chrono::steady_clock::now() - started);

  store::DeliveryResult result;
  result.deliveryId = d.id;
  result.owner = owner;
  result.attempt = store::DeliveryAttempt{d.id,           d.attempts + 1, startedAt,
                                          latency.count(), out.statusCode, out.delivered,
                                          out.error};
  if (out.delivered) {
    result.state = DeliveryState::kDelivered;
    result.nextAttemptAt = d.nextAttemptAt;
  } else {
    std::optional<TimePoint> next;
    if (!out.permanent)
      next = options_.schedule.next(d.attempts + 1, d.createdAt, clock_.now(), unitRandom());
    result.state = next ? DeliveryState::kPending : DeliveryState::kDead;
    result.nextAttemptAt = next.value_or(d.nextAttemptAt);
  }
  Status recorded = co_await store::write(
      store_, [&](store::WriteTx& tx) { return tx.finishDeliveryAttempt(result); });

  attempts_ += 1;
  if (out.delivered) delivered_ += 1;
  else failed_ += 1;
  if (result.state == DeliveryState::kDead) dead_ += 1;
  log::info("webhook delivery attempt",
            {{"delivery_id", d.id},
             {"event_id", d.eventId},
             {"config_id", d.configId},
             {"attempt", int64_t{d.attempts + 1}},
             {"status_code", out.statusCode.value_or(0)},
             {"latency_us", int64_t{latency.count()}},
             {"state", std::string(store::toString(result.state))},
             {"error", out.error}});
  if (!recorded)
    log::warn("webhook delivery attempt not recorded",
              {{"delivery_id", d.id}, {"error", recorded.toString()}});
  inFlight_ -= 1;
  wake();
}

}  // namespace sy::webhooks
