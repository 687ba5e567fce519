#include "vault/vault.h"

#include "common/crypto.h"
#include "common/ids.h"

namespace sy::vault {

Vault::Vault(SecretString key32, const Clock& clock, std::chrono::seconds tokenTtl)
    : key_(std::move(key32)), clock_(clock), tokenTtl_(tokenTtl) {}

Result<store::CardToken> Vault::tokenize(const std::string& merchantId,
                                         const std::string& clientSessionId,
                                         const CardInput& card) {
  const std::string& pan = card.number.reveal();
  if (pan.size() < 12) return invalidArgument("card number too short");
  store::CardToken t;
  t.token = newId("pmt", 24);
  t.merchantId = merchantId;
  t.clientSessionId = clientSessionId;
  t.tokenType = "SINGLE_USE";
  auto sealed = crypto::aesGcmEncrypt(key_, pan, t.token);
  if (!sealed) return sealed.status();
  t.panSealed = std::move(*sealed);
  t.card.first6 = pan.substr(0, 6);
  t.card.last4 = pan.substr(pan.size() - 4);
  t.card.expirationMonth = card.expirationMonth;
  t.card.expirationYear = card.expirationYear;
  t.card.cardholderName = card.cardholderName;
  t.card.network = card.network;
  t.createdAt = clock_.now();
  t.expiresAt = t.createdAt + tokenTtl_;
  if (!card.cvv.empty()) {
    std::lock_guard lock(mu_);
    cvvs_[t.token] = RememberedCvv{card.cvv, t.expiresAt};
  }
  return t;
}

Result<ClearCard> Vault::open(const store::CardToken& token) {
  auto pan = crypto::aesGcmDecrypt(key_, token.panSealed, token.token);
  if (!pan) return internalError("card data could not be decrypted with the configured vault key");
  ClearCard out;
  out.number = std::move(*pan);
  out.expirationMonth = token.card.expirationMonth;
  out.expirationYear = token.card.expirationYear;
  out.cardholderName = token.card.cardholderName;
  std::lock_guard lock(mu_);
  if (auto it = cvvs_.find(token.token); it != cvvs_.end()) {
    out.cvv = std::move(it->second.cvv);
    cvvs_.erase(it);
  }
  return out;
}

void Vault::purgeExpired() {
  TimePoint now = clock_.now();
  std::lock_guard lock(mu_);
  std::erase_if(cvvs_, [&](const auto& kv) { return kv.second.expiresAt <= now; });
}

}  // namespace sy::vault
