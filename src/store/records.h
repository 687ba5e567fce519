// Records the store keeps besides payments (see domain/payment.h): merchants, API keys, processor
// connections, client sessions, card tokens and idempotency records.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "common/clock.h"
#include "domain/payment.h"

namespace sy::store {

struct Merchant {
  std::string id;
  std::string name;
  TimePoint createdAt{};
};

// Only the SHA-256 of the key is kept; `prefix` (first 8 chars) helps people tell keys apart.
struct ApiKey {
  std::string id;
  std::string merchantId;
  std::string keyHash;  // hex SHA-256 of the full key
  std::string prefix;
  std::vector<std::string> scopes;
  TimePoint createdAt{};
  bool revoked = false;
};

struct Connection {
  std::string id;
  std::string merchantId;
  std::string processor;            // "TEST_PROCESSOR", "STRIPE", ...
  std::string processorMerchantId;  // the merchant's display name for it, unique per merchant
  std::string baseUrl;
  std::string credentialsSealed;  // AES-256-GCM sealed JSON; never returned or logged
  bool isDefault = false;
  TimePoint createdAt{};
};

// A client session; the client token itself is a bearer credential, so only its hash is stored.
struct ClientSession {
  std::string id;
  std::string merchantId;
  std::string tokenHash;  // hex SHA-256 of the client token
  std::string orderId;
  std::string currencyCode;
  std::optional<int64_t> amount;
  std::string customerId;
  std::string customerJson;
  std::string orderJson;
  std::string metadataJson;
  std::string paymentMethodJson;
  TimePoint createdAt{};
  TimePoint updatedAt{};
  TimePoint expiresAt{};
};

// A tokenized card. The PAN is sealed (AES-256-GCM, bound to the token); the CVV is never stored.
struct CardToken {
  std::string token;
  std::string merchantId;
  std::string clientSessionId;  // empty when not created through a session
  std::string tokenType;        // "SINGLE_USE" | "MULTI_USE"
  std::string panSealed;  // AES-256-GCM under the record's data key (DEK), bound to the token
  // Envelope (vault/envelope.h): the DEK sealed by the key-encryption key `kekId`. Both empty for
  // a record from before envelope encryption, whose PAN is sealed directly by the legacy key.
  std::string dekWrapped;
  std::string kekId;
  domain::CardSummary card;
  TimePoint createdAt{};
  TimePoint expiresAt{};
  std::optional<TimePoint> usedAt;
  // Payment instruments (MULTI_USE tokens, docs/vault.md): the customer it is vaulted for, the
  // customer's default flag, when it was deleted, and the SINGLE_USE token it was vaulted from.
  std::string customerId;
  bool isDefault = false;
  std::optional<TimePoint> deletedAt;
  std::string vaultedFrom;
};

// Whether a payment may use the token at `now`: not expired or deleted, and a SINGLE_USE token
// only once.
inline bool cardTokenUsable(const CardToken& t, TimePoint now) {
  if (t.expiresAt <= now || t.deletedAt) return false;
  return t.tokenType == "MULTI_USE" || !t.usedAt;
}

enum class IdempotencyState { kInProgress, kCompleted };

// The merchant's idempotency key for one endpoint; committed atomically with what it guards.
struct IdempotencyRecord {
  std::string merchantId;
  std::string scope;  // "POST /payments", "POST /payments/{id}/capture"...
  std::string key;
  std::string requestHash;  // hex SHA-256 of method, path and body
  IdempotencyState state = IdempotencyState::kInProgress;
  unsigned responseStatus = 0;
  std::string responseBody;
  std::string paymentId;
  TimePoint createdAt{};
};

// Keyset pagination position: payments are listed newest first by (createdAt, id).
struct PageKey {
  int64_t createdMicros = 0;
  std::string id;
};

struct PaymentFilter {
  std::vector<domain::PaymentStatus> statuses;
  std::vector<std::string> currencies;
  std::vector<std::string> processors;  // processorName
  std::vector<std::string> customerIds;
  std::vector<std::string> customerEmails;
  std::vector<std::string> last4Digits;
  std::optional<std::string> orderId;
  std::optional<int64_t> minAmount;
  std::optional<int64_t> maxAmount;
  std::optional<TimePoint> fromDate;  // inclusive
  std::optional<TimePoint> toDate;    // inclusive
  int limit = 100;
  std::optional<PageKey> olderThan;  // next page: strictly older than this key
  std::optional<PageKey> newerThan;  // previous page: strictly newer than this key
};

struct PaymentPage {
  std::vector<domain::Payment> payments;  // newest first, at most `limit`
  bool hasOlder = false;                  // more payments exist past the last one
  bool hasNewer = false;                  // more payments exist before the first one
};

// A claim on one named piece of work ("payment:<id>", "webhook:<id>"...) shared by every process
// on the store: at most one unexpired lease per name exists, so only its holder works on the item.
// A lease that is not released expires (its holder died or hung) and may then be claimed by
// another process. Expiry is compared with the claimer's clock: nodes keep their clocks in sync
// (NTP), and TTLs are far longer than any skew (see docs/architecture.md, "Work leases").
struct Lease {
  std::string name;
  std::string holder;  // the node id of the process holding it (for operators and logs)
  std::string token;   // random per claim: renewing and releasing need it
  TimePoint expiresAt{};
};

// A card's CVV between tokenization and the authorization that uses it, sealed with the vault key
// (bound to the token) so that any node may make the payment. Deleted when the payment that uses
// the token is created, or at `expiresAt` (the token's expiry) at the latest.
// Progress of one vault key rotation (vault/key_rotation.h): every card token's data key re-wrapped
// under `targetKekId`, walking tokens in order after `cursor` (a keyset cursor); resumable.
struct VaultRotation {
  std::string id;           // "rotation:" + targetKekId
  std::string targetKekId;
  std::string cursor;       // the last token handled ("" before the first)
  int64_t rewrapped = 0;    // records re-wrapped so far
  int64_t total = 0;        // records to re-wrap, as estimated when the rotation (re)started
  TimePoint startedAt{};
  TimePoint updatedAt{};
  std::optional<TimePoint> finishedAt;
};

struct CvvHold {
  std::string token;
  std::string merchantId;
  std::string cvvSealed;  // AES-256-GCM; never clear
  TimePoint expiresAt{};
};

// ---- workflows (docs/workflows.md, "Storage") ----

// A merchant's workflow: the versions share its id and trigger event (fixed at creation).
struct Workflow {
  std::string id;
  std::string merchantId;
  std::string triggerEvent;  // "PAYMENT_CREATED" | "PAYMENT_STATUS_UPDATED"
  std::string name;          // the latest version's name
  int64_t latestVersion = 0;
  bool hasDraft = false;  // the latest version is a draft (read only: the store derives it)
  TimePoint createdAt{};
  std::string createdBy;  // who: "key_..." (an API key id), "cli", "demo"
  TimePoint updatedAt{};
};

enum class WorkflowVersionState { kDraft, kPublished };

// One version of a workflow's document, kept as the merchant sent it (the JSON text, byte for
// byte). A draft may be rewritten; a published version never changes.
struct WorkflowVersion {
  std::string workflowId;
  std::string merchantId;
  int64_t version = 0;  // 1, 2, ... per workflow
  WorkflowVersionState state = WorkflowVersionState::kDraft;
  std::string name;
  std::string document;  // empty when read without documents
  TimePoint createdAt{};
  std::string createdBy;
  TimePoint updatedAt{};
  std::string updatedBy;
  std::optional<TimePoint> publishedAt;  // first publication
  std::string publishedBy;
};

// One publish (or re-publish) of a version for the merchant's trigger event. The live version of
// an event is its latest publication that was not rolled back.
struct WorkflowPublication {
  std::string merchantId;
  std::string triggerEvent;
  int64_t seq = 0;  // 1, 2, ... per merchant and trigger event
  std::string workflowId;
  int64_t version = 0;
  TimePoint publishedAt{};
  std::string publishedBy;
  std::optional<TimePoint> rolledBackAt;
  std::string rolledBackBy;
};

// The live version of a trigger event with its document, as the registry compiles it.
struct LiveWorkflow {
  WorkflowPublication publication;
  std::string name;
  std::string document;
};

// ---- Webhooks (docs/webhooks.md) ----

// Where a merchant receives webhooks. The secrets are HMAC keys the server must use, so they are
// sealed (AES-256-GCM), not hashed; after a rotation the previous one signs X-Signature-Secondary
// until previousSecretExpiresAt.
struct NotificationConfig {
  std::string id;
  std::string merchantId;
  std::string url;
  std::string description;
  std::vector<std::string> eventTypes;  // "PAYMENT.STATUS", "PAYMENT.REFUND", ...
  std::string secretSealed;
  std::string previousSecretSealed;  // empty: no previous secret
  std::optional<TimePoint> previousSecretExpiresAt;
  TimePoint createdAt{};
  TimePoint updatedAt{};
};

// One event in the outbox, written in the same transaction as the change that caused it. The
// receiver's body is built from it at each attempt (envelope, signedAt), around `payloadJson`.
struct NotificationEvent {
  std::string id;  // "evt_...": what receivers deduplicate on
  std::string merchantId;
  std::string eventType;
  std::string paymentId;
  std::string payloadJson;  // PAYMENT.*: the payment object as it was; DISPUTE.*: the body members
  TimePoint createdAt{};
};

enum class DeliveryState { kPending, kDelivered, kDead };
std::string_view toString(DeliveryState s);

// One event on its way to one configuration.
struct NotificationDelivery {
  std::string id;
  std::string eventId;
  std::string merchantId;
  std::string configId;
  DeliveryState state = DeliveryState::kPending;
  int attempts = 0;
  TimePoint nextAttemptAt{};
  std::optional<int64_t> lastStatusCode;
  std::string lastError;
  TimePoint createdAt{};
  TimePoint updatedAt{};
};

// One HTTP attempt of a delivery, for the delivery log.
struct DeliveryAttempt {
  std::string deliveryId;
  int number = 0;  // 1-based
  TimePoint startedAt{};
  int64_t latencyMicros = 0;
  std::optional<int64_t> statusCode;  // absent: no HTTP answer (timeout, refused connection)
  bool delivered = false;
  std::string error;  // why it failed ("" when delivered)
};

// What claimDeliveries takes: due deliveries are claimed by `owner` until `leaseUntil`.
struct DeliveryClaim {
  std::string owner;  // unique per dispatcher (node)
  TimePoint now{};
  TimePoint leaseUntil{};
  int limit = 32;              // deliveries claimed at most
  int perReceiverLimit = 4;    // claimed-and-unexpired deliveries per configuration, all owners
};

// The end of one attempt: the delivery's new state, written only while `owner` holds the claim.
struct DeliveryResult {
  std::string deliveryId;
  std::string owner;
  DeliveryState state = DeliveryState::kPending;
  TimePoint nextAttemptAt{};  // when kPending
  DeliveryAttempt attempt;
};

struct NotificationEventFilter {
  std::optional<TimePoint> from;  // inclusive
  std::optional<TimePoint> to;    // inclusive
  std::string paymentId;          // empty: any
  int limit = 100;
};

// A processor notification already applied (inbound webhooks): its id, per connection.
struct ProcessorWebhookReceipt {
  std::string connectionId;
  std::string processorEventId;
  std::string paymentId;
  TimePoint receivedAt{};
};

// One batch of outbox retention (webhooks/outbox_pruner.h): events with every delivery DELIVERED
// (or none) recorded before deliveredBefore, and events with a DEAD one (none PENDING) recorded
// before deadBefore, go with their deliveries and attempts; at most `limit` events. Receipts of
// processor notifications received before deliveredBefore go too (at most `limit`).
struct OutboxPruning {
  TimePoint deliveredBefore{};
  TimePoint deadBefore{};
  int limit = 500;
};
struct OutboxPruned {
  int64_t events = 0;
  int64_t receipts = 0;
};

// A dispute (chargeback, retrieval request, pre-arbitration) a processor reported on a payment,
// as it stands now. One row per (merchant, processor, processorDisputeId); its status and type are
// Primer's (DisputeStatusWebhookPayload).
struct Dispute {
  std::string id;  // ours, "dsp_..."
  std::string merchantId;
  std::string processor;  // "STRIPE"
  std::string processorDisputeId;
  std::string paymentId;
  std::string transactionId;  // the SALE transaction disputed
  std::string type;           // DISPUTE, RETRIEVAL, PREARBITRATION
  std::string status;         // OPEN, ACCEPTED, CHALLENGED, EXPIRED, CANCELLED, WON, LOST
  std::optional<int64_t> amount;  // minor units of currencyCode, when the processor said
  std::string currencyCode;
  std::string reasonCode;
  std::string processorReason;
  TimePoint openedAt{};     // when we first heard of it
  TimePoint lastEventAt{};  // when the processor says the latest applied event happened
  TimePoint updatedAt{};
};

// A payment with a processor call whose outcome is not recorded yet.
struct UnresolvedPayment {
  std::string merchantId;
  std::string paymentId;
};

}  // namespace sy::store
