#include "store/sql/payment_query.h"

namespace sy::store::sql {

void SqlWhere::add(std::string_view clause, std::vector<SqlArg> values) {
  if (!sql.empty()) sql += " AND ";
  sql += clause;
  for (auto& v : values) args.push_back(std::move(v));
}

std::string inList(size_t n) {
  std::string out = "IN (";
  for (size_t i = 0; i < n; ++i) out += i == 0 ? "?" : ", ?";
  return out + ")";
}

size_t paddedSize(size_t n) {
  size_t p = 1;
  while (p < n) p *= 2;
  return p;
}

void SqlWhere::addIn(std::string_view column, const std::vector<std::string>& values) {
  if (values.empty()) return;
  std::vector<SqlArg> padded(values.begin(), values.end());
  padded.resize(paddedSize(values.size()), values.back());
  std::string clause = std::string(column) + " " + inList(padded.size());
  add(clause, std::move(padded));
}

void bindArgs(Statement& st, const std::vector<SqlArg>& args) {
  for (const auto& a : args) {
    if (const auto* i = std::get_if<int64_t>(&a)) {
      st.bind(*i);
    } else {
      st.bind(std::string_view(std::get<std::string>(a)));
    }
  }
}

SqlWhere paymentFilterWhere(const std::string& merchantId, const PaymentFilter& f) {
  SqlWhere w;
  w.add("merchant_id = ?", {merchantId});
  std::vector<std::string> statuses;
  for (auto s : f.statuses) statuses.emplace_back(domain::toString(s));
  w.addIn("status", statuses);
  w.addIn("currency_code", f.currencies);
  w.addIn("processor_name", f.processors);
  w.addIn("customer_id", f.customerIds);
  w.addIn("customer_email", f.customerEmails);
  w.addIn("last4", f.last4Digits);
  if (f.orderId) w.add("order_id = ?", {*f.orderId});
  if (f.minAmount) w.add("amount >= ?", {*f.minAmount});
  if (f.maxAmount) w.add("amount <= ?", {*f.maxAmount});
  if (f.fromDate) w.add("created_at >= ?", {toMicros(*f.fromDate)});
  if (f.toDate) w.add("created_at <= ?", {toMicros(*f.toDate)});
  return w;
}

void addKeyset(SqlWhere& where, const PageKey& key, bool older) {
  // Row-value comparison (SQLite >= 3.15, PostgreSQL): one predicate the listing index can serve.
  where.add(older ? "(created_at, id) < (?, ?)" : "(created_at, id) > (?, ?)",
            {key.createdMicros, key.id});
}

}  // namespace sy::store::sql
