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

// A ring whose current KEK comes from master secret `secret` under id `id`.
KeyRing ring(const std::string& secret, const std::string& id = "k1",
             std::vector<MasterKey> previous = {}, SecretString legacy = {}) {
  auto r = KeyRing::fromMasterKeys(MasterKey{id, SecretString(secret + "-master-secret-text")},
                                   previous, std::move(legacy));
  EXPECT_TRUE(r.isOk());
  return std::move(r).value();
}

MasterKey master(const std::string& secret, const std::string& id) {
  return MasterKey{id, SecretString(secret + "-master-secret-text")};
}

CardInput visa() {
  return CardInput{SecretString("4111111111111111"), SecretString("123"), "12", "2030", "Ann Lee",
                   "VISA"};
}

TEST(Vault, SealsPanAndKeepsOnlyDisplayDigits) {
  FixedClock clock;
  Vault v(ring("k"), clock, std::chrono::seconds(900));
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
  Vault v(ring("k"), clock, std::chrono::seconds(900));
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
  Vault v(ring("k"), clock, std::chrono::seconds(900));
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
  Vault tokenizer(ring("k"), clock, std::chrono::seconds(900));
  Vault payer(ring("k"), clock, std::chrono::seconds(900));
  auto t = tokenizer.tokenize("m1", "", visa());
  ASSERT_TRUE(t.isOk());
  auto opened = payer.open(t->token, &*t->cvvHold);
  ASSERT_TRUE(opened.isOk());
  EXPECT_EQ(opened->cvv.reveal(), "123");
}

TEST(Vault, AHoldOpensOnlyForItsOwnTokenAndNeverAsAPan) {
  FixedClock clock;
  Vault v(ring("k"), clock, std::chrono::seconds(900));
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
  Vault a(ring("a"), clock, std::chrono::seconds(900));
  Vault b(ring("b"), clock, std::chrono::seconds(900));
  auto t = a.tokenize("m1", "", visa());
  ASSERT_TRUE(t.isOk());
  EXPECT_FALSE(b.open(t->token).isOk());
  EXPECT_FALSE(b.open(t->token, &*t->cvvHold).isOk());
}

TEST(Vault, ExpiredHoldGivesNoCvv) {
  FixedClock clock;
  Vault v(ring("k"), clock, std::chrono::seconds(60));
  auto t = v.tokenize("m1", "", visa());
  ASSERT_TRUE(t.isOk());
  clock.t += std::chrono::seconds(60);
  auto opened = v.open(t->token, &*t->cvvHold);
  ASSERT_TRUE(opened.isOk());
  EXPECT_TRUE(opened->cvv.empty());
}

TEST(Vault, EachTokenHasItsOwnDataKeyWrappedByTheCurrentKek) {
  FixedClock clock;
  Vault v(ring("k", "2026-01"), clock, std::chrono::seconds(900));
  auto a = v.tokenize("m1", "", visa());
  auto b = v.tokenize("m1", "", visa());
  ASSERT_TRUE(a.isOk());
  ASSERT_TRUE(b.isOk());
  EXPECT_EQ(a->token.kekId, "2026-01");
  EXPECT_FALSE(a->token.dekWrapped.empty());
  EXPECT_NE(a->token.dekWrapped, b->token.dekWrapped);
  // A wrapped DEK is bound to its record: b's DEK in a's record does not open it.
  store::CardToken swapped = a->token;
  swapped.dekWrapped = b->token.dekWrapped;
  EXPECT_FALSE(v.open(swapped).isOk());
}

