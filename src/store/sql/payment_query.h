// SQL for listing payments: the WHERE clause for a PaymentFilter and the keyset position, built as
// text with positional placeholders plus the values to bind (values never enter the SQL text).
#pragma once

#include <cstdint>
#include <string>
#include <variant>
#include <vector>

#include "store/records.h"
#include "store/sql/connection.h"

namespace sy::store::sql {

using SqlArg = std::variant<int64_t, std::string>;

struct SqlWhere {
  std::string sql;  // conditions joined by AND; never empty (always scoped by merchant)
  std::vector<SqlArg> args;

  // Appends "AND <clause>"; `clause` holds one '?' per value in `values`.
  void add(std::string_view clause, std::vector<SqlArg> values);
  // Appends "AND <column> IN (?, ...)" when `values` is not empty (an empty filter matches all).
  void addIn(std::string_view column, const std::vector<std::string>& values);
};

// "IN (?, ?, ...)" with n placeholders.
std::string inList(size_t n);
// IN lists are padded (repeating the last value, which changes nothing) to a power of two, so the
// statement cache sees a handful of distinct SQL texts instead of one per list length.
size_t paddedSize(size_t n);

void bindArgs(Statement& st, const std::vector<SqlArg>& args);

// merchant_id plus every field of `filter` except the paging ones (olderThan/newerThan/limit).
SqlWhere paymentFilterWhere(const std::string& merchantId, const PaymentFilter& filter);

// Adds the keyset bound "(created_at, id) < key" (older) or "> key" (newer).
void addKeyset(SqlWhere& where, const PageKey& key, bool older);

}  // namespace sy::store::sql
