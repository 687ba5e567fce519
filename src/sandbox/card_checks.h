// Card-number checks every processor emulator performs before it looks at its magic-card table:
// the Luhn checksum and the card network read from the number's leading digits (IIN ranges).
// Pure functions; thread-safe.
#pragma once

#include <string_view>

namespace sy::sandbox {

// True if `number` is 12..19 ASCII digits, nothing else. Emulators answer 400 when this fails:
// such a value is a malformed request, not a card the issuer could decline.
bool isCardNumberShaped(std::string_view number);

// True if `number` (digits only) passes the Luhn mod-10 check.
bool luhnValid(std::string_view number);

// The network as processors name it in lower case: "visa", "mastercard", "amex", "discover",
// "jcb", "diners", "unionpay", or "unknown".
std::string_view cardBrand(std::string_view number);

// The last four digits (or the whole number when shorter): the only part an emulator echoes.
std::string_view lastFour(std::string_view number);

}  // namespace sy::sandbox
