#include "store/migrations/tables.h"

namespace sy::store::migrations {

std::span<const Table> tables() {
  static const std::vector<Table> kTables = {
      {"merchants", {"id"}},
      {"api_keys", {"id"}},
      {"connections", {"id"}},
      {"client_sessions", {"id"}},
      {"card_tokens", {"token"}},
      {"payments", {"id"}},
      {"transactions", {"id"}},
      {"transaction_events", {"id"}},
      {"idempotency_keys", {"merchant_id", "scope", "idempotency_key"}},
      {"work_leases", {"name"}},
      {"cvv_holds", {"token"}},
      {"workflows", {"id"}},
      {"workflow_versions", {"workflow_id", "version"}},
      {"workflow_publications", {"merchant_id", "trigger_event", "seq"}},
      {"workflow_generations", {"merchant_id"}},
      {"notification_configs", {"id"}},
      {"webhook_events", {"id"}},
      {"webhook_deliveries", {"id"}},
      {"webhook_attempts", {"delivery_id", "attempt"}},
      {"processor_webhook_receipts", {"connection_id", "processor_event_id"}},
      {"disputes", {"id"}},
      {"vault_rotations", {"id"}},
  };
  return kTables;
}

}  // namespace sy::store::migrations
