// SQLite result codes -> sy::Status. Messages carry the operation and SQLite's generic text for
// the code, never bound values (they may be secrets or personal data).
#pragma once

#include <string_view>

#include "common/status.h"
#include "store/sql/errors.h"

namespace sy::store::sqlite {

// SQLITE_BUSY/LOCKED/FULL/IOERR/CANTOPEN -> kUnavailable (transient or environmental);
// UNIQUE/PRIMARY KEY violations -> kAlreadyExists; FOREIGN KEY violations -> kFailedPrecondition
// (the referenced row is missing); anything else -> kInternal (a bug or corruption).
Status sqliteStatus(int rc, std::string_view what);

using sql::annotate;

}  // namespace sy::store::sqlite
