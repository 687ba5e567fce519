// Building the concrete pieces from configuration, shared by `serve` and the other commands.
#pragma once

#include <boost/asio/ip/tcp.hpp>
#include <memory>

#include "app/config.h"
#include "common/secret.h"
#include "connectors/connector.h"
#include "http/client.h"
#include "store/store.h"

namespace sy::app {

struct Keys {
  SecretString cardKey;         // seals card numbers
  SecretString credentialsKey;  // seals processor credentials
  SecretString adminKey;        // empty: admin API off
};

Status setUpLogging(const Config& config);
Result<boost::asio::ip::tcp::endpoint> parseEndpoint(const std::string& hostPort);
// The vault key (configured, or generated once into <dataDir>/vault.key) and its derived keys;
// in demo mode an admin key is generated into <dataDir>/admin-key when none is configured.
Result<Keys> loadKeys(const Config& config);
Result<std::unique_ptr<store::Store>> openStore(const Config& config);
// Options of the HttpClient the connectors call processors with: its TLS context trusts the
// system's CAs plus config.tlsCaFile. An unreadable or certificate-less file is an error naming it.
Result<http::ClientOptions> processorClientOptions(const Config& config);
// The explicit list of every connector Switchyard ships.
connectors::ConnectorRegistry makeConnectorRegistry(http::HttpClient& client);

}  // namespace sy::app
