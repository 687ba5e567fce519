// Configuration: built-in defaults, then a JSON file (--config), then SWITCHYARD_* environment
// variables, then command-line flags — each later source overriding the earlier ones.
#pragma once

#include <chrono>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "common/status.h"

namespace sy::app {

struct Config {
  std::string listen = "127.0.0.1:8080";
  std::string dataDir = "data";
  std::string databaseUrl;  // sqlite://PATH or postgresql://...; default: sqlite:// + database
  std::string database;     // SQLite file when databaseUrl is unset; default <dataDir>/switchyard.db
  std::string sqliteSynchronous = "full";  // "full" | "normal" (see settingDocs)
  std::chrono::milliseconds sqliteBusyTimeout{5000};
  bool demo = false;
  std::string adminKey;  // empty: admin API disabled (demo generates one)
  std::string vaultKey;  // empty: generated once into <dataDir>/vault.key
  // Envelope encryption of card data (docs/vault.md): "ID:SECRET" of the master secret whose KEK
  // wraps new records (empty: the embedded development key, with a warning), and a comma list of
  // previous ones that still open records until a rotation has re-wrapped them.
  std::string vaultMasterKey;
  std::string vaultPreviousMasterKeys;
  std::string logLevel = "info";
  std::string logFile;  // empty: stderr
  int threads = 0;      // 0: one per core
  size_t maxBodyBytes = 64 * 1024;
  // Admission control (http/admission.h, docs/reliability.md).
  size_t maxInFlightRequests = 1000;
  std::chrono::milliseconds overloadQueueTarget{100};  // 0: off
  std::chrono::milliseconds readTimeout{30000};
  std::chrono::milliseconds idleTimeout{60000};
  std::chrono::milliseconds processorTimeout{10000};
  std::string tlsCaFile;  // extra PEM CA bundle for https:// processors; empty: the system's only
  std::chrono::milliseconds recoveryInterval{30000};
  // Several processes on one store (docs/deployment.md, "Several nodes"):
  std::string nodeId;  // this process's name in leases and logs; empty: a random id per start
  std::chrono::milliseconds leaseTtl{60000};       // must exceed processorTimeout
  std::chrono::milliseconds apiKeyCacheTtl{5000};  // how long a verified API key is trusted
  // How stale a node's cached live workflows may be after another node publishes
  // (docs/workflows.md).
  std::chrono::milliseconds workflowRefresh{1000};
  std::chrono::seconds cardTokenTtl{900};
  std::chrono::seconds clientTokenTtl{24 * 3600};
  // 3-D Secure (docs/three_d_secure.md): how browsers reach this server (challenge pages return
  // to <public_url>/checkout/3ds/return; empty: http://<listen address>), and how long a customer
  // has for a challenge before the recovery sweep declines the payment.
  std::string publicUrl;
  std::chrono::milliseconds challengeTtl{15 * 60 * 1000};
  // The directory server Switchyard's own 3-D Secure sends AReqs to (src/three_ds/); empty: own
  // 3-D Secure unavailable. --demo sets it to the in-process emulator's URL when empty.
  std::string threeDsDirectoryUrl;
  std::chrono::milliseconds sandboxSlowResponse{0};  // 0: three times processorTimeout
  // Outbound webhooks (docs/webhooks.md).
  std::chrono::milliseconds webhookTimeout{10000};
  std::chrono::milliseconds webhookPollInterval{500};
  std::chrono::milliseconds webhookClaimTtl{60000};
  std::string webhookRetrySchedule = "10s,60s,5m,10m,15m,1h";
  std::chrono::milliseconds webhookGiveUpAfter{72LL * 3600 * 1000};
  int webhookMaxInFlight = 32;
  int webhookReceiverConcurrency = 4;
  // Circuit breakers per processor connection (docs/resilience.md).
  std::chrono::milliseconds circuitWindow{30000};
  int circuitMinimumCalls = 20;
  int circuitFailureRatePercent = 50;
  std::chrono::milliseconds circuitOpen{30000};
  int circuitHalfOpenProbes = 3;
  // Receivers on loopback/private/link-local addresses and plain http:// (SSRF: docs/webhooks.md
  // "Receiver URLs"). Unset: allowed only with --demo.
  std::optional<bool> webhookAllowPrivateTargets;
  bool allowPrivateWebhookTargets() const { return webhookAllowPrivateTargets.value_or(demo); }
  // Outbox retention (webhooks/outbox_pruner.h).
  std::chrono::milliseconds webhookRetention{30LL * 24 * 3600 * 1000};
  std::chrono::milliseconds webhookDeadRetention{90LL * 24 * 3600 * 1000};
};

// Every setting: its JSON key in the config file, its environment variable, and what it means.
struct SettingDoc {
  const char* key;
  const char* env;
  const char* help;
};
const std::vector<SettingDoc>& settingDocs();

// Applies `key`=`value` (a config-file key, e.g. "processor_timeout_ms") to `config`.
Status applySetting(Config& config, const std::string& key, const std::string& value);
// Settings that are valid alone but not together (lease_ttl_ms not above processor_timeout_ms).
Status checkConsistency(const Config& config);
// Reads a JSON object of settings from `path`.
Status applyConfigFile(Config& config, const std::string& path);
// Applies every SWITCHYARD_* variable present in the environment.
Status applyEnvironment(Config& config);

std::string databasePath(const Config& config);
// The store to open: database_url, else sqlite:// + databasePath(). May hold a password: never log
// it (store::redactStoreUrl masks it).
std::string databaseUrl(const Config& config);

}  // namespace sy::app
