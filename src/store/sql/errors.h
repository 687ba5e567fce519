// Error helpers shared by every SQL backend.
#pragma once

#include <string_view>

#include "common/status.h"
#include "store/sql/connection.h"

namespace sy::store::sql {

// Prefixes a non-OK status's message with `what`, keeping code and reason.
Status annotate(Status s, std::string_view what);

// Runs an INSERT ... ON CONFLICT DO NOTHING; kAlreadyExists when it inserted no row because of a
// unique key. The conflict is reported without failing the statement, so a PostgreSQL transaction
// stays usable after it.
Status runInsert(Statement& st, std::string_view what);

}  // namespace sy::store::sql
