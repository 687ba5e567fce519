#include "http/tls_context.h"

#include <openssl/ssl.h>

#include <boost/asio/ssl/context.hpp>
#include <boost/system/system_error.hpp>
#include <cerrno>
#include <cstring>
#include <fstream>

namespace sy::http {

namespace ssl = boost::asio::ssl;

Result<std::shared_ptr<ssl::context>> makeTlsClientContext(const TlsClientOptions& options) {
  std::shared_ptr<ssl::context> context;
  try {
    context = std::make_shared<ssl::context>(ssl::context::tls_client);
  } catch (const boost::system::system_error& e) {
    return internalError(std::string("cannot create a TLS context: ") + e.what());
  }
  if (SSL_CTX_set_min_proto_version(context->native_handle(), TLS1_2_VERSION) != 1) {
    return internalError("cannot require TLS 1.2 or later");
  }
  boost::system::error_code ec;
  context->set_verify_mode(ssl::verify_peer, ec);
  if (ec) return internalError("cannot turn on TLS peer verification: " + ec.message());
  // The system's CA store (OPENSSL_CERT_FILE / OPENSSL_CERT_DIR, else the distribution's bundle).
  context->set_default_verify_paths(ec);
  if (ec) return internalError("cannot load the system's CA certificates: " + ec.message());

  if (!options.extraCaFile.empty()) {
    const std::string& path = options.extraCaFile;
    // Checked first for an errno message ("No such file or directory"): OpenSSL's is less plain.
    if (std::ifstream probe(path); !probe) {
      return invalidArgument("cannot read TLS CA file " + path + ": " + std::strerror(errno));
    }
    context->load_verify_file(path, ec);
    if (ec) {
      return invalidArgument("TLS CA file " + path +
                             " holds no usable PEM certificate: " + ec.message());
    }
  }
  return context;
}

}  // namespace sy::http
