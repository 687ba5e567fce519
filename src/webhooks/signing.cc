#include "webhooks/signing.h"

#include "common/crypto.h"

namespace sy::webhooks {

std::string signatureOf(const SecretString& secret, std::string_view body) {
  return crypto::base64Encode(crypto::hmacSha256(secret.reveal(), body));
}

std::vector<std::pair<std::string, std::string>> signatureHeaders(
    std::string_view body, const SecretString& current, const std::optional<SecretString>& previous) {
  std::vector<std::pair<std::string, std::string>> out;
  out.emplace_back(std::string(kPrimaryHeader), signatureOf(current, body));
  if (previous) out.emplace_back(std::string(kSecondaryHeader), signatureOf(*previous, body));
  return out;
}

}  // namespace sy::webhooks
