#include "app/wiring.h"

#include <boost/asio/ip/address.hpp>
#include <charconv>
#include <filesystem>

#include "app/key_files.h"
#include "common/crypto.h"
#include "common/log.h"
#include "connectors/adyen/adyen_connector.h"
#include "connectors/checkoutcom/checkoutcom_connector.h"
#include "connectors/square/square_connector.h"
#include "connectors/stripe/stripe_connector.h"
#include "connectors/test_processor/test_processor_connector.h"
#include "http/tls_context.h"
#include "store/store_url.h"

namespace sy::app {

Status setUpLogging(const Config& config) {
  using log::Level;
  log::setLevel(config.logLevel == "debug"  ? Level::kDebug
                : config.logLevel == "warn" ? Level::kWarn
                : config.logLevel == "error" ? Level::kError
                                             : Level::kInfo);
  if (!config.logFile.empty()) log::setOutputFile(config.logFile);
  return Status::ok();
}

Result<boost::asio::ip::tcp::endpoint> parseEndpoint(const std::string& hostPort) {
  auto colon = hostPort.rfind(':');
  if (colon == std::string::npos)
    return invalidArgument("listen address must be host:port, got '" + hostPort + "'");
  std::string host = hostPort.substr(0, colon);
  if (host.size() > 2 && host.front() == '[' && host.back() == ']') host = host.substr(1, host.size() - 2);
  unsigned port = 0;
  auto portText = std::string_view(hostPort).substr(colon + 1);
  auto [p, ec] = std::from_chars(portText.data(), portText.data() + portText.size(), port);
  if (ec != std::errc() || p != portText.data() + portText.size() || port > 65535)
    return invalidArgument("bad port in listen address '" + hostPort + "'");
  boost::system::error_code aec;
  auto addr = boost::asio::ip::make_address(host == "localhost" ? "127.0.0.1" : host, aec);
  if (aec) return invalidArgument("bad host in listen address '" + hostPort + "'");
  return boost::asio::ip::tcp::endpoint(addr, static_cast<unsigned short>(port));
}

Result<Keys> loadKeys(const Config& config) {
  std::string vaultKeyText = config.vaultKey;
  if (vaultKeyText.empty()) {
    bool created = false;
    auto k = loadOrCreateSecretFile(config.dataDir + "/vault.key", &created);
    if (!k) return k.status();
    if (created)
      log::warn("generated a new vault key; back it up: without it stored cards cannot be read",
                {{"path", config.dataDir + "/vault.key"}});
    vaultKeyText = *k;
  }
  SecretString master = crypto::deriveKey(vaultKeyText);
  Keys keys;
  // Separate keys per purpose, derived from the one master secret.
  keys.cardKey = SecretString(crypto::hmacSha256(master.reveal(), "switchyard card data v1"));
  auto current = config.vaultMasterKey.empty() ? vault::devMasterKey()
                                               : vault::parseMasterKey(config.vaultMasterKey);
  if (!current) return Status(current.status().code(), "vault_master_key: " + current.status().message());
  if (config.vaultMasterKey.empty())
    log::warn("vault_master_key is not set: card data keys are wrapped with the public "
              "development key; set vault_master_key before taking real cards (docs/vault.md)");
  auto previous = vault::parseMasterKeyList(config.vaultPreviousMasterKeys);
  if (!previous)
    return Status(previous.status().code(), "vault_previous_master_keys: " + previous.status().message());
  auto ring = vault::KeyRing::fromMasterKeys(*current, *previous, keys.cardKey);
  if (!ring) return ring.status();
  keys.cardKeys = std::move(*ring);
  keys.credentialsKey =
      SecretString(crypto::hmacSha256(master.reveal(), "switchyard processor credentials v1"));
  std::string admin = config.adminKey;
  if (admin.empty() && config.demo) {
    auto k = loadOrCreateSecretFile(config.dataDir + "/admin-key");
    if (!k) return k.status();
    admin = *k;
  }
  keys.adminKey = SecretString(admin);
  return keys;
}

Result<std::unique_ptr<store::Store>> openStore(const Config& config) {
  Result<store::StoreUrl> url = store::parseStoreUrl(databaseUrl(config));
  if (!url.isOk()) return url.status();
  if (url->backend == store::StoreUrl::Backend::kSqlite) {
    std::error_code ec;
    std::filesystem::create_directories(config.dataDir, ec);
  }
  store::OpenOptions o;
  o.sqliteFsyncEveryCommit = config.sqliteSynchronous != "normal";
  o.sqliteBusyTimeout = config.sqliteBusyTimeout;
  return store::openStore(*url, o);
}

Result<http::ClientOptions> processorClientOptions(const Config& config) {
  http::ClientOptions options;
  // Without an extra CA file the client builds its system-CA context itself, off the start-up
  // path (loading the CA bundle costs tens of milliseconds; see HttpClient::prepareTls).
  if (config.tlsCaFile.empty()) return options;
  auto tls = http::makeTlsClientContext({.extraCaFile = config.tlsCaFile});
  if (!tls) return invalidArgument("tls_ca_file: " + tls.status().message());
  options.tlsContext = std::move(*tls);
  return options;
}

std::unique_ptr<orchestrator::WorkflowRegistry> makePublishedWorkflows(store::Store& store,
                                                                      const Config& config) {
  orchestrator::WorkflowRegistryOptions options;
  options.refreshInterval = config.workflowRefresh;
  return std::make_unique<orchestrator::WorkflowRegistry>(store, options);
}

orchestrator::CircuitBreakerOptions circuitBreakerOptions(const Config& config) {
  orchestrator::CircuitBreakerOptions o;
  o.window = config.circuitWindow;
  o.minimumCalls = config.circuitMinimumCalls;
  o.failureRatePercent = config.circuitFailureRatePercent;
  o.openFor = config.circuitOpen;
  o.halfOpenProbes = config.circuitHalfOpenProbes;
  // No call outlives its payment's lease: a probe silent for that long was never made.
  o.probeTimeout = config.leaseTtl;
  return o;
}

connectors::ConnectorRegistry makeConnectorRegistry(http::HttpClient& client) {
  connectors::ConnectorRegistry registry;
  registry.add(std::make_unique<connectors::test_processor::TestProcessorConnector>(client));
  registry.add(std::make_unique<connectors::stripe::StripeConnector>(client));
  registry.add(std::make_unique<connectors::adyen::AdyenConnector>(client));
  registry.add(std::make_unique<connectors::checkoutcom::CheckoutComConnector>(client));
  registry.add(std::make_unique<connectors::square::SquareConnector>(client));
  return registry;
}

std::unique_ptr<three_ds::ThreeDsServer> makeThreeDsServer(http::HttpClient& client,
                                                           const Config& config) {
  return std::make_unique<three_ds::ThreeDsServer>(client, config.threeDsDirectoryUrl,
                                                   config.processorTimeout);
}

}  // namespace sy::app
