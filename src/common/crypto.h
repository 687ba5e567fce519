// Crypto primitives over OpenSSL 3 EVP: hashing, HMAC, AES-256-GCM, constant-time compare.
#pragma once

#include <string>
#include <string_view>

#include "common/secret.h"
#include "common/status.h"

namespace sy::crypto {

std::string sha256(std::string_view data);                       // raw 32 bytes
std::string sha256Hex(std::string_view data);                    // 64 hex chars
std::string hmacSha256(std::string_view key, std::string_view data);  // raw 32 bytes
std::string toHex(std::string_view bytes);
// Hex (either case, even length) -> bytes; kInvalidArgument otherwise. The message never quotes
// the input, which may be a key.
Result<std::string> hexDecode(std::string_view hex);
std::string base64Encode(std::string_view bytes);
Result<std::string> base64Decode(std::string_view text);
// Compares in time that depends only on the lengths: for MACs and signatures, so that a forger
// learns nothing from how long a wrong guess took.
bool constantTimeEquals(std::string_view a, std::string_view b);

// AES-256-GCM with a random 96-bit nonce. Output: nonce(12) || ciphertext || tag(16).
// `aad` binds the ciphertext to its context (e.g. the token it belongs to).
Result<std::string> aesGcmEncrypt(const SecretString& key32, std::string_view plaintext,
                                  std::string_view aad);
Result<SecretString> aesGcmDecrypt(const SecretString& key32, std::string_view sealed,
                                   std::string_view aad);

// Derives a 32-byte key from configuration text (hex of 32 bytes is used as is; anything else is
// hashed with SHA-256 so any passphrase yields a full-length key).
SecretString deriveKey(std::string_view configured);

}  // namespace sy::crypto
