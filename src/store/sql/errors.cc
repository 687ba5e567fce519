#include "store/sql/errors.h"

#include <string>

namespace sy::store::sql {

Status storeUnavailable(std::string message) {
  return Status(StatusCode::kUnavailable, std::move(message), std::string(kStoreUnavailable));
}

Status storeOverloaded(std::string message) {
  return Status(StatusCode::kResourceExhausted, std::move(message),
                std::string(kServiceOverloaded));
}

Status annotate(Status s, std::string_view what) {
  if (s.isOk()) return s;
  return Status(s.code(), std::string(what) + ": " + s.message(), s.reason());
}

Status runInsert(Statement& st, std::string_view what) {
  SY_RETURN_IF_ERROR(annotate(st.run(), what));
  if (st.changes() != 0) return Status::ok();
  return Status(StatusCode::kAlreadyExists, std::string(what) + ": already exists (unique)");
}

}  // namespace sy::store::sql
