#include "sandbox/checkoutcom/webhook_signer.h"

#include "common/crypto.h"

namespace sy::sandbox::checkoutcom {

std::string webhookSignature(std::string_view body, std::string_view signatureKey) {
  return crypto::toHex(crypto::hmacSha256(signatureKey, body));
}

}  // namespace sy::sandbox::checkoutcom
