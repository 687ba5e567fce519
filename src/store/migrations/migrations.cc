#include "store/migrations/migrations.h"

namespace sy::store::migrations {
namespace {

// Version 1: the initial schema.
//
// Notes on choices that later migrations must respect:
// - merchant_id columns carry no foreign key to merchants: rows are always written by code that
//   resolved the merchant first, and it keeps fixtures in other modules' tests simple.
// - payments.unresolved is maintained by the store on every insertPayment/updatePayment (1 when a
//   transaction or event has outcome IN_FLIGHT or UNKNOWN); the partial index keeps the recovery
//   sweep's lookup proportional to the unresolved payments, not to the whole table.
// - Status-reason columns (sr_*) are NULL together when there is no status reason.
constexpr std::string_view kInitialSchema = R"sql(
CREATE TABLE merchants (
  id TEXT NOT NULL PRIMARY KEY,
  name TEXT NOT NULL,
  created_at BIGINT NOT NULL
);

CREATE TABLE api_keys (
  id TEXT NOT NULL PRIMARY KEY,
  merchant_id TEXT NOT NULL,
  key_hash TEXT NOT NULL UNIQUE,
  prefix TEXT NOT NULL,
  scopes TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  revoked INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX api_keys_merchant ON api_keys (merchant_id);

CREATE TABLE connections (
  id TEXT NOT NULL PRIMARY KEY,
  merchant_id TEXT NOT NULL,
  processor TEXT NOT NULL,
  processor_merchant_id TEXT NOT NULL,
  base_url TEXT NOT NULL,
  credentials_sealed TEXT NOT NULL,
  is_default INTEGER NOT NULL DEFAULT 0,
  created_at BIGINT NOT NULL,
  UNIQUE (merchant_id, processor_merchant_id)
);

CREATE TABLE client_sessions (
  id TEXT NOT NULL PRIMARY KEY,
  merchant_id TEXT NOT NULL,
  token_hash TEXT NOT NULL UNIQUE,
  order_id TEXT NOT NULL,
  currency_code TEXT NOT NULL,
  amount BIGINT,
  customer_id TEXT NOT NULL,
  customer_json TEXT NOT NULL,
  order_json TEXT NOT NULL,
  metadata_json TEXT NOT NULL,
  payment_method_json TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  expires_at BIGINT NOT NULL
);
CREATE INDEX client_sessions_merchant ON client_sessions (merchant_id);

CREATE TABLE card_tokens (
  token TEXT NOT NULL PRIMARY KEY,
  merchant_id TEXT NOT NULL,
  client_session_id TEXT NOT NULL,
  token_type TEXT NOT NULL,
  pan_sealed TEXT NOT NULL,
  card_first6 TEXT NOT NULL,
  card_last4 TEXT NOT NULL,
  card_expiration_month TEXT NOT NULL,
  card_expiration_year TEXT NOT NULL,
  card_cardholder_name TEXT NOT NULL,
  card_network TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  expires_at BIGINT NOT NULL,
  used_at BIGINT
);
CREATE INDEX card_tokens_merchant ON card_tokens (merchant_id);

CREATE TABLE payments (
  id TEXT NOT NULL PRIMARY KEY,
  merchant_id TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  status TEXT NOT NULL,
  order_id TEXT NOT NULL,
  amount BIGINT NOT NULL,
  currency_code TEXT NOT NULL,
  customer_id TEXT NOT NULL,
  customer_email TEXT NOT NULL,
  payment_method_token TEXT NOT NULL,
  has_card INTEGER NOT NULL DEFAULT 0,
  card_first6 TEXT,
  last4 TEXT,
  card_expiration_month TEXT,
  card_expiration_year TEXT,
  card_cardholder_name TEXT,
  card_network TEXT,
  customer_json TEXT NOT NULL,
  order_json TEXT NOT NULL,
  metadata_json TEXT NOT NULL,
  payment_method_json TEXT NOT NULL,
  connection_id TEXT NOT NULL,
  processor_name TEXT NOT NULL,
  processor_merchant_id TEXT NOT NULL,
  amount_authorized BIGINT NOT NULL,
  amount_captured BIGINT NOT NULL,
  amount_refunded BIGINT NOT NULL,
  sr_type TEXT,
  sr_decline_type TEXT,
  sr_code TEXT,
  sr_advised_action TEXT,
  sr_message TEXT,
  sr_processor_code TEXT,
  unresolved INTEGER NOT NULL DEFAULT 0,
  version BIGINT NOT NULL
);
CREATE INDEX payments_listing ON payments (merchant_id, created_at DESC, id DESC);
CREATE INDEX payments_order ON payments (merchant_id, order_id);
CREATE INDEX payments_status ON payments (merchant_id, status, created_at);
CREATE INDEX payments_unresolved ON payments (updated_at) WHERE unresolved = 1;

CREATE TABLE transactions (
  id TEXT NOT NULL PRIMARY KEY,
  payment_id TEXT NOT NULL REFERENCES payments (id),
  seq INTEGER NOT NULL,
  type TEXT NOT NULL,
  status TEXT NOT NULL,
  outcome TEXT NOT NULL,
  attempt_key TEXT NOT NULL,
  connection_id TEXT NOT NULL,
  processor_name TEXT NOT NULL,
  processor_merchant_id TEXT NOT NULL,
  processor_transaction_id TEXT NOT NULL,
  amount BIGINT NOT NULL,
  currency_code TEXT NOT NULL,
  order_id TEXT NOT NULL,
  reason TEXT NOT NULL,
  sr_type TEXT,
  sr_decline_type TEXT,
  sr_code TEXT,
  sr_advised_action TEXT,
  sr_message TEXT,
  sr_processor_code TEXT,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE INDEX transactions_payment ON transactions (payment_id, seq);

CREATE TABLE transaction_events (
  id TEXT NOT NULL PRIMARY KEY,
  transaction_id TEXT NOT NULL REFERENCES transactions (id),
  seq INTEGER NOT NULL,
  type TEXT NOT NULL,
  outcome TEXT NOT NULL,
  attempt_key TEXT NOT NULL,
  amount BIGINT NOT NULL,
  is_final INTEGER NOT NULL,
  processor_event_id TEXT NOT NULL,
  event_date BIGINT NOT NULL
);
CREATE INDEX transaction_events_transaction ON transaction_events (transaction_id, seq);

CREATE TABLE idempotency_keys (
  merchant_id TEXT NOT NULL,
  scope TEXT NOT NULL,
  idempotency_key TEXT NOT NULL,
  request_hash TEXT NOT NULL,
  state TEXT NOT NULL,
  response_status INTEGER NOT NULL,
  response_body TEXT NOT NULL,
  payment_id TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  PRIMARY KEY (merchant_id, scope, idempotency_key)
);
)sql";

// Version 2: several nodes on one database.
// - work_leases: one row per claimed piece of work (store.h, claimLease); released rows are
//   deleted, so the table holds only work in progress (and the leases of dead processes until
//   someone claims them again).
// - cvv_holds: a tokenized card's sealed CVV until the payment that uses it (or its expiry), so
//   that any node can make that payment.
// - connections_one_default: at most one default connection per merchant, also when two nodes
//   add a default connection at once. Merchants that somehow have several keep the newest.
constexpr std::string_view kSeveralNodes = R"sql(
CREATE TABLE work_leases (
  name TEXT NOT NULL PRIMARY KEY,
  holder TEXT NOT NULL,
  token TEXT NOT NULL,
  expires_at BIGINT NOT NULL
);

CREATE TABLE cvv_holds (
  token TEXT NOT NULL PRIMARY KEY,
  merchant_id TEXT NOT NULL,
  cvv_sealed TEXT NOT NULL,
  expires_at BIGINT NOT NULL
);
CREATE INDEX cvv_holds_expiry ON cvv_holds (expires_at);

UPDATE connections SET is_default = 0
WHERE is_default = 1 AND EXISTS (
  SELECT 1 FROM connections newer
  WHERE newer.merchant_id = connections.merchant_id AND newer.is_default = 1
    AND (newer.created_at > connections.created_at
         OR (newer.created_at = connections.created_at AND newer.id > connections.id)));
CREATE UNIQUE INDEX connections_one_default ON connections (merchant_id) WHERE is_default = 1;
)sql";

// Version 4: workflows (docs/workflows.md, "Storage"). A workflow is a merchant's routing program
// with numbered versions; at most one version per workflow is a DRAFT (its latest), the others are
// PUBLISHED and never change. Which version is live is not a flag on a row but the latest
// publication of the merchant's trigger event that was not rolled back, so "at most one live
// version per merchant and trigger event" holds by construction. workflow_generations counts every
// publish and rollback per merchant: the row is updated first in each of them, which serializes
// concurrent publishes of one merchant (PostgreSQL row lock) and lets other nodes notice a change
// with one primary-key read (orchestrator/workflow_registry.h).
constexpr std::string_view kWorkflows = R"sql(
CREATE TABLE workflows (
  id TEXT NOT NULL PRIMARY KEY,
  merchant_id TEXT NOT NULL,
  trigger_event TEXT NOT NULL,
  name TEXT NOT NULL,
  latest_version BIGINT NOT NULL,
  created_at BIGINT NOT NULL,
  created_by TEXT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE INDEX workflows_merchant ON workflows (merchant_id, created_at, id);

CREATE TABLE workflow_versions (
  workflow_id TEXT NOT NULL,
  version BIGINT NOT NULL,
  merchant_id TEXT NOT NULL,
  state TEXT NOT NULL,
  name TEXT NOT NULL,
  document TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  created_by TEXT NOT NULL,
  updated_at BIGINT NOT NULL,
  updated_by TEXT NOT NULL,
  published_at BIGINT,
  published_by TEXT,
  PRIMARY KEY (workflow_id, version)
);

CREATE TABLE workflow_publications (
  merchant_id TEXT NOT NULL,
  trigger_event TEXT NOT NULL,
  seq BIGINT NOT NULL,
  workflow_id TEXT NOT NULL,
  version BIGINT NOT NULL,
  published_at BIGINT NOT NULL,
  published_by TEXT NOT NULL,
  rolled_back_at BIGINT,
  rolled_back_by TEXT,
  PRIMARY KEY (merchant_id, trigger_event, seq)
);

CREATE TABLE workflow_generations (
  merchant_id TEXT NOT NULL PRIMARY KEY,
  generation BIGINT NOT NULL
);
)sql";

// Version 5: how each payment was routed (issue "Workflows", docs/workflows.md "Running
// workflows"). workflow_id/workflow_version name the PAYMENT_CREATED workflow version that decided
// ('' / 0 when none did); routing_json is the decision trace (domain/routing.h; '' for payments
// created before it); capture_due_at is a workflow's delayed capture, found by the partial index.
constexpr std::string_view kPaymentRouting = R"sql(
ALTER TABLE payments ADD COLUMN workflow_id TEXT NOT NULL DEFAULT '';
ALTER TABLE payments ADD COLUMN workflow_version BIGINT NOT NULL DEFAULT 0;
ALTER TABLE payments ADD COLUMN routing_json TEXT NOT NULL DEFAULT '';
ALTER TABLE payments ADD COLUMN capture_due_at BIGINT;
CREATE INDEX payments_capture_due ON payments (capture_due_at) WHERE capture_due_at IS NOT NULL;
)sql";

// Version 3: webhooks. Outbound: a merchant's notification configurations, the events recorded
// in the same transaction as the payment change that caused them (the transactional outbox), one
// delivery per (event, configuration) and the log of each delivery's attempts. Inbound: the
// processors' notifications already applied, so a redelivered one changes nothing twice.
//
// - Secrets are sealed (AES-256-GCM, base64 TEXT); the previous secret is kept for 24 h after a
//   rotation so receivers can switch over.
// - webhook_deliveries.locked_by / locked_until are a claim with an expiry: a dispatcher claims a
//   due delivery before it sends it, so several nodes sharing one database never send the same
//   attempt at once; a claim left by a crashed node expires and the delivery is sent again
//   (at-least-once). The partial index keeps the claim query proportional to the pending rows.
// - transactions_processor_id finds the payment an inbound notification is about.
constexpr std::string_view kWebhooks = R"sql(
CREATE TABLE notification_configs (
  id TEXT NOT NULL PRIMARY KEY,
  merchant_id TEXT NOT NULL,
  url TEXT NOT NULL,
  description TEXT NOT NULL,
  event_types TEXT NOT NULL,
  secret_sealed TEXT NOT NULL,
  previous_secret_sealed TEXT NOT NULL,
  previous_secret_expires_at BIGINT,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE INDEX notification_configs_merchant ON notification_configs (merchant_id, created_at);

CREATE TABLE webhook_events (
  id TEXT NOT NULL PRIMARY KEY,
  merchant_id TEXT NOT NULL,
  event_type TEXT NOT NULL,
  payment_id TEXT NOT NULL,
  payload TEXT NOT NULL,
  created_at BIGINT NOT NULL
);
CREATE INDEX webhook_events_merchant ON webhook_events (merchant_id, created_at, id);
CREATE INDEX webhook_events_payment ON webhook_events (merchant_id, payment_id, created_at);

CREATE TABLE webhook_deliveries (
  id TEXT NOT NULL PRIMARY KEY,
  event_id TEXT NOT NULL REFERENCES webhook_events (id),
  merchant_id TEXT NOT NULL,
  config_id TEXT NOT NULL,
  state TEXT NOT NULL,
  attempts INTEGER NOT NULL,
  next_attempt_at BIGINT NOT NULL,
  locked_by TEXT,
  locked_until BIGINT,
  last_status_code INTEGER,
  last_error TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE INDEX webhook_deliveries_due ON webhook_deliveries (next_attempt_at) WHERE state = 'PENDING';
CREATE INDEX webhook_deliveries_event ON webhook_deliveries (event_id);
CREATE INDEX webhook_deliveries_receiver ON webhook_deliveries (config_id) WHERE state = 'PENDING';

CREATE TABLE webhook_attempts (
  delivery_id TEXT NOT NULL REFERENCES webhook_deliveries (id),
  attempt INTEGER NOT NULL,
  started_at BIGINT NOT NULL,
  latency_us BIGINT NOT NULL,
  status_code INTEGER,
  delivered INTEGER NOT NULL,
  error TEXT NOT NULL,
  PRIMARY KEY (delivery_id, attempt)
);

CREATE TABLE processor_webhook_receipts (
  connection_id TEXT NOT NULL,
  processor_event_id TEXT NOT NULL,
  payment_id TEXT NOT NULL,
  received_at BIGINT NOT NULL,
  PRIMARY KEY (connection_id, processor_event_id)
);

CREATE INDEX transactions_processor_id ON transactions (processor_transaction_id);
)sql";

// Version 8: envelope encryption of card data (docs/vault.md). Each card token gets its own data
// key (DEK) sealing its PAN (and CVV hold); the DEK is stored wrapped by a key-encryption key
// (KEK) derived from a configured master secret, named by kek_id. Rows from before have both
// empty: their PAN is sealed directly by the legacy vault key until a rotation upgrades them.
// vault_rotations keeps each rotation's keyset cursor so a stopped rotation resumes.
constexpr std::string_view kVaultEnvelope = R"sql(
ALTER TABLE card_tokens ADD COLUMN dek_wrapped TEXT NOT NULL DEFAULT '';
ALTER TABLE card_tokens ADD COLUMN kek_id TEXT NOT NULL DEFAULT '';
CREATE TABLE vault_rotations (
  id TEXT NOT NULL PRIMARY KEY,
  target_kek_id TEXT NOT NULL,
  cursor_token TEXT NOT NULL,
  rewrapped BIGINT NOT NULL,
  total BIGINT NOT NULL,
  started_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  finished_at BIGINT
);
)sql";

// Version 9: payment instruments (MULTI_USE tokens vaulted for a customer; docs/vault.md). An
// instrument is a card_tokens row with token_type MULTI_USE; vaulted_from names the SINGLE_USE
// token it came from, unique per merchant so vaulting one token twice gives the same instrument
// (also when two requests race). Deleted instruments are kept (deleted_at) for the payments that
// name them.
constexpr std::string_view kPaymentInstruments = R"sql(
ALTER TABLE card_tokens ADD COLUMN customer_id TEXT NOT NULL DEFAULT '';
ALTER TABLE card_tokens ADD COLUMN is_default INTEGER NOT NULL DEFAULT 0;
ALTER TABLE card_tokens ADD COLUMN deleted_at BIGINT;
ALTER TABLE card_tokens ADD COLUMN vaulted_from TEXT NOT NULL DEFAULT '';
CREATE INDEX card_tokens_customer ON card_tokens (merchant_id, customer_id, created_at)
  WHERE token_type = 'MULTI_USE';
CREATE UNIQUE INDEX card_tokens_vaulted_from ON card_tokens (merchant_id, vaulted_from)
  WHERE vaulted_from <> '';
)sql";

