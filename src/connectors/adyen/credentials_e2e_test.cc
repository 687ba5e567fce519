// Adyen credentials: a wrong API key or merchant account is refused by Adyen (a failure, never a
// decline) and credentials without merchantAccount are not sent.
#include <gtest/gtest.h>

#include "connectors/adyen/adyen_kit.h"
#include "connectors/testing/loopback_fixture.h"

namespace sy::connectors::testing {
namespace {
using domain::ReasonType;

class AdyenWrongCredentialsTest : public LoopbackConnectorFixture<AdyenKit> {
 protected:
  ConnectionConfig with(std::string credentialsJson) {
    ConnectionConfig c = conn_;
    c.credentialsJson = SecretString(std::move(credentialsJson));
    return c;
  }
};

TEST_F(AdyenWrongCredentialsTest, WrongCredentialsAreRefusedNotDeclined) {
  const std::string key(AdyenKit::kApiKey);
  CallResult wrongKey = authorize(
      authorization("k-key"), with(R"({"apiKey":"wrong-key","merchantAccount":"SwitchyardECOM"})"));
  EXPECT_EQ(wrongKey.outcome, CallOutcome::kFailed);
  EXPECT_EQ(wrongKey.reason->type, ReasonType::kGatewayRejected);
  CallResult otherAccount = authorize(
      authorization("k-acct"), with(R"({"apiKey":")" + key + R"(","merchantAccount":"Other"})"));
  EXPECT_EQ(otherAccount.reason->processorCode, "901");
  CallResult missing = authorize(authorization("k-missing"), with(R"({"apiKey":")" + key + "\"}"));
  EXPECT_EQ(missing.reason->type, ReasonType::kApplicationError);
  EXPECT_EQ(ledger().charges, 0);
}

}  // namespace
}  // namespace sy::connectors::testing
