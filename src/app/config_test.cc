#include "app/config.h"

#include <gtest/gtest.h>
#include <stdlib.h>

#include <fstream>

namespace sy::app {
namespace {

TEST(Config, DefaultsAreSensible) {
  Config c;
  EXPECT_EQ(c.listen, "127.0.0.1:8080");
  EXPECT_EQ(databasePath(c), "data/switchyard.db");
  EXPECT_EQ(databaseUrl(c), "sqlite://data/switchyard.db");
  EXPECT_EQ(c.processorTimeout, std::chrono::milliseconds(10000));
}

TEST(Config, DatabaseUrlSelectsTheStore) {
  Config c;
  ASSERT_TRUE(applySetting(c, "database", "/srv/sy.db").isOk());
  EXPECT_EQ(databaseUrl(c), "sqlite:///srv/sy.db");
  setenv("SWITCHYARD_DATABASE_URL", "postgresql://sy@db:5432/switchyard", 1);
  ASSERT_TRUE(applyEnvironment(c).isOk());
  unsetenv("SWITCHYARD_DATABASE_URL");
  EXPECT_EQ(databaseUrl(c), "postgresql://sy@db:5432/switchyard");
}

TEST(Config, FileThenEnvironmentOverride) {
  std::string path = ::testing::TempDir() + "/sy_config.json";
  std::ofstream(path) << R"({"listen": "127.0.0.1:9000", "processor_timeout_ms": 500, "demo": true})";
  Config c;
  ASSERT_TRUE(applyConfigFile(c, path).isOk());
  EXPECT_EQ(c.listen, "127.0.0.1:9000");
  EXPECT_TRUE(c.demo);
  setenv("SWITCHYARD_PROCESSOR_TIMEOUT_MS", "250", 1);
  ASSERT_TRUE(applyEnvironment(c).isOk());
  unsetenv("SWITCHYARD_PROCESSOR_TIMEOUT_MS");
  EXPECT_EQ(c.processorTimeout, std::chrono::milliseconds(250));
}

TEST(Config, ThreeDsDirectoryUrlIsAnHttpUrlFromTheEnvironmentOrSetting) {
  Config c;
  EXPECT_EQ(c.threeDsDirectoryUrl, "");
  setenv("SWITCHYARD_THREE_DS_DIRECTORY_URL", "https://ds.example.com/", 1);
  ASSERT_TRUE(applyEnvironment(c).isOk());
  unsetenv("SWITCHYARD_THREE_DS_DIRECTORY_URL");
  EXPECT_EQ(c.threeDsDirectoryUrl, "https://ds.example.com");
  EXPECT_FALSE(applySetting(c, "three_ds_directory_url", "ftp://ds").isOk());
  EXPECT_EQ(c.threeDsDirectoryUrl, "https://ds.example.com");
  ASSERT_TRUE(applySetting(c, "three_ds_directory_url", "").isOk());
  EXPECT_EQ(c.threeDsDirectoryUrl, "");
}

TEST(Config, SqliteSynchronousIsFullUnlessSetToNormal) {
  Config c;
  EXPECT_EQ(c.sqliteSynchronous, "full");
  ASSERT_TRUE(applySetting(c, "sqlite_synchronous", "normal").isOk());
  EXPECT_EQ(c.sqliteSynchronous, "normal");
  ASSERT_TRUE(applySetting(c, "sqlite_synchronous", "full").isOk());
  EXPECT_EQ(c.sqliteSynchronous, "full");
  EXPECT_FALSE(applySetting(c, "sqlite_synchronous", "off").isOk());
  EXPECT_EQ(c.sqliteSynchronous, "full");
}

TEST(Config, TlsCaFileFromFileEnvironmentOrSetting) {
  Config c;
  EXPECT_EQ(c.tlsCaFile, "");
  std::string path = ::testing::TempDir() + "/sy_config_tls.json";
  std::ofstream(path) << R"({"tls_ca_file": "/from/file.pem"})";
  ASSERT_TRUE(applyConfigFile(c, path).isOk());
  EXPECT_EQ(c.tlsCaFile, "/from/file.pem");
  setenv("SWITCHYARD_TLS_CA_FILE", "/from/env.pem", 1);
  Status fromEnv = applyEnvironment(c);
  unsetenv("SWITCHYARD_TLS_CA_FILE");
  ASSERT_TRUE(fromEnv.isOk());
  EXPECT_EQ(c.tlsCaFile, "/from/env.pem");
  ASSERT_TRUE(applySetting(c, "tls_ca_file", "/from/flag.pem").isOk());  // --tls-ca-file
  EXPECT_EQ(c.tlsCaFile, "/from/flag.pem");
}

TEST(Config, BadValuesAreClearErrors) {
  Config c;
  Status s = applySetting(c, "processor_timeout_ms", "soon");
  EXPECT_FALSE(s.isOk());
  EXPECT_NE(s.message().find("processor_timeout_ms"), std::string::npos);
  EXPECT_FALSE(applySetting(c, "no_such_setting", "1").isOk());
  EXPECT_FALSE(applySetting(c, "log_level", "loud").isOk());
}

}  // namespace
TEST(Config, SeveralNodeSettings) {
  Config c;
  EXPECT_EQ(c.nodeId, "");
  EXPECT_EQ(c.leaseTtl, std::chrono::milliseconds(60000));
  EXPECT_EQ(c.apiKeyCacheTtl, std::chrono::milliseconds(5000));
  EXPECT_TRUE(checkConsistency(c).isOk());
  ASSERT_TRUE(applySetting(c, "node_id", "eu-west-1a.node_2").isOk());
  EXPECT_EQ(c.nodeId, "eu-west-1a.node_2");
  EXPECT_FALSE(applySetting(c, "node_id", "").isOk());
  EXPECT_FALSE(applySetting(c, "node_id", "has space").isOk());
  EXPECT_FALSE(applySetting(c, "node_id", std::string(65, 'a')).isOk());
  ASSERT_TRUE(applySetting(c, "api_key_cache_ms", "0").isOk());
  EXPECT_EQ(c.apiKeyCacheTtl, std::chrono::milliseconds(0));
  // A lease must outlast the processor call it covers.
  ASSERT_TRUE(applySetting(c, "lease_ttl_ms", "10000").isOk());
  Status s = checkConsistency(c);
  EXPECT_FALSE(s.isOk());
  EXPECT_NE(s.message().find("lease_ttl_ms"), std::string::npos);
  ASSERT_TRUE(applySetting(c, "processor_timeout_ms", "2000").isOk());
  EXPECT_TRUE(checkConsistency(c).isOk());
}

}  // namespace sy::app

