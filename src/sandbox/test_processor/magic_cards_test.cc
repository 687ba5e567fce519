#include "sandbox/test_processor/magic_cards.h"

#include <gtest/gtest.h>

#include "sandbox/card_checks.h"

namespace sy::sandbox::test_processor {
namespace {

TEST(MagicCardsTest, EveryMagicNumberIsLuhnValid) {
  // Otherwise the table entry would be shadowed by nothing but read as a typo by users.
  for (const auto& card : magicCards()) EXPECT_TRUE(luhnValid(card.number)) << card.number;
}

TEST(MagicCardsTest, DocumentedOutcomes) {
  EXPECT_EQ(outcomeForCard("4111111111111111").behavior, CardBehavior::kApprove);
  EXPECT_EQ(outcomeForCard("5555555555554444").behavior, CardBehavior::kApprove);
  EXPECT_EQ(outcomeForCard("378282246310005").behavior, CardBehavior::kApprove);
  EXPECT_EQ(outcomeForCard("4000000000000002").code, kDoNotHonor);
  EXPECT_EQ(outcomeForCard("4000000000009995").code, kInsufficientFunds);
  EXPECT_EQ(outcomeForCard("4000000000000069").code, kExpiredCard);
  auto failed = outcomeForCard("4000000000000119");
  EXPECT_EQ(failed.behavior, CardBehavior::kFail);
  EXPECT_EQ(failed.code, kProcessingError);
  EXPECT_EQ(outcomeForCard("4000000000000259").behavior, CardBehavior::kSlow);
}

TEST(MagicCardsTest, OtherNumbersFollowLuhn) {
  EXPECT_EQ(outcomeForCard("6011111111111117").behavior, CardBehavior::kApprove);
  auto bad = outcomeForCard("4111111111111112");
  EXPECT_EQ(bad.behavior, CardBehavior::kDecline);
  EXPECT_EQ(bad.code, kInvalidNumber);
  EXPECT_FALSE(bad.message.empty());
}

}  // namespace
}  // namespace sy::sandbox::test_processor
