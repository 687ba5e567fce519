// Signs test processor webhooks (docs/test-processor.md "Webhooks"), for the emulator that will
// send them: the value of the `Tp-Signature` header for a body. The connector's verifier
// (src/connectors/test_processor/webhooks.h) is written separately; tests check both against
// signatures computed with the openssl CLI.
#pragma once

#include <string>
#include <string_view>

namespace sy::sandbox::test_processor {

// Lower-case hex HMAC-SHA256 of the body's bytes, keyed with the connection's webhookSecret.
std::string webhookSignature(std::string_view body, std::string_view webhookSecret);

}  // namespace sy::sandbox::test_processor
