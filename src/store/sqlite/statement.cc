#include "store/sqlite/statement.h"

#include <sqlite3.h>

#include "store/sqlite/errors.h"

namespace sy::store::sqlite {

Statement::Statement(Statement&& other) noexcept
    : db_(other.db_),
      stmt_(other.stmt_),
      entry_(other.entry_),
      next_(other.next_),
      bindRc_(other.bindRc_) {
  other.stmt_ = nullptr;
  other.entry_ = nullptr;
}

Statement::~Statement() {
  if (stmt_ == nullptr) return;
  if (entry_ == nullptr) {
    sqlite3_finalize(stmt_);
    return;
  }
  // Reset releases the statement's read snapshot/locks; clearing drops copies of bound values.
  sqlite3_reset(stmt_);
  sqlite3_clear_bindings(stmt_);
  entry_->inUse = false;
}

Statement& Statement::bind(int64_t v) {
  int rc = sqlite3_bind_int64(stmt_, next_++, v);
  if (rc != SQLITE_OK && bindRc_ == SQLITE_OK) bindRc_ = rc;
  return *this;
}

Statement& Statement::bind(std::string_view v) {
  // A null data pointer would bind SQL NULL; an empty string must stay ''.
  const char* data = v.data() != nullptr ? v.data() : "";
  int rc = sqlite3_bind_text64(stmt_, next_++, data, v.size(), SQLITE_TRANSIENT, SQLITE_UTF8);
  if (rc != SQLITE_OK && bindRc_ == SQLITE_OK) bindRc_ = rc;
  return *this;
}

Statement& Statement::bindNull() {
  int rc = sqlite3_bind_null(stmt_, next_++);
  if (rc != SQLITE_OK && bindRc_ == SQLITE_OK) bindRc_ = rc;
  return *this;
}

Result<bool> Statement::step() {
  if (bindRc_ != SQLITE_OK) return sqliteStatus(bindRc_, "sqlite bind");
  int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  return sqliteStatus(sqlite3_extended_errcode(db_), "sqlite");
}

Status Statement::run() {
  while (true) {
    Result<bool> row = step();
    if (!row.isOk()) return row.status();
    if (!*row) return Status::ok();
  }
}

int64_t Statement::changes() const {
  return sqlite3_changes64(db_);
}

bool Statement::isNull(int col) const {
  return sqlite3_column_type(stmt_, col) == SQLITE_NULL;
}

int64_t Statement::getInt(int col) const {
  return sqlite3_column_int64(stmt_, col);
}

std::optional<int64_t> Statement::getOptInt(int col) const {
  if (isNull(col)) return std::nullopt;
  return getInt(col);
}

std::string Statement::getText(int col) const {
  const auto* p = reinterpret_cast<const char*>(sqlite3_column_text(stmt_, col));
  if (p == nullptr) return {};
  return std::string(p, static_cast<size_t>(sqlite3_column_bytes(stmt_, col)));
}

std::optional<std::string> Statement::getOptText(int col) const {
  if (isNull(col)) return std::nullopt;
  return getText(col);
}

int Statement::columnCount() const {
  return sqlite3_column_count(stmt_);
}

std::string Statement::columnName(int col) const {
  const char* name = sqlite3_column_name(stmt_, col);
  return name != nullptr ? name : "";
}

StatementCache::~StatementCache() {
  for (auto& [sql, entry] : entries_) sqlite3_finalize(entry.stmt);
}

Result<Statement> StatementCache::prepare(std::string_view sql) {
  std::string key(sql);
  auto it = entries_.find(key);
  if (it != entries_.end() && !it->second.inUse) {
    it->second.inUse = true;
    return Statement(db_, it->second.stmt, &it->second);
  }
  sqlite3_stmt* stmt = nullptr;
  int rc = sqlite3_prepare_v3(db_, sql.data(), static_cast<int>(sql.size()),
                              SQLITE_PREPARE_PERSISTENT, &stmt, nullptr);
  if (rc != SQLITE_OK) {
    sqlite3_finalize(stmt);
    return sqliteStatus(sqlite3_extended_errcode(db_), "sqlite prepare");
  }
  // The same SQL already borrowed (a nested use): hand out a one-off rather than share it.
  if (it != entries_.end()) return Statement(db_, stmt, nullptr);
  if (entries_.size() >= kMaxEntries) evictIdle();
  // unordered_map nodes are stable, so the Entry pointer survives later inserts and rehashes.
  auto [pos, inserted] = entries_.emplace(std::move(key), Statement::Entry{stmt, true});
  return Statement(db_, stmt, &pos->second);
}

void StatementCache::evictIdle() {
  for (auto it = entries_.begin(); it != entries_.end();) {
    if (it->second.inUse) {
      ++it;
    } else {
      sqlite3_finalize(it->second.stmt);
      it = entries_.erase(it);
    }
  }
}

}  // namespace sy::store::sqlite
