// The store backends every backend-neutral store test runs against (store_conformance*_test.cc,
// durability_test.cc): SQLite in a file of the test's temporary directory, and PostgreSQL in a
// database of the test server (store/postgres/testing/test_postgres.h) named after that directory.
#pragma once

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <functional>
#include <memory>
#include <ostream>
#include <string>
#include <vector>

#include "store/postgres/postgres_store.h"
#include "store/postgres/testing/test_postgres.h"
#include "store/sqlite/sqlite_store.h"
#include "store/store.h"

namespace sy::store::testing {

struct Backend {
  std::string name;
  // Opens the store kept for `dir` (a fresh temporary directory per test); called again with the
  // same directory to reopen it, possibly from a forked child process.
  std::function<Result<std::unique_ptr<Store>>(const std::string& dir)> open;
  // Deletes what open() kept outside `dir` (the caller deletes `dir`).
  std::function<void(const std::string& dir)> destroy;
};

inline void PrintTo(const Backend& b, std::ostream* os) {
  *os << b.name;
}

// "sy_" + the directory's name, lowercased, as a PostgreSQL database name.
inline std::string databaseFor(const std::string& dir) {
  std::string name = "sy_" + std::filesystem::path(dir).filename().string();
  for (char& c : name) c = std::isalnum(static_cast<unsigned char>(c)) ? std::tolower(c) : '_';
  return name;
}

inline std::vector<Backend> backends() {
  return {
      {"Sqlite",
       [](const std::string& dir) {
         SqliteOptions o;
         o.path = dir + "/store.db";
         return openSqliteStore(o);
       },
       [](const std::string&) {}},
      {"Postgres",
       [](const std::string& dir) -> Result<std::unique_ptr<Store>> {
         Result<TestPostgres*> server = TestPostgres::shared();
         if (!server.isOk()) return server.status();
         Result<SecretString> url = (*server)->ensureDatabase(databaseFor(dir));
         if (!url.isOk()) return url.status();
         PostgresOptions o;
         o.url = std::move(url).value();
         return openPostgresStore(o);
       },
       [](const std::string& dir) {
         if (auto server = TestPostgres::shared(); server.isOk())
           (void)(*server)->dropDatabase(databaseFor(dir));
       }},
  };
}

}  // namespace sy::store::testing
