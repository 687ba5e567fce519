// domain::Payment <-> rows of payments, transactions and transaction_events. Column lists and
// binders live side by side so their order cannot drift apart.
#pragma once

#include <string>

#include "domain/payment.h"
#include "store/sql/connection.h"

namespace sy::store::sql {

// "id, merchant_id, created_at, ..." for SELECT; readPayment() reads them from column `first`.
const std::string& paymentSelectColumns();
// INSERT INTO payments (...) VALUES (...) ON CONFLICT DO NOTHING, bound by bindPaymentInsert().
const std::string& paymentInsertSql();
// UPDATE payments SET <mutable columns> WHERE id = ? AND merchant_id = ? AND version = ?,
// bound by bindPaymentUpdate() (which binds the expected previous version, p.version - 1).
const std::string& paymentUpdateSql();
// Upserts by id; the update applies only when the existing row belongs to the same parent, so a
// reused id can never move a transaction (or event) to another payment (0 rows changed then).
const std::string& transactionUpsertSql();
const std::string& eventUpsertSql();
// "t.payment_id, t.id, ..." / "e.transaction_id, e.id, ..." for SELECT with aliases t and e.
const std::string& transactionSelectColumns();
const std::string& eventSelectColumns();

void bindPaymentInsert(Statement& st, const domain::Payment& p);
void bindPaymentUpdate(Statement& st, const domain::Payment& p);
void bindTransactionUpsert(Statement& st, const std::string& paymentId, int seq,
                           const domain::Transaction& t);
void bindEventUpsert(Statement& st, const std::string& transactionId, int seq,
                     const domain::TransactionEvent& e);

// Read a row selected with the matching *SelectColumns(); kInternal on an unknown enum value.
Result<domain::Payment> readPayment(const Statement& st);
// Column 0 is the parent id (payment_id / transaction_id); the record starts at column 1.
Result<domain::Transaction> readTransaction(const Statement& st);
Result<domain::TransactionEvent> readEvent(const Statement& st);

// True when a transaction or event of `p` awaits its outcome (kInFlight or kUnknown): what
// payments.unresolved records for the recovery sweep.
bool isUnresolved(const domain::Payment& p);

}  // namespace sy::store::sql
