#include "http/tls_context.h"

#include <gtest/gtest.h>
#include <openssl/ssl.h>
#include <unistd.h>

#include <boost/asio/ssl/context.hpp>
#include <filesystem>
#include <fstream>

#include "http/test_certificates.h"

namespace sy::http {
namespace {

TEST(TlsClientContext, RequiresTls12AndVerifiesPeers) {
  auto context = makeTlsClientContext({});
  ASSERT_TRUE(context.isOk()) << context.status().toString();
  SSL_CTX* native = (*context)->native_handle();
  EXPECT_EQ(SSL_CTX_get_min_proto_version(native), TLS1_2_VERSION);
  EXPECT_NE(SSL_CTX_get_verify_mode(native) & SSL_VERIFY_PEER, 0);
}

TEST(TlsClientContext, LoadsAnExtraCaFile) {
  testing::TestCertificateAuthority ca;
  std::string path = ca.writeCertificateFile(::testing::TempDir());
  auto context = makeTlsClientContext({.extraCaFile = path});
  std::filesystem::remove(path);
  ASSERT_TRUE(context.isOk()) << context.status().toString();
}

TEST(TlsClientContext, MissingCaFileIsAClearError) {
  const std::string path = ::testing::TempDir() + "/sy-no-such-ca.pem";
  auto context = makeTlsClientContext({.extraCaFile = path});
  ASSERT_FALSE(context.isOk());
  EXPECT_EQ(context.status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(context.status().message(),
            "cannot read TLS CA file " + path + ": No such file or directory");
}

TEST(TlsClientContext, CaFileWithoutCertificatesIsAClearError) {
  for (const char* content : {"", "not a certificate\n",
                              "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n"}) {
    const std::string path =
        ::testing::TempDir() + "/sy-bad-ca-" + std::to_string(::getpid()) + ".pem";
    std::ofstream(path, std::ios::trunc) << content;
    auto context = makeTlsClientContext({.extraCaFile = path});
    std::filesystem::remove(path);
    ASSERT_FALSE(context.isOk()) << "content: " << content;
    EXPECT_EQ(context.status().code(), StatusCode::kInvalidArgument);
    EXPECT_NE(context.status().message().find("TLS CA file " + path + " holds no usable PEM"),
              std::string::npos)
        << context.status().message();
  }
}

}  // namespace
}  // namespace sy::http
