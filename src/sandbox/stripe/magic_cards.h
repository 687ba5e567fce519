// Stripe's documented test cards (docs "Testing > Declined payments"), plus three emulator-only
// numbers for decline classes Stripe documents as codes but has no test card for. Any other
// Luhn-valid number is approved.
//
//   4242424242424242, 5555555555554444, ...   approved
//   4000000000000002   card_declined / generic_decline
//   4000000000009995   card_declined / insufficient_funds
//   4000000000009987   card_declined / lost_card
//   4000000000009979   card_declined / stolen_card
//   4000000000000069   expired_card
//   4000000000000127   incorrect_cvc
//   4000000000000119   processing_error
//   4242424242424241   incorrect_number (fails Luhn)
//   4000000000006975   card_declined / card_velocity_exceeded
//   4100000000000019   card_declined / fraudulent (blocked by Radar)
//   3-D Secure (Stripe's "Testing > 3D Secure" cards; threeDsForCard):
//   4000000000003220, 4000000000003063, 4000002760003184   authentication required: requires_action
//       with a challenge (the emulator's /3ds/challenge page approves or refuses), or
//       authentication_required when confirmed with error_on_requires_action=true
//   4000000000003055   3DS supported, not required: frictionless authenticated when the confirm asks
//       for it (payment_method_options[card][request_three_d_secure]=any), else approved without
//   emulator-only:
//   4000000000000515   card_declined / do_not_honor
//   4000000000000523   card_declined / issuer_not_available
//   4000000000000531   card_declined / call_issuer
#pragma once

#include <optional>
#include <string_view>

namespace sy::sandbox::stripe {

struct CardDecline {
  std::string_view code;         // error.code
  std::string_view declineCode;  // error.decline_code; may be empty
  std::string_view message;
};

// The decline a test card number triggers; nullopt when it is approved. Number must be digits.
std::optional<CardDecline> declineForCard(std::string_view number);
// What fault injection's declineAll answers.
CardDecline doNotHonor();

enum class ThreeDsSupport { kNone, kSupported, kRequired };
// How a card takes part in 3-D Secure (table above); kNone for any other card.
ThreeDsSupport threeDsForCard(std::string_view number);
// The decline of a card that needs authentication, confirmed with error_on_requires_action=true.
CardDecline authenticationRequired();

}  // namespace sy::sandbox::stripe
