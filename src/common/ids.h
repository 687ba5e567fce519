// Identifiers: random, URL-safe, from OpenSSL's CSPRNG (ids double as unguessable handles).
#pragma once

#include <string>
#include <string_view>

namespace sy {

// `length` characters of [A-Za-z0-9]; 12 characters carry ~71 bits.
std::string randomId(size_t length = 12);
// A prefixed id, e.g. newId("pay") -> "pay_8fK2mQ0aZx1b".
std::string newId(const char* prefix, size_t length = 16);
// RFC 4122 version 4 UUID, lower case.
std::string uuidV4();
// True if `s` has the RFC 4122 shape: 8-4-4-4-12 hex digits (either case), any version.
bool isUuidShaped(std::string_view s);
// `bytes` random bytes, hex encoded.
std::string randomHex(size_t bytes);

}  // namespace sy
