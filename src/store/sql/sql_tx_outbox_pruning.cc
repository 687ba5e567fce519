// SqlTx: outbox retention. One batch per call, so a unit holds the write lock briefly: at most
// `limit` old events no delivery still waits for, with their attempts and deliveries; then old
// processor-notification receipts. Each statement names the batch by the same deterministic
// selection (oldest first), which the deletes before it do not change, so the statements' texts
// are fixed (cached prepared statements) whatever the batch.
#include "store/sql/errors.h"
#include "store/sql/sql_tx.h"

namespace sy::store::sql {
namespace {

// The batch: ?1 deliveredBefore, ?2 deadBefore, ?3 limit.
constexpr std::string_view kBatch =
    "SELECT e.id FROM webhook_events e WHERE e.created_at < ? AND NOT EXISTS ("
    " SELECT 1 FROM webhook_deliveries d WHERE d.event_id = e.id AND (d.state = 'PENDING'"
    " OR (d.state = 'DEAD' AND e.created_at >= ?))) ORDER BY e.created_at, e.id LIMIT ?";

}  // namespace

Result<OutboxPruned> SqlTx::pruneWebhookOutbox(const OutboxPruning& pruning) {
  OutboxPruned pruned;
  const int64_t deliveredBefore = toMicros(pruning.deliveredBefore);
  const int64_t deadBefore = toMicros(pruning.deadBefore);
  const int64_t limit = pruning.limit;
  const std::string batch(kBatch);
  const std::string statements[] = {
      "DELETE FROM webhook_attempts WHERE delivery_id IN (SELECT id FROM webhook_deliveries"
      " WHERE event_id IN (" + batch + "))",
      "DELETE FROM webhook_deliveries WHERE event_id IN (" + batch + ")",
      "DELETE FROM webhook_events WHERE id IN (" + batch + ")"};
  for (const std::string& text : statements) {
    Result<StatementPtr> st = prepare(text);
    if (!st.isOk()) return st.status();
    (*st)->bind(deliveredBefore).bind(deadBefore).bind(limit);
    SY_RETURN_IF_ERROR(annotate((*st)->run(), "prune webhook outbox"));
    pruned.events = (*st)->changes();  // the last statement's: events deleted
  }
  // Receipts: a processor redelivers for days at most, so ones older than the retention are
  // never asked about again.
  Result<StatementPtr> receipts = prepare(
      "DELETE FROM processor_webhook_receipts WHERE (connection_id, processor_event_id) IN ("
      " SELECT connection_id, processor_event_id FROM processor_webhook_receipts"
      " WHERE received_at < ? ORDER BY received_at LIMIT ?)");
  if (!receipts.isOk()) return receipts.status();
  (*receipts)->bind(deliveredBefore).bind(limit);
  SY_RETURN_IF_ERROR(annotate((*receipts)->run(), "prune processor webhook receipts"));
  pruned.receipts = (*receipts)->changes();
  return pruned;
}

}  // namespace sy::store::sql
