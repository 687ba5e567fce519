// SqlTx: vault key rotation progress (store.h, vault/key_rotation.h). One row per rotation,
// rewritten after each batch so a stopped rotation resumes from its cursor.
#include "store/sql/errors.h"
#include "store/sql/row_read.h"
#include "store/sql/sql_tx.h"

namespace sy::store::sql {
namespace {

Result<VaultRotation> readVaultRotation(const Statement& st) {
  VaultRotation r;
  r.id = st.getText(0);
  r.targetKekId = st.getText(1);
  r.cursor = st.getText(2);
  r.rewrapped = st.getInt(3);
  r.total = st.getInt(4);
  r.startedAt = fromMicros(st.getInt(5));
  r.updatedAt = fromMicros(st.getInt(6));
  if (auto f = st.getOptInt(7)) r.finishedAt = fromMicros(*f);
  return r;
}

}  // namespace

Result<VaultRotation> SqlTx::findVaultRotation(const std::string& id) {
  Result<StatementPtr> st = prepare(
      "SELECT id, target_kek_id, cursor_token, rewrapped, total, started_at, updated_at,"
      " finished_at FROM vault_rotations WHERE id = ?");
  if (!st.isOk()) return st.status();
  (*st)->bind(id);
  return readOne<VaultRotation>(**st, readVaultRotation, "vault rotation");
}

Status SqlTx::saveVaultRotation(const VaultRotation& r) {
  Result<StatementPtr> st = prepare(
      "INSERT INTO vault_rotations (id, target_kek_id, cursor_token, rewrapped, total,"
      " started_at, updated_at, finished_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
      " ON CONFLICT (id) DO UPDATE SET cursor_token = excluded.cursor_token,"
      " rewrapped = excluded.rewrapped, total = excluded.total,"
      " updated_at = excluded.updated_at, finished_at = excluded.finished_at");
  if (!st.isOk()) return st.status();
  std::optional<int64_t> finished;
  if (r.finishedAt) finished = toMicros(*r.finishedAt);
  (*st)
      ->bind(r.id)
      .bind(r.targetKekId)
      .bind(r.cursor)
      .bind(r.rewrapped)
      .bind(r.total)
      .bind(toMicros(r.startedAt))
      .bind(toMicros(r.updatedAt))
      .bind(finished);
  return annotate((*st)->run(), "save vault rotation");
}

}  // namespace sy::store::sql
