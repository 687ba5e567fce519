#include "vault/vault.h"

#include <gtest/gtest.h>

#include "common/crypto.h"

namespace sy::vault {
namespace {

class FixedClock : public Clock {
 public:
  TimePoint now() const override { return t; }
  TimePoint t = fromMicros(1'700'000'000'000'000);
};

CardInput visa() {
  return CardInput{SecretString("4111111111111111"), SecretString("123"), "12", "2030", "Ann Lee",
                   "VISA"};
}

TEST(Vault, SealsPanAndKeepsOnlyDisplayDigits) {
  FixedClock clock;
  Vault v(crypto::deriveKey("k"), clock, std::chrono::seconds(900));
  auto t = v.tokenize("m1", "cs1", visa());
  ASSERT_TRUE(t.isOk());
  EXPECT_EQ(t->card.first6, "411111");
  EXPECT_EQ(t->card.last4, "1111");
  EXPECT_EQ(t->panSealed.find("4111111111111111"), std::string::npos);
  EXPECT_EQ(t->tokenType, "SINGLE_USE");
  EXPECT_EQ(t->expiresAt - t->createdAt, std::chrono::seconds(900));
}

TEST(Vault, OpenGivesPanAndCvvOnce) {
  FixedClock clock;
  Vault v(crypto::deriveKey("k"), clock, std::chrono::seconds(900));
  auto t = v.tokenize("m1", "", visa());
  ASSERT_TRUE(t.isOk());
  auto first = v.open(*t);
  ASSERT_TRUE(first.isOk());
  EXPECT_EQ(first->number.reveal(), "4111111111111111");
  EXPECT_EQ(first->cvv.reveal(), "123");
  auto second = v.open(*t);
  ASSERT_TRUE(second.isOk());
  EXPECT_TRUE(second->cvv.empty());
}

TEST(Vault, WrongKeyCannotOpen) {
  FixedClock clock;
  Vault a(crypto::deriveKey("a"), clock, std::chrono::seconds(900));
  Vault b(crypto::deriveKey("b"), clock, std::chrono::seconds(900));
  auto t = a.tokenize("m1", "", visa());
  ASSERT_TRUE(t.isOk());
  EXPECT_FALSE(b.open(*t).isOk());
}

TEST(Vault, ExpiredCvvIsForgotten) {
  FixedClock clock;
  Vault v(crypto::deriveKey("k"), clock, std::chrono::seconds(60));
  auto t = v.tokenize("m1", "", visa());
  ASSERT_TRUE(t.isOk());
  clock.t += std::chrono::seconds(61);
  v.purgeExpired();
  auto opened = v.open(*t);
  ASSERT_TRUE(opened.isOk());
  EXPECT_TRUE(opened->cvv.empty());
}

}  // namespace
}  // namespace sy::vault
