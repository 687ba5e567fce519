#include "app/wiring.h"

#include <gtest/gtest.h>

#include <boost/asio/io_context.hpp>
#include <filesystem>

#include "http/test_certificates.h"

namespace sy::app {
namespace {

TEST(ProcessorClientOptions, WithoutACaFileLeaveTheSystemContextToTheClient) {
  auto options = processorClientOptions(Config{});
  ASSERT_TRUE(options.isOk()) << options.status().toString();
  EXPECT_EQ(options->tlsContext, nullptr);
}

TEST(ProcessorClientOptions, TrustAConfiguredCaFile) {
  http::testing::TestCertificateAuthority ca;
  Config config;
  config.tlsCaFile = ca.writeCertificateFile(::testing::TempDir());
  auto options = processorClientOptions(config);
  std::filesystem::remove(config.tlsCaFile);
  ASSERT_TRUE(options.isOk()) << options.status().toString();
  EXPECT_NE(options->tlsContext, nullptr);
}

TEST(ProcessorClientOptions, MissingCaFileIsAStartUpErrorNamingIt) {
  Config config;
  config.tlsCaFile = ::testing::TempDir() + "/sy-missing-ca.pem";
  auto options = processorClientOptions(config);
  ASSERT_FALSE(options.isOk());
  EXPECT_EQ(options.status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(options.status().message(), "tls_ca_file: cannot read TLS CA file " + config.tlsCaFile +
                                            ": No such file or directory");
}

TEST(MakeThreeDsServer, IsConfiguredOnlyWithADirectoryUrl) {
  boost::asio::io_context ioc;
  http::HttpClient client(ioc.get_executor());
  Config config;
  EXPECT_FALSE(makeThreeDsServer(client, config)->configured());
  ASSERT_TRUE(applySetting(config, "three_ds_directory_url", "http://127.0.0.1:9100").isOk());
  EXPECT_TRUE(makeThreeDsServer(client, config)->configured());
}

}  // namespace
}  // namespace sy::app
