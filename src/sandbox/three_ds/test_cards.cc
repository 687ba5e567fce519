#include "sandbox/three_ds/test_cards.h"

#include "sandbox/card_checks.h"

namespace sy::sandbox::three_ds {

const std::vector<TestCard>& testCards() {
  static const std::vector<TestCard> kCards = {
      {"4000000000003220",
       {"C", ""},
       "challenge: the customer approves or refuses on the ACS page"},
      {"4000000000003055", {"Y", ""}, "authenticated frictionlessly"},
      {"4000000000003238", {"U", "08"}, "authentication unavailable (08: no card record)"},
      {"4000000000003246", {"N", "01"}, "not authenticated (01: card authentication failed)"},
      {"4000000000003253",
       {"R", "12"},
       "rejected by the issuer (12: transaction not permitted to cardholder)"},
      {"5200000000001096", {"A", ""}, "attempted: the issuer could not authenticate, proof given"},
  };
  return kCards;
}

AcsDecision acsDecisionFor(std::string_view acctNumber) {
  for (const TestCard& card : testCards())
    if (card.number == acctNumber) return card.decision;
  return {"Y", ""};
}

std::string_view eciFor(std::string_view acctNumber, std::string_view transStatus) {
  const bool attempted = transStatus == "A";
  if (cardBrand(acctNumber) == "mastercard") return attempted ? "01" : "02";
  return attempted ? "06" : "05";
}

}  // namespace sy::sandbox::three_ds
