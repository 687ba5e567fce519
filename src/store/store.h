// The store: typed read and write transactions over the records in records.h and domain payments.
//
// Contract, for every backend (SQLite, PostgreSQL; see docs/architecture.md, "The store layer"):
// - A write unit of work runs atomically: all of its changes commit, or none do. A unit that
// returns
//   a non-OK Status is rolled back and its Status is reported to `done`.
// - `done` runs only once the unit is durable (its commit reached stable storage), so whatever a
//   caller acknowledges after `done` survives kill -9. Backends may group several units into one
//   commit (group commit); each unit stays atomic on its own.
// - Work functions run on the store's own threads, never on the caller's; they must not block on
//   anything but the transaction they are given, and must not keep the Tx past their return.
// - Every lookup of merchant data is scoped by merchantId: another merchant's object is NotFound.
// - An insert that hits an existing key returns kAlreadyExists and leaves the unit usable. Any other
//   failed call may void the rest of the unit (PostgreSQL aborts its transaction): work returns
//   the first failure it does not expect (on PostgreSQL a unit that carries on anyway fails as a
//   whole).
// - Thread-safe: submit from any thread.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "common/status.h"
#include "domain/payment.h"
#include "store/records.h"

namespace sy::store {

class ReadTx {
 public:
  virtual ~ReadTx() = default;
  virtual Result<Merchant> findMerchant(const std::string& id) = 0;
  virtual Result<std::vector<Merchant>> listMerchants() = 0;
  virtual Result<ApiKey> findApiKeyByHash(const std::string& keyHash) = 0;
  virtual Result<std::vector<Connection>> listConnections(const std::string& merchantId) = 0;
  virtual Result<Connection> findConnection(const std::string& merchantId,
                                            const std::string& connectionId) = 0;
  virtual Result<ClientSession> findClientSessionByTokenHash(const std::string& tokenHash) = 0;
  virtual Result<ClientSession> findClientSession(const std::string& merchantId,
                                                  const std::string& id) = 0;
  virtual Result<CardToken> findCardToken(const std::string& merchantId,
                                          const std::string& token) = 0;
  virtual Result<domain::Payment> findPayment(const std::string& merchantId,
                                              const std::string& paymentId) = 0;
  virtual Result<PaymentPage> listPayments(const std::string& merchantId,
                                           const PaymentFilter& filter) = 0;
  virtual Result<IdempotencyRecord> findIdempotency(const std::string& merchantId,
                                                    const std::string& scope,
                                                    const std::string& key) = 0;
  // Payments with a transaction or event whose outcome is kInFlight or kUnknown and that was
  // last updated at or before `updatedBefore`, oldest first.
  virtual Result<std::vector<UnresolvedPayment>> listUnresolved(TimePoint updatedBefore,
                                                                int limit) = 0;
  // The lease named `name`, expired or not; kNotFound when none is held (released or never
  // claimed).
  virtual Result<Lease> findLease(const std::string& name) = 0;
  // ---- payment instruments (MULTI_USE tokens) ----
  // The customer's instruments that are not deleted, oldest first.
  virtual Result<std::vector<CardToken>> listInstruments(const std::string& merchantId,
                                                         const std::string& customerId) = 0;
  // The instrument (deleted or not) vaulted from the SINGLE_USE token `token`; kNotFound if none.
  virtual Result<CardToken> findInstrumentVaultedFrom(const std::string& merchantId,
                                                      const std::string& token) = 0;

  // ---- vault key rotation (vault/key_rotation.h) ----
  // Card tokens of every merchant whose kekId differs from `kekId`, ordered by token, after
  // `afterToken` ("" from the start), at most `limit`.
  virtual Result<std::vector<CardToken>> listCardTokensNotWrappedBy(const std::string& kekId,
                                                                   const std::string& afterToken,
                                                                   int limit) = 0;
  virtual Result<int64_t> countCardTokensNotWrappedBy(const std::string& kekId) = 0;
  // kNotFound when no rotation of that id was started.
  virtual Result<VaultRotation> findVaultRotation(const std::string& id) = 0;
  // Payments whose workflow capture is due (captureDueAt at or before `dueBy`), earliest first.
  virtual Result<std::vector<UnresolvedPayment>> listCapturesDue(TimePoint dueBy, int limit) = 0;
  // Payments waiting for a 3-D Secure challenge that expired at or before `expiredBy` (their
  // threeDs.challenge->expiresAt), earliest first.
  virtual Result<std::vector<UnresolvedPayment>> listExpiredChallenges(TimePoint expiredBy,
                                                                       int limit) = 0;

