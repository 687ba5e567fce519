#include "sandbox/stripe/webhook_signer.h"

#include <gtest/gtest.h>

namespace sy::sandbox::stripe {
namespace {

// Expected value computed with the openssl CLI, not with Switchyard's code:
//   { printf '1700000000.'; printf '%s' '{"id":"evt_1","object":"event"}'; }
//     | openssl dgst -sha256 -hmac 'whsec_signer_test'   (one shell line)
TEST(StripeWebhookSigner, SignsTimestampDotBodyWithTheWholeSecret) {
  EXPECT_EQ(
      webhookSignatureHeader(R"({"id":"evt_1","object":"event"})", "whsec_signer_test", 1700000000),
      "t=1700000000,v1=d07792318365dce55364a41eb26e63d679fc3dc4d94ce2f0dcf1d440734a4e13");
}

TEST(StripeWebhookSigner, TheTimestampIsPartOfTheSignature) {
  auto a = webhookSignatureHeader("{}", "whsec_x", 1700000000);
  auto b = webhookSignatureHeader("{}", "whsec_x", 1700000001);
  EXPECT_NE(a.substr(a.find(",v1=")), b.substr(b.find(",v1=")));
}

}  // namespace
}  // namespace sy::sandbox::stripe
