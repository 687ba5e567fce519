// ReadTx/WriteTx over one SQL connection, the same for every backend (SQLite, PostgreSQL). The
// transaction itself (BEGIN/SAVEPOINT/COMMIT) is driven by the thread that owns the connection;
// this class only runs the statements.
//
// Isolation: each method is correct at READ COMMITTED given the schema's constraints, so it needs
// nothing stronger from a backend. Inserts are INSERT ... ON CONFLICT DO NOTHING, and an insert
// that changed no row is kAlreadyExists: the unique constraint decides between concurrent inserts
// of one key (the idempotency record) without failing the statement. Updates carry their guard in
// the WHERE clause (payment version, card token not yet used), which PostgreSQL re-checks on the
// latest row version after waiting for a concurrent writer, so two writers cannot both pass it.
#pragma once

#include <string>
#include <vector>

#include "store/sql/connection.h"
#include "store/sql/payment_query.h"
#include "store/store.h"

namespace sy::store::sql {

class SqlTx final : public WriteTx {
 public:
  explicit SqlTx(DbConnection& db) : db_(&db) {}
  // A transaction that fails every call with `failure` (store closed or overloaded), so work can
  // still run and report through its own results.
  explicit SqlTx(Status failure) : db_(nullptr), failure_(std::move(failure)) {}

  Result<Merchant> findMerchant(const std::string& id) override;
  Result<std::vector<Merchant>> listMerchants() override;
  Result<ApiKey> findApiKeyByHash(const std::string& keyHash) override;
  Result<std::vector<Connection>> listConnections(const std::string& merchantId) override;
  Result<Connection> findConnection(const std::string& merchantId,
                                    const std::string& connectionId) override;
  Result<ClientSession> findClientSessionByTokenHash(const std::string& tokenHash) override;
  Result<ClientSession> findClientSession(const std::string& merchantId,
                                          const std::string& id) override;
  Result<CardToken> findCardToken(const std::string& merchantId, const std::string& token) override;
  Result<domain::Payment> findPayment(const std::string& merchantId,
                                      const std::string& paymentId) override;
  Result<PaymentPage> listPayments(const std::string& merchantId,
                                   const PaymentFilter& filter) override;
  Result<IdempotencyRecord> findIdempotency(const std::string& merchantId, const std::string& scope,
                                            const std::string& key) override;
  Result<std::vector<UnresolvedPayment>> listUnresolved(TimePoint updatedBefore,
                                                        int limit) override;
  Result<Lease> findLease(const std::string& name) override;
  Result<std::vector<UnresolvedPayment>> listCapturesDue(TimePoint dueBy, int limit) override;
  Result<std::vector<UnresolvedPayment>> listExpiredChallenges(TimePoint expiredBy,
                                                               int limit) override;
  Result<std::vector<Workflow>> listWorkflows(const std::string& merchantId) override;
  Result<Workflow> findWorkflow(const std::string& merchantId,
                                const std::string& workflowId) override;
  Result<std::vector<WorkflowVersion>> listWorkflowVersions(const std::string& merchantId,
                                                            const std::string& workflowId,
                                                            bool withDocuments) override;
  Result<WorkflowVersion> findWorkflowVersion(const std::string& merchantId,
                                              const std::string& workflowId,
                                              int64_t version) override;
  Result<LiveWorkflow> findLiveWorkflow(const std::string& merchantId,
                                        const std::string& triggerEvent) override;
  Result<std::vector<WorkflowPublication>> listWorkflowPublications(
      const std::string& merchantId, const std::string& triggerEvent) override;
  Result<int64_t> workflowGeneration(const std::string& merchantId) override;
  Result<Connection> findConnectionById(const std::string& connectionId) override;
  Result<std::string> findPaymentIdByProcessorTransaction(
      const std::string& merchantId, const std::string& processorTransactionId) override;
  Result<NotificationConfig> findNotificationConfig(const std::string& merchantId,
                                                    const std::string& id) override;
  Result<std::vector<NotificationConfig>> listNotificationConfigs(
      const std::string& merchantId) override;
  Result<NotificationEvent> findNotificationEvent(const std::string& merchantId,
                                                  const std::string& id) override;
  Result<std::vector<NotificationEvent>> listNotificationEvents(
      const std::string& merchantId, const NotificationEventFilter& filter) override;
  Result<std::vector<NotificationDelivery>> listDeliveries(const std::string& merchantId,
                                                           const std::string& eventId) override;
  Result<std::vector<DeliveryAttempt>> listDeliveryAttempts(const std::string& merchantId,
                                                            const std::string& eventId) override;

