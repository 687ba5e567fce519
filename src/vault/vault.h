// The vault: the only code that sees a clear card number.
//
// Envelope encryption (envelope.h, docs/vault.md): tokenization draws a random data key (DEK) per
// token, seals the PAN with it (AES-256-GCM, bound to the token as AAD) and stores the DEK wrapped
// by the key ring's current KEK, naming that KEK's id. open() unwraps with whichever KEK of the
// ring the record names, so records wrapped by the old or the new KEK both open during a
// rotation; records from before envelope encryption (no DEK) open with the ring's legacy key.
// The CVV is sealed with the token's DEK (bound to "cvv:" + token, so it cannot stand in for a PAN) into a
// CvvHold that the caller stores with the token: whichever node then makes the payment takes the
// hold (deleting it in the unit that consumes the token) and opens it for the one authorization.
// PCI DSS 4.0 3.3.1/3.3.2: sensitive authentication data may be kept until authorization completes
// if it is encrypted with strong cryptography; it never outlives the token (see docs/deployment.md,
// "The CVV"). open() hands the clear card to the caller for one processor call. Thread-safe
// (immutable after construction).
#pragma once

#include <chrono>
#include <optional>
#include <string>

#include "common/clock.h"
#include "common/secret.h"
#include "common/status.h"
#include "domain/payment.h"
#include "store/records.h"
#include "vault/key_ring.h"

namespace sy::vault {

struct CardInput {
  SecretString number;  // digits only, validated by the caller (Luhn, length, network)
  SecretString cvv;     // may be empty
  std::string expirationMonth;
  std::string expirationYear;
  std::string cardholderName;
  std::string network;
};

struct ClearCard {
  SecretString number;
  SecretString cvv;  // empty when the payment had no CVV hold (none given, used or expired)
  std::string expirationMonth;
  std::string expirationYear;
  std::string cardholderName;
};

// What tokenizing a card produces; the caller stores both in one unit.
struct Tokenized {
  store::CardToken token;
  std::optional<store::CvvHold> cvvHold;  // absent when no CVV was given
};

// Instruments' tokens start with this (SINGLE_USE tokens with "pmt"): a payment made with one is
// made with a vaulted card (Primer's paymentMethod.isVaulted).
inline constexpr const char* kInstrumentPrefix = "pmi";
inline bool isInstrumentToken(const std::string& token) {
  return token.rfind("pmi_", 0) == 0;
}
// An instrument's expiresAt: 2200-01-01T00:00:00Z (instruments do not expire; the card may).
// Not later: TimePoint counts nanoseconds in an int64 (up to the year 2262).
inline constexpr int64_t kNeverMicros = 7258118400000000;

class Vault {
 public:
  Vault(KeyRing keys, const Clock& clock, std::chrono::seconds tokenTtl);

  // Builds the token record (sealed PAN, display data first 6 / last 4 only) and, when a CVV is
  // given, its hold (sealed CVV expiring with the token).
  Result<Tokenized> tokenize(const std::string& merchantId, const std::string& clientSessionId,
                             const CardInput& card) const;

  // Decrypts the PAN of `token` and, when `cvvHold` is given (taken from the store by the caller)
  // and not expired, its CVV.
  Result<ClearCard> open(const store::CardToken& token,
                         const store::CvvHold* cvvHold = nullptr) const;

  // The token with its DEK re-wrapped under the current KEK (key rotation). The PAN's ciphertext
  // is kept, except for a record from before envelope encryption, which gets a DEK and its PAN
  // sealed anew. A token already wrapped by the current KEK comes back unchanged.
  Result<store::CardToken> rewrap(const store::CardToken& token) const;

  // A MULTI_USE instrument for `customerId` holding `single`'s card (token "pmi_...", its own DEK,
  // no CVV: card-on-file charges go without one), vaulted from it; it does not expire.
  Result<store::CardToken> makeInstrument(const store::CardToken& single,
                                          const std::string& customerId) const;

  const KeyRing& keys() const { return keys_; }

 private:
  // The token's clear DEK (or the legacy key for a record without one).
  Result<SecretString> dataKey(const store::CardToken& token) const;

  KeyRing keys_;
  const Clock& clock_;
  std::chrono::seconds tokenTtl_;
};

}  // namespace sy::vault
