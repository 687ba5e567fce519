// A notification configuration's signing secret: generated server-side, shown to the merchant
// once (on creation and on each rotation), stored sealed with AES-256-GCM under the server's
// credentials key and bound to the configuration's id, so a sealed secret copied onto another
// configuration does not open.
#pragma once

#include <string>
#include <string_view>

#include "common/secret.h"
#include "common/status.h"

namespace sy::webhooks {

// "whsec_" + 40 characters of [A-Za-z0-9] (~238 bits). The HMAC key is this whole string.
SecretString newSigningSecret();

Result<std::string> sealSecret(const SecretString& key, std::string_view configId,
                               const SecretString& secret);
Result<SecretString> openSecret(const SecretString& key, std::string_view configId,
                                std::string_view sealed);

}  // namespace sy::webhooks
