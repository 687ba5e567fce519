// SqlTx: CVV holds (store.h). A take is a read followed by a guarded delete: only the unit whose
// DELETE removed the row gets the CVV, so two nodes taking one hold at once cannot both use it.
#include "common/crypto.h"
#include "store/sql/errors.h"
#include "store/sql/row_read.h"
#include "store/sql/sql_tx.h"

namespace sy::store::sql {

Status SqlTx::insertCvvHold(const CvvHold& h) {
  Result<StatementPtr> st = prepare(
      "INSERT INTO cvv_holds (token, merchant_id, cvv_sealed, expires_at) VALUES (?, ?, ?, ?)"
      " ON CONFLICT DO NOTHING");
  if (!st.isOk()) return st.status();
  (*st)
      ->bind(h.token)
      .bind(h.merchantId)
      .bind(crypto::base64Encode(h.cvvSealed))
      .bind(toMicros(h.expiresAt));
  return runInsert(**st, "insert cvv hold");
}

Result<CvvHold> SqlTx::takeCvvHold(const std::string& merchantId, const std::string& token) {
  CvvHold h;
  {
    Result<StatementPtr> st =
        prepare("SELECT cvv_sealed, expires_at FROM cvv_holds WHERE token = ? AND merchant_id = ?");
    if (!st.isOk()) return st.status();
    (*st)->bind(token).bind(merchantId);
    Result<bool> row = (*st)->step();
    if (!row.isOk()) return row.status();
    if (!*row) return notFound("cvv hold not found");
    Result<std::string> sealed = crypto::base64Decode((*st)->getText(0));
    if (!sealed.isOk()) return internalError("stored sealed cvv is not valid base64");
    h.cvvSealed = std::move(sealed).value();
    h.expiresAt = fromMicros((*st)->getInt(1));
  }
  Result<StatementPtr> del = prepare("DELETE FROM cvv_holds WHERE token = ? AND merchant_id = ?");
  if (!del.isOk()) return del.status();
  (*del)->bind(token).bind(merchantId);
  SY_RETURN_IF_ERROR(annotate((*del)->run(), "take cvv hold"));
  if ((*del)->changes() == 0) return notFound("cvv hold not found");  // taken concurrently
  h.token = token;
  h.merchantId = merchantId;
  return h;
}

Result<int64_t> SqlTx::deleteExpiredCvvHolds(TimePoint now) {
  Result<StatementPtr> st = prepare("DELETE FROM cvv_holds WHERE expires_at <= ?");
  if (!st.isOk()) return st.status();
  (*st)->bind(toMicros(now));
  SY_RETURN_IF_ERROR(annotate((*st)->run(), "delete expired cvv holds"));
  return (*st)->changes();
}

}  // namespace sy::store::sql