TEST(Vault, TamperedCiphertextOrWrappedKeyOrKekIdDoesNotOpen) {
  FixedClock clock;
  Vault v(ring("k", "k1", {master("old", "k0")}), clock, std::chrono::seconds(900));
  auto t = v.tokenize("m1", "", visa());
  ASSERT_TRUE(t.isOk());
  store::CardToken pan = t->token;
  pan.panSealed[14] ^= 0x01;
  EXPECT_FALSE(v.open(pan).isOk());
  store::CardToken dek = t->token;
  dek.dekWrapped[20] ^= 0x01;
  EXPECT_FALSE(v.open(dek).isOk());
  store::CardToken relabelled = t->token;
  relabelled.kekId = "k0";  // a known KEK, but not the one that wrapped it
  EXPECT_FALSE(v.open(relabelled).isOk());
  store::CardToken unknown = t->token;
  unknown.kekId = "nope";
  auto r = v.open(unknown);
  ASSERT_FALSE(r.isOk());
  EXPECT_NE(r.status().message().find("'nope'"), std::string::npos);
}

TEST(Vault, AWrongMasterSecretUnderTheSameIdCannotOpen) {
  FixedClock clock;
  Vault a(ring("right", "k1"), clock, std::chrono::seconds(900));
  Vault b(ring("wrong", "k1"), clock, std::chrono::seconds(900));
  auto t = a.tokenize("m1", "", visa());
  ASSERT_TRUE(t.isOk());
  EXPECT_FALSE(b.open(t->token).isOk());
}

TEST(Vault, RewrapMovesOnlyTheDataKeyToTheNewKek) {
  FixedClock clock;
  Vault before(ring("old", "k1"), clock, std::chrono::seconds(900));
  auto t = before.tokenize("m1", "", visa());
  ASSERT_TRUE(t.isOk());
  // Mid-rotation: the new KEK is current and the old one still configured.
  Vault during(ring("new", "k2", {master("old", "k1")}), clock, std::chrono::seconds(900));
  ASSERT_TRUE(during.open(t->token, &*t->cvvHold).isOk());  // old-KEK record opens
  auto moved = during.rewrap(t->token);
  ASSERT_TRUE(moved.isOk());
  EXPECT_EQ(moved->kekId, "k2");
  EXPECT_EQ(moved->panSealed, t->token.panSealed);  // the PAN's ciphertext is untouched
  EXPECT_NE(moved->dekWrapped, t->token.dekWrapped);
  // After the rotation the old key is removed: re-wrapped records (and their CVV) still open.
  Vault after(ring("new", "k2"), clock, std::chrono::seconds(900));
  auto opened = after.open(*moved, &*t->cvvHold);
  ASSERT_TRUE(opened.isOk());
  EXPECT_EQ(opened->number.reveal(), "4111111111111111");
  EXPECT_EQ(opened->cvv.reveal(), "123");
  EXPECT_FALSE(after.open(t->token).isOk());  // a record left behind needs the old key
  auto same = after.rewrap(*moved);
  ASSERT_TRUE(same.isOk());
  EXPECT_EQ(same->dekWrapped, moved->dekWrapped);
}

TEST(Vault, ARecordFromBeforeEnvelopeEncryptionOpensAndIsUpgradedByRewrap) {
  FixedClock clock;
  const SecretString legacy(std::string(32, 'L'));
  // The single-key format: the PAN sealed directly by the legacy key, no DEK, no KEK id.
  store::CardToken old;
  old.token = "pmt_legacy";
  old.merchantId = "m1";
  old.panSealed = crypto::aesGcmEncrypt(legacy, "4111111111111111", old.token).value();
  const store::CvvHold hold{old.token, "m1",
                            crypto::aesGcmEncrypt(legacy, "737", "cvv:" + old.token).value(),
                            clock.now() + std::chrono::seconds(60)};
  Vault v(ring("k", "k1", {}, legacy), clock, std::chrono::seconds(900));
  auto opened = v.open(old, &hold);
  ASSERT_TRUE(opened.isOk());
  EXPECT_EQ(opened->number.reveal(), "4111111111111111");
  auto up = v.rewrap(old);
  ASSERT_TRUE(up.isOk());
  EXPECT_EQ(up->kekId, "k1");
  EXPECT_NE(up->panSealed, old.panSealed);
  auto again = v.open(*up, &hold);  // its CVV hold, still under the legacy key, opens too
  ASSERT_TRUE(again.isOk());
  EXPECT_EQ(again->number.reveal(), "4111111111111111");
  EXPECT_EQ(again->cvv.reveal(), "737");
  Vault noLegacy(ring("k", "k1"), clock, std::chrono::seconds(900));
  EXPECT_TRUE(noLegacy.open(*up).isOk());
  EXPECT_FALSE(noLegacy.open(old).isOk());
}

