#include "sandbox/test_processor/magic_cards.h"

#include <array>

#include "sandbox/card_checks.h"

namespace sy::sandbox::test_processor {
namespace {
constexpr CardOutcome kApproved{CardBehavior::kApprove, {}, {}};

constexpr std::array<MagicCard, 8> kMagicCards{{
    {"4111111111111111", kApproved},
    {"5555555555554444", kApproved},
    {"378282246310005", kApproved},
    {"4000000000000002",
     {CardBehavior::kDecline, kDoNotHonor, "The card issuer declined the payment."}},
    {"4000000000009995",
     {CardBehavior::kDecline, kInsufficientFunds, "The card has insufficient funds."}},
    {"4000000000000069", {CardBehavior::kDecline, kExpiredCard, "The card has expired."}},
    {"4000000000000119",
     {CardBehavior::kFail, kProcessingError, "An error occurred while processing the card."}},
    {"4000000000000259", {CardBehavior::kSlow, {}, {}}},
}};
}  // namespace

std::span<const MagicCard> magicCards() {
  return kMagicCards;
}

CardOutcome outcomeForCard(std::string_view number) {
  for (const auto& card : kMagicCards)
    if (card.number == number) return card.outcome;
  if (!luhnValid(number))
    return {CardBehavior::kDecline, kInvalidNumber, "The card number is not a valid card number."};
  return kApproved;
}

}  // namespace sy::sandbox::test_processor
