// SqlTx: work leases (store.h). One portable upsert decides a claim: the row is inserted, or taken
// over only when the existing lease has expired, so between two concurrent claimers the unique key
// (and, on PostgreSQL, the row lock the upsert waits on before re-checking its WHERE) lets exactly
// one through. No statement fails on a held lease, so a PostgreSQL unit stays usable.
#include "store/sql/errors.h"
#include "store/sql/row_read.h"
#include "store/sql/sql_tx.h"

namespace sy::store::sql {
namespace {
Result<Lease> readLease(const Statement& st) {
  return Lease{st.getText(0), st.getText(1), st.getText(2), fromMicros(st.getInt(3))};
}
}  // namespace

Result<Lease> SqlTx::findLease(const std::string& name) {
  Result<StatementPtr> st =
      prepare("SELECT name, holder, token, expires_at FROM work_leases WHERE name = ?");
  if (!st.isOk()) return st.status();
  (*st)->bind(name);
  return readOne<Lease>(**st, readLease, "lease");
}

Status SqlTx::claimLease(const Lease& l, TimePoint now) {
  Result<StatementPtr> st = prepare(
      "INSERT INTO work_leases (name, holder, token, expires_at) VALUES (?, ?, ?, ?)"
      " ON CONFLICT (name) DO UPDATE SET holder = excluded.holder, token = excluded.token,"
      " expires_at = excluded.expires_at WHERE work_leases.expires_at <= ?");
  if (!st.isOk()) return st.status();
  (*st)->bind(l.name).bind(l.holder).bind(l.token).bind(toMicros(l.expiresAt)).bind(toMicros(now));
  SY_RETURN_IF_ERROR(annotate((*st)->run(), "claim lease"));
  if ((*st)->changes() != 0) return Status::ok();
  return Status(StatusCode::kFailedPrecondition, "the work is leased by another process",
                "LeaseHeld");
}

Status SqlTx::renewLease(const std::string& name, const std::string& token, TimePoint expiresAt) {
  Result<StatementPtr> st =
      prepare("UPDATE work_leases SET expires_at = ? WHERE name = ? AND token = ?");
  if (!st.isOk()) return st.status();
  (*st)->bind(toMicros(expiresAt)).bind(name).bind(token);
  SY_RETURN_IF_ERROR(annotate((*st)->run(), "renew lease"));
  if ((*st)->changes() != 0) return Status::ok();
  return Status(StatusCode::kFailedPrecondition, "the lease is no longer held", "LeaseLost");
}

Status SqlTx::releaseLease(const std::string& name, const std::string& token) {
  Result<StatementPtr> st = prepare("DELETE FROM work_leases WHERE name = ? AND token = ?");
  if (!st.isOk()) return st.status();
  (*st)->bind(name).bind(token);
  return annotate((*st)->run(), "release lease");
}

}  // namespace sy::store::sql
