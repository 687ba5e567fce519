#include "store/postgres/pg_statement.h"

#include <libpq-fe.h>

#include <charconv>
#include <cstring>

#include "store/postgres/pg_errors.h"

namespace sy::store::postgres {

PgStatement::PgStatement(pg_conn* conn, std::string name, std::string text, int params)
    : conn_(conn), name_(std::move(name)), text_(std::move(text)), params_(params) {
  values_.reserve(static_cast<size_t>(params));
}

PgStatement::~PgStatement() {
  PQclear(result_);
}

PgStatement& PgStatement::bind(int64_t v) {
  values_.emplace_back(std::to_string(v));
  return *this;
}

PgStatement& PgStatement::bind(std::string_view v) {
  // Text parameters travel NUL-terminated: an embedded NUL would silently cut the value short
  // (and PostgreSQL's text type cannot hold one anyway), so it is refused.
  if (v.find('\0') != std::string_view::npos && bindError_.isOk())
    bindError_ = invalidArgument("postgres bind: text value contains a NUL byte");
  values_.emplace_back(std::string(v));
  return *this;
}

PgStatement& PgStatement::bindNull() {
  values_.emplace_back(std::nullopt);
  return *this;
}

Status PgStatement::execute() {
  if (ran_) return executed_;
  ran_ = true;
  if (!bindError_.isOk()) return executed_ = bindError_;
  if (static_cast<int>(values_.size()) != params_)
    return executed_ = internalError("postgres bind: " + std::to_string(values_.size()) +
                                     " values for " + std::to_string(params_) + " parameters");
  std::vector<const char*> values;
  values.reserve(values_.size());
  for (const auto& v : values_) values.push_back(v ? v->c_str() : nullptr);
  result_ =
      name_.empty()
          ? PQexecParams(conn_, text_.c_str(), params_, nullptr, values.data(), nullptr, nullptr, 0)
          : PQexecPrepared(conn_, name_.c_str(), params_, values.data(), nullptr, nullptr, 0);
  return executed_ = resultStatus(conn_, result_, "postgres");
}

Result<bool> PgStatement::step() {
  SY_RETURN_IF_ERROR(execute());
  if (row_ < PQntuples(result_)) ++row_;
  return row_ < PQntuples(result_);
}

Status PgStatement::run() {
  return execute();
}

int64_t PgStatement::changes() const {
  if (result_ == nullptr) return 0;
  const char* n = PQcmdTuples(result_);
  int64_t out = 0;
  std::from_chars(n, n + std::strlen(n), out);
  return out;
}

bool PgStatement::isNull(int col) const {
  return PQgetisnull(result_, row_, col) != 0;
}

int64_t PgStatement::getInt(int col) const {
  const char* v = PQgetvalue(result_, row_, col);
  int64_t out = 0;
  std::from_chars(v, v + PQgetlength(result_, row_, col), out);
  return out;
}

std::optional<int64_t> PgStatement::getOptInt(int col) const {
  if (isNull(col)) return std::nullopt;
  return getInt(col);
}

std::string PgStatement::getText(int col) const {
  return std::string(PQgetvalue(result_, row_, col),
                     static_cast<size_t>(PQgetlength(result_, row_, col)));
}

std::optional<std::string> PgStatement::getOptText(int col) const {
  if (isNull(col)) return std::nullopt;
  return getText(col);
}

int PgStatement::columnCount() const {
  return result_ != nullptr ? PQnfields(result_) : 0;
}

std::string PgStatement::columnName(int col) const {
  const char* name = result_ != nullptr ? PQfname(result_, col) : nullptr;
  return name != nullptr ? name : "";
}

}  // namespace sy::store::postgres
