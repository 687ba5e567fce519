// Prepared statements: RAII borrows from a per-connection cache, so each distinct SQL text is
// prepared once per connection and reused (parse/plan cost is paid once, not per call).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

#include "common/status.h"
#include "store/sql/connection.h"

struct sqlite3;
struct sqlite3_stmt;

namespace sy::store::sqlite {

class StatementCache;

// A statement borrowed from a StatementCache (or a one-off when its SQL is already borrowed).
// Parameters bind in order with bind(); destruction resets it and returns it to the cache.
class Statement final : public sql::Statement {
 public:
  Statement(Statement&& other) noexcept;
  Statement& operator=(Statement&&) = delete;
  Statement(const Statement&) = delete;
  ~Statement() override;

  // Binds the next positional parameter. A failed bind is reported by the next step()/run().
  Statement& bind(int64_t v) override;
  Statement& bind(std::string_view v) override;
  Statement& bindNull() override;
  using sql::Statement::bind;  // strings and optionals

  // Advances: true when a row is available, false when done.
  Result<bool> step() override;
  // Runs to completion, ignoring any rows (for INSERT/UPDATE/DELETE).
  Status run() override;
  // Rows changed by the last run() on this connection.
  int64_t changes() const override;

  bool isNull(int col) const override;
  int64_t getInt(int col) const override;
  std::optional<int64_t> getOptInt(int col) const override;
  std::string getText(int col) const override;  // NULL reads as ""
  std::optional<std::string> getOptText(int col) const override;
  int columnCount() const override;
  std::string columnName(int col) const override;

 private:
  friend class StatementCache;
  struct Entry;
  Statement(sqlite3* db, sqlite3_stmt* stmt, Entry* entry) : db_(db), stmt_(stmt), entry_(entry) {}
  Status checkBind(int rc);

  sqlite3* db_;
  sqlite3_stmt* stmt_;
  Entry* entry_;  // null for a one-off statement, finalized on destruction
  int next_ = 1;
  int bindRc_ = 0;
};

struct Statement::Entry {
  sqlite3_stmt* stmt = nullptr;
  bool inUse = false;
};

class StatementCache {
 public:
  // Beyond this many distinct SQL texts, idle statements are finalized (listPayments builds IN
  // lists of varying length, so the set of texts is open-ended).
  static constexpr size_t kMaxEntries = 256;

  explicit StatementCache(sqlite3* db) : db_(db) {}
  StatementCache(const StatementCache&) = delete;
  ~StatementCache();  // every borrowed Statement must be gone by then

  Result<Statement> prepare(std::string_view sql);
  size_t size() const { return entries_.size(); }

 private:
  void evictIdle();

  sqlite3* db_;
  std::unordered_map<std::string, Statement::Entry> entries_;
};

}  // namespace sy::store::sqlite
