// The TLS settings of outgoing https:// connections: one client context, shared by every
// connection of an HttpClient (OpenSSL contexts are safe to share across threads once built).
//
// The context requires TLS 1.2 or later and verifies the server's certificate chain against the
// system's default CA paths plus, optionally, one extra PEM bundle (a private test environment's
// CA, or a test's throwaway CA). There is deliberately no switch to turn verification off: host
// name checks and SNI are applied per connection by HttpClient.
#pragma once

#include <memory>
#include <string>

#include "common/status.h"

namespace boost::asio::ssl {
class context;
}

namespace sy::http {

struct TlsClientOptions {
  // PEM file of CA certificates trusted in addition to the system's; empty for none.
  std::string extraCaFile;
};

// Builds the context, or kInvalidArgument naming the file and the reason when extraCaFile cannot
// be read or holds no usable certificate.
Result<std::shared_ptr<boost::asio::ssl::context>> makeTlsClientContext(
    const TlsClientOptions& options);

}  // namespace sy::http
