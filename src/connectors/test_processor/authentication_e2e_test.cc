// The test processor emulator's authentication: the Bearer key, one account per key, and an
// emulator that accepts only one key refusing the others (a failure, never a decline).
#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <future>

#include "connectors/test_processor/test_processor_kit.h"
#include "connectors/testing/loopback_fixture.h"

namespace sy::connectors::testing {
namespace {

class TestProcessorAuthenticationTest : public LoopbackConnectorFixture<TestProcessorKit> {};

TEST_F(TestProcessorAuthenticationTest, DebugPathsNeedTheKey) {
  auto missing = raw(verb::get, "/v1/ledger");
  EXPECT_EQ(missing.status, 401u);
  EXPECT_EQ(boost::json::parse(missing.body).at("error").at("type"), "authentication_error");
}

TEST_F(TestProcessorAuthenticationTest, RequiredApiKeyRefusesOthers) {
  TestProcessorKit::Emulator::Options options;
  options.requiredApiKey = "tp_sk_only_this_one";
  TestProcessorKit::Emulator strict(ioc_, options);
  ASSERT_TRUE(strict.listen({boost::asio::ip::make_address("127.0.0.1"), 0}));
  strict.start();
  ConnectionConfig conn = conn_;
  conn.baseUrl = strict.baseUrl();
  CallResult refused = authorize(authorization("k-strict"), conn);
  EXPECT_EQ(refused.outcome, CallOutcome::kFailed);
  EXPECT_EQ(refused.reason->processorCode, "authentication_error");
  conn.credentialsJson = SecretString(R"({"apiKey":"tp_sk_only_this_one"})");
  EXPECT_EQ(authorize(authorization("k-strict"), conn).outcome, CallOutcome::kSucceeded);
  std::promise<void> drained;
  strict.stop([&] { drained.set_value(); });
  EXPECT_EQ(drained.get_future().wait_for(std::chrono::seconds(5)), std::future_status::ready);
}

}  // namespace
}  // namespace sy::connectors::testing
