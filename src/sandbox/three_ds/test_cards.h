// The directory server emulator's test cards: which EMVCo transStatus the issuer's ACS answers an
// AReq for each card number with (docs/three_d_secure.md, "Switchyard's own 3-D Secure"). They are
// the processors' published 3-D Secure test numbers, so one card behaves alike in both 3-D Secure
// modes. Pure; thread-safe.
#pragma once

#include <string_view>
#include <vector>

namespace sy::sandbox::three_ds {

struct AcsDecision {
  std::string_view transStatus;        // "Y", "A", "C", "N", "R" or "U"
  std::string_view transStatusReason;  // EMVCo code for N/R/U ("01"...), else empty
};

struct TestCard {
  std::string_view number;
  AcsDecision decision;
  std::string_view meaning;
};

// Every card with a fixed answer; any other number is authenticated frictionlessly ("Y").
const std::vector<TestCard>& testCards();

// What the ACS answers for `acctNumber` (digits).
AcsDecision acsDecisionFor(std::string_view acctNumber);

// The electronic commerce indicator of an authenticated ("Y") or attempted ("A") transaction on
// `acctNumber`'s network: Mastercard 02 / 01, Visa and the others 05 / 06.
std::string_view eciFor(std::string_view acctNumber, std::string_view transStatus);

}  // namespace sy::sandbox::three_ds
