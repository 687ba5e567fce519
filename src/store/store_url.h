// Which store a URL names: `sqlite://PATH` (sqlite:///abs/path.db, or sqlite://rel/path.db relative
// to the working directory) or `postgresql://user[:password]@host[:port]/database[?params]` (also
// `postgres://`, both as libpq reads them). The one place that turns configuration into a backend.
#pragma once

#include <chrono>
#include <memory>
#include <string>
#include <string_view>

#include "common/secret.h"
#include "common/status.h"
#include "store/sql/connection.h"
#include "store/store.h"

namespace sy::store {

struct StoreUrl {
  enum class Backend { kSqlite, kPostgres };
  Backend backend = Backend::kSqlite;
  std::string sqlitePath;  // kSqlite
  SecretString postgres;   // kPostgres: the whole URL, password included
};

// kInvalidArgument for anything else; the message never repeats the URL (it may hold a password).
Result<StoreUrl> parseStoreUrl(std::string_view url);

// The URL with any password replaced by "***", for logs and progress lines.
std::string redactStoreUrl(std::string_view url);

struct OpenOptions {
  bool sqliteFsyncEveryCommit = true;  // SqliteOptions::fsyncEveryCommit
  std::chrono::milliseconds sqliteBusyTimeout{5000};  // SqliteOptions::busyTimeout
};

// Opens (creating and migrating as needed) the store `url` names.
Result<std::unique_ptr<Store>> openStore(const StoreUrl& url, const OpenOptions& options = {});

// A single raw connection to an already migrated store, for tools that work table by table
// (copying a store). `writable` false opens SQLite read-only.
Result<std::unique_ptr<sql::DbConnection>> openConnection(const StoreUrl& url, bool writable);

}  // namespace sy::store
