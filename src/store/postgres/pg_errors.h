// libpq results -> sy::Status. Messages carry the operation, the SQLSTATE and the constraint name,
// never the server's message text (it may quote bound values: card data, secrets, personal data).
#pragma once

#include <string_view>

#include "common/status.h"

struct pg_conn;
struct pg_result;

namespace sy::store::postgres {

// SQLSTATE -> code: 23505 unique violation -> kAlreadyExists; 23503 foreign key ->
// kFailedPrecondition; class 08 (connection), 53 (resources), 57P (shutdown), 40001/40P01
// (serialization, deadlock), 55P03 (lock) -> kUnavailable; anything else -> kInternal.
StatusCode codeForSqlState(std::string_view sqlState);

// The status of a finished command: OK for PGRES_COMMAND_OK/TUPLES_OK, else the mapped error.
// A null result or a broken connection is kUnavailable with libpq's own connection message (it
// names host and port, never the password).
Status resultStatus(pg_conn* conn, const pg_result* res, std::string_view what);

// libpq's connection-level message with `password` (when non-empty) masked.
std::string connectionMessage(pg_conn* conn, std::string_view password);

}  // namespace sy::store::postgres
