#include "app/config.h"

#include "webhooks/retry_schedule.h"

#include <boost/json/parse.hpp>
#include <charconv>
#include <cstdlib>
#include <fstream>
#include <sstream>

namespace sy::app {
namespace {

Result<int64_t> toInt(const std::string& key, const std::string& v) {
  int64_t out = 0;
  auto [p, ec] = std::from_chars(v.data(), v.data() + v.size(), out);
  if (ec != std::errc() || p != v.data() + v.size() || out < 0)
    return invalidArgument("setting " + key + " must be a non-negative integer, got '" + v + "'");
  return out;
}

Result<bool> toBool(const std::string& key, const std::string& v) {
  if (v == "1" || v == "true" || v == "yes") return true;
  if (v == "0" || v == "false" || v == "no") return false;
  return invalidArgument("setting " + key + " must be true or false, got '" + v + "'");
}

}  // namespace

const std::vector<SettingDoc>& settingDocs() {
  static const std::vector<SettingDoc> kDocs = {
      {"listen", "SWITCHYARD_LISTEN", "address:port to serve on (port 0: any free port)"},
      {"data_dir", "SWITCHYARD_DATA_DIR", "directory for the database, keys and state files"},
      {"database_url", "SWITCHYARD_DATABASE_URL",
       "the store: sqlite:///abs/path.db or postgresql://user[:password]@host[:port]/db "
       "(default: sqlite:// + database)"},
      {"database", "SWITCHYARD_DATABASE",
       "SQLite database file when database_url is unset (default <data_dir>/switchyard.db)"},
      {"sqlite_synchronous", "SWITCHYARD_SQLITE_SYNCHRONOUS",
       "full: fsync every commit, an acknowledged payment survives power loss (default); "
       "normal: fsync at checkpoints only, it survives kill -9 but not a power cut"},
      {"sqlite_busy_timeout_ms", "SWITCHYARD_SQLITE_BUSY_TIMEOUT_MS",
       "how long a SQLite write waits for a lock another process holds before failing with "
       "503 StoreUnavailable (default 5000)"},
      {"max_in_flight_requests", "SWITCHYARD_MAX_IN_FLIGHT_REQUESTS",
       "requests a node executes at once; beyond it a request gets 503 ServiceOverloaded with "
       "Retry-After (default 1000; 0: no limit; /healthz is exempt)"},
      {"overload_queue_target_ms", "SWITCHYARD_OVERLOAD_QUEUE_TARGET_MS",
       "while the database queue's oldest unit has waited longer than this, new requests get "
       "503 ServiceOverloaded with Retry-After (default 100; 0: off)"},
      {"demo", "SWITCHYARD_DEMO", "start the sandbox emulator and a demo merchant"},
      {"admin_key", "SWITCHYARD_ADMIN_KEY", "bearer key of the admin API (unset: admin API off)"},
      {"vault_key", "SWITCHYARD_VAULT_KEY",
       "card encryption key: 64 hex chars or a passphrase (unset: generated into "
       "<data_dir>/vault.key)"},
      {"vault_master_key", "SWITCHYARD_VAULT_MASTER_KEY",
       "ID:SECRET of the master secret whose key-encryption key wraps card data keys (SECRET: 64 "
       "hex chars or a passphrase of 16+ chars; unset: a public development key, never for real "
       "cards; docs/vault.md)"},
      {"vault_previous_master_keys", "SWITCHYARD_VAULT_PREVIOUS_MASTER_KEYS",
       "comma-separated ID:SECRET master secrets that still open card data wrapped before a key "
       "rotation (remove one once `switchyard vault rotate-key` has finished)"},
      {"log_level", "SWITCHYARD_LOG_LEVEL", "debug, info, warn or error"},
      {"log_file", "SWITCHYARD_LOG_FILE", "append logs to this file instead of stderr"},
      {"threads", "SWITCHYARD_THREADS", "network threads (0: one per core)"},
      {"max_body_bytes", "SWITCHYARD_MAX_BODY_BYTES", "largest request body accepted"},
      {"read_timeout_ms", "SWITCHYARD_READ_TIMEOUT_MS", "time allowed to receive a request"},
      {"idle_timeout_ms", "SWITCHYARD_IDLE_TIMEOUT_MS", "keep-alive idle time before closing"},
      {"processor_timeout_ms", "SWITCHYARD_PROCESSOR_TIMEOUT_MS",
       "deadline of one processor call; past it the outcome is unknown"},
      {"tls_ca_file", "SWITCHYARD_TLS_CA_FILE",
       "PEM file of CA certificates trusted for https:// processor URLs besides the system's "
       "(a private test environment's CA)"},
      {"recovery_interval_ms", "SWITCHYARD_RECOVERY_INTERVAL_MS",
       "how often unresolved processor calls are resolved by inquiry"},
      {"node_id", "SWITCHYARD_NODE_ID",
       "this process's name among the nodes sharing a database, in leases and logs (1-64 of "
       "A-Z a-z 0-9 . _ -; default: a random id per start)"},
      {"lease_ttl_ms", "SWITCHYARD_LEASE_TTL_MS",
       "how long a node's claim on a payment (or other background work) lasts unless renewed: "
       "above processor_timeout_ms; a killed node's payments are finished by others after it "
       "(default 60000)"},
      {"api_key_cache_ms", "SWITCHYARD_API_KEY_CACHE_MS",
       "how long a verified API key is trusted without asking the database: a revoked key "
       "stops working on every node within it (default 5000; 0: ask on every request)"},
      {"workflow_refresh_ms", "SWITCHYARD_WORKFLOW_REFRESH_MS",
       "longest time before a workflow published by another node is used here (one generation "
       "read per merchant and interval)"},
      {"card_token_ttl_s", "SWITCHYARD_CARD_TOKEN_TTL_S", "lifetime of a SINGLE_USE card token"},
      {"public_url", "SWITCHYARD_PUBLIC_URL",
       "this server's base URL as browsers reach it (3-D Secure challenges return to "
       "<public_url>/checkout/3ds/return; default: http://<listen address>)"},
      {"three_ds_challenge_ttl_ms", "SWITCHYARD_THREE_DS_CHALLENGE_TTL_MS",
       "how long a customer has to complete a 3-D Secure challenge before the payment is "
       "declined (default 900000)"},
      {"three_ds_directory_url", "SWITCHYARD_THREE_DS_DIRECTORY_URL",
       "the directory server Switchyard's own 3-D Secure sends AReqs to; empty: own 3-D Secure "
       "unavailable (with --demo: the in-process directory server emulator)"},
      {"client_token_ttl_s", "SWITCHYARD_CLIENT_TOKEN_TTL_S", "lifetime of a client token"},
      {"sandbox_slow_ms", "SWITCHYARD_SANDBOX_SLOW_MS",
       "how long the emulator holds the never-answers card (0: 3x processor timeout)"},
      {"webhook_timeout_ms", "SWITCHYARD_WEBHOOK_TIMEOUT_MS",
       "deadline of one webhook delivery attempt; anything but a 2xx within it is a failure"},
      {"webhook_retry_schedule", "SWITCHYARD_WEBHOOK_RETRY_SCHEDULE",
       "waits between a webhook's failed attempts, the last one repeating, each with +-20% "
       "jitter (default 10s,60s,5m,10m,15m,1h)"},
      {"webhook_give_up_after_ms", "SWITCHYARD_WEBHOOK_GIVE_UP_AFTER_MS",
       "a webhook still undelivered this long after it was recorded is dead-lettered (default 3 days)"},
      {"webhook_poll_interval_ms", "SWITCHYARD_WEBHOOK_POLL_INTERVAL_MS",
       "how often the dispatcher looks for due webhook deliveries"},
      {"webhook_claim_ttl_ms", "SWITCHYARD_WEBHOOK_CLAIM_TTL_MS",
       "how long a node's claim on a delivery lasts; a crashed node's deliveries are sent again "
       "after it (must exceed webhook_timeout_ms)"},
      {"webhook_max_in_flight", "SWITCHYARD_WEBHOOK_MAX_IN_FLIGHT",
       "webhook deliveries this process sends at once"},
      {"webhook_receiver_concurrency", "SWITCHYARD_WEBHOOK_RECEIVER_CONCURRENCY",
       "webhook deliveries in flight at once to one notification configuration, across nodes"},
      {"circuit_window_ms", "SWITCHYARD_CIRCUIT_WINDOW_MS",
       "sliding window over which each processor connection's failure rate is measured "
       "(default 30000)"},
      {"circuit_minimum_calls", "SWITCHYARD_CIRCUIT_MINIMUM_CALLS",
       "calls a connection's window must hold before its breaker may open (default 20)"},
      {"circuit_failure_rate_percent", "SWITCHYARD_CIRCUIT_FAILURE_RATE_PERCENT",
       "share of failed calls (timeouts, resets, 5xx, garbled answers; not declines) in the window "
       "that opens a connection's breaker, 1-100 (default 50)"},
      {"circuit_open_ms", "SWITCHYARD_CIRCUIT_OPEN_MS",
       "how long an open breaker sends nothing to its connection before probing (default 30000)"},
      {"circuit_half_open_probes", "SWITCHYARD_CIRCUIT_HALF_OPEN_PROBES",
       "payments let through to probe a connection whose breaker is half-open; all must succeed "
       "to close it, one failure re-opens it, 1-100 (default 3)"},
      {"webhook_allow_private_targets", "SWITCHYARD_WEBHOOK_ALLOW_PRIVATE_TARGETS",
       "allow webhook receivers on http:// and on loopback, private or link-local addresses "
       "(default: only with --demo; otherwise https:// to public addresses only)"},
      {"webhook_retention_ms", "SWITCHYARD_WEBHOOK_RETENTION_MS",
       "delivered webhook events and their attempts are deleted after this long (default 30 days)"},
      {"webhook_dead_retention_ms", "SWITCHYARD_WEBHOOK_DEAD_RETENTION_MS",
       "dead-lettered webhook events are deleted after this long (default 90 days)"},
  };
  return kDocs;
}

// The circuit_* settings (circuit breakers, docs/resilience.md).
Status applyCircuitSetting(Config& c, const std::string& key, const std::string& value) {
  auto v = toInt(key, value);
  if (!v) return v.status();
  auto within = [&](int64_t lo, int64_t hi) -> Status {
    if (*v < lo || *v > hi)
      return invalidArgument("setting " + key + " must be " + std::to_string(lo) + " to " +
                             std::to_string(hi));
    return Status::ok();
  };
  if (key == "circuit_window_ms") {
    SY_RETURN_IF_ERROR(within(10, 3'600'000));
    c.circuitWindow = std::chrono::milliseconds(*v);
  } else if (key == "circuit_minimum_calls") {
    SY_RETURN_IF_ERROR(within(1, 1'000'000));
    c.circuitMinimumCalls = static_cast<int>(*v);
  } else if (key == "circuit_failure_rate_percent") {
    SY_RETURN_IF_ERROR(within(1, 100));
    c.circuitFailureRatePercent = static_cast<int>(*v);
  } else if (key == "circuit_open_ms") {
    SY_RETURN_IF_ERROR(within(1, 3'600'000));
    c.circuitOpen = std::chrono::milliseconds(*v);
  } else if (key == "circuit_half_open_probes") {
    SY_RETURN_IF_ERROR(within(1, 100));
    c.circuitHalfOpenProbes = static_cast<int>(*v);
  } else {
    return invalidArgument("unknown setting '" + key + "'");
  }
  return Status::ok();
}

Status applySetting(Config& c, const std::string& key, const std::string& value) {
  if (key.rfind("circuit_", 0) == 0) return applyCircuitSetting(c, key, value);
  auto ms = [&](std::chrono::milliseconds& out) -> Status {
    auto v = toInt(key, value);
    if (!v) return v.status();
    out = std::chrono::milliseconds(*v);
    return Status::ok();
  };
  auto secs = [&](std::chrono::seconds& out) -> Status {
    auto v = toInt(key, value);
    if (!v) return v.status();
    out = std::chrono::seconds(*v);
    return Status::ok();
  };
  if (key == "listen") c.listen = value;
  else if (key == "data_dir") c.dataDir = value;
  else if (key == "database_url") c.databaseUrl = value;
  else if (key == "database") c.database = value;
  else if (key == "sqlite_synchronous") {
    if (value != "full" && value != "normal")
      return invalidArgument("sqlite_synchronous must be full or normal");
    c.sqliteSynchronous = value;
  }
  else if (key == "sqlite_busy_timeout_ms") return ms(c.sqliteBusyTimeout);
  else if (key == "overload_queue_target_ms") return ms(c.overloadQueueTarget);
  else if (key == "max_in_flight_requests") {
    auto v = toInt(key, value);
    if (!v) return v.status();
    if (*v < 0 || *v > 1000000) return invalidArgument("setting " + key + " must be 0 to 1000000");
    c.maxInFlightRequests = static_cast<size_t>(*v);
  }
  else if (key == "demo") {
    auto b = toBool(key, value);
    if (!b) return b.status();
    c.demo = *b;
  } else if (key == "admin_key") c.adminKey = value;
  else if (key == "vault_key") c.vaultKey = value;
  else if (key == "vault_master_key") c.vaultMasterKey = value;
  else if (key == "vault_previous_master_keys") c.vaultPreviousMasterKeys = value;
  else if (key == "log_level") {
    if (value != "debug" && value != "info" && value != "warn" && value != "error")
      return invalidArgument("log_level must be debug, info, warn or error");
    c.logLevel = value;
  } else if (key == "log_file") c.logFile = value;
  else if (key == "threads") {
    auto v = toInt(key, value);
    if (!v) return v.status();
    c.threads = static_cast<int>(*v);
  } else if (key == "max_body_bytes") {
    auto v = toInt(key, value);
    if (!v) return v.status();
    c.maxBodyBytes = static_cast<size_t>(*v);
  } else if (key == "read_timeout_ms") return ms(c.readTimeout);
  else if (key == "idle_timeout_ms") return ms(c.idleTimeout);
  else if (key == "processor_timeout_ms") return ms(c.processorTimeout);
  else if (key == "tls_ca_file") c.tlsCaFile = value;
  else if (key == "recovery_interval_ms") return ms(c.recoveryInterval);
  else if (key == "node_id") {
    if (value.empty() || value.size() > 64 ||
        value.find_first_not_of(
            "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._-") !=
            std::string::npos)
      return invalidArgument("node_id must be 1 to 64 of A-Z a-z 0-9 . _ -");
    c.nodeId = value;
  } else if (key == "lease_ttl_ms")
    return ms(c.leaseTtl);
  else if (key == "api_key_cache_ms")
    return ms(c.apiKeyCacheTtl);
  else if (key == "workflow_refresh_ms")
    return ms(c.workflowRefresh);
  else if (key == "card_token_ttl_s") return secs(c.cardTokenTtl);
  else if (key == "public_url") {
    if (!value.empty() && !value.starts_with("http://") && !value.starts_with("https://"))
      return invalidArgument("public_url must start with http:// or https://");
    c.publicUrl = value;
    while (!c.publicUrl.empty() && c.publicUrl.back() == '/') c.publicUrl.pop_back();
  } else if (key == "three_ds_challenge_ttl_ms")
    return ms(c.challengeTtl);
  else if (key == "three_ds_directory_url") {
    if (!value.empty() && !value.starts_with("http://") && !value.starts_with("https://"))
      return invalidArgument("three_ds_directory_url must start with http:// or https://");
    c.threeDsDirectoryUrl = value;
    while (!c.threeDsDirectoryUrl.empty() && c.threeDsDirectoryUrl.back() == '/')
      c.threeDsDirectoryUrl.pop_back();
  }
  else if (key == "client_token_ttl_s") return secs(c.clientTokenTtl);
  else if (key == "sandbox_slow_ms") return ms(c.sandboxSlowResponse);
  else if (key == "webhook_timeout_ms") return ms(c.webhookTimeout);
  else if (key == "webhook_poll_interval_ms") return ms(c.webhookPollInterval);
  else if (key == "webhook_claim_ttl_ms") return ms(c.webhookClaimTtl);
  else if (key == "webhook_give_up_after_ms") return ms(c.webhookGiveUpAfter);
  else if (key == "webhook_retry_schedule") {
    auto parsed = webhooks::RetrySchedule::parseDelays(value);
    if (!parsed) return invalidArgument("setting webhook_retry_schedule: " + parsed.status().message());
    c.webhookRetrySchedule = value;
  } else if (key == "webhook_allow_private_targets") {
    auto b = toBool(key, value);
    if (!b) return b.status();
    c.webhookAllowPrivateTargets = *b;
  } else if (key == "webhook_retention_ms") {
    return ms(c.webhookRetention);
  } else if (key == "webhook_dead_retention_ms") {
    return ms(c.webhookDeadRetention);
  } else if (key == "webhook_max_in_flight" || key == "webhook_receiver_concurrency") {
    auto v = toInt(key, value);
    if (!v) return v.status();
    if (*v < 1 || *v > 10000) return invalidArgument("setting " + key + " must be 1 to 10000");
    (key == "webhook_max_in_flight" ? c.webhookMaxInFlight : c.webhookReceiverConcurrency) =
        static_cast<int>(*v);
  }
  else return invalidArgument("unknown setting '" + key + "'");
  return Status::ok();
}

Status checkConsistency(const Config& c) {
  if (c.leaseTtl <= c.processorTimeout)
    return invalidArgument("lease_ttl_ms (" + std::to_string(c.leaseTtl.count()) +
                           ") must be above processor_timeout_ms (" +
                           std::to_string(c.processorTimeout.count()) +
                           "): a payment's lease must outlast its processor call");
  return Status::ok();
}

Status applyConfigFile(Config& c, const std::string& path) {
  std::ifstream in(path);
  if (!in) return invalidArgument("cannot read config file " + path);
  std::stringstream ss;
  ss << in.rdbuf();
  boost::system::error_code ec;
  auto v = boost::json::parse(ss.str(), ec);
  if (ec || !v.is_object()) return invalidArgument("config file " + path + " is not a JSON object");
  for (const auto& [k, val] : v.as_object()) {
    std::string text;
    if (val.is_string()) text = std::string(val.as_string());
    else if (val.is_bool()) text = val.as_bool() ? "true" : "false";
    else if (val.is_int64()) text = std::to_string(val.as_int64());
    else if (val.is_uint64()) text = std::to_string(val.as_uint64());
    else return invalidArgument("config " + std::string(k) + ": expected a string, number or boolean");
    SY_RETURN_IF_ERROR(applySetting(c, std::string(k), text));
  }
  return Status::ok();
}

Status applyEnvironment(Config& c) {
  for (const auto& d : settingDocs()) {
    if (const char* v = std::getenv(d.env)) SY_RETURN_IF_ERROR(applySetting(c, d.key, v));
  }
  return Status::ok();
}

std::string databasePath(const Config& c) {
  return c.database.empty() ? c.dataDir + "/switchyard.db" : c.database;
}

std::string databaseUrl(const Config& c) {
  return c.databaseUrl.empty() ? "sqlite://" + databasePath(c) : c.databaseUrl;
}

}  // namespace sy::app
