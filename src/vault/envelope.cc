#include "vault/envelope.h"

#include <openssl/rand.h>

#include "common/crypto.h"

namespace sy::vault {
namespace {

std::string binding(std::string_view kekId, std::string_view recordId) {
  std::string out = "dek:";
  out.append(kekId).append(":").append(recordId);
  return out;
}

}  // namespace

Result<SecretString> newDataKey() {
  std::string key(32, '\0');
  if (RAND_bytes(reinterpret_cast<unsigned char*>(key.data()), 32) != 1)
    return internalError("no randomness for a data key");
  return SecretString(std::move(key));
}

Result<std::string> wrapDataKey(const SecretString& kek, std::string_view kekId,
                                std::string_view recordId, const SecretString& dek) {
  return crypto::aesGcmEncrypt(kek, dek.reveal(), binding(kekId, recordId));
}

Result<SecretString> unwrapDataKey(const SecretString& kek, std::string_view kekId,
                                   std::string_view recordId, std::string_view wrapped) {
  auto dek = crypto::aesGcmDecrypt(kek, wrapped, binding(kekId, recordId));
  if (!dek) return invalidArgument("data key does not authenticate under key-encryption key");
  if (dek->reveal().size() != 32) return invalidArgument("data key has the wrong length");
  return dek;
}

}  // namespace sy::vault
