// Signs standard notifications the way Adyen does, for the emulator that will send them: the
// additionalData.hmacSignature of each NotificationRequestItem (Adyen docs "Verify HMAC
// signatures"). The connector's verifier (src/connectors/adyen/webhooks.h) is written separately;
// tests check both against Adyen's published example and signatures computed with openssl.
#pragma once

#include <boost/json/object.hpp>
#include <string>
#include <string_view>

#include "common/status.h"

namespace sy::sandbox::adyen {

// base64(HMAC-SHA256(hex-decoded hmacKeyHex, "pspReference:originalReference:merchantAccountCode:
// merchantReference:amount.value:amount.currency:eventCode:success")) of one
// NotificationRequestItem, absent fields empty. kInvalidArgument when the key is not hex.
Result<std::string> notificationItemSignature(const boost::json::object& item,
                                              std::string_view hmacKeyHex);

// `notification` ({"live", "notificationItems": [{"NotificationRequestItem": ...}]}) with the
// signature set in every item's additionalData, serialized: the body to send.
Result<std::string> signNotification(boost::json::object notification, std::string_view hmacKeyHex);

}  // namespace sy::sandbox::adyen
