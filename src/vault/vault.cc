#include "vault/vault.h"

#include "common/crypto.h"
#include "common/ids.h"
#include "vault/envelope.h"

namespace sy::vault {
namespace {
// The associated data a sealed CVV is bound to: never the PAN's (the bare token).
std::string cvvBinding(const std::string& token) {
  return "cvv:" + token;
}
}  // namespace

Vault::Vault(KeyRing keys, const Clock& clock, std::chrono::seconds tokenTtl)
    : keys_(std::move(keys)), clock_(clock), tokenTtl_(tokenTtl) {}

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
  auto dek = newDataKey();
  if (!dek) return dek.status();
  auto sealed = crypto::aesGcmEncrypt(*dek, pan, t.token);
  if (!sealed) return sealed.status();
  t.panSealed = std::move(*sealed);
  auto wrapped = wrapDataKey(keys_.current(), keys_.currentId(), t.token, *dek);
  if (!wrapped) return wrapped.status();
  t.dekWrapped = std::move(*wrapped);
  t.kekId = keys_.currentId();
  t.card.first6 = pan.substr(0, 6);
  t.card.last4 = pan.substr(pan.size() - 4);
  t.card.expirationMonth = card.expirationMonth;
  t.card.expirationYear = card.expirationYear;
  t.card.cardholderName = card.cardholderName;
  t.card.network = card.network;
  t.createdAt = clock_.now();
  t.expiresAt = t.createdAt + tokenTtl_;
  if (!card.cvv.empty()) {
    auto cvv = crypto::aesGcmEncrypt(*dek, card.cvv.reveal(), cvvBinding(t.token));
    if (!cvv) return cvv.status();
    out.cvvHold = store::CvvHold{t.token, merchantId, std::move(*cvv), t.expiresAt};
  }
  return out;
}

Result<SecretString> Vault::dataKey(const store::CardToken& token) const {
  if (token.kekId.empty()) {
    if (keys_.legacyKey().empty())
      return internalError("card data predates envelope encryption and no legacy vault key is set");
    return keys_.legacyKey();
  }
  const SecretString* kek = keys_.find(token.kekId);
  if (kek == nullptr)
    return internalError("card data is wrapped by key-encryption key '" + token.kekId +
                         "', which is not configured (vault_master_key / "
                         "vault_previous_master_keys)");
  auto dek = unwrapDataKey(*kek, token.kekId, token.token, token.dekWrapped);
  if (!dek)
    return internalError("card data key does not open with key-encryption key '" + token.kekId +
                         "' (wrong master secret for that id?)");
  return dek;
}

Result<ClearCard> Vault::open(const store::CardToken& token, const store::CvvHold* cvvHold) const {
  auto dek = dataKey(token);
  if (!dek) return dek.status();
  auto pan = crypto::aesGcmDecrypt(*dek, token.panSealed, token.token);
  if (!pan) return internalError("card data could not be decrypted with its data key");
  ClearCard out;
  out.number = std::move(*pan);
  out.expirationMonth = token.card.expirationMonth;
  out.expirationYear = token.card.expirationYear;
  out.cardholderName = token.card.cardholderName;
  if (cvvHold != nullptr && cvvHold->token == token.token && cvvHold->expiresAt > clock_.now()) {
    auto cvv = crypto::aesGcmDecrypt(*dek, cvvHold->cvvSealed, cvvBinding(token.token));
    // A hold sealed before its token was upgraded from the legacy format by a rotation is still
    // under the legacy key (GCM's tag tells the keys apart).
    if (!cvv && !token.kekId.empty() && !keys_.legacyKey().empty())
      cvv = crypto::aesGcmDecrypt(keys_.legacyKey(), cvvHold->cvvSealed, cvvBinding(token.token));
    if (!cvv) return internalError("CVV could not be decrypted with its data key");
    out.cvv = std::move(*cvv);
  }
  return out;
}

Result<store::CardToken> Vault::makeInstrument(const store::CardToken& single,
                                              const std::string& customerId) const {
  auto clear = open(single);
  if (!clear) return clear.status();
  store::CardToken t;
  t.token = newId(kInstrumentPrefix, 24);
  t.merchantId = single.merchantId;
  t.tokenType = "MULTI_USE";
  auto dek = newDataKey();
  if (!dek) return dek.status();
  auto sealed = crypto::aesGcmEncrypt(*dek, clear->number.reveal(), t.token);
  if (!sealed) return sealed.status();
  auto wrapped = wrapDataKey(keys_.current(), keys_.currentId(), t.token, *dek);
  if (!wrapped) return wrapped.status();
  t.panSealed = std::move(*sealed);
  t.dekWrapped = std::move(*wrapped);
  t.kekId = keys_.currentId();
  t.card = single.card;
  t.createdAt = clock_.now();
  t.expiresAt = fromMicros(kNeverMicros);
  t.customerId = customerId;
  t.vaultedFrom = single.token;
  return t;
}

Result<store::CardToken> Vault::rewrap(const store::CardToken& token) const {
  if (token.kekId == keys_.currentId()) return token;
  store::CardToken out = token;
  if (token.kekId.empty()) {
    // Upgrade from the single-key format: a fresh DEK and the PAN sealed under it.
    auto pan = open(token);
    if (!pan) return pan.status();
    auto dek = newDataKey();
    if (!dek) return dek.status();
    auto sealed = crypto::aesGcmEncrypt(*dek, pan->number.reveal(), token.token);
    if (!sealed) return sealed.status();
    auto wrapped = wrapDataKey(keys_.current(), keys_.currentId(), token.token, *dek);
    if (!wrapped) return wrapped.status();
    out.panSealed = std::move(*sealed);
    out.dekWrapped = std::move(*wrapped);
  } else {
    auto dek = dataKey(token);
    if (!dek) return dek.status();
    auto wrapped = wrapDataKey(keys_.current(), keys_.currentId(), token.token, *dek);
    if (!wrapped) return wrapped.status();
    out.dekWrapped = std::move(*wrapped);
  }
  out.kekId = keys_.currentId();
  return out;
}

}  // namespace sy::vault
