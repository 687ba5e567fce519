// SqlTx: webhooks. Outbound: notification configurations, the outbox (events and their
// deliveries), claims and the delivery log. Inbound: receipts of processor notifications and the
// lookups that route them to a payment.
#include "common/crypto.h"
#include "store/sql/errors.h"
#include "store/sql/row_read.h"
#include "store/sql/word_list.h"
#include "store/sql/sql_tx.h"

namespace sy::store::sql {
namespace {

std::optional<TimePoint> optTime(const std::optional<int64_t>& micros) {
  if (!micros) return std::nullopt;
  return fromMicros(*micros);
}

std::optional<int64_t> optMicros(const std::optional<TimePoint>& t) {
  if (!t) return std::nullopt;
  return toMicros(*t);
}

Result<std::string> unsealText(const std::string& text) {
  if (text.empty()) return std::string();
  Result<std::string> raw = crypto::base64Decode(text);
  if (!raw.isOk()) return internalError("stored webhook secret is not valid base64");
  return raw;
}

std::string sealText(const std::string& raw) {
  return raw.empty() ? std::string() : crypto::base64Encode(raw);
}

constexpr std::string_view kConfigCols =
    "id, merchant_id, url, description, event_types, secret_sealed, previous_secret_sealed, "
    "previous_secret_expires_at, created_at, updated_at";

Result<NotificationConfig> readConfig(const Statement& st) {
  NotificationConfig c;
  c.id = st.getText(0);
  c.merchantId = st.getText(1);
  c.url = st.getText(2);
  c.description = st.getText(3);
  c.eventTypes = splitWords(st.getText(4));
  Result<std::string> secret = unsealText(st.getText(5));
  if (!secret.isOk()) return secret.status();
  c.secretSealed = std::move(secret).value();
  Result<std::string> previous = unsealText(st.getText(6));
  if (!previous.isOk()) return previous.status();
  c.previousSecretSealed = std::move(previous).value();
  c.previousSecretExpiresAt = optTime(st.getOptInt(7));
  c.createdAt = fromMicros(st.getInt(8));
  c.updatedAt = fromMicros(st.getInt(9));
  return c;
}

constexpr std::string_view kEventCols =
    "id, merchant_id, event_type, payment_id, payload, created_at";

Result<NotificationEvent> readEvent(const Statement& st) {
  return NotificationEvent{st.getText(0), st.getText(1), st.getText(2),
                           st.getText(3), st.getText(4), fromMicros(st.getInt(5))};
}

Result<DeliveryState> deliveryStateFrom(const std::string& s) {
  if (s == "PENDING") return DeliveryState::kPending;
  if (s == "DELIVERED") return DeliveryState::kDelivered;
  if (s == "DEAD") return DeliveryState::kDead;
  return internalError("stored delivery state has an unknown value");
}

constexpr std::string_view kDeliveryCols =
    "id, event_id, merchant_id, config_id, state, attempts, next_attempt_at, last_status_code, "
    "last_error, created_at, updated_at";

Result<NotificationDelivery> readDelivery(const Statement& st) {
  NotificationDelivery d;
  d.id = st.getText(0);
  d.eventId = st.getText(1);
  d.merchantId = st.getText(2);
  d.configId = st.getText(3);
  Result<DeliveryState> state = deliveryStateFrom(st.getText(4));
  if (!state.isOk()) return state.status();
  d.state = *state;
  d.attempts = static_cast<int>(st.getInt(5));
  d.nextAttemptAt = fromMicros(st.getInt(6));
  d.lastStatusCode = st.getOptInt(7);
  d.lastError = st.getText(8);
  d.createdAt = fromMicros(st.getInt(9));
  d.updatedAt = fromMicros(st.getInt(10));
  return d;
}

Result<DeliveryAttempt> readAttempt(const Statement& st) {
  DeliveryAttempt a;
  a.deliveryId = st.getText(0);
  a.number = static_cast<int>(st.getInt(1));
  a.startedAt = fromMicros(st.getInt(2));
  a.latencyMicros = st.getInt(3);
  a.statusCode = st.getOptInt(4);
  a.delivered = st.getInt(5) != 0;
  a.error = st.getText(6);
  return a;
}

Status checkEventTypes(const std::vector<std::string>& types) {
  for (const auto& t : types) {
    if (t.empty() || t.find_first_of(" \t\r\n") != std::string::npos)
      return invalidArgument("notification event type is empty or contains whitespace");
  }
  return Status::ok();
}

std::string sql(std::initializer_list<std::string_view> parts) {
  std::string out;
  for (auto p : parts) out += p;
  return out;
}

}  // namespace

// ---- inbound lookups ----

Result<std::string> SqlTx::findPaymentIdByProcessorTransaction(
    const std::string& merchantId, const std::string& processorTransactionId) {
  if (processorTransactionId.empty()) return notFound("payment not found");
  Result<StatementPtr> st = prepare(
      "SELECT p.id FROM transactions t JOIN payments p ON p.id = t.payment_id"
      " WHERE t.processor_transaction_id = ? AND p.merchant_id = ? ORDER BY t.created_at LIMIT 1");
  if (!st.isOk()) return st.status();
  (*st)->bind(processorTransactionId).bind(merchantId);
  return readOne<std::string>(
      **st, [](const Statement& s) -> Result<std::string> { return s.getText(0); }, "payment");
}

Status SqlTx::insertProcessorWebhookReceipt(const ProcessorWebhookReceipt& r) {
  Result<StatementPtr> st = prepare(
      "INSERT INTO processor_webhook_receipts (connection_id, processor_event_id, payment_id,"
      " received_at) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING");
  if (!st.isOk()) return st.status();
  (*st)->bind(r.connectionId).bind(r.processorEventId).bind(r.paymentId).bind(
      toMicros(r.receivedAt));
  return runInsert(**st, "insert processor webhook receipt");
}

// ---- notification configurations ----

Result<NotificationConfig> SqlTx::findNotificationConfig(const std::string& merchantId,
                                                         const std::string& id) {
  Result<StatementPtr> st = prepare(
      sql({"SELECT ", kConfigCols, " FROM notification_configs WHERE id = ? AND merchant_id = ?"}));
  if (!st.isOk()) return st.status();
  (*st)->bind(id).bind(merchantId);
  return readOne<NotificationConfig>(**st, readConfig, "notification configuration");
}

Result<std::vector<NotificationConfig>> SqlTx::listNotificationConfigs(
    const std::string& merchantId) {
  Result<StatementPtr> st = prepare(sql({"SELECT ", kConfigCols,
                                         " FROM notification_configs WHERE merchant_id = ?"
                                         " ORDER BY created_at, id"}));
  if (!st.isOk()) return st.status();
  (*st)->bind(merchantId);
  return readAll<NotificationConfig>(**st, readConfig);
}

Status SqlTx::insertNotificationConfig(const NotificationConfig& c) {
  SY_RETURN_IF_ERROR(checkEventTypes(c.eventTypes));
  Result<StatementPtr> st = prepare(sql({"INSERT INTO notification_configs (", kConfigCols,
                                         ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
                                         " ON CONFLICT DO NOTHING"}));
  if (!st.isOk()) return st.status();
  (*st)
      ->bind(c.id)
      .bind(c.merchantId)
      .bind(c.url)
      .bind(c.description)
      .bind(joinWords(c.eventTypes))
      .bind(sealText(c.secretSealed))
      .bind(sealText(c.previousSecretSealed))
      .bind(optMicros(c.previousSecretExpiresAt))
      .bind(toMicros(c.createdAt))
      .bind(toMicros(c.updatedAt));
  return runInsert(**st, "insert notification configuration");
}

Status SqlTx::updateNotificationConfig(const NotificationConfig& c) {
  SY_RETURN_IF_ERROR(checkEventTypes(c.eventTypes));
  Result<StatementPtr> st = prepare(
      "UPDATE notification_configs SET url = ?, description = ?, event_types = ?,"
      " secret_sealed = ?, previous_secret_sealed = ?, previous_secret_expires_at = ?,"
      " updated_at = ? WHERE id = ? AND merchant_id = ?");
  if (!st.isOk()) return st.status();
  (*st)
      ->bind(c.url)
      .bind(c.description)
      .bind(joinWords(c.eventTypes))
      .bind(sealText(c.secretSealed))
      .bind(sealText(c.previousSecretSealed))
      .bind(optMicros(c.previousSecretExpiresAt))
      .bind(toMicros(c.updatedAt))
      .bind(c.id)
      .bind(c.merchantId);
  SY_RETURN_IF_ERROR(annotate((*st)->run(), "update notification configuration"));
  if ((*st)->changes() == 0) return notFound("notification configuration not found");
  return Status::ok();
}

Status SqlTx::deleteNotificationConfig(const std::string& merchantId, const std::string& id,
                                       TimePoint now) {
  {
    Result<StatementPtr> st =
        prepare("DELETE FROM notification_configs WHERE id = ? AND merchant_id = ?");
    if (!st.isOk()) return st.status();
    (*st)->bind(id).bind(merchantId);
    SY_RETURN_IF_ERROR(annotate((*st)->run(), "delete notification configuration"));
    if ((*st)->changes() == 0) return notFound("notification configuration not found");
  }
  Result<StatementPtr> st = prepare(
      "UPDATE webhook_deliveries SET state = 'DEAD', last_error = ?, locked_by = NULL,"
      " locked_until = NULL, updated_at = ? WHERE config_id = ? AND merchant_id = ?"
      " AND state = 'PENDING'");
  if (!st.isOk()) return st.status();
  (*st)->bind("notification configuration deleted").bind(toMicros(now)).bind(id).bind(merchantId);
  return annotate((*st)->run(), "dead-letter deliveries of a deleted configuration");
}

// ---- the outbox ----

Status SqlTx::insertNotificationEvent(const NotificationEvent& e) {
  Result<StatementPtr> st = prepare(sql(
      {"INSERT INTO webhook_events (", kEventCols, ") VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING"}));
  if (!st.isOk()) return st.status();
  (*st)
      ->bind(e.id)
      .bind(e.merchantId)
      .bind(e.eventType)
      .bind(e.paymentId)
      .bind(e.payloadJson)
      .bind(toMicros(e.createdAt));
  return runInsert(**st, "insert webhook event");
}

Status SqlTx::insertNotificationDelivery(const NotificationDelivery& d) {
  Result<StatementPtr> st =
      prepare(sql({"INSERT INTO webhook_deliveries (", kDeliveryCols,
                   ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING"}));
  if (!st.isOk()) return st.status();
  (*st)
      ->bind(d.id)
      .bind(d.eventId)
      .bind(d.merchantId)
      .bind(d.configId)
      .bind(toString(d.state))
      .bind(int64_t{d.attempts})
      .bind(toMicros(d.nextAttemptAt))
      .bind(d.lastStatusCode)
      .bind(d.lastError)
      .bind(toMicros(d.createdAt))
      .bind(toMicros(d.updatedAt));
  return runInsert(**st, "insert webhook delivery");
}

Result<NotificationEvent> SqlTx::findNotificationEvent(const std::string& merchantId,
                                                       const std::string& id) {
  Result<StatementPtr> st = prepare(
      sql({"SELECT ", kEventCols, " FROM webhook_events WHERE id = ? AND merchant_id = ?"}));
  if (!st.isOk()) return st.status();
  (*st)->bind(id).bind(merchantId);
  return readOne<NotificationEvent>(**st, readEvent, "webhook event");
}

Result<std::vector<NotificationEvent>> SqlTx::listNotificationEvents(
    const std::string& merchantId, const NotificationEventFilter& filter) {
  // Absent bounds become the widest ones, so one statement serves every filter.
  const int64_t from = filter.from ? toMicros(*filter.from) : INT64_MIN;
  const int64_t to = filter.to ? toMicros(*filter.to) : INT64_MAX;
  Result<StatementPtr> st = prepare(
      sql({"SELECT ", kEventCols,
           " FROM webhook_events WHERE merchant_id = ? AND created_at >= ? AND created_at <= ?"
           " AND (? = '' OR payment_id = ?) ORDER BY created_at, id LIMIT ?"}));
  if (!st.isOk()) return st.status();
  (*st)
      ->bind(merchantId)
      .bind(from)
      .bind(to)
      .bind(filter.paymentId)
      .bind(filter.paymentId)
      .bind(int64_t{filter.limit});
  return readAll<NotificationEvent>(**st, readEvent);
}

Result<std::vector<NotificationDelivery>> SqlTx::listDeliveries(const std::string& merchantId,
                                                                const std::string& eventId) {
  Result<StatementPtr> st =
      prepare(sql({"SELECT ", kDeliveryCols,
                   " FROM webhook_deliveries WHERE event_id = ? AND merchant_id = ?"
                   " ORDER BY created_at, id"}));
  if (!st.isOk()) return st.status();
  (*st)->bind(eventId).bind(merchantId);
  return readAll<NotificationDelivery>(**st, readDelivery);
}

Result<std::vector<DeliveryAttempt>> SqlTx::listDeliveryAttempts(const std::string& merchantId,
                                                                 const std::string& eventId) {
  Result<StatementPtr> st = prepare(
      "SELECT a.delivery_id, a.attempt, a.started_at, a.latency_us, a.status_code, a.delivered,"
      " a.error FROM webhook_attempts a JOIN webhook_deliveries d ON d.id = a.delivery_id"
      " WHERE d.event_id = ? AND d.merchant_id = ? ORDER BY d.created_at, a.delivery_id,"
      " a.attempt");
  if (!st.isOk()) return st.status();
  (*st)->bind(eventId).bind(merchantId);
  return readAll<DeliveryAttempt>(**st, readAttempt);
}

// The per-configuration bound counts the claims every owner holds (`held`) and ranks each
// configuration's due deliveries, so one slow receiver cannot take every slot. The conditions
// on the row itself are repeated in the UPDATE's own WHERE: PostgreSQL re-checks those on the
// latest row version after waiting for a concurrent claimer, so a row another owner has just
// claimed is skipped (READ COMMITTED is enough); SQLite has one writer.
Result<std::vector<NotificationDelivery>> SqlTx::claimDeliveries(const DeliveryClaim& claim) {
  const int64_t now = toMicros(claim.now);
  {
    Result<StatementPtr> st = prepare(
        "UPDATE webhook_deliveries SET locked_by = ?, locked_until = ? WHERE id IN ("
        " SELECT id FROM ("
        "  SELECT d.id AS id, d.next_attempt_at AS due,"
        "   ROW_NUMBER() OVER (PARTITION BY d.config_id ORDER BY d.next_attempt_at, d.id) AS pos,"
        "   COALESCE(h.n, 0) AS held"
        "  FROM webhook_deliveries d LEFT JOIN ("
        "   SELECT config_id, COUNT(*) AS n FROM webhook_deliveries"
        "   WHERE state = 'PENDING' AND locked_until >= ? GROUP BY config_id) h"
        "  ON h.config_id = d.config_id"
        "  WHERE d.state = 'PENDING' AND d.next_attempt_at <= ?"
        "   AND (d.locked_until IS NULL OR d.locked_until < ?)"
        " ) due_now WHERE pos + held <= ? ORDER BY due, id LIMIT ?)"
        " AND state = 'PENDING' AND (locked_until IS NULL OR locked_until < ?)");
    if (!st.isOk()) return st.status();
    (*st)
        ->bind(claim.owner)
        .bind(toMicros(claim.leaseUntil))
        .bind(now)
        .bind(now)
        .bind(now)
        .bind(int64_t{claim.perReceiverLimit})
        .bind(int64_t{claim.limit})
        .bind(now);
    SY_RETURN_IF_ERROR(annotate((*st)->run(), "claim webhook deliveries"));
    if ((*st)->changes() == 0) return std::vector<NotificationDelivery>{};
  }
  Result<StatementPtr> st = prepare(sql({"SELECT ", kDeliveryCols,
                                         " FROM webhook_deliveries WHERE locked_by = ?"
                                         " AND state = 'PENDING' ORDER BY next_attempt_at, id"}));
  if (!st.isOk()) return st.status();
  (*st)->bind(claim.owner);
  return readAll<NotificationDelivery>(**st, readDelivery);
}

Status SqlTx::finishDeliveryAttempt(const DeliveryResult& r) {
  const DeliveryAttempt& a = r.attempt;
  const TimePoint finished = a.startedAt + std::chrono::microseconds(a.latencyMicros);
  {
    Result<StatementPtr> st = prepare(
        "UPDATE webhook_deliveries SET state = ?, attempts = ?, next_attempt_at = ?,"
        " last_status_code = ?, last_error = ?, locked_by = NULL, locked_until = NULL,"
        " updated_at = ? WHERE id = ? AND locked_by = ? AND state = 'PENDING'");
    if (!st.isOk()) return st.status();
    (*st)
        ->bind(toString(r.state))
        .bind(int64_t{a.number})
        .bind(toMicros(r.nextAttemptAt))
        .bind(a.statusCode)
        .bind(a.error)
        .bind(toMicros(finished))
        .bind(r.deliveryId)
        .bind(r.owner);
    SY_RETURN_IF_ERROR(annotate((*st)->run(), "finish webhook delivery attempt"));
    if ((*st)->changes() == 0)
      return Status(StatusCode::kFailedPrecondition,
                    "the delivery is no longer claimed by this dispatcher", "DeliveryClaimLost");
  }
  Result<StatementPtr> st = prepare(
      "INSERT INTO webhook_attempts (delivery_id, attempt, started_at, latency_us, status_code,"
      " delivered, error) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING");
  if (!st.isOk()) return st.status();
  (*st)
      ->bind(r.deliveryId)
      .bind(int64_t{a.number})
      .bind(toMicros(a.startedAt))
      .bind(a.latencyMicros)
      .bind(a.statusCode)
      .bind(int64_t{a.delivered})
      .bind(a.error);
  Status s = runInsert(**st, "insert webhook attempt");
  // The same attempt number twice means the claim was lost and retaken in between; the first
  // row stays, the delivery's state is this attempt's.
  return s.code() == StatusCode::kAlreadyExists ? Status::ok() : s;
}

}  // namespace sy::store::sql
