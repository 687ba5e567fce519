// The vault: the only code that sees a clear card number.
//
// Tokenization seals the PAN with AES-256-GCM under the configured key, bound to its token (AAD),
// and keeps the CVV in memory only, for the single authorization that may use it (PCI DSS 3.3.1:
// never written to disk). open() hands the clear card to the caller for one processor call.
// Thread-safe.
#pragma once

#include <chrono>
#include <mutex>
#include <string>
#include <unordered_map>

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
  SecretString cvv;  // empty once used or expired
  std::string expirationMonth;
  std::string expirationYear;
  std::string cardholderName;
};

class Vault {
 public:
  Vault(SecretString key32, const Clock& clock, std::chrono::seconds tokenTtl);

  // Builds the token record to store (sealed PAN, display data first 6 / last 4 only) and
  // remembers the CVV in memory until the token expires or is used.
  Result<store::CardToken> tokenize(const std::string& merchantId,
                                    const std::string& clientSessionId, const CardInput& card);

  // Decrypts the PAN of `token` and takes its CVV (at most once; later calls get none).
  Result<ClearCard> open(const store::CardToken& token);

  // Drops every remembered CVV whose token has expired. Called periodically.
  void purgeExpired();

 private:
  struct RememberedCvv {
    SecretString cvv;
    TimePoint expiresAt;
  };
  SecretString key_;
  const Clock& clock_;
  std::chrono::seconds tokenTtl_;
  std::mutex mu_;
  std::unordered_map<std::string, RememberedCvv> cvvs_;
};

}  // namespace sy::vault
