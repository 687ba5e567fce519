// Error helpers shared by every SQL backend.
#pragma once

#include <string_view>

#include "common/status.h"
#include "store/sql/connection.h"

namespace sy::store::sql {

// The store's two transient failures, each with the reason the API shows as errorId (a 503 with
// Retry-After): the database is locked, full, unreachable or closed (StoreUnavailable), or a
// store queue is full (ServiceOverloaded). Neither wrote anything: a retry is safe.
inline constexpr std::string_view kStoreUnavailable = "StoreUnavailable";
inline constexpr std::string_view kServiceOverloaded = "ServiceOverloaded";
Status storeUnavailable(std::string message);
Status storeOverloaded(std::string message);

// Prefixes a non-OK status's message with `what`, keeping code and reason.
Status annotate(Status s, std::string_view what);

// Runs an INSERT ... ON CONFLICT DO NOTHING; kAlreadyExists when it inserted no row because of a
// unique key. The conflict is reported without failing the statement, so a PostgreSQL transaction
// stays usable after it.
Status runInsert(Statement& st, std::string_view what);

}  // namespace sy::store::sql
