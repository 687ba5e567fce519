// Envelope encryption of one record: a random 256-bit data key (DEK) seals the record's data; the
// DEK is stored wrapped (AES-256-GCM) by a key-encryption key (KEK, key_ring.h) and bound to the
// KEK id and the record id, so a wrapped DEK cannot be moved to another record or relabelled.
// Rotating the KEK re-wraps DEKs only; the data's ciphertext never changes.
#pragma once

#include <string>
#include <string_view>

#include "common/secret.h"
#include "common/status.h"

namespace sy::vault {

// 32 random bytes from OpenSSL's CSPRNG.
Result<SecretString> newDataKey();
Result<std::string> wrapDataKey(const SecretString& kek, std::string_view kekId,
                                std::string_view recordId, const SecretString& dek);
// kInvalidArgument when the wrapped key does not authenticate under this KEK, id and record.
Result<SecretString> unwrapDataKey(const SecretString& kek, std::string_view kekId,
                                   std::string_view recordId, std::string_view wrapped);

}  // namespace sy::vault