  // ---- workflows ----
  // The merchant's workflows, oldest first.
  virtual Result<std::vector<Workflow>> listWorkflows(const std::string& merchantId) = 0;
  virtual Result<Workflow> findWorkflow(const std::string& merchantId,
                                        const std::string& workflowId) = 0;
  // The workflow's versions, newest first; documents left empty unless `withDocuments`.
  virtual Result<std::vector<WorkflowVersion>> listWorkflowVersions(const std::string& merchantId,
                                                                    const std::string& workflowId,
                                                                    bool withDocuments) = 0;
  virtual Result<WorkflowVersion> findWorkflowVersion(const std::string& merchantId,
                                                      const std::string& workflowId,
                                                      int64_t version) = 0;
  // The live version for the merchant's trigger event: its latest publication not rolled back.
  // kNotFound when none is live.
  virtual Result<LiveWorkflow> findLiveWorkflow(const std::string& merchantId,
                                                const std::string& triggerEvent) = 0;
  // The trigger event's publications, newest first (rolled-back ones included).
  virtual Result<std::vector<WorkflowPublication>> listWorkflowPublications(
      const std::string& merchantId, const std::string& triggerEvent) = 0;
  // Bumped by every publish and rollback of the merchant (0 before the first): a cache of live
  // workflows is current while the generation it read is.
  virtual Result<int64_t> workflowGeneration(const std::string& merchantId) = 0;

  // Inbound webhooks: the connection a processor's notification is addressed to, by its id
  // alone (the processor does not know our merchant; the notification's signature, checked
  // with this connection's secret, is what authenticates it).
  virtual Result<Connection> findConnectionById(const std::string& connectionId) = 0;
  // The id of the merchant's payment holding a transaction with that processor transaction id.
  virtual Result<std::string> findPaymentIdByProcessorTransaction(
      const std::string& merchantId, const std::string& processorTransactionId) = 0;

  // Disputes: kNotFound when the merchant has none with this processor's id.
  virtual Result<Dispute> findDispute(const std::string& merchantId, const std::string& processor,
                                      const std::string& processorDisputeId) = 0;
  // The payment's disputes, oldest first.
  virtual Result<std::vector<Dispute>> listDisputes(const std::string& merchantId,
                                                    const std::string& paymentId) = 0;

  // Webhooks (outbound).
  virtual Result<NotificationConfig> findNotificationConfig(const std::string& merchantId,
                                                            const std::string& id) = 0;
  // Oldest first.
  virtual Result<std::vector<NotificationConfig>> listNotificationConfigs(
      const std::string& merchantId) = 0;
  virtual Result<NotificationEvent> findNotificationEvent(const std::string& merchantId,
                                                          const std::string& id) = 0;
  // Oldest first, at most filter.limit.
  virtual Result<std::vector<NotificationEvent>> listNotificationEvents(
      const std::string& merchantId, const NotificationEventFilter& filter) = 0;
  // The event's deliveries, oldest first.
  virtual Result<std::vector<NotificationDelivery>> listDeliveries(const std::string& merchantId,
                                                                   const std::string& eventId) = 0;
  // The attempts of every delivery of the event, by delivery then number.
  virtual Result<std::vector<DeliveryAttempt>> listDeliveryAttempts(
      const std::string& merchantId, const std::string& eventId) = 0;
};

class WriteTx : public ReadTx {
 public:
  virtual Status insertMerchant(const Merchant& m) = 0;
  virtual Status insertApiKey(const ApiKey& k) = 0;
  // kAlreadyExists when the merchant already has a connection with that processorMerchantId.
  // A connection inserted with isDefault clears the flag on the merchant's other connections.
  virtual Status insertConnection(const Connection& c) = 0;
  virtual Status insertClientSession(const ClientSession& s) = 0;
  virtual Status updateClientSession(const ClientSession& s) = 0;
  virtual Status insertCardToken(const CardToken& t) = 0;
  // Marks a SINGLE_USE token used; kFailedPrecondition if it was already used.
  virtual Status markCardTokenUsed(const std::string& merchantId, const std::string& token,
                                   TimePoint usedAt) = 0;
  // Inserts the payment with its transactions and their events.
  virtual Status insertPayment(const domain::Payment& p) = 0;
  // Rewrites the payment row (only if its stored version equals `p.version - 1`, else
  // kAborted-like kFailedPrecondition with reason "ConcurrentModification") and upserts its
  // transactions and events by id. Callers bump `p.version` before calling.
  virtual Status updatePayment(const domain::Payment& p) = 0;
  // kAlreadyExists if (merchantId, scope, key) exists.
  virtual Status insertIdempotency(const IdempotencyRecord& r) = 0;
  // Stores the response and marks the record completed.
  virtual Status completeIdempotency(const IdempotencyRecord& r) = 0;
  virtual Status deleteIdempotency(const std::string& merchantId, const std::string& scope,
                                   const std::string& key) = 0;
  // Completes the record only while it is still in progress (an abandoned request's record,
  // finished on its behalf); kFailedPrecondition when it is already completed, kNotFound when
  // absent.
  virtual Status completeIdempotencyIfInProgress(const IdempotencyRecord& r) = 0;

