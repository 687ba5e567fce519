// A throw-away PostgreSQL server for GoogleTest, shared by every test of a process, plus one empty
// database per test. Header-only: it belongs to test binaries, which get SY_SOURCE_DIR from CMake.
//
// The server is the one named by SWITCHYARD_TEST_POSTGRES_URL when that is set (make test starts
// one for all test processes with `scripts/test-postgres.sh run`), else one this process starts on
// first use with `scripts/test-postgres.sh start` in a temporary directory and stops at exit.
// When PostgreSQL is not installed, every use fails with the script's message: the PostgreSQL half
// of the tests fails rather than being skipped.
#pragma once

#include <libpq-fe.h>
#include <unistd.h>

#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <mutex>
#include <string>

#include "common/secret.h"
#include "common/status.h"

namespace sy::store::testing {

class TestPostgres {
 public:
  // The process's server, started on first call.
  static Result<TestPostgres*> shared() {
    static std::mutex mu;
    static std::unique_ptr<TestPostgres> server;
    static Status failure;
    std::lock_guard lock(mu);
    if (server) return server.get();
    if (!failure.isOk()) return failure;
    if (const char* url = std::getenv("SWITCHYARD_TEST_POSTGRES_URL"); url != nullptr && *url) {
      server.reset(new TestPostgres(url, ""));
      return server.get();
    }
    Result<std::unique_ptr<TestPostgres>> started = startPrivate("shared");
    if (!started.isOk()) {
      failure = started.status();
      return failure;
    }
    server = std::move(started).value();
    return server.get();
  }

  // A server of its own, for a test that crashes it; stopped and deleted when destroyed.
  static Result<std::unique_ptr<TestPostgres>> startPrivate(const std::string& label) {
    static std::atomic<int> counter{0};
    std::string dir = (std::filesystem::temp_directory_path() /
                       ("sy-test-postgres-" + std::to_string(::getpid()) + "-" + label + "-" +
                        std::to_string(counter++)))
                          .string();
    std::string out;
    // The script's watcher stops the server once this process is gone, even after a crash.
    int rc = runScript("start " + dir + " " + std::to_string(::getpid()), out);
    if (rc != 0 || out.empty()) {
      (void)runScript("stop " + dir, out);
      return unavailable(
          "could not start a test PostgreSQL server (scripts/test-postgres.sh "
          "start failed; see its message above)");
    }
    return std::unique_ptr<TestPostgres>(new TestPostgres(out, dir));
  }

  // Stops a private server as a crash would (no checkpoint) and starts it again on its port.
  Status crashAndRestart() {
    if (dir_.empty()) return failedPrecondition("only a private test server can be crashed");
    std::string out;
    if (runScript("crash " + dir_, out) != 0) return internalError("crashing the test server");
    if (runScript("restart " + dir_, out) != 0) return internalError("restarting the test server");
    return Status::ok();
  }

  // An outage in two steps: crash() stops a private server as a crash would and leaves it down
  // (connections are refused) until restart() starts it again on its port.
  Status crash() {
    if (dir_.empty()) return failedPrecondition("only a private test server can be crashed");
    std::string out;
    if (runScript("crash " + dir_, out) != 0) return internalError("crashing the test server");
    return Status::ok();
  }
  Status restart() {
    if (dir_.empty()) return failedPrecondition("only a private test server can be restarted");
    std::string out;
    if (runScript("restart " + dir_, out) != 0) return internalError("restarting the test server");
    return Status::ok();
  }

  ~TestPostgres() {
    std::string out;
    if (!dir_.empty()) (void)runScript("stop " + dir_, out);
  }

  // postgresql://postgres@127.0.0.1:PORT/postgres
  const std::string& adminUrl() const { return adminUrl_; }

  // The URL of database `name` on this server (created empty if absent). `name` is a plain
  // lowercase identifier.
  Result<SecretString> ensureDatabase(const std::string& name) {
    std::string exists;
    SY_RETURN_IF_ERROR(
        adminQuery("SELECT 1 FROM pg_database WHERE datname = '" + name + "'", &exists));
    if (exists.empty()) SY_RETURN_IF_ERROR(adminQuery("CREATE DATABASE \"" + name + "\"", nullptr));
    return SecretString(urlOf(name));
  }

  Status dropDatabase(const std::string& name) {
    return adminQuery("DROP DATABASE IF EXISTS \"" + name + "\" WITH (FORCE)", nullptr);
  }

  // Runs `sql` on the admin database; `firstValue` receives the first row's first column.
  Status adminQuery(const std::string& sql, std::string* firstValue) {
    PGconn* conn = PQconnectdb(adminUrl_.c_str());
    Status s;
    if (PQstatus(conn) != CONNECTION_OK) {
      s = unavailable(std::string("test postgres: ") + PQerrorMessage(conn));
    } else {
      PGresult* res = PQexec(conn, sql.c_str());
      ExecStatusType st = PQresultStatus(res);
      if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK) {
        s = internalError("test postgres: " + sql + ": " + PQresultErrorMessage(res));
      } else if (firstValue != nullptr) {
        *firstValue = PQntuples(res) > 0 ? PQgetvalue(res, 0, 0) : "";
      }
      PQclear(res);
    }
    PQfinish(conn);
    return s;
  }

  // Runs scripts/test-postgres.sh with `args`; its stdout (trimmed) in `out`, stderr passes
  // through so its message reaches the test log.
  static int runScript(const std::string& args, std::string& out) {
    std::string cmd = std::string(SY_SOURCE_DIR) + "/scripts/test-postgres.sh " + args;
    FILE* p = ::popen(cmd.c_str(), "r");
    if (p == nullptr) return -1;
    char buf[512];
    out.clear();
    while (std::fgets(buf, sizeof buf, p) != nullptr) out += buf;
    while (!out.empty() && (out.back() == '\n' || out.back() == ' ')) out.pop_back();
    return ::pclose(p);
  }

 private:
  TestPostgres(std::string adminUrl, std::string dir)
      : adminUrl_(std::move(adminUrl)), dir_(std::move(dir)) {}

  std::string urlOf(const std::string& name) const {
    return adminUrl_.substr(0, adminUrl_.rfind('/') + 1) + name;
  }

  std::string adminUrl_;
  std::string dir_;  // empty when the server is not ours to stop
};

}  // namespace sy::store::testing