TEST(Vault, AnInstrumentHoldsTheCardUnderItsOwnDataKeyAndStaysUsable) {
  FixedClock clock;
  Vault v(ring("k"), clock, std::chrono::seconds(900));
  auto single = v.tokenize("m1", "cs1", visa());
  ASSERT_TRUE(single.isOk());
  auto made = v.makeInstrument(single->token, "cust-1");
  ASSERT_TRUE(made.isOk());
  EXPECT_TRUE(isInstrumentToken(made->token));
  EXPECT_FALSE(isInstrumentToken(single->token.token));
  EXPECT_EQ(made->tokenType, "MULTI_USE");
  EXPECT_EQ(made->customerId, "cust-1");
  EXPECT_EQ(made->vaultedFrom, single->token.token);
  EXPECT_NE(made->dekWrapped, single->token.dekWrapped);
  EXPECT_EQ(made->card.last4, "1111");
  // Usable long after the single-use token expired, and again after a use.
  clock.t += std::chrono::hours(24 * 365 * 20);
  made->usedAt = clock.t;
  EXPECT_TRUE(store::cardTokenUsable(*made, clock.t));
  auto opened = v.open(*made);
  ASSERT_TRUE(opened.isOk());
  EXPECT_EQ(opened->number.reveal(), "4111111111111111");
  EXPECT_TRUE(opened->cvv.empty());
}

TEST(KeyRing, ParsesMasterKeysWithoutQuotingSecrets) {
  auto hex = parseMasterKey("k1:" + std::string(64, 'a'));
  ASSERT_TRUE(hex.isOk());
  EXPECT_EQ(hex->id, "k1");
  EXPECT_EQ(hex->secret.reveal().size(), 32u);
  auto pass = parseMasterKey("2026-11:correct horse battery staple");
  ASSERT_TRUE(pass.isOk());
  EXPECT_EQ(pass->secret.reveal(), "correct horse battery staple");
  auto shortSecret = parseMasterKey("k1:tooshort");
  ASSERT_FALSE(shortSecret.isOk());
  EXPECT_EQ(shortSecret.status().message().find("tooshort"), std::string::npos);
  EXPECT_FALSE(parseMasterKey("no-colon-here-at-all-long").isOk());
  EXPECT_FALSE(parseMasterKey("bad id:0123456789abcdef").isOk());
  auto list = parseMasterKeyList("a:0123456789abcdefX,b:0123456789abcdefY");
  ASSERT_TRUE(list.isOk());
  ASSERT_EQ(list->size(), 2u);
  EXPECT_EQ((*list)[1].id, "b");
  EXPECT_FALSE(KeyRing::fromMasterKeys(master("x", "a"), {master("y", "a")}, {}).isOk());
}

TEST(KeyRing, KeksDependOnSecretAndIdAndAreStable) {
  auto a1 = deriveKek(master("s", "a"));
  auto a1again = deriveKek(master("s", "a"));
  auto a2 = deriveKek(master("s", "b"));
  auto b1 = deriveKek(master("t", "a"));
  ASSERT_TRUE(a1.isOk() && a1again.isOk() && a2.isOk() && b1.isOk());
  EXPECT_EQ(a1->reveal().size(), 32u);
  EXPECT_EQ(a1->reveal(), a1again->reveal());
  EXPECT_NE(a1->reveal(), a2->reveal());
  EXPECT_NE(a1->reveal(), b1->reveal());
}

}  // namespace
}  // namespace sy::vault
