// PaymentEngine: payment instruments. Vaulting turns a SINGLE_USE token into a MULTI_USE
// instrument for a customer (the vault seals the card anew under its own data key); the
// instrument can then pay at any of the merchant's connections, without a CVV (card on file).
#include <boost/json/parse.hpp>

#include "common/log.h"
#include "orchestrator/payment_engine.h"
#include "store/awaitable.h"

namespace sy::orchestrator {
namespace {

Status invalidInstrument() {
  return Status(StatusCode::kNotFound, "Invalid payment instrument.",
                "InvalidPaymentInstrumentToken");
}

// paymentMethod.vaultOnSuccess of the request, kept in the payment's paymentMethodJson.
bool vaultRequested(const std::string& paymentMethodJson) {
  if (paymentMethodJson.empty()) return false;
  boost::system::error_code ec;
  boost::json::value v = boost::json::parse(paymentMethodJson, ec);
  if (ec || !v.is_object()) return false;
  const boost::json::value* flag = v.get_object().if_contains("vaultOnSuccess");
  return flag != nullptr && flag->is_bool() && flag->get_bool();
}

bool authorized(domain::PaymentStatus s) {
  using domain::PaymentStatus;
  return s == PaymentStatus::kAuthorized || s == PaymentStatus::kSettling ||
         s == PaymentStatus::kSettled || s == PaymentStatus::kPartiallySettled;
}

}  // namespace

boost::asio::awaitable<Result<store::CardToken>> PaymentEngine::vaultCard(std::string merchantId,
                                                                          std::string token,
                                                                          std::string customerId) {
  Result<store::CardToken> found = internalError("not read");
  Result<store::CardToken> existing = internalError("not read");
  co_await store::read(store_, [&](store::ReadTx& tx) {
    found = tx.findCardToken(merchantId, token);
    if (found) existing = tx.findInstrumentVaultedFrom(merchantId, token);
  });
  if (!found)
    co_return found.status().code() == StatusCode::kNotFound ? invalidInstrument() : found.status();
  if (found->tokenType == "MULTI_USE") {
    if (found->deletedAt) co_return invalidInstrument();
    co_return *found;  // already an instrument
  }
  if (existing) co_return *existing;
  if (existing.status().code() != StatusCode::kNotFound) co_return existing.status();
  if (found->expiresAt <= clock_.now()) co_return invalidInstrument();

  auto made = vault_.makeInstrument(*found, customerId);
  if (!made) co_return made.status();
  store::CardToken instrument = std::move(*made);
  Status st = co_await store::write(store_, [&](store::WriteTx& tx) -> Status {
    // The customer's first instrument becomes the default.
    auto mine = tx.listInstruments(merchantId, customerId);
    if (!mine) return mine.status();
    instrument.isDefault = std::none_of(mine->begin(), mine->end(),
                                        [](const store::CardToken& t) { return t.isDefault; });
    return tx.insertCardToken(instrument);
  });
  if (st.code() == StatusCode::kAlreadyExists) {
    // Vaulted concurrently by another request: that instrument is the one.
    Result<store::CardToken> winner = internalError("not read");
    co_await store::read(store_, [&](store::ReadTx& tx) {
      winner = tx.findInstrumentVaultedFrom(merchantId, token);
    });
    co_return winner;
  }
  if (!st) co_return st;
  log::info("card vaulted", {{"merchant_id", merchantId}, {"instrument", instrument.token}});
  co_return instrument;
}

boost::asio::awaitable<void> PaymentEngine::vaultOnSuccess(domain::Payment& p) {
  if (!authorized(p.status) || !vaultRequested(p.paymentMethodJson)) co_return;
  if (p.customerId.empty()) {
    log::warn("vaultOnSuccess needs a customerId: card not vaulted", {{"payment_id", p.id}});
    co_return;
  }
  auto instrument = co_await vaultCard(p.merchantId, p.paymentMethodToken, p.customerId);
  if (!instrument) {
    log::warn("card could not be vaulted", {{"payment_id", p.id},
                                            {"error", instrument.status().message()}});
    co_return;
  }
  p.paymentMethodToken = instrument->token;
}

}  // namespace sy::orchestrator
