// The vault's key-encryption keys (KEKs): each derived with HKDF-SHA256 from a master secret that
// comes from configuration (vault_master_key, vault_previous_master_keys) and never touches the
// database. Records name the KEK that wrapped their data key by its id, so a ring holding the
// current and the previous masters opens every record during a rotation (docs/vault.md).
// Immutable after construction; thread-safe.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "common/secret.h"
#include "common/status.h"

namespace sy::vault {

struct MasterKey {
  std::string id;       // 1-32 of A-Z a-z 0-9 . _ - ; stored with every record it wraps
  SecretString secret;  // 64 hex chars (32 bytes) or a passphrase of at least 16 characters
};

// "ID:SECRET". Error messages name the id at most, never the secret.
Result<MasterKey> parseMasterKey(std::string_view text);
// A comma-separated list of "ID:SECRET" (empty text: none).
Result<std::vector<MasterKey>> parseMasterKeyList(std::string_view text);

// HKDF-SHA256(ikm = master secret, salt = "switchyard vault kek v1", info = id): 32 bytes.
Result<SecretString> deriveKek(const MasterKey& master);

class KeyRing {
 public:
  // `current` wraps new records; `previous` only open old ones. `legacyKey` opens records sealed
  // before envelope encryption (no DEK; empty when there is none). Ids must be distinct.
  static Result<KeyRing> fromMasterKeys(const MasterKey& current,
                                        const std::vector<MasterKey>& previous,
                                        SecretString legacyKey);

  const std::string& currentId() const { return currentId_; }
  const SecretString& current() const { return keks_.at(currentId_); }
  // The KEK named `id`, or nullptr when it is not configured here.
  const SecretString* find(const std::string& id) const;
  const SecretString& legacyKey() const { return legacyKey_; }

 private:
  std::string currentId_;
  std::map<std::string, SecretString> keks_;
  SecretString legacyKey_;
};

// The development master key used when none is configured (`serve --demo`, tests): public, so
// never for real cards; the server warns at start when it uses it.
MasterKey devMasterKey();

}  // namespace sy::vault
