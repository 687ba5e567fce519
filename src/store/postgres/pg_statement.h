// One execution of a PostgreSQL statement: parameters are collected by bind(), sent as text on the
// first step()/run(), and the whole result is kept for reading (store queries are bounded by their
// LIMITs, and a result held in memory leaves the connection free for the next statement, so nested
// statements need no cursors).
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "store/sql/connection.h"

struct pg_conn;
struct pg_result;

namespace sy::store::postgres {

class PgStatement final : public sql::Statement {
 public:
  // A statement prepared on `conn` under `name`, or (empty name) a one-off run as `text`.
  PgStatement(pg_conn* conn, std::string name, std::string text, int params);
  ~PgStatement() override;

  PgStatement& bind(int64_t v) override;
  PgStatement& bind(std::string_view v) override;
  PgStatement& bindNull() override;
  using sql::Statement::bind;  // strings and optionals

  Result<bool> step() override;
  Status run() override;
  int64_t changes() const override;

  bool isNull(int col) const override;
  int64_t getInt(int col) const override;
  std::optional<int64_t> getOptInt(int col) const override;
  std::string getText(int col) const override;
  std::optional<std::string> getOptText(int col) const override;
  int columnCount() const override;
  std::string columnName(int col) const override;

 private:
  Status execute();

  pg_conn* conn_;
  std::string name_;
  std::string text_;
  int params_;
  std::vector<std::optional<std::string>> values_;
  Status bindError_;
  pg_result* result_ = nullptr;
  Status executed_ = internalError("not executed");
  bool ran_ = false;
  int row_ = -1;
};

}  // namespace sy::store::postgres