// Version 6: disputes processors reported (inbound webhooks, docs/webhooks.md "Disputes"): one row per
// dispute as it stands now, keyed by the merchant and the processor's own id, so a redelivered or
// late notification finds it. last_event_at (the processor's time of the latest applied event)
// lets an older notification arriving late change nothing. The two indexes by time serve outbox
// retention (webhooks/outbox_pruner.h), which deletes old events and receipts in batches.
constexpr std::string_view kDisputes = R"sql(
CREATE TABLE disputes (
  id TEXT NOT NULL PRIMARY KEY,
  merchant_id TEXT NOT NULL,
  processor TEXT NOT NULL,
  processor_dispute_id TEXT NOT NULL,
  payment_id TEXT NOT NULL,
  transaction_id TEXT NOT NULL,
  dispute_type TEXT NOT NULL,
  status TEXT NOT NULL,
  amount BIGINT,
  currency TEXT NOT NULL,
  reason_code TEXT NOT NULL,
  processor_reason TEXT NOT NULL,
  opened_at BIGINT NOT NULL,
  last_event_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  UNIQUE (merchant_id, processor, processor_dispute_id)
);

CREATE INDEX disputes_payment ON disputes (merchant_id, payment_id);

CREATE INDEX webhook_events_created ON webhook_events (created_at);
CREATE INDEX processor_webhook_receipts_received ON processor_webhook_receipts (received_at);
)sql";

