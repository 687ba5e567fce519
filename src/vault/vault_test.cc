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
  EXPECT_EQ(t->token.card.first6, "411111");
  EXPECT_EQ(t->token.card.last4, "1111");
  EXPECT_EQ(t->token.panSealed.find("4111111111111111"), std::string::npos);
  EXPECT_EQ(t->token.tokenType, "SINGLE_USE");
  EXPECT_EQ(t->token.expiresAt - t->token.createdAt, std::chrono::seconds(900));
}

TEST(Vault, CvvIsSealedIntoAHoldThatExpiresWithTheToken) {
  FixedClock clock;
  Vault v(crypto::deriveKey("k"), clock, std::chrono::seconds(900));
  auto t = v.tokenize("m1", "", visa());
  ASSERT_TRUE(t.isOk());
  ASSERT_TRUE(t->cvvHold.has_value());
  EXPECT_EQ(t->cvvHold->token, t->token.token);
  EXPECT_EQ(t->cvvHold->merchantId, "m1");
  EXPECT_EQ(t->cvvHold->expiresAt, t->token.expiresAt);
  EXPECT_EQ(t->cvvHold->cvvSealed.find("123"), std::string::npos);

  CardInput noCvv = visa();
  noCvv.cvv = SecretString();
  auto bare = v.tokenize("m1", "", noCvv);
  ASSERT_TRUE(bare.isOk());
  EXPECT_FALSE(bare->cvvHold.has_value());
}

TEST(Vault, OpenGivesPanAndTheCvvOnlyFromItsHold) {
  FixedClock clock;
  Vault v(crypto::deriveKey("k"), clock, std::chrono::seconds(900));
  auto t = v.tokenize("m1", "", visa());
  ASSERT_TRUE(t.isOk());
  auto withCvv = v.open(t->token, &*t->cvvHold);
  ASSERT_TRUE(withCvv.isOk());
  EXPECT_EQ(withCvv->number.reveal(), "4111111111111111");
  EXPECT_EQ(withCvv->cvv.reveal(), "123");
  EXPECT_EQ(withCvv->expirationMonth, "12");
  auto without = v.open(t->token);
  ASSERT_TRUE(without.isOk());
  EXPECT_EQ(without->number.reveal(), "4111111111111111");
  EXPECT_TRUE(without->cvv.empty());
}

TEST(Vault, AnotherNodeWithTheSameKeyOpensTheHold) {
  FixedClock clock;
  Vault tokenizer(crypto::deriveKey("k"), clock, std::chrono::seconds(900));
  Vault payer(crypto::deriveKey("k"), clock, std::chrono::seconds(900));
  auto t = tokenizer.tokenize("m1", "", visa());
  ASSERT_TRUE(t.isOk());
  auto opened = payer.open(t->token, &*t->cvvHold);
  ASSERT_TRUE(opened.isOk());
  EXPECT_EQ(opened->cvv.reveal(), "123");
}

TEST(Vault, AHoldOpensOnlyForItsOwnTokenAndNeverAsAPan) {
  FixedClock clock;
  Vault v(crypto::deriveKey("k"), clock, std::chrono::seconds(900));
  auto a = v.tokenize("m1", "", visa());
  auto b = v.tokenize("m1", "", visa());
  ASSERT_TRUE(a.isOk());
  ASSERT_TRUE(b.isOk());
  // b's hold presented with a's token: no CVV.
  auto mixed = v.open(a->token, &*b->cvvHold);
  ASSERT_TRUE(mixed.isOk());
  EXPECT_TRUE(mixed->cvv.empty());
  // A hold relabelled for a's token does not decrypt (bound to b's token).
  store::CvvHold relabelled = *b->cvvHold;
  relabelled.token = a->token.token;
  EXPECT_FALSE(v.open(a->token, &relabelled).isOk());
  // A sealed CVV put in place of the sealed PAN does not decrypt as a PAN.
  store::CardToken swapped = a->token;
  swapped.panSealed = a->cvvHold->cvvSealed;
  EXPECT_FALSE(v.open(swapped).isOk());
}

TEST(Vault, WrongKeyCannotOpen) {
  FixedClock clock;
  Vault a(crypto::deriveKey("a"), clock, std::chrono::seconds(900));
  Vault b(crypto::deriveKey("b"), clock, std::chrono::seconds(900));
  auto t = a.tokenize("m1", "", visa());
  ASSERT_TRUE(t.isOk());
  EXPECT_FALSE(b.open(t->token).isOk());
  EXPECT_FALSE(b.open(t->token, &*t->cvvHold).isOk());
}

TEST(Vault, ExpiredHoldGivesNoCvv) {
  FixedClock clock;
  Vault v(crypto::deriveKey("k"), clock, std::chrono::seconds(60));
  auto t = v.tokenize("m1", "", visa());
  ASSERT_TRUE(t.isOk());
  clock.t += std::chrono::seconds(60);
  auto opened = v.open(t->token, &*t->cvvHold);
  ASSERT_TRUE(opened.isOk());
  EXPECT_TRUE(opened->cvv.empty());
}

}  // namespace
}  // namespace sy::vault
