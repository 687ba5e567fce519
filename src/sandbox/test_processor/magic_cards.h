// The test processor's magic cards: card numbers whose authorization outcome is fixed, so that
// tests and demos can produce every kind of answer on purpose. Documented in
// docs/test-processor.md. Pure; thread-safe.
#pragma once

#include <span>
#include <string_view>

namespace sy::sandbox::test_processor {

enum class CardBehavior {
  kApprove,  // authorized (captured when the request asks for capture)
  kDecline,  // status "declined" with `code`
  kFail,     // status "failed" with `code` (the processor could not process it)
  kSlow,     // authorized and recorded at once, but the answer is held for slowResponse
};

struct CardOutcome {
  CardBehavior behavior = CardBehavior::kApprove;
  std::string_view code;     // decline/failure code, empty when approved
  std::string_view message;  // human-readable, as the processor would send it
};

struct MagicCard {
  std::string_view number;
  CardOutcome outcome;
};

// The table itself, for documentation and tests.
std::span<const MagicCard> magicCards();

// The outcome for a card number already known to be 12..19 digits: the magic-card table first,
// then any other Luhn-valid number authorizes and a non-Luhn number declines invalid_number.
CardOutcome outcomeForCard(std::string_view number);

// Decline and failure codes the test processor sends in `decline_code` / `failure_code`.
inline constexpr std::string_view kDoNotHonor = "do_not_honor";
inline constexpr std::string_view kInsufficientFunds = "insufficient_funds";
inline constexpr std::string_view kExpiredCard = "expired_card";
inline constexpr std::string_view kInvalidNumber = "invalid_number";
inline constexpr std::string_view kProcessingError = "processing_error";

}  // namespace sy::sandbox::test_processor
