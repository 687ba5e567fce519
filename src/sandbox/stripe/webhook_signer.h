// Signs webhooks the way Stripe does, for the emulator that will send them: the value of the
// `Stripe-Signature` header for a body (Stripe docs "Verify webhook signatures manually").
// The connector's verifier (src/connectors/stripe/webhooks.h) is written separately; tests check
// both against signatures computed with the openssl CLI.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace sy::sandbox::stripe {

// "t=<unixSeconds>,v1=<hex HMAC-SHA256(secret, "<unixSeconds>.<body>")>". `secret` is the whole
// endpoint secret, "whsec_..." included.
std::string webhookSignatureHeader(std::string_view body, std::string_view secret,
                                   int64_t unixSeconds);

}  // namespace sy::sandbox::stripe
