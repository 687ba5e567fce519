#include "vault/vault.h"

#include "common/crypto.h"
#include "common/ids.h"

namespace sy::vault {
namespace {
// The associated data a sealed CVV is bound to: never the PAN's (the bare token).
std::string cvvBinding(const std::string& token) {
  return "cvv:" + token;
}
}  // namespace

Vault::Vault(SecretString key32, const Clock& clock, std::chrono::seconds tokenTtl)
    : key_(std::move(key32)), clock_(clock), tokenTtl_(tokenTtl) {}

Result<Tokenized> Vault::tokenize(const std::string& merchantId, const std::string& clientSessionId,
                                  const CardInput& card) const {
  const std::string& pan = card.number.reveal();
  if (pan.size() < 12) return invalidArgument("card number too short");
  Tokenized out;
  store::CardToken& t = out.token;
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
    auto cvv = crypto::aesGcmEncrypt(key_, card.cvv.reveal(), cvvBinding(t.token));
    if (!cvv) return cvv.status();
    out.cvvHold = store::CvvHold{t.token, merchantId, std::move(*cvv), t.expiresAt};
  }
  return out;
}

Result<ClearCard> Vault::open(const store::CardToken& token, const store::CvvHold* cvvHold) const {
  auto pan = crypto::aesGcmDecrypt(key_, token.panSealed, token.token);
  if (!pan) return internalError("card data could not be decrypted with the configured vault key");
  ClearCard out;
  out.number = std::move(*pan);
  out.expirationMonth = token.card.expirationMonth;
  out.expirationYear = token.card.expirationYear;
  out.cardholderName = token.card.cardholderName;
  if (cvvHold != nullptr && cvvHold->token == token.token && cvvHold->expiresAt > clock_.now()) {
    auto cvv = crypto::aesGcmDecrypt(key_, cvvHold->cvvSealed, cvvBinding(token.token));
    if (!cvv) return internalError("CVV could not be decrypted with the configured vault key");
    out.cvv = std::move(*cvv);
  }
  return out;
}

}  // namespace sy::vault
