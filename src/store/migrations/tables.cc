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
  };
  return kTables;
}

}  // namespace sy::store::migrations
