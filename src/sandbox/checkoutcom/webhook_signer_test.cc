#include "sandbox/checkoutcom/webhook_signer.h"

#include <gtest/gtest.h>

namespace sy::sandbox::checkoutcom {
namespace {

// Expected value computed with the openssl CLI, not with Switchyard's code:
//   printf '%s' '{"id":"evt_1","object":"event"}' | openssl dgst -sha256 -hmac 'signer-test-key'
TEST(CheckoutComWebhookSigner, HexHmacOfTheBody) {
  EXPECT_EQ(webhookSignature(R"({"id":"evt_1","object":"event"})", "signer-test-key"),
            "902388cd6c7accc75827276666016f42917bcaf9156be24444786095029dfd1c");
}

}  // namespace
}  // namespace sy::sandbox::checkoutcom
