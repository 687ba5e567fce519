#include "store/sqlite/errors.h"

#include <sqlite3.h>

#include <string>

#include "store/sql/errors.h"

namespace sy::store::sqlite {

Status sqliteStatus(int rc, std::string_view what) {
  std::string message = std::string(what) + ": " + sqlite3_errstr(rc);
  switch (rc & 0xff) {
    case SQLITE_OK:
    case SQLITE_ROW:
    case SQLITE_DONE:
      return Status::ok();
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
    case SQLITE_FULL:
    case SQLITE_IOERR:
    case SQLITE_CANTOPEN:
      return sql::storeUnavailable(std::move(message));
    case SQLITE_CONSTRAINT:
      if (rc == SQLITE_CONSTRAINT_UNIQUE || rc == SQLITE_CONSTRAINT_PRIMARYKEY)
        return Status(StatusCode::kAlreadyExists, message + " (unique)");
      if (rc == SQLITE_CONSTRAINT_FOREIGNKEY)
        return Status(StatusCode::kFailedPrecondition, message + " (foreign key)");
      return Status(StatusCode::kInternal, std::move(message));
    default:
      return Status(StatusCode::kInternal, std::move(message));
  }
}

}  // namespace sy::store::sqlite
