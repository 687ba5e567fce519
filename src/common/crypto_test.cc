#include "common/crypto.h"

#include <gtest/gtest.h>

#include <sstream>

namespace sy::crypto {
namespace {

TEST(Crypto, Sha256KnownAnswer) {
  EXPECT_EQ(sha256Hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST(Crypto, HmacSha256KnownAnswer) {
  // RFC 4231 test case 2.
  EXPECT_EQ(toHex(hmacSha256("Jefe", "what do ya want for nothing?")),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
}

TEST(Crypto, Base64RoundTrip) {
  for (std::string s : {"", "a", "ab", "abc", "abcd"}) {
    auto d = base64Decode(base64Encode(s));
    ASSERT_TRUE(d.isOk());
    EXPECT_EQ(*d, s);
  }
  EXPECT_FALSE(base64Decode("abc").isOk());
}

TEST(Crypto, AesGcmRoundTripAndTamperDetection) {
  SecretString key = deriveKey("test passphrase");
  auto sealed = aesGcmEncrypt(key, "4111111111111111", "tok_1");
  ASSERT_TRUE(sealed.isOk());
  EXPECT_EQ(sealed->find("4111111111111111"), std::string::npos);
  auto plain = aesGcmDecrypt(key, *sealed, "tok_1");
  ASSERT_TRUE(plain.isOk());
  EXPECT_EQ(plain->reveal(), "4111111111111111");
  EXPECT_FALSE(aesGcmDecrypt(key, *sealed, "tok_2").isOk());  // wrong context
  std::string tampered = *sealed;
  tampered[14] ^= 1;
  EXPECT_FALSE(aesGcmDecrypt(key, tampered, "tok_1").isOk());
  EXPECT_FALSE(aesGcmDecrypt(deriveKey("other"), *sealed, "tok_1").isOk());
}

TEST(Crypto, HexKeyIsUsedVerbatim) {
  auto k = deriveKey(std::string(64, 'a'));
  EXPECT_EQ(k.reveal(), std::string(32, '\xaa'));
}

TEST(Secret, PrintsRedacted) {
  std::ostringstream os;
  os << SecretString("4111111111111111");
  EXPECT_EQ(os.str(), "[REDACTED]");
}

}  // namespace
}  // namespace sy::crypto
