#include "sandbox/test_processor/webhook_signer.h"

#include "common/crypto.h"

namespace sy::sandbox::test_processor {

std::string webhookSignature(std::string_view body, std::string_view webhookSecret) {
  return crypto::toHex(crypto::hmacSha256(webhookSecret, body));
}

}  // namespace sy::sandbox::test_processor