  // Work leases (records.h). claimLease takes `l.name` for `l.holder`/`l.token` until
  // `l.expiresAt` when no lease of that name exists or the existing one expired at or before
  // `now`; else kFailedPrecondition with reason "LeaseHeld", leaving the unit usable (two units
  // claiming one name at once: exactly one succeeds).
  virtual Status claimLease(const Lease& l, TimePoint now) = 0;
  // Extends the lease to `expiresAt` if `token` still holds it; else kFailedPrecondition with
  // reason "LeaseLost" (it was released, or expired and claimed by another).
  virtual Status renewLease(const std::string& name, const std::string& token,
                            TimePoint expiresAt) = 0;
  // Ends the lease if `token` holds it; OK when it does not (nothing to give up).
  virtual Status releaseLease(const std::string& name, const std::string& token) = 0;

  // CVV holds (records.h). kAlreadyExists if the token has one.
  virtual Status insertCvvHold(const CvvHold& h) = 0;
  // Deletes the token's hold and returns it, whether expired or not (the caller decides); exactly
  // one of two concurrent takes gets it, the other kNotFound. kNotFound when there is none.
  virtual Result<CvvHold> takeCvvHold(const std::string& merchantId, const std::string& token) = 0;
  // Deletes every hold that expired at or before `now`; returns how many.
  virtual Result<int64_t> deleteExpiredCvvHolds(TimePoint now) = 0;

  // ---- payment instruments ----
  // Marks the MULTI_USE token deleted at `at` (no longer usable, listed or default); kNotFound
  // when the merchant has no such instrument or it is already deleted.
  virtual Status deleteInstrument(const std::string& merchantId, const std::string& token,
                                  TimePoint at) = 0;
  // Makes the instrument its customer's default and clears the flag on the customer's others;
  // kNotFound when the merchant has no such live instrument.
  virtual Status setDefaultInstrument(const std::string& merchantId, const std::string& token) = 0;

  // ---- vault key rotation ----
  // Replaces the token's sealed PAN, wrapped DEK and KEK id, only while its stored kekId is still
  // `expectedKekId`; else kFailedPrecondition with reason "KekChanged" (kNotFound when absent).
  virtual Status rewrapCardToken(const CardToken& t, const std::string& expectedKekId) = 0;
  // Inserts or rewrites the rotation's progress row.
  virtual Status saveVaultRotation(const VaultRotation& r) = 0;

