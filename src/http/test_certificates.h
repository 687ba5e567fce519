// Test-only: a throwaway certificate authority made at test time with OpenSSL 3, and server
// certificates it signs, for TLS tests on loopback. Nothing is read from or written to the
// machine's trust store; each CA is trusted only by whoever is handed its certificate.
// Failures throw std::runtime_error (GoogleTest reports it as a test failure).
#pragma once

#include <openssl/bio.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rand.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>
#include <stdlib.h>
#include <unistd.h>

#include <cstdint>
#include <memory>
#include <stdexcept>
#include <string>

namespace sy::http::testing {

// A PEM certificate with its PEM private key, as a TLS server loads them.
struct TestIdentity {
  std::string certificatePem;
  std::string privateKeyPem;
};

class TestCertificateAuthority {
 public:
  explicit TestCertificateAuthority(const std::string& commonName = "Switchyard Test CA")
      : key_(newKey()), certificate_(newCertificate(commonName, key_.get())) {
    X509* cert = certificate_.get();
    X509_set_issuer_name(cert, X509_get_subject_name(cert));  // self-signed
    addExtension(cert, cert, NID_basic_constraints, "critical,CA:TRUE");
    addExtension(cert, cert, NID_key_usage, "critical,keyCertSign,cRLSign");
    addExtension(cert, cert, NID_subject_key_identifier, "hash");
    sign(cert, key_.get());
  }

  std::string certificatePem() const {
    return toPem([&](BIO* bio) { return PEM_write_bio_X509(bio, certificate_.get()); });
  }

  // Writes certificatePem() to a new file in `directory` (e.g. ::testing::TempDir()) and returns
  // its path. The name is unique, so test processes running in parallel do not collide.
  std::string writeCertificateFile(const std::string& directory) const {
    std::string path = directory + "/sy-test-ca-XXXXXX.pem";
    int fd = ::mkstemps(path.data(), 4);
    if (fd < 0) throw std::runtime_error("cannot create a file in " + directory);
    std::string pem = certificatePem();
    bool written = ::write(fd, pem.data(), pem.size()) == static_cast<ssize_t>(pem.size());
    ::close(fd);
    if (!written) throw std::runtime_error("cannot write " + path);
    return path;
  }

  // A server certificate and key signed by this CA. `subjectAltNames` in OpenSSL's config syntax;
  // the default covers both ways a loopback test may name the server.
  TestIdentity issueServerCertificate(
      const std::string& subjectAltNames = "IP:127.0.0.1, DNS:localhost") const {
    Key key = newKey();
    Certificate leaf = newCertificate("switchyard test server", key.get());
    X509* cert = leaf.get();
    X509_set_issuer_name(cert, X509_get_subject_name(certificate_.get()));
    addExtension(cert, certificate_.get(), NID_basic_constraints, "critical,CA:FALSE");
    addExtension(cert, certificate_.get(), NID_key_usage, "critical,digitalSignature");
    addExtension(cert, certificate_.get(), NID_ext_key_usage, "serverAuth");
    addExtension(cert, certificate_.get(), NID_subject_alt_name, subjectAltNames);
    addExtension(cert, certificate_.get(), NID_authority_key_identifier, "keyid:always");
    sign(cert, key_.get());
    TestIdentity identity;
    identity.certificatePem = toPem([&](BIO* bio) { return PEM_write_bio_X509(bio, cert); });
    identity.privateKeyPem = toPem([&](BIO* bio) {
      return PEM_write_bio_PrivateKey(bio, key.get(), nullptr, nullptr, 0, nullptr, nullptr);
    });
    return identity;
  }

 private:
  struct KeyFree {
    void operator()(EVP_PKEY* p) const { EVP_PKEY_free(p); }
  };
  struct CertificateFree {
    void operator()(X509* p) const { X509_free(p); }
  };
  struct BioFree {
    void operator()(BIO* p) const { BIO_free(p); }
  };
  using Key = std::unique_ptr<EVP_PKEY, KeyFree>;
  using Certificate = std::unique_ptr<X509, CertificateFree>;

  [[noreturn]] static void fail(const std::string& what) {
    char detail[256] = "";
    ERR_error_string_n(ERR_get_error(), detail, sizeof detail);
    throw std::runtime_error("test certificate: " + what + ": " + detail);
  }

  static Key newKey() {  // EC P-256: fast to generate, accepted at OpenSSL's default level
    Key key(EVP_EC_gen("P-256"));
    if (!key) fail("EC key generation");
    return key;
  }

  // An unsigned v3 certificate for `key` named `commonName`, valid from an hour ago for a day
  // (slack for clock steps), with a random serial.
  static Certificate newCertificate(const std::string& commonName, EVP_PKEY* key) {
    Certificate cert(X509_new());
    if (!cert) fail("X509_new");
    uint64_t serial = 0;
    if (RAND_bytes(reinterpret_cast<unsigned char*>(&serial), sizeof serial) != 1) fail("serial");
    serial = (serial >> 1) | 1;  // positive and non-zero
    X509_NAME* name = X509_get_subject_name(cert.get());
    bool ok = X509_set_version(cert.get(), X509_VERSION_3) == 1 &&
              ASN1_INTEGER_set_uint64(X509_get_serialNumber(cert.get()), serial) == 1 &&
              X509_gmtime_adj(X509_getm_notBefore(cert.get()), -3600) != nullptr &&
              X509_gmtime_adj(X509_getm_notAfter(cert.get()), 24 * 3600) != nullptr &&
              X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC,
                                         reinterpret_cast<const unsigned char*>(commonName.c_str()),
                                         -1, -1, 0) == 1 &&
              X509_set_pubkey(cert.get(), key) == 1;
    if (!ok) fail("certificate fields");
    return cert;
  }

  static void addExtension(X509* cert, X509* issuer, int nid, const std::string& value) {
    X509V3_CTX ctx;
    X509V3_set_ctx_nodb(&ctx);
    X509V3_set_ctx(&ctx, issuer, cert, nullptr, nullptr, 0);
    X509_EXTENSION* ext = X509V3_EXT_conf_nid(nullptr, &ctx, nid, value.c_str());
    if (!ext) fail("extension " + value);
    int added = X509_add_ext(cert, ext, -1);
    X509_EXTENSION_free(ext);
    if (added != 1) fail("adding extension " + value);
  }

  static void sign(X509* cert, EVP_PKEY* key) {
    if (X509_sign(cert, key, EVP_sha256()) <= 0) fail("signing");
  }

  template <class Write>
  static std::string toPem(Write write) {
    std::unique_ptr<BIO, BioFree> bio(BIO_new(BIO_s_mem()));
    if (!bio || write(bio.get()) != 1) fail("PEM encoding");
    char* data = nullptr;
    long size = BIO_get_mem_data(bio.get(), &data);
    return std::string(data, static_cast<size_t>(size));
  }

  Key key_;
  Certificate certificate_;
};

}  // namespace sy::http::testing
