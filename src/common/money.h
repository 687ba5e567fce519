// Money: int64 minor units plus an ISO 4217 currency. Never a float.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace sy {

struct Currency {
  std::string_view code;  // "USD"; points into the static ISO 4217 table
  int exponent;           // minor units: USD 2, JPY 0, KWD 3
  int numeric;            // ISO 4217 numeric code, 840 for USD
};

// Looks up an active ISO 4217 currency by its exact upper-case alphabetic code.
std::optional<Currency> findCurrency(std::string_view code);
// Looks up an active ISO 4217 currency by its numeric code (978 -> EUR), as EMVCo messages carry it.
std::optional<Currency> findCurrencyByNumeric(int numeric);

struct Money {
  int64_t minor = 0;
  Currency currency;
};

// Adds without overflow; nullopt when the sum does not fit in int64.
std::optional<int64_t> checkedAdd(int64_t a, int64_t b);

}  // namespace sy
