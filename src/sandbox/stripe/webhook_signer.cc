#include "sandbox/stripe/webhook_signer.h"

#include "common/crypto.h"

namespace sy::sandbox::stripe {

std::string webhookSignatureHeader(std::string_view body, std::string_view secret,
                                   int64_t unixSeconds) {
  const std::string t = std::to_string(unixSeconds);
  std::string signedPayload = t + ".";
  signedPayload.append(body);
  return "t=" + t + ",v1=" + crypto::toHex(crypto::hmacSha256(secret, signedPayload));
}

}  // namespace sy::sandbox::stripe
