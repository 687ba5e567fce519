// The standard notifications the Adyen emulator sends after the calls it answers, as live Adyen
// does (docs "Webhook types"): AUTHORISATION after every /payments answer with a final result
// (Authorised or Refused), and CAPTURE, CANCELLATION, REFUND or CANCEL_OR_REFUND after each
// modification it accepted ("received"). Items are unsigned here; webhook_signer.h signs them.
#pragma once

#include <boost/json/object.hpp>
#include <optional>
#include <string_view>

#include "common/clock.h"

namespace sy::sandbox::adyen {

// `path` is the endpoint answered ("payments", or the modification kind "captures", "cancels",
// "refunds", "reversals"); `requestBody` and `responseBody` what was sent and answered.
// nullopt when the answer gets no notification (an error, a pending result).
std::optional<boost::json::object> notificationFor(std::string_view path,
                                                   std::string_view requestBody,
                                                   unsigned responseStatus,
                                                   std::string_view responseBody, TimePoint now);

}  // namespace sy::sandbox::adyen
