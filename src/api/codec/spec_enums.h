// Enumerations of the Primer v2.4 contract, generated from the OpenAPI file (gen_spec_enums.js ->
// spec_enums.cc) so that what the codec accepts and writes is exactly what the spec lists.
#pragma once

#include <algorithm>
#include <span>
#include <string_view>

namespace sy::api::codec {

struct EnumTable {
  std::string_view name;                     // the spec's schema name, used in error descriptions
  std::span<const std::string_view> values;  // sorted bytewise

  bool contains(std::string_view v) const {
    return std::binary_search(values.begin(), values.end(), v);
  }
};

extern const EnumTable kCountryCodeEnum;  // ISO 3166-1 alpha-2 codes
extern const EnumTable kCurrencyEnum;     // the spec's `Currency`
extern const EnumTable kPaymentMethodTypeEnum;
extern const EnumTable kCardNetworkEnum;
extern const EnumTable kProductTypeEnum;
extern const EnumTable kRecurringTransactionTypeEnum;  // paymentType
extern const EnumTable kAuthorizationTypeEnum;
extern const EnumTable kFirstPaymentReasonEnum;
extern const EnumTable kApplePayIntervalUnit;
extern const EnumTable kExpandEnum;  // "transactions.events"

}  // namespace sy::api::codec
