// libFuzzer target for the processors' inbound webhooks: each connector's parseWebhook
// (connectors/webhook.h), signature header parsing included (Stripe-Signature `t=..,v1=..`,
// Cko-Signature, Tp-Signature; Adyen's per-item hmacSignature inside the JSON).
//
// Input: byte 0 picks the connector (bits 0-1) and whether the body arrives correctly signed
// (bit 2: signed here with the sandbox's signer, so the fuzzer reaches the body mapping) or with
// the signature the input gives ("<signature header value>\n<body>"). The rest is the body.
// Properties beyond "no crash, no sanitizer report" (the contract in connectors/webhook.h):
//  - a request with a made-up signature is refused (kUnauthenticated; Adyen, whose signatures sit
//    in the body, may say kInvalidArgument for a body it cannot read);
//  - a correctly signed request is never refused as unauthenticated: it is read, or refused as
//    kInvalidArgument;
//  - error messages never quote the secret or the signature's hex;
//  - every event read has a de-duplication id and a raw type, and names a currency only with an
//    amount.
#include <boost/json.hpp>
#include <cctype>
#include <cstdint>
#include <string>
#include <string_view>

#include "common/clock.h"
#include "connectors/adyen/webhooks.h"
#include "connectors/checkoutcom/webhooks.h"
#include "connectors/stripe/webhooks.h"
#include "connectors/test_processor/webhooks.h"
#include "fuzz/fuzz_checks.h"
#include "sandbox/adyen/webhook_signer.h"
#include "sandbox/checkoutcom/webhook_signer.h"
#include "sandbox/stripe/webhook_signer.h"
#include "sandbox/test_processor/webhook_signer.h"

namespace {
using namespace sy;
using namespace sy::connectors;
using sy::fuzz::require;

constexpr std::string_view kSecret = "whsec_fuzz_5f0c1e9d2b7a4c63a8e1";
constexpr std::string_view kAdyenKey = "44782DEF547AAA06C910C43932B1EB0C71FC68D9D0C057550C48EC2ACF6BA056";
constexpr int64_t kNowSeconds = 1700200000;

void checkEvents(const std::vector<WebhookEvent>& events) {
  for (const WebhookEvent& e : events) {
    require(!e.processorEventId.empty());
    require(!e.rawType.empty());
    // A currency only with the amount it qualifies (connectors report an unknown currency as the
    // processor sent it: the engine does not read it).
    if (!e.currencyCode.empty()) require(e.amount.has_value());
  }
}

void checkMessage(const Status& s, std::string_view signature) {
  require(s.message().find(kSecret) == std::string::npos);
  require(s.message().find(kAdyenKey) == std::string::npos);
  // Signatures are hex: no run of 16+ hex digits of the header may show in the message (any other
  // text of the header may coincide with the message's own words).
  size_t i = 0;
  while (i < signature.size()) {
    size_t j = i;
    while (j < signature.size() && std::isxdigit(static_cast<unsigned char>(signature[j]))) ++j;
    if (j - i >= 16) require(s.message().find(signature.substr(i, j - i)) == std::string::npos);
    i = j + 1;
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  const int connector = data[0] & 3;
  const bool sign = data[0] & 4;
  std::string_view rest(reinterpret_cast<const char*>(data) + 1, size - 1);
  std::string signature;
  InboundWebhook wh;
  if (sign) {
    wh.body = std::string(rest);
  } else {
    const size_t newline = rest.find('\n');
    signature = std::string(rest.substr(0, newline));
    wh.body = newline == std::string_view::npos ? "" : std::string(rest.substr(newline + 1));
  }
  const TimePoint now = fromMicros(kNowSeconds * 1000000);
  const SecretString creds{R"({"secretKey":"sk_test_abc","webhookSecret":")" + std::string(kSecret) +
                           R"(","apiKey":"AQEyhmfxK","merchantAccount":"M","hmacKey":")" +
                           std::string(kAdyenKey) + R"("})"};

  Result<std::vector<WebhookEvent>> r = std::vector<WebhookEvent>{};
  switch (connector) {
    case 0:
      if (sign) signature = sandbox::stripe::webhookSignatureHeader(wh.body, kSecret, kNowSeconds);
      wh.headers.emplace_back("Stripe-Signature", signature);
      r = stripe::parseWebhook(creds, wh, now);
      break;
    case 1:
      if (sign) signature = sandbox::checkoutcom::webhookSignature(wh.body, kSecret);
      wh.headers.emplace_back("Cko-Signature", signature);
      r = checkoutcom::parseWebhook(creds, wh);
      break;
    case 2:
      if (sign) signature = sandbox::test_processor::webhookSignature(wh.body, kSecret);
      wh.headers.emplace_back("Tp-Signature", signature);
      r = test_processor::parseWebhook(creds, wh);
      break;
    case 3: {
      // The signatures sit in the body: sign every item of a notification that has them.
      boost::json::error_code ec;
      boost::json::value v = boost::json::parse(wh.body, ec);
      bool signedHere = false;
      if (sign && !ec && v.is_object()) {
        Result<std::string> body = sandbox::adyen::signNotification(v.as_object(), kAdyenKey);
        if (body) {
          wh.body = body.value();
          signedHere = true;
        }
      }
      r = adyen::parseWebhook(creds, wh);
      if (!r) {
        checkMessage(r.status(), signature);
        if (signedHere) require(r.status().code() == StatusCode::kInvalidArgument);
        else require(r.status().code() == StatusCode::kUnauthenticated ||
                     r.status().code() == StatusCode::kInvalidArgument);
      } else {
        checkEvents(r.value());
      }
      return 0;
    }
  }
  if (!r) {
    checkMessage(r.status(), signature);
    require(r.status().code() == (sign ? StatusCode::kInvalidArgument
                                       : StatusCode::kUnauthenticated));
  } else {
    require(sign);  // a made-up signature never passes
    checkEvents(r.value());
  }
  return 0;
}
