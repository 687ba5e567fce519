// The 3DS Server's messages without the network: the AReq it builds, and how it reads ARes, RReq
// and Erro answers, well-formed or not.
#include "three_ds/messages.h"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

namespace sy::three_ds {
namespace {
namespace json = boost::json;

constexpr const char* kId = "8a880dc0-d2d2-4067-bcb1-b08d1690b26e";
constexpr const char* kDs = "1e1e298b-1f8f-4f65-a817-623578906c55";
constexpr const char* kAcs = "25cadae9-e120-473e-b64d-7d9158ca7891";
constexpr const char* kCavv = "AAABBBCCCDDDEEEFFFGGGHHHIII=";  // 20 bytes

AuthenticationRequest request() {
  AuthenticationRequest r;
  r.threeDsServerTransactionId = kId;
  r.cardNumber = SecretString("4000000000003220");
  r.expirationMonth = "03";
  r.expirationYear = "2031";
  r.cardholderName = "Ada Lovelace";
  r.amount = 1999;
  r.currencyCode = "AUD";
  r.currencyExponent = 2;
  r.merchantName = "Demo shop";
  r.notificationUrl = "https://shop.example/checkout/3ds/return?payment=pay_1";
  return r;
}

json::object answer(std::initializer_list<std::pair<std::string_view, std::string_view>> extra,
                    std::string_view type = "ARes") {
  json::object o{{"messageType", type},
                 {"messageVersion", "2.2.0"},
                 {"threeDSServerTransID", kId},
                 {"dsTransID", kDs},
                 {"acsTransID", kAcs}};
  for (auto [k, v] : extra) o[k] = v;
  return o;
}

std::string body(const json::object& o) {
  return json::serialize(o);
}

TEST(AReq, CarriesTheEmvcoBrowserPaymentFields) {
  const TimePoint at = std::chrono::sys_days{std::chrono::year{2024} / 1 / 2} +
                       std::chrono::hours(3) + std::chrono::minutes(4) + std::chrono::seconds(5);
  auto built = areqJson(request(), at);
  ASSERT_TRUE(built.isOk()) << built.status().toString();
  json::object o = json::parse(*built).as_object();
  EXPECT_EQ(o.at("messageType").as_string(), "AReq");
  EXPECT_EQ(o.at("messageVersion").as_string(), "2.2.0");
  EXPECT_EQ(o.at("threeDSServerTransID").as_string(), kId);
  EXPECT_EQ(o.at("deviceChannel").as_string(), "02");
  EXPECT_EQ(o.at("messageCategory").as_string(), "01");
  EXPECT_EQ(o.at("acctNumber").as_string(), "4000000000003220");
  EXPECT_EQ(o.at("cardExpiryDate").as_string(), "3103");
  EXPECT_EQ(o.at("purchaseAmount").as_string(), "1999");
  EXPECT_EQ(o.at("purchaseCurrency").as_string(), "036");  // AUD, zero-padded
  EXPECT_EQ(o.at("purchaseExponent").as_string(), "2");
  EXPECT_EQ(o.at("purchaseDate").as_string(), "20240102030405");
  EXPECT_EQ(o.at("merchantName").as_string(), "Demo shop");
  EXPECT_EQ(o.at("cardholderName").as_string(), "Ada Lovelace");
  EXPECT_EQ(o.at("notificationURL").as_string(),
            "https://shop.example/checkout/3ds/return?payment=pay_1");
}

TEST(AReq, TrimsWhatEmvcoLimitsAndRefusesWhatItCannotSend) {
  AuthenticationRequest r = request();
  r.merchantName = std::string(39, 'm') + "\xc3\xa9";  // 41 bytes, the last character 2 bytes
  r.cardholderName = "A";
  auto built = areqJson(r, TimePoint{});
  ASSERT_TRUE(built.isOk());
  json::object o = json::parse(*built).as_object();
  EXPECT_EQ(o.at("merchantName").as_string(), std::string(39, 'm'));
  EXPECT_FALSE(o.contains("cardholderName"));

  r = request();
  r.cardNumber = SecretString("4000 0000 0000 3220");
  auto bad = areqJson(r, TimePoint{});
  EXPECT_EQ(bad.status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(bad.status().message().find("3220"), std::string::npos);
  r = request();
  r.expirationMonth = "13";
  EXPECT_FALSE(areqJson(r, TimePoint{}).isOk());
  r = request();
  r.notificationUrl.clear();
  EXPECT_FALSE(areqJson(r, TimePoint{}).isOk());
}

TEST(ARes, ReadsEachOutcome) {
  auto y = readARes(
      200, body(answer({{"transStatus", "Y"}, {"eci", "05"}, {"authenticationValue", kCavv}})),
      kId);
  ASSERT_TRUE(y.isOk()) << y.status().toString();
  EXPECT_EQ(y->eci, "05");
  EXPECT_EQ(y->authenticationValue.reveal(), kCavv);
  EXPECT_EQ(y->dsTransactionId, kDs);
  EXPECT_EQ(y->protocolVersion, "2.2.0");
  auto c = readARes(200, body(answer({{"transStatus", "C"}, {"acsURL", "https://acs/c/1"}})), kId);
  ASSERT_TRUE(c.isOk());
  EXPECT_EQ(c->challengeUrl, "https://acs/c/1");
  auto r = readARes(200, body(answer({{"transStatus", "R"}, {"transStatusReason", "11"}})), kId);
  ASSERT_TRUE(r.isOk());
  EXPECT_EQ(r->transStatusReason, "11");
  EXPECT_EQ(primerReasonCode(r->transStatusReason), "SUSPECTED_FRAUD");
}

TEST(ARes, RefusesWhatIsNotAWellFormedAResAboutThisTransaction) {
  const std::string y = "authenticationValue";
  for (const json::object& o :
       {answer({{"transStatus", "Y"}, {"eci", "05"}}),               // no cryptogram
        answer({{"transStatus", "Y"}, {"eci", "5"}, {y, kCavv}}),    // eci
        answer({{"transStatus", "A"}, {"eci", "06"}, {y, "AAAA"}}),  // short
        answer({{"transStatus", "C"}}),                              // no acsURL
        answer({{"transStatus", "C"}, {"acsURL", "javascript:x"}}),
        answer({{"transStatus", "X"}}),  // unknown status
        answer({{"transStatus", "N"}, {"transStatusReason", "1"}}),
        answer({{"transStatus", "N"}}, "RReq"),                            // wrong type
        answer({{"transStatus", "N"}, {"dsTransID", "ds"}}),               // not a UUID
        answer({{"transStatus", "N"}, {"threeDSServerTransID", kDs}})}) {  // another id
    auto read = readARes(200, body(o), kId);
    EXPECT_FALSE(read.isOk()) << body(o);
    EXPECT_EQ(read.status().code(), StatusCode::kUnavailable);
  }
  EXPECT_FALSE(readARes(200, "not json", kId).isOk());
  auto http = readARes(502, "<html>bad gateway</html>", kId);
  EXPECT_NE(http.status().message().find("HTTP 502"), std::string::npos);
}

TEST(ARes, AnErroIsQuotedWithoutCardNumbers) {
  json::object erro{{"messageType", "Erro"},
                    {"errorCode", "203"},
                    {"errorComponent", "D"},
                    {"errorDetail", "acctNumber"},
                    {"errorDescription", "acctNumber 4000000000003220 is invalid"}};
  auto read = readARes(400, body(erro), kId);
  ASSERT_FALSE(read.isOk());
  EXPECT_NE(read.status().message().find("Erro 203 (acctNumber)"), std::string::npos)
      << read.status().message();
  EXPECT_EQ(read.status().message().find("4000000000003220"), std::string::npos);
  EXPECT_FALSE(readARes(200, body(erro), kId).isOk());  // an Erro with 200 is still an Erro
}

TEST(ChallengeResult, PendingThenTheRReq) {
  auto pending = readChallengeResult(
      202,
      R"({"threeDSServerTransID":"8a880dc0-d2d2-4067-bcb1-b08d1690b26e","challengeCompleted":false})",
      kId);
  ASSERT_TRUE(pending.isOk());
  EXPECT_FALSE(pending->has_value());
  auto done = readChallengeResult(
      200,
      body(answer({{"transStatus", "Y"}, {"eci", "02"}, {"authenticationValue", kCavv}}, "RReq")),
      kId);
  ASSERT_TRUE(done.isOk()) << done.status().toString();
  ASSERT_TRUE(done->has_value());
  EXPECT_TRUE((*done)->challenged);
  EXPECT_EQ((*done)->eci, "02");
  // No challenge status after a challenge; 202 without the flag is not "pending".
  EXPECT_FALSE(readChallengeResult(
                   200, body(answer({{"transStatus", "C"}, {"acsURL", "https://a"}}, "RReq")), kId)
                   .isOk());
  EXPECT_FALSE(readChallengeResult(202, "{}", kId).isOk());
}

}  // namespace
}  // namespace sy::three_ds