  // ---- workflows ----
  // A new workflow with `first` as version 1 (a draft). kAlreadyExists when the id is taken.
  virtual Status insertWorkflow(const Workflow& w, const WorkflowVersion& first) = 0;
  // Saves `draft.document` and `draft.name` as the workflow's draft: rewrites the latest version
  // when it is a draft, else adds version latest+1 as a draft. Returns the draft's version
  // (`draft.version` is ignored). kNotFound for an unknown workflow.
  virtual Result<int64_t> saveWorkflowDraft(const WorkflowVersion& draft) = 0;
  // Makes `version` of the workflow live for its trigger event, atomically: a draft becomes
  // published, a publication is appended, the merchant's generation is bumped. Re-publishing an
  // already published version is allowed (it becomes live again). kNotFound for an unknown
  // workflow or version. Returns the new publication.
  virtual Result<WorkflowPublication> publishWorkflowVersion(const std::string& merchantId,
                                                             const std::string& workflowId,
                                                             int64_t version, TimePoint at,
                                                             const std::string& by) = 0;
  // Rolls the workflow's trigger event back to the publication before the live one: marks the
  // live publication rolled back (history is kept) and bumps the generation. The workflow must be
  // the live one (else kFailedPrecondition, reason "WorkflowNotLive"), and an earlier publication
  // not rolled back must exist (else kFailedPrecondition, reason "NoEarlierPublication"). Returns
  // the publication that is live after it.
  virtual Result<WorkflowPublication> rollbackWorkflow(const std::string& merchantId,
                                                       const std::string& workflowId, TimePoint at,
                                                       const std::string& by) = 0;

  // Webhooks (outbound).
  virtual Status insertNotificationConfig(const NotificationConfig& c) = 0;
  // Rewrites url, description, event types, secrets and updatedAt; kNotFound if absent.
  virtual Status updateNotificationConfig(const NotificationConfig& c) = 0;
  // Deletes the configuration; its pending deliveries are dead-lettered ("configuration
  // deleted"). kNotFound if absent.
  virtual Status deleteNotificationConfig(const std::string& merchantId, const std::string& id,
                                          TimePoint now) = 0;
  virtual Status insertNotificationEvent(const NotificationEvent& e) = 0;
  virtual Status insertNotificationDelivery(const NotificationDelivery& d) = 0;
  // Claims due pending deliveries (nextAttemptAt <= now, no unexpired claim), oldest due first,
  // at most claim.limit, and at most claim.perReceiverLimit unexpired claims per configuration
  // counting those other owners hold. The claim is a condition re-checked by the UPDATE itself,
  // so two owners never both claim one delivery. Returns the claimed deliveries.
  virtual Result<std::vector<NotificationDelivery>> claimDeliveries(const DeliveryClaim& claim) = 0;
  // Records an attempt and the delivery's new state, releasing the claim. kFailedPrecondition
  // (reason "DeliveryClaimLost") when `owner` no longer holds the claim: nothing is written.
  virtual Status finishDeliveryAttempt(const DeliveryResult& r) = 0;

  // Inbound: kAlreadyExists when the notification was already recorded (a redelivery).
  virtual Status insertProcessorWebhookReceipt(const ProcessorWebhookReceipt& r) = 0;

  // Outbox retention: deletes one batch (OutboxPruning); never an event with a PENDING delivery.
  virtual Result<OutboxPruned> pruneWebhookOutbox(const OutboxPruning& pruning) = 0;

  // kAlreadyExists when the merchant has a dispute with that processor and processorDisputeId.
  virtual Status insertDispute(const Dispute& d) = 0;
  // Writes type, status, amount, currency, reasons, lastEventAt and updatedAt of the dispute
  // with d.id of d.merchantId; kNotFound when there is none.
  virtual Status updateDispute(const Dispute& d) = 0;
};

class Store {
 public:
  using ReadWork = std::function<void(ReadTx&)>;
  using WriteWork = std::function<Status(WriteTx&)>;
  virtual ~Store() = default;

  // Runs `work` on a read snapshot, then calls `done` (on a store thread).
  virtual void submitRead(ReadWork work, std::function<void()> done) = 0;
  // Runs `work` in a write transaction; `done(status)` once it is durable or rolled back.
  virtual void submitWrite(WriteWork work, std::function<void(Status)> done) = 0;
  // Stops accepting work, finishes what was submitted, closes. Idempotent.
  virtual void close() = 0;
};

// Blocking conveniences for the CLI and tests (never on a network thread).
void readSync(Store& store, const Store::ReadWork& work);
Status writeSync(Store& store, const Store::WriteWork& work);

}  // namespace sy::store
