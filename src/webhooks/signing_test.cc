// Signature vectors computed outside our code with the openssl CLI:
//   printf '%s' "$BODY" | openssl dgst -sha256 -hmac "$SECRET" -binary | base64
#include "webhooks/signing.h"

#include <gtest/gtest.h>

namespace sy::webhooks {
namespace {

constexpr std::string_view kBody =
    R"({"eventType":"PAYMENT.STATUS","eventId":"evt_1","signedAt":1700000000})";

TEST(WebhookSigning, MatchesOpensslVectors) {
  EXPECT_EQ(signatureOf(SecretString("whsec_primary_test_secret"), kBody),
            "mvej06DpoXQ1d1Yc4b26FzzOHJgLYMYjOyngFJWJvdc=");
  EXPECT_EQ(signatureOf(SecretString("whsec_old_secret"), kBody),
            "Xvvy9fyauTKcphjfQ3vYwQZ/7itIbcLQeJKs20K5Lao=");
  EXPECT_EQ(signatureOf(SecretString("k"), ""), "i7mQxAp9YcuXWXqUISUCW+UKyL63RDbjc1uYiTp/ZiA=");
}

TEST(WebhookSigning, OneByteOfTheBodyChangesTheSignature) {
  std::string tampered(kBody);
  tampered.back() = ' ';
  EXPECT_NE(signatureOf(SecretString("whsec_primary_test_secret"), tampered),
            "mvej06DpoXQ1d1Yc4b26FzzOHJgLYMYjOyngFJWJvdc=");
}

TEST(WebhookSigning, SecondaryOnlyWhileAPreviousSecretIsGiven) {
  auto only = signatureHeaders(kBody, SecretString("whsec_primary_test_secret"), std::nullopt);
  ASSERT_EQ(only.size(), 1u);
  EXPECT_EQ(only[0].first, "X-Signature-Primary");
  EXPECT_EQ(only[0].second, "mvej06DpoXQ1d1Yc4b26FzzOHJgLYMYjOyngFJWJvdc=");

  auto both = signatureHeaders(kBody, SecretString("whsec_primary_test_secret"),
                               SecretString("whsec_old_secret"));
  ASSERT_EQ(both.size(), 2u);
  EXPECT_EQ(both[1].first, "X-Signature-Secondary");
  EXPECT_EQ(both[1].second, "Xvvy9fyauTKcphjfQ3vYwQZ/7itIbcLQeJKs20K5Lao=");
}

}  // namespace
}  // namespace sy::webhooks
