// 3-D Secure in the Checkout.com emulator: which test cards authenticate how, and the payment
// request's `3ds` object (spec 3dsRequest) read and validated as Checkout.com does. Pure.
//
// Test cards (Checkout.com's published 3DS2 sandbox cards; docs/three_d_secure.md):
//   5385308360135181  challenge: with 3ds.enabled the payment is 202 Pending with
//                     _links.redirect (the challenge page); without it, declined 20154
//   4485040371536584  frictionless: with 3ds.enabled authorized, authentication_response Y,
//                     challenged false
//   any other card    not enrolled: with 3ds.enabled and attempt_n3d authorized with
//                     3ds {downgraded: true, enrolled: "N"}; without attempt_n3d declined 20150
// External ("third-party MPI") data: 3ds.enabled with eci and cryptogram authorizes without
// authenticating again, whatever the card. A merchant-initiated payment (merchant_initiated: true)
// is never authenticated: the customer is not there.
#pragma once

#include <boost/json/object.hpp>
#include <string>
#include <string_view>
#include <vector>

namespace sy::sandbox::checkoutcom {

enum class CardEnrollment { kNotEnrolled, kFrictionless, kChallenge };
CardEnrollment enrollmentOf(std::string_view cardNumber);

// What the request's `3ds` object asked for.
struct ThreeDsAsk {
  bool enabled = false;
  bool attemptN3d = false;
  bool external = false;  // eci/cryptogram given: authenticated elsewhere
  std::string eci, cryptogram, xid, version, status;
};

// Reads `body["3ds"]` (absent: nothing asked). Appends Checkout.com-style error codes for what is
// malformed: 3ds_invalid (not an object), 3ds_enabled_invalid, attempt_n3d_invalid,
// challenge_indicator_invalid, eci_invalid, cryptogram_required, cryptogram_invalid, xid_invalid,
// 3ds_version_invalid, 3ds_status_invalid.
ThreeDsAsk readThreeDs(const boost::json::object& body, std::vector<std::string>& errors);

// Reads success_url / failure_url (http(s), at most 1024 characters): success_url_invalid,
// failure_url_invalid.
std::string readUrl(const boost::json::object& body, std::string_view field,
                    std::vector<std::string>& errors);

}  // namespace sy::sandbox::checkoutcom
