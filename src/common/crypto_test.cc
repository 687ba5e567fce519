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

TEST(Crypto, HexDecodeAcceptsEitherCaseAndRefusesTheRest) {
  auto lower = hexDecode("00ff7f80");
  ASSERT_TRUE(lower.isOk());
  EXPECT_EQ(*lower, std::string("\x00\xff\x7f\x80", 4));
  auto upper = hexDecode("DEADbeef");
  ASSERT_TRUE(upper.isOk());
  EXPECT_EQ(toHex(*upper), "deadbeef");
  EXPECT_TRUE(hexDecode("").isOk());
  for (const char* bad : {"abc", "zz", "0g", " 00", "00 "}) {
    auto r = hexDecode(bad);
    EXPECT_FALSE(r.isOk()) << bad;
    EXPECT_EQ(r.status().message().find(bad), std::string::npos) << "the input is never quoted";
  }
}

TEST(Crypto, ConstantTimeEqualsComparesContentAndLength) {
  EXPECT_TRUE(constantTimeEquals("abc", "abc"));
  EXPECT_FALSE(constantTimeEquals("abc", "abd"));
  EXPECT_FALSE(constantTimeEquals("abc", "abcd"));
  EXPECT_TRUE(constantTimeEquals("", ""));
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
  // 64 characters that are not all hex digits are a passphrase.
  EXPECT_EQ(deriveKey(std::string(63, 'a') + "g").reveal(), sha256(std::string(63, 'a') + "g"));
}

TEST(Secret, PrintsRedacted) {
  std::ostringstream os;
  os << SecretString("4111111111111111");
  EXPECT_EQ(os.str(), "[REDACTED]");
}

}  // namespace
}  // namespace sy::crypto
