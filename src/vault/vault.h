// The vault: the only code that sees a clear card number.
//
// Tokenization seals the PAN with AES-256-GCM under the configured key, bound to its token (AAD).
// The CVV is sealed the same way (bound to "cvv:" + token, so it cannot stand in for a PAN) into a
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

class Vault {
 public:
  Vault(SecretString key32, const Clock& clock, std::chrono::seconds tokenTtl);

  // Builds the token record (sealed PAN, display data first 6 / last 4 only) and, when a CVV is
  // given, its hold (sealed CVV expiring with the token).
  Result<Tokenized> tokenize(const std::string& merchantId, const std::string& clientSessionId,
                             const CardInput& card) const;

  // Decrypts the PAN of `token` and, when `cvvHold` is given (taken from the store by the caller)
  // and not expired, its CVV.
  Result<ClearCard> open(const store::CardToken& token,
                         const store::CvvHold* cvvHold = nullptr) const;

 private:
  SecretString key_;
  const Clock& clock_;
  std::chrono::seconds tokenTtl_;
};

}  // namespace sy::vault
