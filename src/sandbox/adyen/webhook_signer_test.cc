#include "sandbox/adyen/webhook_signer.h"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <boost/json/value.hpp>

namespace sy::sandbox::adyen {
namespace {
namespace json = boost::json;

// Adyen's published example item ("Signing notifications with HMAC"); key and signature as in
// the HMAC validator tests of Adyen's own libraries (adyen-ruby-api-library,
// adyen-php-api-library).
json::object docsItem() {
  return json::parse(R"({"pspReference": "7914073381342284",
                         "merchantAccountCode": "TestMerchant",
                         "merchantReference": "TestPayment-1407325143704",
                         "amount": {"value": 1130, "currency": "EUR"},
                         "eventCode": "AUTHORISATION",
                         "success": "true"})")
      .as_object();
}

TEST(AdyenWebhookSigner, ReproducesAdyensPublishedSignatures) {
  auto ruby = notificationItemSignature(
      docsItem(), "44782DEF547AAA06C910C43932B1EB0C71FC68D9D0C057550C48EC2ACF6BA056");
  ASSERT_TRUE(ruby.isOk()) << ruby.status().toString();
  EXPECT_EQ(*ruby, "coqCmt/IZ4E3CzPvMY8zTjQVL5hYJUiBRg8UU+iCWo0=");
  auto php = notificationItemSignature(
      docsItem(), "DFB1EB5485895CFA84146406857104ABB4CBCABDC8AAF103A624C8F6A3EAAB00");
  ASSERT_TRUE(php.isOk());
  EXPECT_EQ(*php, "Ny9gS2veKo5E4w8/OL6xz1/wvT/hYkAXy1xNc/QvO4I=");
}

TEST(AdyenWebhookSigner, SignsEveryItemOfANotification) {
  json::object notification;
  notification["live"] = "false";
  json::object refund = docsItem();
  refund["eventCode"] = "REFUND";
  refund["originalReference"] = "7914073381342284";
  refund["pspReference"] = "8814073381342285";
  json::array items;
  for (const json::object& item : {docsItem(), refund}) {
    json::object wrapper;
    wrapper["NotificationRequestItem"] = item;
    items.push_back(std::move(wrapper));
  }
  notification["notificationItems"] = std::move(items);

  const std::string key = "44782DEF547AAA06C910C43932B1EB0C71FC68D9D0C057550C48EC2ACF6BA056";
  auto body = signNotification(notification, key);
  ASSERT_TRUE(body.isOk()) << body.status().toString();
  json::value signed_ = json::parse(*body);
  const json::array& out = signed_.at("notificationItems").as_array();
  ASSERT_EQ(out.size(), 2u);
  auto signatureOf = [&](size_t i) {
    return std::string(
        out[i].at("NotificationRequestItem").at("additionalData").at("hmacSignature").as_string());
  };
  EXPECT_EQ(signatureOf(0), "coqCmt/IZ4E3CzPvMY8zTjQVL5hYJUiBRg8UU+iCWo0=");
  // printf '%s' '8814073381342285:7914073381342284:TestMerchant:TestPayment-1407325143704:1130:EUR:REFUND:true'
  //   | openssl dgst -sha256 -mac HMAC -macopt hexkey:<key> -binary | base64   (one shell line)
  EXPECT_EQ(signatureOf(1), "e/qbnzy5tYrr/LWR3SCTG7oHCOndfxOnHpEFhYxi/x8=");
}

TEST(AdyenWebhookSigner, RefusesAKeyThatIsNotHex) {
  EXPECT_FALSE(notificationItemSignature(docsItem(), "not-a-hex-key").isOk());
}

}  // namespace
}  // namespace sy::sandbox::adyen
