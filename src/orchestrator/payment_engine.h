// The payment engine: runs each payment operation under the durability rule (DESIGN.md):
//   1. commit the attempt (in flight, with its own processor idempotency key) together with the
//      merchant's idempotency record;
//   2. call the processor with that key;
//   3. commit the outcome, the payment's new status and the idempotency record's response in one
//      transaction.
// A timeout or dropped connection is an unknown outcome, never a decline; the recovery sweep
// resolves it by inquiry. Operations are coroutines on the caller's executor; the engine is shared
// by all requests and is thread-safe.
#pragma once

#include <boost/asio/awaitable.hpp>
#include <chrono>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <utility>

#include "common/clock.h"
#include "common/secret.h"
#include "common/status.h"
#include "connectors/connector.h"
#include "domain/payment.h"
#include "orchestrator/payment_write_observer.h"
#include "store/store.h"
#include "vault/vault.h"

namespace sy::orchestrator {

// Renders the HTTP response an operation's result gets, so that it is stored with the idempotency
// record in the same transaction as the outcome, and replayed verbatim.
using ResponseRenderer = std::function<std::pair<unsigned, std::string>(const Result<domain::Payment>&)>;

// The merchant's idempotency key for one call (absent when the request had none).
struct Idempotency {
  std::optional<store::IdempotencyRecord> record;  // state kInProgress, hash and scope set
  ResponseRenderer render;
};

struct NewPayment {
  std::string merchantId;
  std::string paymentMethodToken;
  std::optional<std::string> orderId, currencyCode, customerId, customerJson, customerEmail,
      orderJson, metadataJson, paymentMethodJson;
  std::optional<int64_t> amount;
  std::string processorMerchantId;  // pin to this connection; empty = the merchant's default
};

// What an inbound processor webhook came to, event by event.
struct WebhookReceipt {
  int events = 0;
  int applied = 0;     // changed a payment (or recorded a dispute)
  int duplicates = 0;  // already applied before (same processor event id): nothing changed
  int unchanged = 0;   // about a payment whose state already says it (out of order, or no news)
  int unmatched = 0;   // about no payment of this connection, or an event type not applied
};

struct EngineOptions {
  std::chrono::milliseconds processorTimeout{10000};
  // Base URLs of processors' built-in sandboxes, used by connections stored without a base URL.
  std::map<std::string, std::string> sandboxUrls;
};

class PaymentEngine {
 public:
  PaymentEngine(store::Store& store, vault::Vault& vault, const connectors::ConnectorRegistry& registry,
                SecretString credentialsKey, const Clock& clock, EngineOptions options);

  boost::asio::awaitable<Result<domain::Payment>> create(NewPayment req, Idempotency idem);
  boost::asio::awaitable<Result<domain::Payment>> authorize(std::string merchantId,
                                                            std::string paymentId,
                                                            std::string processorMerchantId,
                                                            Idempotency idem);
  boost::asio::awaitable<Result<domain::Payment>> capture(std::string merchantId,
                                                          std::string paymentId,
                                                          std::optional<int64_t> amount, bool final,
                                                          Idempotency idem);
  boost::asio::awaitable<Result<domain::Payment>> cancel(std::string merchantId,
                                                         std::string paymentId, std::string reason,
                                                         Idempotency idem);
  boost::asio::awaitable<Result<domain::Payment>> refund(std::string merchantId,
                                                         std::string paymentId,
                                                         std::optional<int64_t> amount,
                                                         std::string orderId, std::string reason,
                                                         Idempotency idem);

  // Asks the processor about every unresolved call of the payment and records what it says.
  // Skips payments with a call running in this process. Used by the recovery sweep.
  boost::asio::awaitable<Status> resolve(std::string merchantId, std::string paymentId);

  boost::asio::awaitable<Result<domain::Payment>> load(std::string merchantId,
                                                       std::string paymentId);

  // Seals processor credentials for storage (AES-256-GCM bound to the connection id).
  Result<std::string> sealCredentials(const std::string& connectionId,
                                      const std::string& credentialsJson) const;

  const EngineOptions& options() const { return options_; }

  // Told about every payment write inside its write unit (the webhooks outbox). Set before the
  // engine is used; null (the default) records nothing.
  void setWriteObserver(PaymentWriteObserver* observer) { observer_ = observer; }

