// Building the concrete pieces from configuration, shared by `serve` and the other commands.
#pragma once

#include <boost/asio/ip/tcp.hpp>
#include <memory>

#include "app/config.h"
#include "common/secret.h"
#include "vault/key_ring.h"
#include "connectors/connector.h"
#include "http/client.h"
#include "orchestrator/circuit_breaker.h"
#include "orchestrator/workflow_registry.h"
#include "store/store.h"
#include "three_ds/three_ds_server.h"

namespace sy::app {

struct Keys {
  SecretString cardKey;         // sealed card numbers before envelope encryption (the legacy key)
  vault::KeyRing cardKeys;      // the vault's KEKs (current and previous) plus cardKey as legacy
  SecretString credentialsKey;  // seals processor credentials
  SecretString adminKey;        // empty: admin API off
};

Status setUpLogging(const Config& config);
Result<boost::asio::ip::tcp::endpoint> parseEndpoint(const std::string& hostPort);
// The vault key (configured, or generated once into <dataDir>/vault.key) and its derived keys;
// in demo mode an admin key is generated into <dataDir>/admin-key when none is configured.
Result<Keys> loadKeys(const Config& config);
Result<std::unique_ptr<store::Store>> openStore(const Config& config);
// Options of the HttpClient the connectors call processors with. With config.tlsCaFile, a TLS
// context trusting the system's CAs plus that file (unreadable or certificate-less: an error naming
// it); without, none, and the client builds its system-CA context itself.
Result<http::ClientOptions> processorClientOptions(const Config& config);
// The merchants' published workflows as the payment engine reads them (`publishedWorkflows()`
// in the engine's terms): a store-backed, compiling cache refreshed every config.workflowRefresh.
// serve builds one per process, gives it to the engine and to the API (which reports publishes).
std::unique_ptr<orchestrator::WorkflowRegistry> makePublishedWorkflows(store::Store& store,
                                                                      const Config& config);
// The circuit breakers' options from the circuit_* settings (docs/resilience.md).
orchestrator::CircuitBreakerOptions circuitBreakerOptions(const Config& config);
// Switchyard's own 3-D Secure server (docs/three_d_secure.md) over `client`, the processors' client
// (same TLS trust), asking config.threeDsDirectoryUrl with each exchange bounded by
// processor_timeout_ms; not configured() when that URL is empty. Build it after --demo has filled
// the URL in (runServe, once the sandboxes are started).
std::unique_ptr<three_ds::ThreeDsServer> makeThreeDsServer(http::HttpClient& client,
                                                           const Config& config);
// The explicit list of every connector Switchyard ships.
connectors::ConnectorRegistry makeConnectorRegistry(http::HttpClient& client);

}  // namespace sy::app