namespace sy::app {
namespace {

TEST(Config, CircuitBreakerSettingsHaveDefaultsAndBounds) {
  Config c;
  EXPECT_EQ(c.circuitWindow, std::chrono::milliseconds(30000));
  EXPECT_EQ(c.circuitMinimumCalls, 20);
  EXPECT_EQ(c.circuitFailureRatePercent, 50);
  EXPECT_EQ(c.circuitOpen, std::chrono::milliseconds(30000));
  EXPECT_EQ(c.circuitHalfOpenProbes, 3);
  ASSERT_TRUE(applySetting(c, "circuit_window_ms", "5000").isOk());
  ASSERT_TRUE(applySetting(c, "circuit_minimum_calls", "3").isOk());
  ASSERT_TRUE(applySetting(c, "circuit_failure_rate_percent", "80").isOk());
  ASSERT_TRUE(applySetting(c, "circuit_open_ms", "200").isOk());
  ASSERT_TRUE(applySetting(c, "circuit_half_open_probes", "1").isOk());
  EXPECT_EQ(c.circuitWindow, std::chrono::milliseconds(5000));
  EXPECT_EQ(c.circuitMinimumCalls, 3);
  EXPECT_EQ(c.circuitFailureRatePercent, 80);
  EXPECT_EQ(c.circuitOpen, std::chrono::milliseconds(200));
  EXPECT_EQ(c.circuitHalfOpenProbes, 1);
  EXPECT_FALSE(applySetting(c, "circuit_failure_rate_percent", "0").isOk());
  EXPECT_FALSE(applySetting(c, "circuit_failure_rate_percent", "101").isOk());
  EXPECT_FALSE(applySetting(c, "circuit_half_open_probes", "0").isOk());
  EXPECT_FALSE(applySetting(c, "circuit_window_ms", "five").isOk());
  EXPECT_FALSE(applySetting(c, "circuit_breakers", "1").isOk());
  EXPECT_EQ(c.circuitFailureRatePercent, 80);
}

}  // namespace
}  // namespace sy::app
