// The webhook secret of a connection: one named string in its credentials JSON, read only by
// parseWebhook. Kept apart from each connector's API credentials so that a connection that never
// receives webhooks needs no secret, and one that only verifies webhooks needs no API key.
#pragma once

#include <string_view>

#include "common/secret.h"
#include "common/status.h"

namespace sy::connectors {

// The non-empty string under `key` ("webhookSecret", "hmacKey"...). kFailedPrecondition when the
// JSON is not an object or the key is absent, empty or not a string: the connection is not set up
// to receive webhooks. The message names `processor` and `key`, never the JSON or a value.
Result<SecretString> webhookSecretFrom(const SecretString& credentialsJson, std::string_view key,
                                       std::string_view processor);

}  // namespace sy::connectors
