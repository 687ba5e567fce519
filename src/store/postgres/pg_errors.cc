#include "store/postgres/pg_errors.h"

#include <libpq-fe.h>

#include <string>

#include "store/sql/errors.h"

namespace sy::store::postgres {

StatusCode codeForSqlState(std::string_view s) {
  if (s == "23505") return StatusCode::kAlreadyExists;
  if (s == "23503") return StatusCode::kFailedPrecondition;
  if (s.starts_with("08") || s.starts_with("53") || s.starts_with("57P") || s == "40001" ||
      s == "40P01" || s == "55P03")
    return StatusCode::kUnavailable;
  return StatusCode::kInternal;
}

std::string connectionMessage(pg_conn* conn, std::string_view password) {
  std::string m = conn != nullptr ? PQerrorMessage(conn) : "out of memory";
  while (!m.empty() && (m.back() == '\n' || m.back() == ' ')) m.pop_back();
  for (char& c : m)
    if (c == '\n' || c == '\t') c = ' ';
  if (!password.empty()) {
    for (size_t at = m.find(password); at != std::string::npos; at = m.find(password, at))
      m.replace(at, password.size(), "***");
  }
  return m;
}

Status resultStatus(pg_conn* conn, const pg_result* res, std::string_view what) {
  ExecStatusType st = res != nullptr ? PQresultStatus(res) : PGRES_FATAL_ERROR;
  if (st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK) return Status::ok();
  const char* state = res != nullptr ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : nullptr;
  if (state == nullptr || PQstatus(conn) == CONNECTION_BAD) {
    // No SQLSTATE: libpq's own failure (connection lost, out of memory). Its message is about the
    // connection, not the data.
    return sql::storeUnavailable(std::string(what) + ": " + connectionMessage(conn, {}));
  }
  std::string message = std::string(what) + ": SQLSTATE " + state;
  if (const char* constraint = PQresultErrorField(res, PG_DIAG_CONSTRAINT_NAME))
    message += std::string(" (constraint ") + constraint + ")";
  StatusCode code = codeForSqlState(state);
  if (code == StatusCode::kAlreadyExists) message += " (unique)";
  if (code == StatusCode::kUnavailable) return sql::storeUnavailable(std::move(message));
  return Status(code, std::move(message));
}

}  // namespace sy::store::postgres
