// Reading query results into records: one row (absent -> kNotFound) or all rows.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "store/sql/connection.h"

namespace sy::store::sql {

// `read(const Statement&)` returns Result<T> for the current row.
template <class T, class Read>
Result<T> readOne(Statement& st, Read read, std::string_view what) {
  Result<bool> row = st.step();
  if (!row.isOk()) return row.status();
  if (!*row) return Status(StatusCode::kNotFound, std::string(what) + " not found");
  return read(st);
}

template <class T, class Read>
Result<std::vector<T>> readAll(Statement& st, Read read) {
  std::vector<T> out;
  while (true) {
    Result<bool> row = st.step();
    if (!row.isOk()) return row.status();
    if (!*row) return out;
    Result<T> item = read(st);
    if (!item.isOk()) return item.status();
    out.push_back(std::move(item).value());
  }
}

}  // namespace sy::store::sql
