// Checkout.com credentials: the emulator's debug paths need the key, and an emulator that accepts
// only one secret key refuses the others (a failure, never a decline).
#include <gtest/gtest.h>

#include <future>

#include "connectors/checkoutcom/checkoutcom_kit.h"
#include "connectors/testing/loopback_fixture.h"

namespace sy::connectors::testing {
namespace {

class CheckoutComCredentialsTest : public LoopbackConnectorFixture<CheckoutComKit> {};

TEST_F(CheckoutComCredentialsTest, DebugPathsNeedTheKey) {
  auto missing = raw(verb::get, "/_ledger");
  EXPECT_EQ(missing.status, 401u);
  EXPECT_TRUE(missing.body.empty());
}

TEST_F(CheckoutComCredentialsTest, RequiredSecretKeyRefusesOthers) {
  CheckoutComKit::Emulator::Options options;
  options.requiredSecretKey = "sk_sbox_only_this_one";
  CheckoutComKit::Emulator strict(ioc_, options);
  ASSERT_TRUE(strict.listen({boost::asio::ip::make_address("127.0.0.1"), 0}));
  strict.start();
  ConnectionConfig conn = conn_;
  conn.baseUrl = strict.baseUrl();
  CallResult refused = authorize(authorization("k-strict"), conn);
  EXPECT_EQ(refused.outcome, CallOutcome::kFailed);
  EXPECT_EQ(refused.reason->processorCode, "http_401");
  conn.credentialsJson = SecretString(R"({"secretKey":"sk_sbox_only_this_one"})");
  EXPECT_EQ(authorize(authorization("k-strict"), conn).outcome, CallOutcome::kSucceeded);
  std::promise<void> drained;
  strict.stop([&] { drained.set_value(); });
  EXPECT_EQ(drained.get_future().wait_for(std::chrono::seconds(5)), std::future_status::ready);
}

}  // namespace
}  // namespace sy::connectors::testing
