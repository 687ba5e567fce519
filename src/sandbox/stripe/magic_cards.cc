#include "sandbox/stripe/magic_cards.h"

#include "sandbox/card_checks.h"

namespace sy::sandbox::stripe {
namespace {
struct Row {
  std::string_view number;
  CardDecline decline;
};
constexpr std::string_view kDeclined = "Your card was declined.";
constexpr Row kCards[] = {
    {"4000000000000002", {"card_declined", "generic_decline", kDeclined}},
    {"4000000000009995",
     {"card_declined", "insufficient_funds", "Your card has insufficient funds."}},
    {"4000000000009987", {"card_declined", "lost_card", kDeclined}},
    {"4000000000009979", {"card_declined", "stolen_card", kDeclined}},
    {"4000000000000069", {"expired_card", "expired_card", "Your card has expired."}},
    {"4000000000000127",
     {"incorrect_cvc", "incorrect_cvc", "Your card's security code is incorrect."}},
    {"4000000000000119",
     {"processing_error", "",
      "An error occurred while processing your card. Try again in a little bit."}},
    {"4000000000006975",
     {"card_declined", "card_velocity_exceeded",
      "Your card was declined for making repeated attempts too frequently or exceeding its amount "
      "limit."}},
    {"4100000000000019", {"card_declined", "fraudulent", kDeclined}},
    {"4000000000000515", {"card_declined", "do_not_honor", kDeclined}},
    {"4000000000000523", {"card_declined", "issuer_not_available", kDeclined}},
    {"4000000000000531", {"card_declined", "call_issuer", kDeclined}},
};
}  // namespace

std::optional<CardDecline> declineForCard(std::string_view number) {
  if (!isCardNumberShaped(number) || !luhnValid(number))
    return CardDecline{"incorrect_number", "", "Your card number is incorrect."};
  for (const Row& row : kCards)
    if (row.number == number) return row.decline;
  return std::nullopt;
}

ThreeDsSupport threeDsForCard(std::string_view number) {
  if (number == "4000000000003220" || number == "4000000000003063" ||
      number == "4000002760003184")
    return ThreeDsSupport::kRequired;
  if (number == "4000000000003055") return ThreeDsSupport::kSupported;
  return ThreeDsSupport::kNone;
}

CardDecline authenticationRequired() {
  return {"authentication_required", "authentication_required",
          "Your card was declined. This transaction requires authentication."};
}

CardDecline doNotHonor() {
  return {"card_declined", "do_not_honor", kDeclined};
}

}  // namespace sy::sandbox::stripe