  Status insertMerchant(const Merchant& m) override;
  Status insertApiKey(const ApiKey& k) override;
  Status insertConnection(const Connection& c) override;
  Status insertClientSession(const ClientSession& s) override;
  Status updateClientSession(const ClientSession& s) override;
  Status insertCardToken(const CardToken& t) override;
  Result<std::vector<CardToken>> listCardTokensNotWrappedBy(const std::string& kekId,
                                                           const std::string& afterToken,
                                                           int limit) override;
  Result<int64_t> countCardTokensNotWrappedBy(const std::string& kekId) override;
  Result<std::vector<CardToken>> listInstruments(const std::string& merchantId,
                                                 const std::string& customerId) override;
  Result<CardToken> findInstrumentVaultedFrom(const std::string& merchantId,
                                              const std::string& token) override;
  Status deleteInstrument(const std::string& merchantId, const std::string& token,
                          TimePoint at) override;
  Status setDefaultInstrument(const std::string& merchantId, const std::string& token) override;
  Result<VaultRotation> findVaultRotation(const std::string& id) override;
  Status rewrapCardToken(const CardToken& t, const std::string& expectedKekId) override;
  Status saveVaultRotation(const VaultRotation& r) override;
  Status markCardTokenUsed(const std::string& merchantId, const std::string& token,
                           TimePoint usedAt) override;
  Status insertPayment(const domain::Payment& p) override;
  Status updatePayment(const domain::Payment& p) override;
  Status insertIdempotency(const IdempotencyRecord& r) override;
  Status completeIdempotency(const IdempotencyRecord& r) override;
  Status deleteIdempotency(const std::string& merchantId, const std::string& scope,
                           const std::string& key) override;
  Status completeIdempotencyIfInProgress(const IdempotencyRecord& r) override;
  Status claimLease(const Lease& l, TimePoint now) override;
  Status renewLease(const std::string& name, const std::string& token,
                    TimePoint expiresAt) override;
  Status releaseLease(const std::string& name, const std::string& token) override;
  Status insertCvvHold(const CvvHold& h) override;
  Result<CvvHold> takeCvvHold(const std::string& merchantId, const std::string& token) override;
  Result<int64_t> deleteExpiredCvvHolds(TimePoint now) override;
  Status insertWorkflow(const Workflow& w, const WorkflowVersion& first) override;
  Result<int64_t> saveWorkflowDraft(const WorkflowVersion& draft) override;
  Result<WorkflowPublication> publishWorkflowVersion(const std::string& merchantId,
                                                     const std::string& workflowId, int64_t version,
                                                     TimePoint at, const std::string& by) override;
  Result<WorkflowPublication> rollbackWorkflow(const std::string& merchantId,
                                               const std::string& workflowId, TimePoint at,
                                               const std::string& by) override;
  Status insertNotificationConfig(const NotificationConfig& c) override;
  Status updateNotificationConfig(const NotificationConfig& c) override;
  Status deleteNotificationConfig(const std::string& merchantId, const std::string& id,
                                  TimePoint now) override;
  Status insertNotificationEvent(const NotificationEvent& e) override;
  Status insertNotificationDelivery(const NotificationDelivery& d) override;
  Result<std::vector<NotificationDelivery>> claimDeliveries(const DeliveryClaim& claim) override;
  Status finishDeliveryAttempt(const DeliveryResult& r) override;
  Status insertProcessorWebhookReceipt(const ProcessorWebhookReceipt& r) override;
  Result<Dispute> findDispute(const std::string& merchantId, const std::string& processor,
                              const std::string& processorDisputeId) override;
  Result<std::vector<Dispute>> listDisputes(const std::string& merchantId,
                                            const std::string& paymentId) override;
  Result<OutboxPruned> pruneWebhookOutbox(const OutboxPruning& pruning) override;
  Status insertDispute(const Dispute& d) override;
  Status updateDispute(const Dispute& d) override;

 private:
  Result<StatementPtr> prepare(std::string_view sql);
  // Fills each payment's transactions and their events: two queries for the whole set.
  Status loadTransactions(std::vector<domain::Payment>& payments);
  Status upsertTransactions(const domain::Payment& p);
  // Whether any payment row matches `where`, for a page's hasOlder/hasNewer.
  Result<bool> anyPayment(const SqlWhere& where);
  // The live publication of the trigger event (kNotFound when none).
  Result<WorkflowPublication> livePublication(const std::string& merchantId,
                                              const std::string& triggerEvent);
  // Bumps the merchant's workflow generation (creating it at 1); first in every publish and
  // rollback, so concurrent ones of one merchant queue on its row.
  Status bumpWorkflowGeneration(const std::string& merchantId);

  DbConnection* db_;
  Status failure_;
};

}  // namespace sy::store::sql
