#include "webhooks/secrets.h"

#include "common/crypto.h"
#include "common/ids.h"

namespace sy::webhooks {
namespace {
std::string aadFor(std::string_view configId) {
  return "notification-config:" + std::string(configId);
}
}  // namespace

SecretString newSigningSecret() {
  return SecretString("whsec_" + randomId(40));
}

Result<std::string> sealSecret(const SecretString& key, std::string_view configId,
                               const SecretString& secret) {
  return crypto::aesGcmEncrypt(key, secret.reveal(), aadFor(configId));
}

Result<SecretString> openSecret(const SecretString& key, std::string_view configId,
                                std::string_view sealed) {
  auto opened = crypto::aesGcmDecrypt(key, sealed, aadFor(configId));
  if (!opened) return internalError("a webhook signing secret could not be decrypted");
  return opened;
}

}  // namespace sy::webhooks
