// Payment instruments through the real engine and emulators: vaultOnSuccess, a card vaulted at
// Stripe charged later at Adyen without its CVV, and a key rotation (stopped once, then resumed)
// running while payments with vaulted cards go on — none fails, and every card still pays after.
#include <atomic>
#include <random>
#include <thread>

#include "orchestrator/testing/engine_fixture.h"
#include "vault/key_rotation.h"
#include "vault/testing/dev_key_ring.h"

namespace sy::orchestrator {
namespace {

using domain::PaymentStatus;
using testing::EngineFixture;

class PaymentInstruments : public EngineFixture {
 protected:
  // A SINGLE_USE token for the card, stored with its CVV hold.
  std::string tokenize(const vault::Vault& v, const std::string& number) {
    vault::CardInput card{SecretString(number), SecretString("123"), "12", "2034", "Ann Lee",
                          "VISA"};
    auto t = v.tokenize(kMerchant, "", card);
    EXPECT_TRUE(t.isOk());
    EXPECT_TRUE(store::writeSync(*store_, [&](store::WriteTx& tx) -> Status {
                  SY_RETURN_IF_ERROR(tx.insertCardToken(t->token));
                  return t->cvvHold ? tx.insertCvvHold(*t->cvvHold) : Status::ok();
                }).isOk());
    return t->token.token;
  }

  // A MULTI_USE instrument made by `v` (so wrapped by its current KEK), stored.
  std::string instrument(const vault::Vault& v, const std::string& number,
                         const std::string& customer) {
    vault::CardInput card{SecretString(number), SecretString(), "12", "2034", "Ann Lee", "VISA"};
    auto single = v.tokenize(kMerchant, "", card);
    EXPECT_TRUE(single.isOk());
    auto made = v.makeInstrument(single->token, customer);
    EXPECT_TRUE(made.isOk());
    EXPECT_TRUE(store::writeSync(*store_, [&](store::WriteTx& tx) {
                  return tx.insertCardToken(*made);
                }).isOk());
    return made->token;
  }

  Result<domain::Payment> payWith(const std::string& token, const std::string& pin,
                                  int64_t amount = 1000) {
    NewPayment req;
    req.merchantId = kMerchant;
    req.paymentMethodToken = token;
    req.orderId = "order-" + randomId(6);
    req.currencyCode = "EUR";
    req.amount = amount;
    req.processorMerchantId = pin;
    return create(req);
  }