// Version 10: 3-D Secure (docs/three_d_secure.md). three_ds_json is the payment's challenge and
// authentication result (domain/three_d_secure.h; '' when none); challenge_expires_at is when a
// challenge the customer has not completed is abandoned, found by the recovery sweep through the
// partial index.
constexpr std::string_view kThreeDSecure = R"sql(
ALTER TABLE payments ADD COLUMN three_ds_json TEXT NOT NULL DEFAULT '';
ALTER TABLE payments ADD COLUMN challenge_expires_at BIGINT;
CREATE INDEX payments_challenge_expiry ON payments (challenge_expires_at) WHERE challenge_expires_at IS NOT NULL;
)sql";

constexpr Migration kMigrations[] = {
    {1, "initial_schema", kInitialSchema},
    {2, "several_nodes", kSeveralNodes},
    {3, "webhooks", kWebhooks},
    {4, "workflows", kWorkflows},
    {5, "payment_routing", kPaymentRouting},
    {6, "disputes", kDisputes},
    {8, "vault_envelope", kVaultEnvelope},
    {9, "payment_instruments", kPaymentInstruments},
    {10, "three_d_secure", kThreeDSecure},
};

}  // namespace

std::span<const Migration> all() {
  return kMigrations;
}

}  // namespace sy::store::migrations
