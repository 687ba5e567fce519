// The store's SQL is written with '?' placeholders (store/sql/connection.h); PostgreSQL numbers
// them ($1, $2...). This is the only rewrite its dialect needs.
#pragma once

#include <string>
#include <string_view>

namespace sy::store::postgres {

struct NumberedSql {
  std::string text;  // `sql` with the n-th '?' outside quotes replaced by $n
  int params = 0;    // how many there were
};

// '?' inside single-quoted literals and double-quoted identifiers is left alone.
NumberedSql numberPlaceholders(std::string_view sql);

}  // namespace sy::store::postgres
