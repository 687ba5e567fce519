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
//
// Workflows (docs/workflows.md, "Running workflows"): with a PublishedWorkflows source, create()
// evaluates the merchant's PAYMENT_CREATED workflow unless the request pins a connection
// (processor.processorMerchantId), and follows its decision: BLOCK (DECLINED, no processor call),
// or AUTHORIZE on the route's connections in order, each attempt its own SALE transaction under the
// rule above, falling back per fallback_policy.h (never while an outcome is unknown; the recovery
// sweep resolves it and continues the route), then CAPTURE at once or when due. After an operation
// changes a payment's status, PAYMENT_STATUS_UPDATED workflows run. The decision trace is recorded
// on the payment (domain/routing.h).
//
// Circuit breakers (docs/resilience.md): with a CircuitBreakers registry, every authorization
// attempt asks its connection's breaker first. An open breaker means the attempt is not made (no
// transaction): a workflow route skips to its next connection (recorded in the trace), and a
// payment with no connection left to try is DECLINED at once (statusReason GATEWAY_REJECTED,
// RETRY_LATER; its card token stays usable). Every processor call's outcome is reported to the
// breaker of its connection.
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
#include "orchestrator/circuit_breakers.h"
#include "orchestrator/notifier.h"
#include "orchestrator/payment_write_observer.h"
#include "store/store.h"
#include "vault/vault.h"
#include "workflows/published_workflow.h"

namespace sy::three_ds {
class ThreeDsServer;
struct Authentication;
}  // namespace sy::three_ds

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
  // Pins the payment to this connection: no PAYMENT_CREATED workflow runs. Empty: the merchant's
  // published PAYMENT_CREATED workflow decides, else the merchant's default connection.
  std::string processorMerchantId;
};

// Who asked for a capture, cancellation or refund. Operations a workflow starts do not trigger
// PAYMENT_STATUS_UPDATED workflows again (no cascades).
enum class Origin { kMerchant, kWorkflow };
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
  // Inquiries made at once about an authorization whose answer was lost, before the route waits
  // for the recovery sweep (a route never falls back while an outcome is unknown).
  int inlineInquiries = 1;
  // How old a call (authorization, capture, cancel, refund) must be before a processor's "no such
  // call" settles it as never received (FAILED). Younger, the call may still be on its way or being
  // worked on (a slow answer the client gave up on), so the answer is not conclusive and the sweep
  // asks again later. Zero: 3 x processorTimeout.
  std::chrono::milliseconds notFoundConclusiveAfter{0};
  // How long a customer has for a 3-D Secure challenge before the recovery sweep ends the payment
  // (docs/three_d_secure.md, "Abandoned challenges").
  std::chrono::milliseconds challengeTtl{15 * 60 * 1000};
  // Switchyard's own base URL as browsers reach it (e.g. https://pay.example.com): challenge pages
  // send the customer back to <publicUrl>/checkout/3ds/return. Empty: no return URL is sent.
  std::string publicUrl;
};

class PaymentEngine {
 public:
  // `workflows`: where published workflows come from; null runs no workflows (the pinned or
  // default connection). `notifier`: where NOTIFY actions go; null logs them (LoggingNotifier).
  // Both must outlive the engine.
  PaymentEngine(store::Store& store, vault::Vault& vault, const connectors::ConnectorRegistry& registry,
                SecretString credentialsKey, const Clock& clock, EngineOptions options,
                workflows::PublishedWorkflows* workflows = nullptr, Notifier* notifier = nullptr);

  boost::asio::awaitable<Result<domain::Payment>> create(NewPayment req, Idempotency idem);
  boost::asio::awaitable<Result<domain::Payment>> authorize(std::string merchantId,
                                                            std::string paymentId,
                                                            std::string processorMerchantId,
                                                            Idempotency idem);
  boost::asio::awaitable<Result<domain::Payment>> capture(std::string merchantId,
                                                          std::string paymentId,
                                                          std::optional<int64_t> amount, bool final,
                                                          Idempotency idem,
                                                          Origin origin = Origin::kMerchant);
  boost::asio::awaitable<Result<domain::Payment>> cancel(std::string merchantId,
                                                         std::string paymentId, std::string reason,
                                                         Idempotency idem,
                                                         Origin origin = Origin::kMerchant);
  // 3-D Secure (three_d_secure.cc): completes an authorization that waited for the customer's
  // challenge (requiredAction 3DS_AUTHENTICATION). `resumeToken` must be the payment's pending
  // challenge's; asks the processor for the result under the payment's lease (commit, call,
  // commit) and records threeDSecureAuthentication and the outcome — or, after a refusal of a
  // fallback class on a workflow route, the next attempt. A repeated resume with the token of a
  // challenge that already ended answers the payment as it stands.
  boost::asio::awaitable<Result<domain::Payment>> resume(std::string merchantId,
                                                         std::string paymentId,
                                                         std::string resumeToken,
                                                         Idempotency idem);
  // The customer came back from a processor's challenge page to the return URL with `query`
  // (what the page appended, e.g. Adyen's redirectResult): kept on the pending challenge for the
  // resume to pass to the processor. The last return wins; a payment that waits for no processor
  // challenge is left alone (OK). kNotFound for an unknown payment.
  boost::asio::awaitable<Status> recordChallengeReturn(std::string merchantId, std::string paymentId,
                                                       std::string query);
  // Ends a payment whose challenge expired unanswered (recovery sweep): asks the processor once
  // (the customer may have finished just now) and otherwise records it DECLINED with
  // threeDSecureAuthentication AUTH_FAILED. Skips (OK) a payment leased by another operation.
  boost::asio::awaitable<Status> expireChallenge(std::string merchantId, std::string paymentId);

