#include "api/codec/card_rules.h"

namespace sy::api::codec::card {
namespace {

// The first `n` digits as a number (n <= 6 and digits.size() >= n).
int prefix(std::string_view digits, size_t n) {
  int v = 0;
  for (size_t i = 0; i < n && i < digits.size(); ++i) v = v * 10 + (digits[i] - '0');
  return v;
}

bool inRange(std::string_view digits, size_t n, int lo, int hi) {
  if (digits.size() < n) return false;
  int p = prefix(digits, n);
  return p >= lo && p <= hi;
}

struct LengthRule {
  std::string_view network;
  size_t min, max;
  bool onlyStandard;  // VISA: only 13, 16 and 19 within the range
};

constexpr LengthRule kLengths[] = {
    {"VISA", 13, 19, true},      {"MASTERCARD", 16, 16, false},  {"AMEX", 15, 15, false},
    {"DISCOVER", 16, 19, false}, {"JCB", 16, 19, false},         {"UNIONPAY", 16, 19, false},
    {"MIR", 16, 19, false},      {"DINERS_CLUB", 14, 19, false}, {"MAESTRO", 12, 19, false},
};

}  // namespace

bool luhnValid(std::string_view digits) {
  if (!allDigits(digits)) return false;
  int sum = 0;
  bool twice = false;
  for (auto it = digits.rbegin(); it != digits.rend(); ++it) {
    int d = *it - '0';
    if (twice) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
    twice = !twice;
  }
  return sum % 10 == 0;
}

std::string_view detectNetwork(std::string_view d) {
  if (!allDigits(d)) return {};
  // Most specific prefixes first: several networks share a leading digit.
  if (inRange(d, 2, 34, 34) || inRange(d, 2, 37, 37)) return "AMEX";
  if (inRange(d, 4, 3528, 3589)) return "JCB";
  if (inRange(d, 3, 300, 305) || inRange(d, 4, 3095, 3095) || inRange(d, 2, 36, 36) ||
      inRange(d, 2, 38, 39)) {
    return "DINERS_CLUB";
  }
  if (inRange(d, 4, 2200, 2204)) return "MIR";
  if (inRange(d, 2, 51, 55) || inRange(d, 4, 2221, 2720)) return "MASTERCARD";
  if (d[0] == '4') return "VISA";
  if (inRange(d, 4, 6011, 6011) || inRange(d, 3, 644, 649) || inRange(d, 2, 65, 65)) {
    return "DISCOVER";
  }
  if (inRange(d, 2, 62, 62)) return "UNIONPAY";
  if (inRange(d, 2, 50, 50) || inRange(d, 2, 56, 58) || inRange(d, 3, 639, 639) ||
      inRange(d, 2, 67, 67) || inRange(d, 4, 6304, 6304)) {
    return "MAESTRO";
  }
  return {};
}

bool lengthValidFor(std::string_view network, size_t length) {
  for (const LengthRule& r : kLengths) {
    if (r.network != network) continue;
    if (length < r.min || length > r.max) return false;
    return !r.onlyStandard || length == 13 || length == 16 || length == 19;
  }
  return false;
}

size_t cvvLengthFor(std::string_view network) {
  return network == "AMEX" ? 4 : 3;
}

}  // namespace sy::api::codec::card
