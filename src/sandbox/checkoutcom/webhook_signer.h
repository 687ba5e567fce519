// Signs webhooks the way Checkout.com does, for the emulator that will send them: the value of the
// `Cko-Signature` header for a body (Checkout.com docs "Set up your webhook receiver").
// The connector's verifier (src/connectors/checkoutcom/webhooks.h) is written separately; tests
// check both against signatures computed with the openssl CLI.
#pragma once

#include <string>
#include <string_view>

namespace sy::sandbox::checkoutcom {

// Lower-case hex HMAC-SHA256 of the body's bytes, keyed with the webhook action's signature key.
std::string webhookSignature(std::string_view body, std::string_view signatureKey);

}  // namespace sy::sandbox::checkoutcom
