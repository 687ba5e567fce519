#include "store/sql/table_scan.h"

#include <algorithm>

#include "store/sql/errors.h"

namespace sy::store::sql {
namespace {

std::string join(const std::vector<std::string>& names) {
  std::string out;
  for (const auto& n : names) out += (out.empty() ? "" : ", ") + n;
  return out;
}

std::vector<std::string> keyNames(const migrations::Table& table) {
  return std::vector<std::string>(table.key.begin(), table.key.end());
}

}  // namespace

Result<std::vector<std::string>> tableColumns(DbConnection& db, const migrations::Table& table) {
  Result<StatementPtr> st =
      db.prepareStatement("SELECT * FROM " + std::string(table.name) + " WHERE 1 = 0");
  if (!st.isOk()) return annotate(st.status(), table.name);
  Result<bool> row = (*st)->step();
  if (!row.isOk()) return annotate(row.status(), table.name);
  std::vector<std::string> out;
  for (int i = 0; i < (*st)->columnCount(); ++i) out.push_back((*st)->columnName(i));
  return out;
}

Status scanTable(DbConnection& db, const migrations::Table& table,
                 const std::vector<std::string>& columns, size_t batchRows,
                 const std::function<Status(const std::vector<Row>&)>& batch) {
  const std::vector<std::string> key = keyNames(table);
  std::vector<int> keyAt;
  for (const auto& k : key) {
    auto it = std::find(columns.begin(), columns.end(), k);
    if (it == columns.end()) return internalError(std::string(table.name) + " has no column " + k);
    keyAt.push_back(static_cast<int>(it - columns.begin()));
  }
  std::string placeholders;
  for (size_t i = 0; i < key.size(); ++i) placeholders += i == 0 ? "?" : ", ?";
  const std::string select = "SELECT " + join(columns) + " FROM " + std::string(table.name);
  const std::string order = " ORDER BY " + join(key) + " LIMIT ?";
  const std::string first = select + order;
  const std::string next = select + " WHERE (" + join(key) + ") > (" + placeholders + ")" + order;

  std::vector<std::string> lastKey;
  std::vector<Row> rows;
  while (true) {
    Result<StatementPtr> st = db.prepareStatement(lastKey.empty() ? first : next);
    if (!st.isOk()) return annotate(st.status(), table.name);
    for (const auto& k : lastKey) (*st)->bind(k);
    (*st)->bind(static_cast<int64_t>(batchRows));
    rows.clear();
    while (true) {
      Result<bool> more = (*st)->step();
      if (!more.isOk()) return annotate(more.status(), table.name);
      if (!*more) break;
      Row row;
      row.reserve(columns.size());
      for (int i = 0; i < static_cast<int>(columns.size()); ++i)
        row.push_back((*st)->getOptText(i));
      rows.push_back(std::move(row));
    }
    if (rows.empty()) return Status::ok();
    SY_RETURN_IF_ERROR(batch(rows));
    if (rows.size() < batchRows) return Status::ok();
    lastKey.clear();
    for (int i : keyAt) lastKey.push_back(rows.back()[static_cast<size_t>(i)].value_or(""));
  }
}

Result<int64_t> countRows(DbConnection& db, const migrations::Table& table) {
  Result<StatementPtr> st = db.prepareStatement("SELECT COUNT(*) FROM " + std::string(table.name));
  if (!st.isOk()) return annotate(st.status(), table.name);
  Result<bool> row = (*st)->step();
  if (!row.isOk()) return annotate(row.status(), table.name);
  return (*st)->getInt(0);
}

}  // namespace sy::store::sql
