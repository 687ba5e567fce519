#include "store/postgres/placeholders.h"

namespace sy::store::postgres {

NumberedSql numberPlaceholders(std::string_view sql) {
  NumberedSql out;
  out.text.reserve(sql.size() + 16);
  char quote = 0;  // the quote character we are inside, or 0
  for (char c : sql) {
    if (quote != 0) {
      if (c == quote) quote = 0;  // a doubled quote closes and reopens: same result
      out.text += c;
    } else if (c == '\'' || c == '"') {
      quote = c;
      out.text += c;
    } else if (c == '?') {
      out.text += '$' + std::to_string(++out.params);
    } else {
      out.text += c;
    }
  }
  return out;
}

}  // namespace sy::store::postgres