  // Inbound processor webhooks (payment_webhooks.cc): authenticates the request with the
  // connection's secret (Connector::parseWebhook) and applies each event to its payment.
  boost::asio::awaitable<Result<WebhookReceipt>> receiveWebhook(std::string connectionId,
                                                                connectors::InboundWebhook webhook);

 private:
  struct Target {
    store::Connection connection;
    connectors::Connector* connector = nullptr;
    connectors::ConnectionConfig config;
  };
  // Marks a payment as having an operation running in this process for the guard's lifetime, so
  // the recovery sweep leaves it alone. An operation takes it BEFORE it commits its in-flight call:
  // from that commit on, a sweep could otherwise find the call and ask the processor about it before
  // it is sent, record "never received" (FAILED) and then lose the race with the real answer.
  // Guards nest (counted per payment); owned() is true for the one taken first.
  class ActiveGuard {
   public:
    ActiveGuard(PaymentEngine& e, std::string id) : e_(e), id_(std::move(id)) {
      owned_ = e_.markActive(id_);
    }
    ~ActiveGuard() { e_.unmarkActive(id_); }
    ActiveGuard(const ActiveGuard&) = delete;
    ActiveGuard& operator=(const ActiveGuard&) = delete;
    bool owned() const { return owned_; }

   private:
    PaymentEngine& e_;
    std::string id_;
    bool owned_ = false;
  };

  Result<Target> targetFor(const store::Connection& c) const;
  boost::asio::awaitable<Result<Target>> findTarget(const std::string& merchantId,
                                                    const std::string& processorMerchantId);
  // The connection findTarget() picks among `conns` (the merchant's, already read).
  Result<Target> pickTarget(const Result<std::vector<store::Connection>>& conns,
                            const std::string& processorMerchantId) const;
  // Commits `p` (bumping its version) together with the idempotency record's response: the
  // payment, or `failure` when the operation was refused. (A pointer, not a Result temporary: see
  // "Coroutines" in docs/architecture.md.)
  boost::asio::awaitable<Status> commitOutcome(domain::Payment& p, const Idempotency& idem,
                                               const Status* failure);
  // `card`: the payment's card token when the caller has just read it (create() has), so it is
  // not read again; null reads it.
  boost::asio::awaitable<Result<domain::Payment>> runAuthorization(
      domain::Payment p, Target target, Idempotency idem, const store::CardToken* card = nullptr);
  void applyAuthorization(domain::Payment& p, domain::Transaction& sale,
                          const connectors::CallResult& r);
  void applyRefund(domain::Payment& p, domain::Transaction& refundTx,
                   const connectors::CallResult& r);
  boost::asio::awaitable<Result<domain::Payment>> beginCall(
      const std::string& merchantId, const std::string& paymentId, const Idempotency& idem,
      const std::function<Status(domain::Payment&)>& prepare);
  boost::asio::awaitable<Result<Target>> targetOf(const std::string& merchantId,
                                                  const std::string& connectionId);
  // The payment's card from the vault, without CVV, to rebuild a lost authorization for replay.
  boost::asio::awaitable<std::optional<vault::ClearCard>> replayableCard(const domain::Payment& p);
  // The write observer, if any, for `p` about to be written in `tx`.
  Status observeWrite(store::WriteTx& tx, const domain::Payment& p, bool inserted);
  enum class Applied { kApplied, kDuplicate, kUnchanged, kUnmatched };
  // Applies one authenticated event to the connection's payment; kUnavailable with reason
  // "PaymentBusy" when an operation on it runs here (the processor redelivers later).
  boost::asio::awaitable<Result<Applied>> applyWebhookEvent(const store::Connection& connection,
                                                            const connectors::WebhookEvent& event);
  bool markActive(const std::string& paymentId);
  void unmarkActive(const std::string& paymentId);

  store::Store& store_;
  vault::Vault& vault_;
  const connectors::ConnectorRegistry& registry_;
  SecretString credentialsKey_;
  const Clock& clock_;
  EngineOptions options_;
  std::mutex activeMu_;
  // Payments with an operation running here, and how many guards hold each.
  std::unordered_map<std::string, int> active_;
  PaymentWriteObserver* observer_ = nullptr;
};

}  // namespace sy::orchestrator
