// The payment engine: runs each payment operation under the durability rule (DESIGN.md):
//   1. commit the attempt (in flight, with its own processor idempotency key) together with the
//      merchant's idempotency record;
//   2. call the processor with that key;
//   3. commit the outcome, the payment's new status and the idempotency record's response in one
//      transaction.
// A timeout or dropped connection is an unknown outcome, never a decline; the recovery sweep
// resolves it by inquiry. Operations are coroutines on the caller's executor; the engine is shared
// by all requests and is thread-safe.
//
// Several processes may share one store. A payment with a call in flight is leased (store::Lease
// "payment:<id>") by the process running the call, claimed in the same unit that commits the call
// and released in the unit that commits its outcome: no recovery sweep, of this process or another,
// asks the processor about a call before it was sent. A process that dies mid-call leaves its lease
// to expire (EngineOptions::leaseTtl); then any process's sweep claims the payment and resolves it.
#pragma once

#include <boost/asio/awaitable.hpp>
#include <chrono>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <utility>

#include "common/clock.h"
#include "common/secret.h"
#include "common/status.h"
#include "connectors/connector.h"
#include "domain/payment.h"
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

struct EngineOptions {
  std::chrono::milliseconds processorTimeout{10000};
  // This process among those sharing the store (holder of its leases); empty: a random id.
  std::string nodeId;
  // How long a payment's lease lasts: longer than one processor call plus its two commits, so it
  // never runs out under a live call; it is also how long a dead process's calls wait before
  // another process's sweep resolves them.
  std::chrono::milliseconds leaseTtl{60000};
  // How long an outcome commit is retried while the store is unreachable (a database restart).
  std::chrono::milliseconds outcomeRetryFor{10000};
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

  // Asks the processor about every unresolved call of the payment and records what it says, under
  // the payment's lease. Skips (OK) a payment leased by an operation or a sweep of any process.
  // Used by the recovery sweep.
  boost::asio::awaitable<Status> resolve(std::string merchantId, std::string paymentId);

  boost::asio::awaitable<Result<domain::Payment>> load(std::string merchantId,
                                                       std::string paymentId);

  // Seals processor credentials for storage (AES-256-GCM bound to the connection id).
  Result<std::string> sealCredentials(const std::string& connectionId,
                                      const std::string& credentialsJson) const;

  const EngineOptions& options() const { return options_; }
  const std::string& nodeId() const { return options_.nodeId; }

 private:
  struct Target {
    store::Connection connection;
    connectors::Connector* connector = nullptr;
    connectors::ConnectionConfig config;
  };
  Result<Target> targetFor(const store::Connection& c) const;
  boost::asio::awaitable<Result<Target>> findTarget(const std::string& merchantId,
                                                    const std::string& processorMerchantId);
  // The connection findTarget() picks among `conns` (the merchant's, already read).
  Result<Target> pickTarget(const Result<std::vector<store::Connection>>& conns,
                            const std::string& processorMerchantId) const;
  // A new lease on the payment for this process, expiring leaseTtl from now.
  store::Lease paymentLease(const std::string& paymentId) const;
  // Commits `p` (bumping its version) together with the idempotency record's response: the
  // payment, or `failure` when the operation was refused; releases `lease` (if any) in the same
  // unit. Retried for a while when the store is unreachable (a database restart), so an outcome
  // the processor gave is not lost to a short outage. When another process recorded the call's
  // outcome first (its sweep, once this process's lease had run out), `p` becomes the stored
  // payment and that is the outcome (also for the idempotency record). (Pointers, not
  // temporaries: see "Coroutines" in docs/architecture.md.)
  boost::asio::awaitable<Status> commitOutcome(domain::Payment& p, const Idempotency& idem,
                                               const Status* failure, const store::Lease* lease);
  // `card`: the payment's card token when the caller has just read it (create() has), so it is
  // not read again; null reads it.
  // `cvvSealed`: the card's CVV hold, taken by create() (empty: none).
  boost::asio::awaitable<Result<domain::Payment>> runAuthorization(
      domain::Payment p, Target target, Idempotency idem, store::Lease lease,
      const store::CardToken* card = nullptr, std::string cvvSealed = {});
  void applyAuthorization(domain::Payment& p, domain::Transaction& sale,
                          const connectors::CallResult& r);
  void applyRefund(domain::Payment& p, domain::Transaction& refundTx,
                   const connectors::CallResult& r);
  // Loads the payment, lets `prepare` check it and add its call, and commits that with the
  // idempotency record, claiming `lease` if a call is now in flight (409
  // PaymentOperationInProgress when another operation or sweep holds it).
  boost::asio::awaitable<Result<domain::Payment>> beginCall(
      const std::string& merchantId, const std::string& paymentId, const Idempotency& idem,
      const std::function<Status(domain::Payment&)>& prepare, const store::Lease& lease);
  boost::asio::awaitable<Result<Target>> targetOf(const std::string& merchantId,
                                                  const std::string& connectionId);
  // resolve() once it holds `lease` (renewed before each inquiry); `released` tells whether the
  // unit recording the answers released it.
  boost::asio::awaitable<Status> resolveLeased(const std::string& merchantId,
                                               const std::string& paymentId, store::Lease& lease,
                                               bool& released);
  // The payment's card from the vault, without CVV, to rebuild a lost authorization for replay.
  boost::asio::awaitable<std::optional<vault::ClearCard>> replayableCard(const domain::Payment& p);

  store::Store& store_;
  vault::Vault& vault_;
  const connectors::ConnectorRegistry& registry_;
  SecretString credentialsKey_;
  const Clock& clock_;
  EngineOptions options_;
};

}  // namespace sy::orchestrator
