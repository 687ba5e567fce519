#include "sandbox/card_checks.h"

#include <string>

namespace sy::sandbox {
namespace {
bool allDigits(std::string_view s) {
  for (char c : s)
    if (c < '0' || c > '9') return false;
  return true;
}

// The first `n` digits as a number (the number must have at least `n` digits).
int prefix(std::string_view number, size_t n) {
  int v = 0;
  for (size_t i = 0; i < n && i < number.size(); ++i) v = v * 10 + (number[i] - '0');
  return v;
}
}  // namespace

bool isCardNumberShaped(std::string_view number) {
  return number.size() >= 12 && number.size() <= 19 && allDigits(number);
}

bool luhnValid(std::string_view number) {
  if (number.empty() || !allDigits(number)) return false;
  int sum = 0;
  bool doubleIt = false;
  for (auto it = number.rbegin(); it != number.rend(); ++it) {
    int d = *it - '0';
    if (doubleIt) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
    doubleIt = !doubleIt;
  }
  return sum % 10 == 0;
}

std::string_view cardBrand(std::string_view number) {
  if (number.size() < 6 || !allDigits(number)) return "unknown";
  int p1 = prefix(number, 1), p2 = prefix(number, 2), p3 = prefix(number, 3),
      p4 = prefix(number, 4), p6 = prefix(number, 6);
  if (p2 == 34 || p2 == 37) return "amex";
  if ((p2 >= 51 && p2 <= 55) || (p6 >= 222100 && p6 <= 272099)) return "mastercard";
  if (p4 == 6011 || p2 == 65 || (p3 >= 644 && p3 <= 649)) return "discover";
  if (p4 >= 3528 && p4 <= 3589) return "jcb";
  if (p2 == 36 || p2 == 38 || p2 == 39 || (p3 >= 300 && p3 <= 305)) return "diners";
  if (p2 == 62) return "unionpay";
  if (p1 == 4) return "visa";
  return "unknown";
}

std::string_view lastFour(std::string_view number) {
  return number.size() <= 4 ? number : number.substr(number.size() - 4);
}

}  // namespace sy::sandbox
