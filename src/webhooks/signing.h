// Signing outgoing webhooks, Primer's way: HMAC-SHA256 over the raw body bytes, keyed with the
// configuration's secret (its bytes as shown to the merchant), base64 in X-Signature-Primary.
// During the 24 h after a rotation the previous secret signs the same body into
// X-Signature-Secondary, so a receiver still configured with the old secret keeps verifying.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/secret.h"

namespace sy::webhooks {

inline constexpr std::string_view kPrimaryHeader = "X-Signature-Primary";
inline constexpr std::string_view kSecondaryHeader = "X-Signature-Secondary";

// base64(HMAC-SHA256(secret, body)).
std::string signatureOf(const SecretString& secret, std::string_view body);

// The signature headers for `body`: primary always, secondary when `previous` is given.
std::vector<std::pair<std::string, std::string>> signatureHeaders(
    std::string_view body, const SecretString& current, const std::optional<SecretString>& previous);

}  // namespace sy::webhooks