  int64_t notWrappedBy(const std::string& kek) {
    Result<int64_t> n = int64_t{-1};
    store::readSync(*store_, [&](store::ReadTx& tx) { n = tx.countCardTokensNotWrappedBy(kek); });
    return n.value();
  }
};

TEST_F(PaymentInstruments, VaultOnSuccessAndTheVaultedCardPaysAtAnotherProcessorWithoutCvv) {
  NewPayment first;
  first.merchantId = kMerchant;
  first.paymentMethodToken = tokenize(vault_, "4111111111111111");
  first.orderId = "order-vault-1";
  first.currencyCode = "EUR";
  first.amount = 1500;
  first.customerId = "cust-1";
  first.paymentMethodJson = R"({"vaultOnSuccess":true})";
  first.processorMerchantId = "stripe-main";
  auto paid = create(first);
  ASSERT_TRUE(paid.isOk()) << paid.status().message();
  ASSERT_EQ(paid->status, PaymentStatus::kAuthorized);
  const std::string vaulted = paid->paymentMethodToken;
  ASSERT_TRUE(vault::isInstrumentToken(vaulted)) << vaulted;
  auto stored = load(paid->id);
  ASSERT_TRUE(stored.isOk());
  EXPECT_EQ(stored->paymentMethodToken, vaulted);

  Result<store::CardToken> t = notFound("");
  store::readSync(*store_, [&](store::ReadTx& tx) { t = tx.findCardToken(kMerchant, vaulted); });
  ASSERT_TRUE(t.isOk());
  EXPECT_EQ(t->tokenType, "MULTI_USE");
  EXPECT_EQ(t->customerId, "cust-1");
  EXPECT_TRUE(t->isDefault);
  EXPECT_EQ(t->vaultedFrom, first.paymentMethodToken);

  for (int i = 0; i < 2; ++i) {
    auto later = payWith(vaulted, "adyen-main", 2500 + i);
    ASSERT_TRUE(later.isOk()) << later.status().message();
    EXPECT_EQ(later->status, PaymentStatus::kAuthorized);
    EXPECT_EQ(later->processorMerchantId, "adyen-main");
  }
  // No CVV hold was ever kept for the instrument.
  Result<store::CvvHold> hold = notFound("");
  ASSERT_TRUE(store::writeSync(*store_, [&](store::WriteTx& tx) {
                hold = tx.takeCvvHold(kMerchant, vaulted);
                return Status::ok();
              }).isOk());
  EXPECT_EQ(hold.status().code(), StatusCode::kNotFound);
}

TEST_F(PaymentInstruments, WithoutACustomerNothingIsVaulted) {
  NewPayment req;
  req.merchantId = kMerchant;
  req.paymentMethodToken = tokenize(vault_, "4111111111111111");
  req.orderId = "order-vault-2";
  req.currencyCode = "EUR";
  req.amount = 1500;
  req.paymentMethodJson = R"({"vaultOnSuccess":true})";
  auto paid = create(req);
  ASSERT_TRUE(paid.isOk());
  EXPECT_EQ(paid->status, PaymentStatus::kAuthorized);
  EXPECT_EQ(paid->paymentMethodToken, req.paymentMethodToken);
}

TEST_F(PaymentInstruments, KeyRotationUnderLoadFailsNoPaymentAndEveryCardStillPays) {
  // Cards vaulted before the rotation, under the previous KEK; the engine's vault has both KEKs.
  const vault::Vault before(vault::testing::previousKeyRing(), clock_, std::chrono::hours(1));
  std::vector<std::string> cards;
  for (int i = 0; i < 40; ++i) cards.push_back(instrument(before, "4111111111111111", "cust-rot"));
  ASSERT_EQ(notWrappedBy(vault::devMasterKey().id), 40);

  std::atomic<bool> stop{false};
  std::atomic<int> payments{0};
  std::vector<std::string> failures;
  std::mutex failuresMu;
  // Payments with vaulted cards at alternating processors, for as long as the rotation runs.
  std::thread load([&] {
    std::mt19937 rng(11);
    const char* pins[] = {"stripe-main", "adyen-main"};
    while (!stop || payments < 20) {
      const std::string& token = cards[rng() % cards.size()];
      auto p = payWith(token, pins[payments % 2]);
      if (!p || p->status != PaymentStatus::kAuthorized) {
        std::lock_guard lock(failuresMu);
        failures.push_back(token + ": " +
                           (p ? std::string(domain::toString(p->status)) : p.status().message()));
      }
      ++payments;
    }
  });
  vault::RotationOptions options;
  options.batchSize = 3;
  options.stopAfterBatches = 4;  // stopped part-way, as if interrupted
  auto stopped = vault::KeyRotation(*store_, vault_, clock_, options).run([](const auto&) {});
  ASSERT_TRUE(stopped.isOk()) << stopped.status().message();
  EXPECT_FALSE(stopped->finishedAt.has_value());
  EXPECT_EQ(notWrappedBy(vault::devMasterKey().id), 40 - 12);
  options.stopAfterBatches = -1;
  auto resumed = vault::KeyRotation(*store_, vault_, clock_, options).run([](const auto&) {});
  stop = true;
  load.join();
  ASSERT_TRUE(resumed.isOk()) << resumed.status().message();
  EXPECT_TRUE(resumed->finishedAt.has_value());
  EXPECT_EQ(resumed->rewrapped, 40);
  EXPECT_GE(payments.load(), 20);
  EXPECT_TRUE(failures.empty()) << failures.size() << " failed, first: " << failures.front();
  EXPECT_EQ(notWrappedBy(vault::devMasterKey().id), 0);

  // The previous KEK can go: every card opens without it, and pays.
  const vault::Vault after(vault::testing::devKeyRing(), clock_, std::chrono::hours(1));
  for (const auto& token : cards) {
    Result<store::CardToken> t = notFound("");
    store::readSync(*store_, [&](store::ReadTx& tx) { t = tx.findCardToken(kMerchant, token); });
    ASSERT_TRUE(t.isOk());
    auto clear = after.open(*t);
    ASSERT_TRUE(clear.isOk()) << token << ": " << clear.status().message();
    EXPECT_EQ(clear->number.reveal(), "4111111111111111");
    auto p = payWith(token, "adyen-main");
    ASSERT_TRUE(p.isOk());
    EXPECT_EQ(p->status, PaymentStatus::kAuthorized);
  }
}

}  // namespace
}  // namespace sy::orchestrator
