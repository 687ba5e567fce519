// The store conformance suite (store_conformance.h): disputes processors reported (migration 6).
#include "store/store_conformance.h"

namespace sy::store {
namespace {

using namespace conformance;  // NOLINT: the suite's fixture and helpers

Dispute dispute(const std::string& merchant, const std::string& id, const std::string& processorId,
                int64_t opened) {
  Dispute d;
  d.id = id;
  d.merchantId = merchant;
  d.processor = "STRIPE";
  d.processorDisputeId = processorId;
  d.paymentId = "pay_1";
  d.transactionId = "tx_1";
  d.type = "DISPUTE";
  d.status = "OPEN";
  d.amount = 1500;
  d.currencyCode = "EUR";
  d.reasonCode = "10.4";
  d.processorReason = "fraudulent";
  d.openedAt = d.lastEventAt = d.updatedAt = at(opened);
  return d;
}

std::string dump(const Dispute& d) {
  std::ostringstream o;
  o << d.id << "|" << d.merchantId << "|" << d.processor << "|" << d.processorDisputeId << "|"
    << d.paymentId << "|" << d.transactionId << "|" << d.type << "|" << d.status << "|"
    << (d.amount ? std::to_string(*d.amount) : "-") << "|" << d.currencyCode << "|"
    << d.reasonCode << "|" << d.processorReason << "|" << toMicros(d.openedAt) << "|"
    << toMicros(d.lastEventAt) << "|" << toMicros(d.updatedAt);
  return o.str();
}

TEST_P(StoreConformance, DisputesRoundTripKeyedByMerchantProcessorAndTheirId) {
  Dispute a = dispute("m_a", "dsp_1", "dp_1", kT0);
  Dispute later = dispute("m_a", "dsp_2", "dp_2", kT0 + 5);
  later.amount.reset();
  later.reasonCode.clear();
  Dispute otherProcessor = dispute("m_a", "dsp_3", "dp_1", kT0 + 1);
  otherProcessor.processor = "CHECKOUTCOM";
  Dispute otherMerchant = dispute("m_b", "dsp_4", "dp_1", kT0);
  for (const auto* d : {&a, &later, &otherProcessor, &otherMerchant})
    ASSERT_TRUE(write([&](WriteTx& tx) { return tx.insertDispute(*d); }).isOk());

  // The same processor's id again for the merchant: the first one stands.
  Dispute again = dispute("m_a", "dsp_5", "dp_1", kT0 + 9);
  again.status = "WON";
  EXPECT_EQ(write([&](WriteTx& tx) { return tx.insertDispute(again); }).code(),
            StatusCode::kAlreadyExists);

  auto found = read([](ReadTx& tx) { return tx.findDispute("m_a", "STRIPE", "dp_1"); });
  ASSERT_TRUE(found.isOk()) << found.status().toString();
  EXPECT_EQ(dump(*found), dump(a));
  EXPECT_EQ(read([](ReadTx& tx) { return tx.findDispute("m_c", "STRIPE", "dp_1"); }).status().code(),
            StatusCode::kNotFound);
  auto nullable = read([](ReadTx& tx) { return tx.findDispute("m_a", "STRIPE", "dp_2"); });
  ASSERT_TRUE(nullable.isOk());
  EXPECT_EQ(dump(*nullable), dump(later));

  auto listed = read([](ReadTx& tx) { return tx.listDisputes("m_a", "pay_1"); });
  ASSERT_TRUE(listed.isOk()) << listed.status().toString();
  ASSERT_EQ(listed->size(), 3u);
  EXPECT_EQ((*listed)[0].id, "dsp_1");
  EXPECT_EQ((*listed)[1].id, "dsp_3");
  EXPECT_EQ((*listed)[2].id, "dsp_2");
  EXPECT_TRUE(read([](ReadTx& tx) { return tx.listDisputes("m_b", "pay_9"); })->empty());
}

TEST_P(StoreConformance, DisputeUpdatesAreScopedToTheMerchant) {
  Dispute a = dispute("m_a", "dsp_1", "dp_1", kT0);
  ASSERT_TRUE(write([&](WriteTx& tx) { return tx.insertDispute(a); }).isOk());

  Dispute changed = a;
  changed.status = "WON";
  changed.type = "PREARBITRATION";
  changed.amount = 1200;
  changed.currencyCode = "USD";
  changed.reasonCode = "13.1";
  changed.processorReason = "product_not_received";
  changed.lastEventAt = at(kT0 + 100);
  changed.updatedAt = at(kT0 + 101);
  ASSERT_TRUE(write([&](WriteTx& tx) { return tx.updateDispute(changed); }).isOk());
  auto found = read([](ReadTx& tx) { return tx.findDispute("m_a", "STRIPE", "dp_1"); });
  ASSERT_TRUE(found.isOk());
  EXPECT_EQ(dump(*found), dump(changed));

  Dispute foreign = changed;
  foreign.merchantId = "m_b";
  foreign.status = "LOST";
  EXPECT_EQ(write([&](WriteTx& tx) { return tx.updateDispute(foreign); }).code(),
            StatusCode::kNotFound);
  EXPECT_EQ(read([](ReadTx& tx) { return tx.findDispute("m_a", "STRIPE", "dp_1"); })->status,
            "WON");
}

}  // namespace
}  // namespace sy::store
