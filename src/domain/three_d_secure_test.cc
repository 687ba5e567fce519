#include "domain/three_d_secure.h"

#include <gtest/gtest.h>

namespace sy::domain {
namespace {

TEST(ThreeDsJson, KeepsSwitchyardsOwnChallengeAndAuthenticationThroughTheStore) {
  ThreeDs t;
  PendingChallenge c;
  c.transactionId = "txn_1";
  c.challengeUrl = "http://127.0.0.1:9/3ds/challenge/acs";
  c.resumeToken = "3f1c2a8e-9d7b-4c61-8a57-1b2c3d4e5f60";
  c.expiresAt = fromMicros(1'700'000'000'000'000);
  c.threeDsServerTransactionId = "8a880dc0-d2d2-4067-bcb1-b08d1690b26e";
  t.challenge = c;
  ServerAuthentication a;
  a.threeDsServerTransactionId = c.threeDsServerTransactionId;
  a.dsTransactionId = "ds-1";
  a.acsTransactionId = "acs-1";
  a.transStatus = "Y";
  a.eci = "05";
  a.authenticationValue = "AAABBEg0VhI0VniQEjRWAAAAAAA=";
  a.protocolVersion = "2.2.0";
  a.challenged = true;
  t.server = a;

  auto back = threeDsFromJson(threeDsToJson(t));
  ASSERT_TRUE(back.isOk()) << back.status().toString();
  ASSERT_TRUE(back->challenge && back->server);
  EXPECT_EQ(back->challenge->threeDsServerTransactionId, c.threeDsServerTransactionId);
  EXPECT_EQ(back->server->eci, "05");
  EXPECT_EQ(back->server->authenticationValue, a.authenticationValue);
  EXPECT_EQ(back->server->dsTransactionId, "ds-1");
  EXPECT_TRUE(back->server->challenged);
  EXPECT_EQ(threeDsToJson(*back), threeDsToJson(t));
}

TEST(ThreeDsJson, AProcessorChallengeHasNoServerTransaction) {
  ThreeDs t;
  t.challenge = PendingChallenge{"txn_1", "https://acs", "tok", fromMicros(1), ""};
  auto back = threeDsFromJson(threeDsToJson(t));
  ASSERT_TRUE(back.isOk());
  EXPECT_TRUE(back->challenge->threeDsServerTransactionId.empty());
  EXPECT_FALSE(back->server.has_value());
  EXPECT_EQ(threeDsToJson(t).find("threeDsServerTransactionId"), std::string::npos);
}

}  // namespace
}  // namespace sy::domain
