#include "store/sql/store_copy.h"

#include <algorithm>
#include <cstring>

#include "common/crypto.h"
#include "store/sql/errors.h"
#include "store/sql/table_scan.h"

namespace sy::store::sql {
namespace {

// Bound values per statement, under SQLite's (32766) and PostgreSQL's (65535) limits.
constexpr size_t kMaxParameters = 30000;

// What must hold before anything is written: same schema, empty target.
Status checkCopyable(DbConnection& from, DbConnection& to) {
  Result<std::vector<int64_t>> source = schemaVersions(from);
  if (!source.isOk()) return annotate(source.status(), "read the source's schema version");
  Result<std::vector<int64_t>> target = schemaVersions(to);
  if (!target.isOk()) return annotate(target.status(), "read the target's schema version");
  if (*source != *target)
    return failedPrecondition(
        "source and target are at different schema versions: run `switchyard migrate` against "
        "the source with this binary first");
  for (const auto& table : migrations::tables()) {
    Result<int64_t> rows = countRows(to, table);
    if (!rows.isOk()) return rows.status();
    if (*rows != 0)
      return failedPrecondition("the target is not empty (table " + std::string(table.name) +
                                " has " + std::to_string(*rows) +
                                " rows); copy into a freshly created database");
  }
  return Status::ok();
}

Status copyTables(DbConnection& from, DbConnection& to, size_t batchRows,
                  const std::function<void(const CopyProgress&)>& progress) {
  for (const auto& table : migrations::tables()) {
    Result<std::vector<std::string>> columns = tableColumns(from, table);
    if (!columns.isOk()) return columns.status();
    Result<int64_t> total = countRows(from, table);
    if (!total.isOk()) return total.status();
    // Multi-row INSERTs: one statement (one round trip to a server) per chunk of rows.
    const size_t perInsert = std::max<size_t>(1, kMaxParameters / columns->size());
    std::string tuple = "(";
    std::string insert = "INSERT INTO " + std::string(table.name) + " (";
    for (size_t i = 0; i < columns->size(); ++i) {
      insert += (i == 0 ? "" : ", ") + (*columns)[i];
      tuple += i == 0 ? "?" : ", ?";
    }
    insert += ") VALUES ";
    tuple += ")";
    CopyProgress at{table.name, 0, *total};
    if (progress) progress(at);
    auto copyBatch = [&](const std::vector<Row>& rows) -> Status {
      for (size_t from = 0; from < rows.size(); from += perInsert) {
        const size_t n = std::min(perInsert, rows.size() - from);
        std::string text = insert;
        for (size_t i = 0; i < n; ++i) text += (i == 0 ? "" : ", ") + tuple;
        Result<StatementPtr> st = to.prepareStatement(text);
        if (!st.isOk()) return annotate(st.status(), table.name);
        for (size_t i = from; i < from + n; ++i)
          for (const auto& value : rows[i]) (*st)->bind(value);
        SY_RETURN_IF_ERROR(annotate((*st)->run(), "insert into " + std::string(table.name)));
      }
      at.copied += static_cast<int64_t>(rows.size());
      if (progress) progress(at);
      return Status::ok();
    };
    SY_RETURN_IF_ERROR(scanTable(from, table, *columns, batchRows, copyBatch));
  }
  return Status::ok();
}

}  // namespace

Result<std::vector<int64_t>> schemaVersions(DbConnection& db) {
  Result<StatementPtr> st =
      db.prepareStatement("SELECT version FROM schema_migrations ORDER BY version");
  if (!st.isOk()) return st.status();
  std::vector<int64_t> out;
  while (true) {
    Result<bool> row = (*st)->step();
    if (!row.isOk()) return row.status();
    if (!*row) return out;
    out.push_back((*st)->getInt(0));
  }
}

Status copyStore(DbConnection& from, DbConnection& to, size_t batchRows,
                 const std::function<void(const CopyProgress&)>& progress) {
  if (batchRows == 0) return invalidArgument("copy batch size must be positive");
  SY_RETURN_IF_ERROR(annotate(from.beginRead(), "open the source"));
  Status s = annotate(to.beginWrite(), "open the target");
  if (s.isOk()) s = checkCopyable(from, to);
  if (s.isOk()) s = copyTables(from, to, batchRows, progress);
  if (s.isOk()) s = annotate(to.run("COMMIT"), "commit the copy");
  if (!s.isOk() && to.inTransaction()) (void)to.run("ROLLBACK");
  if (from.inTransaction()) (void)from.run("COMMIT");
  return s;
}

Result<TableDigest> digestTable(DbConnection& db, const migrations::Table& table,
                                size_t batchRows) {
  Result<std::vector<std::string>> columns = tableColumns(db, table);
  if (!columns.isOk()) return columns.status();
  TableDigest digest;
  uint64_t sum[4] = {0, 0, 0, 0};  // 256-bit sum of row hashes, as four 64-bit lanes mod 2^64
  Status scanned = scanTable(db, table, *columns, batchRows, [&](const std::vector<Row>& rows) {
    for (const Row& row : rows) {
      std::string canonical;
      for (const auto& value : row) {
        if (!value) {
          canonical += '\0';
          continue;
        }
        canonical += '\1';
        canonical += std::to_string(value->size()) + ':';
        canonical += *value;
      }
      std::string hash = crypto::sha256(canonical);
      for (int lane = 0; lane < 4; ++lane) {
        uint64_t part = 0;
        std::memcpy(&part, hash.data() + lane * 8, 8);
        sum[lane] += part;
      }
      ++digest.rows;
    }
    return Status::ok();
  });
  if (!scanned.isOk()) return scanned;
  std::string raw(reinterpret_cast<const char*>(sum), sizeof sum);
  static constexpr char kHex[] = "0123456789abcdef";
  for (unsigned char c : raw) {
    digest.checksum += kHex[c >> 4];
    digest.checksum += kHex[c & 15];
  }
  return digest;
}

}  // namespace sy::store::sql
