// SqlTx: payments with their transactions and events; listing and the unresolved lookup.
#include <algorithm>
#include <unordered_map>

#include "store/sql/errors.h"
#include "store/sql/payment_rows.h"
#include "store/sql/row_read.h"
#include "store/sql/sql_tx.h"

namespace sy::store::sql {
namespace {

using domain::Payment;

// Ids per IN list when loading a page's transactions; well under SQLite's parameter limit.
constexpr size_t kLoadChunk = 256;

}  // namespace

Result<Payment> SqlTx::findPayment(const std::string& merchantId, const std::string& paymentId) {
  std::vector<Payment> found;
  {
    Result<StatementPtr> st = prepare("SELECT " + paymentSelectColumns() +
                                      " FROM payments WHERE id = ? AND merchant_id = ?");
    if (!st.isOk()) return st.status();
    (*st)->bind(paymentId).bind(merchantId);
    Result<Payment> p = readOne<Payment>(**st, readPayment, "payment");
    if (!p.isOk()) return p.status();
    found.push_back(std::move(p).value());
  }
  SY_RETURN_IF_ERROR(loadTransactions(found));
  return std::move(found.front());
}

Status SqlTx::loadTransactions(std::vector<Payment>& payments) {
  std::unordered_map<std::string, size_t> paymentIndex;
  for (size_t i = 0; i < payments.size(); ++i) paymentIndex.emplace(payments[i].id, i);
  struct Pos {
    size_t payment;
    size_t transaction;
  };
  std::unordered_map<std::string, Pos> transactionIndex;

  for (size_t from = 0; from < payments.size(); from += kLoadChunk) {
    size_t n = std::min(kLoadChunk, payments.size() - from);
    size_t padded = paddedSize(n);
    auto bindIds = [&](Statement& st) {
      for (size_t i = 0; i < padded; ++i) st.bind(payments[from + std::min(i, n - 1)].id);
    };
    {
      Result<StatementPtr> st = prepare("SELECT " + transactionSelectColumns() +
                                        " FROM transactions t WHERE t.payment_id " +
                                        inList(padded) + " ORDER BY t.payment_id, t.seq");
      if (!st.isOk()) return st.status();
      bindIds(**st);
      while (true) {
        Result<bool> row = (*st)->step();
        if (!row.isOk()) return row.status();
        if (!*row) break;
        auto it = paymentIndex.find((*st)->getText(0));
        if (it == paymentIndex.end()) continue;
        Result<domain::Transaction> t = readTransaction(**st);
        if (!t.isOk()) return t.status();
        auto& list = payments[it->second].transactions;
        transactionIndex[t->id] = Pos{it->second, list.size()};
        list.push_back(std::move(t).value());
      }
    }
    {
      Result<StatementPtr> st =
          prepare("SELECT " + eventSelectColumns() +
                  " FROM transaction_events e JOIN transactions t ON t.id = e.transaction_id"
                  " WHERE t.payment_id " +
                  inList(padded) + " ORDER BY e.transaction_id, e.seq");
      if (!st.isOk()) return st.status();
      bindIds(**st);
      while (true) {
        Result<bool> row = (*st)->step();
        if (!row.isOk()) return row.status();
        if (!*row) break;
        auto it = transactionIndex.find((*st)->getText(0));
        if (it == transactionIndex.end()) continue;
        Result<domain::TransactionEvent> e = readEvent(**st);
        if (!e.isOk()) return e.status();
        payments[it->second.payment].transactions[it->second.transaction].events.push_back(
            std::move(e).value());
      }
    }
  }
  return Status::ok();
}

Result<bool> SqlTx::anyPayment(const SqlWhere& where) {
  Result<StatementPtr> st = prepare("SELECT 1 FROM payments WHERE " + where.sql + " LIMIT 1");
  if (!st.isOk()) return st.status();
  bindArgs(**st, where.args);
  return (*st)->step();
}

Result<PaymentPage> SqlTx::listPayments(const std::string& merchantId,
                                        const PaymentFilter& filter) {
  if (filter.limit <= 0) return invalidArgument("limit must be positive");
  if (filter.olderThan && filter.newerThan)
    return invalidArgument("olderThan and newerThan cannot be combined");

  const SqlWhere base = paymentFilterWhere(merchantId, filter);
  const bool newer = filter.newerThan.has_value();
  SqlWhere where = base;
  if (filter.olderThan) addKeyset(where, *filter.olderThan, /*older=*/true);
  if (newer) addKeyset(where, *filter.newerThan, /*older=*/false);

  // limit + 1 rows tell whether another page follows in the direction of travel. A newer page is
  // read ascending from the cursor (the rows closest to it) and then reversed to newest first.
  PaymentPage page;
  {
    Result<StatementPtr> st =
        prepare("SELECT " + paymentSelectColumns() + " FROM payments WHERE " + where.sql +
                (newer ? " ORDER BY created_at ASC, id ASC LIMIT ?"
                       : " ORDER BY created_at DESC, id DESC LIMIT ?"));
    if (!st.isOk()) return st.status();
    bindArgs(**st, where.args);
    (*st)->bind(int64_t{filter.limit} + 1);
    Result<std::vector<Payment>> rows = readAll<Payment>(**st, readPayment);
    if (!rows.isOk()) return rows.status();
    page.payments = std::move(rows).value();
  }
  const bool more = page.payments.size() > static_cast<size_t>(filter.limit);
  if (more) page.payments.resize(static_cast<size_t>(filter.limit));
  if (newer) std::reverse(page.payments.begin(), page.payments.end());

  // The other direction: is there anything past the page's edge (or past the cursor when the page
  // is empty)? Exactly what a page requested from that edge would return.
  auto keyOf = [](const Payment& p) { return PageKey{toMicros(p.createdAt), p.id}; };
  if (newer) {
    page.hasNewer = more;
    SqlWhere older = base;
    addKeyset(older, page.payments.empty() ? *filter.newerThan : keyOf(page.payments.back()),
              /*older=*/true);
    Result<bool> any = anyPayment(older);
    if (!any.isOk()) return any.status();
    page.hasOlder = *any;
  } else {
    page.hasOlder = more;
    if (filter.olderThan) {
      SqlWhere newerWhere = base;
      addKeyset(newerWhere,
                page.payments.empty() ? *filter.olderThan : keyOf(page.payments.front()),
                /*older=*/false);
      Result<bool> any = anyPayment(newerWhere);
      if (!any.isOk()) return any.status();
      page.hasNewer = *any;
    }
  }

  SY_RETURN_IF_ERROR(loadTransactions(page.payments));
  return page;
}

Result<std::vector<UnresolvedPayment>> SqlTx::listUnresolved(TimePoint updatedBefore, int limit) {
  if (limit <= 0) return std::vector<UnresolvedPayment>{};
  // Served by the partial index payments_unresolved (see migrations.cc).
  Result<StatementPtr> st = prepare(
      "SELECT merchant_id, id FROM payments WHERE unresolved = 1 AND updated_at <= ?"
      " ORDER BY updated_at, id LIMIT ?");
  if (!st.isOk()) return st.status();
  (*st)->bind(toMicros(updatedBefore)).bind(int64_t{limit});
  return readAll<UnresolvedPayment>(**st, [](const Statement& s) -> Result<UnresolvedPayment> {
    return UnresolvedPayment{s.getText(0), s.getText(1)};
  });
}

Result<std::vector<UnresolvedPayment>> SqlTx::listCapturesDue(TimePoint dueBy, int limit) {
  if (limit <= 0) return std::vector<UnresolvedPayment>{};
  // Served by the partial index payments_capture_due (migration 5).
  Result<StatementPtr> st = prepare(
      "SELECT merchant_id, id FROM payments WHERE capture_due_at IS NOT NULL AND"
      " capture_due_at <= ? ORDER BY capture_due_at, id LIMIT ?");
  if (!st.isOk()) return st.status();
  (*st)->bind(toMicros(dueBy)).bind(int64_t{limit});
  return readAll<UnresolvedPayment>(**st, [](const Statement& s) -> Result<UnresolvedPayment> {
    return UnresolvedPayment{s.getText(0), s.getText(1)};
  });
}

Result<std::vector<UnresolvedPayment>> SqlTx::listExpiredChallenges(TimePoint expiredBy,
                                                                    int limit) {
  if (limit <= 0) return std::vector<UnresolvedPayment>{};
  // Served by the partial index payments_challenge_expiry (migration 10).
  Result<StatementPtr> st = prepare(
      "SELECT merchant_id, id FROM payments WHERE challenge_expires_at IS NOT NULL AND"
      " challenge_expires_at <= ? ORDER BY challenge_expires_at, id LIMIT ?");
  if (!st.isOk()) return st.status();
  (*st)->bind(toMicros(expiredBy)).bind(int64_t{limit});
  return readAll<UnresolvedPayment>(**st, [](const Statement& s) -> Result<UnresolvedPayment> {
    return UnresolvedPayment{s.getText(0), s.getText(1)};
  });
}

Status SqlTx::insertPayment(const Payment& p) {
  Result<StatementPtr> st = prepare(paymentInsertSql());
  if (!st.isOk()) return st.status();
  bindPaymentInsert(**st, p);
  SY_RETURN_IF_ERROR(runInsert(**st, "insert payment"));
  return upsertTransactions(p);
}

Status SqlTx::updatePayment(const Payment& p) {
  {
    Result<StatementPtr> st = prepare(paymentUpdateSql());
    if (!st.isOk()) return st.status();
    bindPaymentUpdate(**st, p);
    SY_RETURN_IF_ERROR(annotate((*st)->run(), "update payment"));
    if ((*st)->changes() == 0) {
      Result<StatementPtr> exists =
          prepare("SELECT 1 FROM payments WHERE id = ? AND merchant_id = ?");
      if (!exists.isOk()) return exists.status();
      (*exists)->bind(p.id).bind(p.merchantId);
      Result<bool> row = (*exists)->step();
      if (!row.isOk()) return row.status();
      if (!*row) return notFound("payment not found");
      return Status(StatusCode::kFailedPrecondition, "payment was modified concurrently",
                    "ConcurrentModification");
    }
  }
  return upsertTransactions(p);
}

Status SqlTx::upsertTransactions(const Payment& p) {
  for (size_t i = 0; i < p.transactions.size(); ++i) {
    const domain::Transaction& t = p.transactions[i];
    {
      Result<StatementPtr> st = prepare(transactionUpsertSql());
      if (!st.isOk()) return st.status();
      bindTransactionUpsert(**st, p.id, static_cast<int>(i), t);
      SY_RETURN_IF_ERROR(annotate((*st)->run(), "upsert transaction"));
      if ((*st)->changes() == 0) return alreadyExists("transaction id belongs to another payment");
    }
    for (size_t j = 0; j < t.events.size(); ++j) {
      Result<StatementPtr> st = prepare(eventUpsertSql());
      if (!st.isOk()) return st.status();
      bindEventUpsert(**st, t.id, static_cast<int>(j), t.events[j]);
      SY_RETURN_IF_ERROR(annotate((*st)->run(), "upsert transaction event"));
      if ((*st)->changes() == 0) return alreadyExists("event id belongs to another transaction");
    }
  }
  return Status::ok();
}

}  // namespace sy::store::sql
