// SqlTx: disputes processors reported on payments (migration 6).
#include "store/sql/errors.h"
#include "store/sql/row_read.h"
#include "store/sql/sql_tx.h"

namespace sy::store::sql {
namespace {

std::string sql(std::initializer_list<std::string_view> parts) {
  std::string out;
  for (auto p : parts) out += p;
  return out;
}

constexpr std::string_view kDisputeCols =
    "id, merchant_id, processor, processor_dispute_id, payment_id, transaction_id, dispute_type, "
    "status, amount, currency, reason_code, processor_reason, opened_at, last_event_at, updated_at";

Result<Dispute> readDispute(const Statement& st) {
  Dispute d;
  d.id = st.getText(0);
  d.merchantId = st.getText(1);
  d.processor = st.getText(2);
  d.processorDisputeId = st.getText(3);
  d.paymentId = st.getText(4);
  d.transactionId = st.getText(5);
  d.type = st.getText(6);
  d.status = st.getText(7);
  d.amount = st.getOptInt(8);
  d.currencyCode = st.getText(9);
  d.reasonCode = st.getText(10);
  d.processorReason = st.getText(11);
  d.openedAt = fromMicros(st.getInt(12));
  d.lastEventAt = fromMicros(st.getInt(13));
  d.updatedAt = fromMicros(st.getInt(14));
  return d;
}

}  // namespace

Result<Dispute> SqlTx::findDispute(const std::string& merchantId, const std::string& processor,
                                   const std::string& processorDisputeId) {
  Result<StatementPtr> st = prepare(
      sql({"SELECT ", kDisputeCols,
           " FROM disputes WHERE merchant_id = ? AND processor = ? AND processor_dispute_id = ?"}));
  if (!st.isOk()) return st.status();
  (*st)->bind(merchantId).bind(processor).bind(processorDisputeId);
  return readOne<Dispute>(**st, readDispute, "dispute");
}

Result<std::vector<Dispute>> SqlTx::listDisputes(const std::string& merchantId,
                                                 const std::string& paymentId) {
  Result<StatementPtr> st =
      prepare(sql({"SELECT ", kDisputeCols,
                   " FROM disputes WHERE merchant_id = ? AND payment_id = ? ORDER BY opened_at, id"}));
  if (!st.isOk()) return st.status();
  (*st)->bind(merchantId).bind(paymentId);
  return readAll<Dispute>(**st, readDispute);
}

Status SqlTx::insertDispute(const Dispute& d) {
  Result<StatementPtr> st = prepare(sql({"INSERT INTO disputes (", kDisputeCols,
                                         ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
                                         " ON CONFLICT DO NOTHING"}));
  if (!st.isOk()) return st.status();
  (*st)
      ->bind(d.id)
      .bind(d.merchantId)
      .bind(d.processor)
      .bind(d.processorDisputeId)
      .bind(d.paymentId)
      .bind(d.transactionId)
      .bind(d.type)
      .bind(d.status)
      .bind(d.amount)
      .bind(d.currencyCode)
      .bind(d.reasonCode)
      .bind(d.processorReason)
      .bind(toMicros(d.openedAt))
      .bind(toMicros(d.lastEventAt))
      .bind(toMicros(d.updatedAt));
  return runInsert(**st, "insert dispute");
}

Status SqlTx::updateDispute(const Dispute& d) {
  Result<StatementPtr> st = prepare(
      "UPDATE disputes SET dispute_type = ?, status = ?, amount = ?, currency = ?, reason_code = ?,"
      " processor_reason = ?, last_event_at = ?, updated_at = ? WHERE id = ? AND merchant_id = ?");
  if (!st.isOk()) return st.status();
  (*st)
      ->bind(d.type)
      .bind(d.status)
      .bind(d.amount)
      .bind(d.currencyCode)
      .bind(d.reasonCode)
      .bind(d.processorReason)
      .bind(toMicros(d.lastEventAt))
      .bind(toMicros(d.updatedAt))
      .bind(d.id)
      .bind(d.merchantId);
  SY_RETURN_IF_ERROR(annotate((*st)->run(), "update dispute"));
  if ((*st)->changes() == 0) return notFound("dispute not found");
  return Status::ok();
}

}  // namespace sy::store::sql