  boost::asio::awaitable<Result<domain::Payment>> refund(std::string merchantId,
                                                         std::string paymentId,
                                                         std::optional<int64_t> amount,
                                                         std::string orderId, std::string reason,
                                                         Idempotency idem,
                                                         Origin origin = Origin::kMerchant);

  // Runs a workflow's delayed capture whose time has come (the payment's captureDueAt): captures
  // what is capturable, or records why it was skipped. Used by the recovery sweep.
  boost::asio::awaitable<Status> captureDue(std::string merchantId, std::string paymentId);

  // Asks the processor about every unresolved call of the payment and records what it says, under
  // the payment's lease. Skips (OK) a payment leased by an operation or a sweep of any process.
  // Used by the recovery sweep. `asked` (optional) is set when this call held the lease and so
  // asked the processor (false when it skipped a leased payment).
  boost::asio::awaitable<Status> resolve(std::string merchantId, std::string paymentId,
                                         bool* asked = nullptr);

  boost::asio::awaitable<Result<domain::Payment>> load(std::string merchantId,
                                                       std::string paymentId);

  // Payment instruments (payment_instruments.cc). Vaults the merchant's token for `customerId`:
  // a SINGLE_USE token (used or not, unexpired) becomes a new MULTI_USE instrument; vaulting it
  // again, or vaulting an instrument, gives the existing instrument back. kNotFound (reason
  // InvalidPaymentInstrumentToken) for a token the merchant does not have.
  boost::asio::awaitable<Result<store::CardToken>> vaultCard(std::string merchantId,
                                                             std::string token,
                                                             std::string customerId);

  // Seals processor credentials for storage (AES-256-GCM bound to the connection id).
  Result<std::string> sealCredentials(const std::string& connectionId,
                                      const std::string& credentialsJson) const;

  const EngineOptions& options() const { return options_; }
  // Set once the server knows its address (before serving requests): see EngineOptions::publicUrl.
  void setPublicUrl(std::string url) { options_.publicUrl = std::move(url); }
  const std::string& nodeId() const { return options_.nodeId; }

  // Told about every payment write inside its write unit (the webhooks outbox). Set before the
  // engine is used; null (the default) records nothing.
  void setWriteObserver(PaymentWriteObserver* observer) { observer_ = observer; }
  // The processor connections' circuit breakers. Set before the engine is used; null (the
  // default) sends every call.
  void setCircuitBreakers(CircuitBreakers* breakers) { breakers_ = breakers; }
  // Switchyard's own 3-D Secure server (docs/three_d_secure.md); null or unconfigured: a route
  // that asks for it gets "3DS_SERVER_ERROR" (declined when REQUIRED). Must outlive the engine.
  void setThreeDsServer(three_ds::ThreeDsServer* server) { threeDsServer_ = server; }

  // Inbound processor webhooks (payment_webhooks.cc): authenticates the request with the
  // connection's secret (Connector::parseWebhook) and applies each event to its payment.
  boost::asio::awaitable<Result<WebhookReceipt>> receiveWebhook(std::string connectionId,
                                                                connectors::InboundWebhook webhook);

