// The store conformance suite (store_conformance.h): the vault's envelope fields and key rotation.
#include "store/store_conformance.h"

namespace sy::store {
namespace {

using namespace conformance;  // NOLINT: the suite's fixture and helpers

CardToken token(const std::string& id, const std::string& merchant, const std::string& kekId) {
  CardToken t;
  t.token = id;
  t.merchantId = merchant;
  t.tokenType = "SINGLE_USE";
  t.panSealed = kBinary + id;
  t.dekWrapped = kekId.empty() ? "" : kBinary + "dek:" + kekId;
  t.kekId = kekId;
  t.card = {"411111", "1111", "12", "2031", "Ann Lee", "VISA"};
  t.createdAt = at(kT0);
  t.expiresAt = at(kT0 + 900'000'000);
  return t;
}

TEST_P(StoreConformance, CardTokensKeepTheirWrappedDataKeyAndKekId) {
  const CardToken t = token("tok_env", "m_a", "k1");
  ASSERT_TRUE(write([&](WriteTx& tx) { return tx.insertCardToken(t); }).isOk());
  auto found = read([](ReadTx& tx) { return tx.findCardToken("m_a", "tok_env"); });
  ASSERT_TRUE(found.isOk()) << found.status().toString();
  EXPECT_EQ(dump(*found), dump(t));
}

TEST_P(StoreConformance, RotationListsRecordsOfOtherKeksInTokenOrderAcrossMerchants) {
  ASSERT_TRUE(write([&](WriteTx& tx) {
                SY_RETURN_IF_ERROR(tx.insertCardToken(token("t3", "m_b", "")));  // legacy
                SY_RETURN_IF_ERROR(tx.insertCardToken(token("t1", "m_a", "k1")));
                SY_RETURN_IF_ERROR(tx.insertCardToken(token("t2", "m_a", "k2")));
                SY_RETURN_IF_ERROR(tx.insertCardToken(token("t4", "m_a", "k1")));
                return Status::ok();
              }).isOk());
  auto count = read([](ReadTx& tx) { return tx.countCardTokensNotWrappedBy("k2"); });
  ASSERT_TRUE(count.isOk());
  EXPECT_EQ(*count, 3);
  auto first = read([](ReadTx& tx) { return tx.listCardTokensNotWrappedBy("k2", "", 2); });
  ASSERT_TRUE(first.isOk());
  ASSERT_EQ(first->size(), 2u);
  EXPECT_EQ((*first)[0].token, "t1");
  EXPECT_EQ((*first)[1].token, "t3");
  EXPECT_EQ((*first)[1].merchantId, "m_b");
  auto rest = read([](ReadTx& tx) { return tx.listCardTokensNotWrappedBy("k2", "t3", 2); });
  ASSERT_TRUE(rest.isOk());
  ASSERT_EQ(rest->size(), 1u);
  EXPECT_EQ((*rest)[0].token, "t4");
}

TEST_P(StoreConformance, RewrapIsGuardedByThePreviousKekId) {
  ASSERT_TRUE(write([&](WriteTx& tx) { return tx.insertCardToken(token("t1", "m_a", "k1")); })
                  .isOk());
  CardToken moved = token("t1", "m_a", "k2");
  moved.panSealed = "new pan ciphertext";
  ASSERT_TRUE(write([&](WriteTx& tx) { return tx.rewrapCardToken(moved, "k1"); }).isOk());
  auto found = read([](ReadTx& tx) { return tx.findCardToken("m_a", "t1"); });
  ASSERT_TRUE(found.isOk());
  EXPECT_EQ(dump(*found), dump(moved));
  // Re-wrapping from a KEK it no longer has changes nothing.
  CardToken stale = token("t1", "m_a", "k3");
  Status s = write([&](WriteTx& tx) { return tx.rewrapCardToken(stale, "k1"); });
  EXPECT_EQ(s.code(), StatusCode::kFailedPrecondition);
  EXPECT_EQ(s.reason(), "KekChanged");
  EXPECT_EQ(read([](ReadTx& tx) { return tx.findCardToken("m_a", "t1"); })->kekId, "k2");
  CardToken absent = token("nope", "m_a", "k2");
  EXPECT_EQ(write([&](WriteTx& tx) { return tx.rewrapCardToken(absent, "k1"); }).code(),
            StatusCode::kNotFound);
}

TEST_P(StoreConformance, RotationProgressIsSavedAndRewritten) {
  EXPECT_EQ(read([](ReadTx& tx) { return tx.findVaultRotation("rotation:k2"); }).status().code(),
            StatusCode::kNotFound);
  VaultRotation r;
  r.id = "rotation:k2";
  r.targetKekId = "k2";
  r.cursor = "";
  r.total = 10;
  r.startedAt = at(kT0);
  r.updatedAt = at(kT0);
  ASSERT_TRUE(write([&](WriteTx& tx) { return tx.saveVaultRotation(r); }).isOk());
  r.cursor = "pmt_5";
  r.rewrapped = 5;
  r.updatedAt = at(kT0 + 7);
  r.finishedAt = at(kT0 + 9);
  ASSERT_TRUE(write([&](WriteTx& tx) { return tx.saveVaultRotation(r); }).isOk());
  auto found = read([](ReadTx& tx) { return tx.findVaultRotation("rotation:k2"); });
  ASSERT_TRUE(found.isOk()) << found.status().toString();
  EXPECT_EQ(found->targetKekId, "k2");
  EXPECT_EQ(found->cursor, "pmt_5");
  EXPECT_EQ(found->rewrapped, 5);
  EXPECT_EQ(found->total, 10);
  EXPECT_EQ(found->startedAt, at(kT0));
  EXPECT_EQ(found->updatedAt, at(kT0 + 7));
  ASSERT_TRUE(found->finishedAt.has_value());
  EXPECT_EQ(*found->finishedAt, at(kT0 + 9));
}

CardToken instrument(const std::string& id, const std::string& merchant,
                     const std::string& customer, int64_t created, const std::string& from) {
  CardToken t = token(id, merchant, "k1");
  t.tokenType = "MULTI_USE";
  t.customerId = customer;
  t.vaultedFrom = from;
  t.createdAt = at(kT0 + created);
  return t;
}

TEST_P(StoreConformance, InstrumentsAreListedByCustomerAndMerchantOnly) {
  CardToken a = instrument("pmi_a", "m_a", "cust-1", 1, "pmt_1");
  a.isDefault = true;
  ASSERT_TRUE(write([&](WriteTx& tx) {
                SY_RETURN_IF_ERROR(tx.insertCardToken(a));
                SY_RETURN_IF_ERROR(tx.insertCardToken(instrument("pmi_b", "m_a", "cust-1", 2, "pmt_2")));
                SY_RETURN_IF_ERROR(tx.insertCardToken(instrument("pmi_c", "m_a", "cust-2", 3, "pmt_3")));
                SY_RETURN_IF_ERROR(tx.insertCardToken(instrument("pmi_d", "m_b", "cust-1", 4, "pmt_4")));
                return tx.insertCardToken(token("pmt_5", "m_a", "k1"));  // SINGLE_USE: never listed
              }).isOk());
  auto listed = read([](ReadTx& tx) { return tx.listInstruments("m_a", "cust-1"); });
  ASSERT_TRUE(listed.isOk()) << listed.status().toString();
  ASSERT_EQ(listed->size(), 2u);
  EXPECT_EQ(dump((*listed)[0]), dump(a));
  EXPECT_EQ((*listed)[1].token, "pmi_b");
  EXPECT_TRUE(read([](ReadTx& tx) { return tx.listInstruments("m_b", "cust-2"); })->empty());

  auto from = read([](ReadTx& tx) { return tx.findInstrumentVaultedFrom("m_a", "pmt_2"); });
  ASSERT_TRUE(from.isOk());
  EXPECT_EQ(from->token, "pmi_b");
  EXPECT_EQ(read([](ReadTx& tx) { return tx.findInstrumentVaultedFrom("m_b", "pmt_2"); })
                .status()
                .code(),
            StatusCode::kNotFound);
  // One instrument per vaulted token and merchant.
  EXPECT_EQ(write([&](WriteTx& tx) {
              return tx.insertCardToken(instrument("pmi_e", "m_a", "cust-1", 5, "pmt_2"));
            }).code(),
            StatusCode::kAlreadyExists);
}

TEST_P(StoreConformance, DefaultInstrumentIsOnePerCustomerAndDeletedOnesDisappear) {
  CardToken a = instrument("pmi_a", "m_a", "cust-1", 1, "pmt_1");
  a.isDefault = true;
  ASSERT_TRUE(write([&](WriteTx& tx) {
                SY_RETURN_IF_ERROR(tx.insertCardToken(a));
                SY_RETURN_IF_ERROR(tx.insertCardToken(instrument("pmi_b", "m_a", "cust-1", 2, "pmt_2")));
                CardToken other = instrument("pmi_c", "m_a", "cust-2", 3, "pmt_3");
                other.isDefault = true;
                return tx.insertCardToken(other);
              }).isOk());
  ASSERT_TRUE(write([](WriteTx& tx) { return tx.setDefaultInstrument("m_a", "pmi_b"); }).isOk());
  auto listed = read([](ReadTx& tx) { return tx.listInstruments("m_a", "cust-1"); });
  ASSERT_EQ(listed->size(), 2u);
  EXPECT_FALSE((*listed)[0].isDefault);
  EXPECT_TRUE((*listed)[1].isDefault);
  // Another customer's default is left alone; another merchant cannot touch it.
  EXPECT_TRUE(read([](ReadTx& tx) { return tx.listInstruments("m_a", "cust-2"); })->at(0).isDefault);
  EXPECT_EQ(write([](WriteTx& tx) { return tx.setDefaultInstrument("m_b", "pmi_a"); }).code(),
            StatusCode::kNotFound);
  EXPECT_EQ(write([](WriteTx& tx) { return tx.deleteInstrument("m_b", "pmi_b", at(kT0 + 9)); })
                .code(),
            StatusCode::kNotFound);

  ASSERT_TRUE(
      write([](WriteTx& tx) { return tx.deleteInstrument("m_a", "pmi_b", at(kT0 + 9)); }).isOk());
  EXPECT_EQ(write([](WriteTx& tx) { return tx.deleteInstrument("m_a", "pmi_b", at(kT0 + 10)); })
                .code(),
            StatusCode::kNotFound);
  listed = read([](ReadTx& tx) { return tx.listInstruments("m_a", "cust-1"); });
  ASSERT_EQ(listed->size(), 1u);
  EXPECT_EQ((*listed)[0].token, "pmi_a");
  auto deleted = read([](ReadTx& tx) { return tx.findCardToken("m_a", "pmi_b"); });
  ASSERT_TRUE(deleted.isOk());
  ASSERT_TRUE(deleted->deletedAt.has_value());
  EXPECT_EQ(*deleted->deletedAt, at(kT0 + 9));
  EXPECT_FALSE(deleted->isDefault);
  EXPECT_EQ(write([](WriteTx& tx) { return tx.setDefaultInstrument("m_a", "pmi_b"); }).code(),
            StatusCode::kNotFound);
  // A SINGLE_USE token is no instrument.
  ASSERT_TRUE(write([&](WriteTx& tx) { return tx.insertCardToken(token("pmt_9", "m_a", "k1")); })
                  .isOk());
  EXPECT_EQ(write([](WriteTx& tx) { return tx.setDefaultInstrument("m_a", "pmt_9"); }).code(),
            StatusCode::kNotFound);
}

TEST(CardTokenUsable, SingleUseOnceMultiUseUntilDeletedNeitherAfterExpiry) {
  CardToken t;
  t.tokenType = "SINGLE_USE";
  t.expiresAt = at(kT0 + 100);
  EXPECT_TRUE(cardTokenUsable(t, at(kT0)));
  t.usedAt = at(kT0);
  EXPECT_FALSE(cardTokenUsable(t, at(kT0)));
  t.tokenType = "MULTI_USE";
  EXPECT_TRUE(cardTokenUsable(t, at(kT0)));
  EXPECT_FALSE(cardTokenUsable(t, at(kT0 + 100)));
  t.deletedAt = at(kT0);
  EXPECT_FALSE(cardTokenUsable(t, at(kT0)));
}

}  // namespace
}  // namespace sy::store
