// How the Stripe emulator renders Stripe's objects, as the 2023-08-16 API does: a PaymentIntent
// (with its latest Charge when `expand[]=latest_charge` asks for it), a Refund, and the error
// object of an error response. The API (api.h) decides what to answer; this says how it looks.
#pragma once

#include <boost/json/object.hpp>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "sandbox/stripe/api.h"

namespace sy::sandbox::stripe {

// {"type", "message", "code", "doc_url", "param"}; code and param only when not empty.
boost::json::object errorObject(std::string_view type, std::string_view message,
                                std::string_view code, std::string_view param);
boost::json::object metadataJson(const std::vector<std::pair<std::string, std::string>>& md);
// The Charge: card, and its 3-D Secure details (payment_method_details.card.three_d_secure).
boost::json::object chargeJson(const IntentRecord& pi);
boost::json::object intentJson(const IntentRecord& pi, bool expandCharge = false);
boost::json::object refundJson(const RefundRecord& r);

}  // namespace sy::sandbox::stripe