 private:
  struct Target {
    store::Connection connection;
    connectors::Connector* connector = nullptr;
    connectors::ConnectionConfig config;
    // The breaker's permission for the authorization attempt on this target (admit()); not
    // granted for targets of other calls, whose outcomes the breaker only observes.
    CircuitPermit permit;
  };
  // Asks the target's breaker whether an authorization attempt may be sent (true without
  // breakers); the permit is kept in `t` until recordCall() or abandonPermit().
  bool admit(Target& t);
  // Reports a processor call's outcome to the target's breaker (consuming its permit, if any).
  void recordCall(Target& t, const connectors::CallResult& r);
  // Gives back a permit whose attempt was not made after all.
  void abandonPermit(Target& t);
  // Passes over `connection` in the route (its breaker is open): recorded in the trace.
  void skipConnection(domain::AuthorizationRoute& route, const std::string& connection);
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
  // Makes the payment's active SALE attempt (committed in flight) and, when a workflow route is
  // active, its fallbacks: each refusal is committed together with the next attempt in flight
  // (authorization_plan.cc). Then the workflow's capture, the final commit with the idempotency
  // record, and PAYMENT_STATUS_UPDATED workflows.
  // `card`: the payment's card token when the caller has just read it (create() has), so it is
  // not read again; null reads it.
  // `lease`: the payment's, claimed with the first attempt's in-flight commit; the intermediate
  // commits keep it, the final one releases it.
  // `cvvSealed`: the card's CVV hold, taken by create() or by the resume of Switchyard's own
  // challenge (empty: none).
  boost::asio::awaitable<Result<domain::Payment>> runAuthorization(
      domain::Payment p, Target target, Idempotency idem, store::Lease lease,
      const store::CardToken* card = nullptr, std::string cvvSealed = {});
  // The end of an authorization, however it got there (a route, a resumed challenge): when its
  // outcome is `settled`, vaults the card if asked and makes or plans the workflow's capture; then
  // the final commit (with `idem`'s record, releasing `lease`) and the status-updated workflows.
  boost::asio::awaitable<Result<domain::Payment>> finishAuthorization(
      domain::Payment p, domain::PaymentStatus before, const Idempotency& idem,
      const store::Lease& lease, bool settled);
  // A new SALE attempt on `target` for the whole amount, made the payment's active one.
  domain::Transaction& addSaleAttempt(domain::Payment& p, const Target& target);
  // Asks the processor about the active attempt whose answer was lost (options_.inlineInquiries);
  // only a record the processor has settles it ("not found" is left to the sweep).
  boost::asio::awaitable<void> inquireInline(domain::Payment& p, Target& target,
                                             const vault::ClearCard* card);
  // Applies the route's next step after the active attempt's outcome: WAITING, STOPPED, or a
  // fallback attempt added in flight (payment PENDING) whose target is returned.
  boost::asio::awaitable<std::optional<Target>> advanceRoute(domain::Payment& p);
  // After the route ended: schedules a DELAYED capture on an authorized payment (captureDueAt),
  // or notes that there is nothing to capture.
  void scheduleCapture(domain::Payment& p);
  // An IMMEDIATE capture of the whole authorization as part of the running operation: the
  // capture's call is committed in flight, made, and applied to `p` (committed by the caller).
  boost::asio::awaitable<Status> captureNow(domain::Payment& p);
  void applyCapture(domain::Payment& p, domain::Transaction& sale, domain::TransactionEvent& e,
                    const connectors::CallResult& r);
  // Runs the merchant's PAYMENT_STATUS_UPDATED workflow when `p`'s status differs from `before`:
  // records the run, notifies, and performs its capture/cancel/refund (workflow_actions.cc).
  boost::asio::awaitable<void> afterStatusChange(domain::Payment p, domain::PaymentStatus before);
  // Hands a run's NOTIFY actions to the notifier.
  void notify(const domain::Payment& p, const domain::WorkflowRun& run);
  void applyAuthorization(domain::Payment& p, domain::Transaction& sale,
                          const connectors::CallResult& r);
  // The 3-D Secure part of an authorization's answer: a challenge to wait for, or the result.
  void applyThreeDs(domain::Payment& p, domain::Transaction& sale, const connectors::CallResult& r);
  // Switchyard's own 3-D Secure (own_three_d_secure.cc).
  struct OwnAuthentication {
    // What the attempt ends with without a processor call (a challenge to wait for, or a
    // refusal); nullopt: on to the processor (authenticated, or skipped under PREFERRED).
    std::optional<connectors::CallResult> decided;
    std::string threeDsServerTransactionId;  // the challenge's, when `decided` is one
  };
  // The route asks for Switchyard's own 3-D Secure and the customer is there to authenticate.
  bool usesOwnThreeDs(const domain::Payment& p) const;
  // Sends the AReq for `p` and records what it means (ownAuthenticationOutcome).
  boost::asio::awaitable<OwnAuthentication> authenticateOwn(domain::Payment& p,
                                                            const vault::ClearCard& card);
  // An ARes or a challenge's result (or no answer) applied to `p`: the authentication recorded
  // (threeDs.server, result AUTH_SUCCESS), or what the attempt ends with.
  OwnAuthentication ownAuthenticationOutcome(domain::Payment& p,
                                             const Result<three_ds::Authentication>& answer);
  // Drops the cryptogram once the route has ended.
  void endOwnThreeDs(domain::Payment& p);
  // When `p` now waits for the customer on Switchyard's own challenge (no processor has had the
  // card yet): puts the CVV hold back, sealed as before, until the challenge expires, so that the
  // authorization after the resume carries the CVV (PCI DSS 3.3.1 allows it until authorization).
  // Best effort: if it cannot be stored, that authorization goes without CVV.
  boost::asio::awaitable<void> keepCvvForOwnChallenge(const domain::Payment& p,
                                                      store::CvvHold hold);
  // The CVV hold kept by keepCvvForOwnChallenge, taken (deleted); empty when there is none.
  boost::asio::awaitable<std::string> takeCvvKeptForChallenge(const domain::Payment& p);
  // The resume of a challenge Switchyard's own 3-D Secure issued: the result from the directory
  // server, then the route's processor authorization with it (sale already in flight in `p`).
  boost::asio::awaitable<Result<domain::Payment>> resumeOwnChallenge(domain::Payment p,
                                                                     Target target,
                                                                     const Idempotency& idem,
                                                                     store::Lease lease,
                                                                     domain::PaymentStatus before);
  // Where challenge pages send the customer back: <publicUrl>/checkout/3ds/return?payment&merchant.
  std::string challengeReturnUrl(const domain::Payment& p) const;
  // The connector's 3-D Secure request for `p` (its workflow route's mode) and return URL.
  connectors::AuthorizeRequest authorizeRequest(const domain::Payment& p,
                                                const domain::Transaction& sale,
                                                vault::ClearCard card) const;
  // After resume or expiry recorded the challenge's outcome under `lease`: the route's next
  // attempt, or the workflow's capture and the final commit (releasing `lease`).
  boost::asio::awaitable<Result<domain::Payment>> finishAfterChallenge(domain::Payment p,
                                                                       const Idempotency& idem,
                                                                       store::Lease lease,
                                                                       domain::PaymentStatus before);
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
  // A SALE attempt whose outcome was unknown turned out to be a charge that nobody wants any more
  // (the payment was cancelled meanwhile, or it is not the payment's active attempt): voids it at
  // the processor with its own key (the attempt's key + "-void"), recorded as a cancellation
  // event on that attempt; the payment's own status is left as it is. The void is committed in
  // flight first (under the lease the caller holds); an unknown outcome is sent again, with the
  // same key, by the next sweep.
  boost::asio::awaitable<Status> voidUnwanted(domain::Payment& p, domain::Transaction& sale,
                                              const Target& target);
  // A processor's "no such call" about a call started at `startedAt` is not conclusive yet.
  bool tooEarlyForNotFound(TimePoint startedAt) const {
    const auto after = options_.notFoundConclusiveAfter.count() > 0
                           ? options_.notFoundConclusiveAfter
                           : options_.processorTimeout * 3;
    return clock_.now() - startedAt < after;
  }
  // The payment's card from the vault, without CVV, to rebuild a lost authorization for replay.
  boost::asio::awaitable<std::optional<vault::ClearCard>> replayableCard(const domain::Payment& p);
  // The write observer, if any, for `p` about to be written in `tx`.
  Status observeWrite(store::WriteTx& tx, const domain::Payment& p, bool inserted);
  enum class Applied { kApplied, kDuplicate, kUnchanged, kUnmatched };
  // Applies one authenticated event to the connection's payment; kUnavailable with reason
  // "PaymentBusy" when an operation on it runs here (the processor redelivers later).
  boost::asio::awaitable<Result<Applied>> applyWebhookEvent(const store::Connection& connection,
                                                            const connectors::WebhookEvent& event);

  store::Store& store_;
  // After a successful authorization of a payment whose paymentMethod asked for vaultOnSuccess:
  // vaults its card for its customer and names the instrument on the payment.
  boost::asio::awaitable<void> vaultOnSuccess(domain::Payment& p);

  vault::Vault& vault_;
  const connectors::ConnectorRegistry& registry_;
  SecretString credentialsKey_;
  const Clock& clock_;
  EngineOptions options_;
  workflows::PublishedWorkflows* workflows_;
  LoggingNotifier loggingNotifier_;
  Notifier* notifier_;
  PaymentWriteObserver* observer_ = nullptr;
  CircuitBreakers* breakers_ = nullptr;
  three_ds::ThreeDsServer* threeDsServer_ = nullptr;
};

}  // namespace sy::orchestrator
