#include "vault/key_ring.h"

#include <openssl/core_names.h>
#include <openssl/kdf.h>
#include <openssl/params.h>

#include <memory>

#include "common/crypto.h"

namespace sy::vault {
namespace {

bool validId(std::string_view id) {
  return !id.empty() && id.size() <= 32 &&
         id.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._-") ==
             std::string_view::npos;
}

}  // namespace

Result<MasterKey> parseMasterKey(std::string_view text) {
  const auto colon = text.find(':');
  if (colon == std::string_view::npos)
    return invalidArgument("a vault master key must be written ID:SECRET");
  std::string_view id = text.substr(0, colon);
  std::string_view secret = text.substr(colon + 1);
  if (!validId(id))
    return invalidArgument("a vault master key id must be 1-32 of A-Z a-z 0-9 . _ -");
  if (secret.size() < 16)
    return invalidArgument("vault master key '" + std::string(id) +
                           "': the secret must be 64 hex characters or a passphrase of at least "
                           "16 characters");
  MasterKey k;
  k.id = std::string(id);
  if (secret.size() == 64) {
    if (auto raw = crypto::hexDecode(secret)) {
      k.secret = SecretString(std::move(*raw));
      return k;
    }
  }
  k.secret = SecretString(std::string(secret));
  return k;
}

Result<std::vector<MasterKey>> parseMasterKeyList(std::string_view text) {
  std::vector<MasterKey> out;
  size_t start = 0;
  while (start < text.size()) {
    size_t end = text.find(',', start);
    if (end == std::string_view::npos) end = text.size();
    if (end > start) {
      auto k = parseMasterKey(text.substr(start, end - start));
      if (!k) return k.status();
      out.push_back(std::move(*k));
    }
    start = end + 1;
  }
  return out;
}

Result<SecretString> deriveKek(const MasterKey& master) {
  using KdfPtr = std::unique_ptr<EVP_KDF, decltype(&EVP_KDF_free)>;
  using CtxPtr = std::unique_ptr<EVP_KDF_CTX, decltype(&EVP_KDF_CTX_free)>;
  KdfPtr kdf(EVP_KDF_fetch(nullptr, "HKDF", nullptr), EVP_KDF_free);
  if (!kdf) return internalError("HKDF is not available in this OpenSSL");
  CtxPtr ctx(EVP_KDF_CTX_new(kdf.get()), EVP_KDF_CTX_free);
  if (!ctx) return internalError("HKDF context could not be created");
  static constexpr char kSalt[] = "switchyard vault kek v1";
  std::string digest = "SHA256";
  std::string info = master.id;
  std::string ikm = master.secret.reveal();
  OSSL_PARAM params[] = {
      OSSL_PARAM_construct_utf8_string(OSSL_KDF_PARAM_DIGEST, digest.data(), 0),
      OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_KEY, ikm.data(), ikm.size()),
      OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_SALT, const_cast<char*>(kSalt),
                                        sizeof(kSalt) - 1),
      OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_INFO, info.data(), info.size()),
      OSSL_PARAM_construct_end()};
  std::string out(32, '\0');
  const int rc = EVP_KDF_derive(ctx.get(), reinterpret_cast<unsigned char*>(out.data()),
                                out.size(), params);
  SecretString wipeIkm(std::move(ikm));  // zeroized on scope exit
  if (rc != 1) return internalError("HKDF derivation failed");
  return SecretString(std::move(out));
}

Result<KeyRing> KeyRing::fromMasterKeys(const MasterKey& current,
                                        const std::vector<MasterKey>& previous,
                                        SecretString legacyKey) {
  KeyRing ring;
  ring.currentId_ = current.id;
  ring.legacyKey_ = std::move(legacyKey);
  auto add = [&](const MasterKey& m) -> Status {
    if (ring.keks_.count(m.id) != 0)
      return invalidArgument("vault master key id '" + m.id + "' is configured twice");
    auto kek = deriveKek(m);
    if (!kek) return kek.status();
    ring.keks_.emplace(m.id, std::move(*kek));
    return Status::ok();
  };
  SY_RETURN_IF_ERROR(add(current));
  for (const auto& m : previous) SY_RETURN_IF_ERROR(add(m));
  return ring;
}

const SecretString* KeyRing::find(const std::string& id) const {
  auto it = keks_.find(id);
  return it == keks_.end() ? nullptr : &it->second;
}

MasterKey devMasterKey() {
  return MasterKey{"dev", SecretString(std::string("switchyard-development-master-key-not-secret"))};
}

}  // namespace sy::vault
