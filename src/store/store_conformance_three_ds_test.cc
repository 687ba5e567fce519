// The store conformance suite (store_conformance.h): 3-D Secure state on payments and the
// recovery sweep's query for abandoned challenges (migration 10).
#include "store/store_conformance.h"

namespace sy::store {
namespace {

using namespace conformance;  // NOLINT: the suite's fixture and helpers
using domain::Payment;

domain::PendingChallenge challengeUntil(int64_t expiresAt) {
  domain::PendingChallenge c;
  c.transactionId = "tx-1";
  c.challengeUrl = "http://127.0.0.1:1/3ds/challenge/pi_1?x='\"";
  c.resumeToken = "7d3b2c1e-6a4f-4b8e-9c0d-1e2f3a4b5c6d";
  c.expiresAt = at(expiresAt);
  return c;
}

TEST_P(StoreConformance, ThreeDsStateRoundTripsWithThePayment) {
  Payment p = fullPayment("m_a", "pay_3ds", kT0);
  p.threeDs.challenge = challengeUntil(kT0 + 900);
  insert(p);
  auto found = find("m_a", "pay_3ds");
  ASSERT_TRUE(found.isOk()) << found.status().toString();
  ASSERT_TRUE(found->threeDs.challenge.has_value());
  EXPECT_EQ(found->threeDs.challenge->resumeToken, p.threeDs.challenge->resumeToken);
  EXPECT_EQ(dump(*found), dump(p));

  // The challenge ends: the result replaces it, the token is kept for repeated resumes.
  Payment done = p;
  done.version = 2;
  done.threeDs.challenge.reset();
  done.threeDs.lastResumeToken = p.threeDs.challenge->resumeToken;
  domain::ThreeDsAuthentication a;
  a.responseCode = "AUTH_FAILED";
  a.reasonCode = "CARD_AUTHENTICATION_FAILED";
  a.reasonText = "The customer refused the challenge";
  a.protocolVersion = "2.2.0";
  a.challengeIssued = true;
  done.threeDs.result = a;
  ASSERT_TRUE(write([&](WriteTx& tx) { return tx.updatePayment(done); }).isOk());
  found = find("m_a", "pay_3ds");
  ASSERT_TRUE(found.isOk());
  EXPECT_FALSE(found->threeDs.challenge.has_value());
  ASSERT_TRUE(found->threeDs.result.has_value());
  EXPECT_EQ(found->threeDs.result->reasonCode, "CARD_AUTHENTICATION_FAILED");
  EXPECT_EQ(found->threeDs.result->challengeIssued, std::optional<bool>(true));
  EXPECT_EQ(dump(*found), dump(done));
}

TEST_P(StoreConformance, ListExpiredChallengesFindsAbandonedChallengesEarliestFirst) {
  Payment none = fullPayment("m_a", "pay_none", kT0);
  Payment later = fullPayment("m_a", "pay_later", kT0);
  later.threeDs.challenge = challengeUntil(kT0 + 500);
  Payment sooner = fullPayment("m_b", "pay_sooner", kT0);
  sooner.threeDs.challenge = challengeUntil(kT0 + 100);
  Payment future = fullPayment("m_a", "pay_future", kT0);
  future.threeDs.challenge = challengeUntil(kT0 + 10'000);
  for (const auto& p : {none, later, sooner, future}) insert(p);

  auto expired = read([](ReadTx& tx) { return tx.listExpiredChallenges(at(kT0 + 500), 10); });
  ASSERT_TRUE(expired.isOk()) << expired.status().toString();
  ASSERT_EQ(expired->size(), 2u);
  EXPECT_EQ((*expired)[0].paymentId, "pay_sooner");
  EXPECT_EQ((*expired)[0].merchantId, "m_b");
  EXPECT_EQ((*expired)[1].paymentId, "pay_later");
  EXPECT_EQ(read([](ReadTx& tx) { return tx.listExpiredChallenges(at(kT0 + 500), 1); })->size(),
            1u);

  // A challenge that ended (resumed, or expired by the sweep) is off the list.
  Payment resumed = sooner;
  resumed.version = 2;
  resumed.threeDs.challenge.reset();
  ASSERT_TRUE(write([&](WriteTx& tx) { return tx.updatePayment(resumed); }).isOk());
  expired = read([](ReadTx& tx) { return tx.listExpiredChallenges(at(kT0 + 500), 10); });
  ASSERT_TRUE(expired.isOk());
  ASSERT_EQ(expired->size(), 1u);
  EXPECT_EQ((*expired)[0].paymentId, "pay_later");
}

}  // namespace
}  // namespace sy::store
