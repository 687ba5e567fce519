// Card number rules for tokenization: Luhn, network detection by IIN prefix, lengths per network.
// Functions take the digits only; none of them ever echoes a digit back.
#pragma once

#include <cstddef>
#include <string_view>

namespace sy::api::codec::card {

// Luhn (mod 10) checksum over ASCII digits.
bool luhnValid(std::string_view digits);

// The Primer CardNetworkEnum name for a PAN by its leading digits, or "" when it matches no network
// Switchyard routes:
//   VISA 4 | MASTERCARD 51-55, 2221-2720 | AMEX 34, 37 | DISCOVER 6011, 644-649, 65
//   DINERS_CLUB 300-305, 3095, 36, 38, 39 | JCB 3528-3589 | MIR 2200-2204 | UNIONPAY 62
//   MAESTRO 50, 56-58, 639, 67, 6304
std::string_view detectNetwork(std::string_view digits);

// Whether a PAN of `length` digits is a valid length for `network`:
//   VISA 13, 16, 19 | MASTERCARD 16 | AMEX 15 | DISCOVER, JCB, UNIONPAY, MIR 16-19
//   DINERS_CLUB 14-19 | MAESTRO 12-19
bool lengthValidFor(std::string_view network, size_t length);

// The CVV length `network` uses: 4 for AMEX, 3 otherwise.
size_t cvvLengthFor(std::string_view network);

inline bool allDigits(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s)
    if (c < '0' || c > '9') return false;
  return true;
}

}  // namespace sy::api::codec::card
