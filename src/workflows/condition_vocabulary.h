// What a routing condition may test: the fields of PaymentFacts, the operators, and which operator
// applies to which field. Shared by the parser (names), the validator (compatibility, values) and
// the compiler (value codes).
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace sy::workflows {

enum class Field : uint8_t {
  kAmount,               // integer, minor units
  kCurrency,             // ISO 4217 code
  kOrderCountry,         // ISO 3166-1 alpha-2
  kBillingCountry,       // ISO 3166-1 alpha-2
  kBinNetwork,           // CardNetworkEnum
  kBinIssuerCountry,     // ISO 3166-1 alpha-2
  kBinFundingType,       // AccountFundingTypeEnum
  kCustomerId,           // text
  kCustomerEmailDomain,  // text, compared ignoring ASCII case
  kPaymentType,          // RecurringTransactionTypeEnum
  kMetadata,             // text; the condition names the key
  kStatus,               // PaymentStatus; PAYMENT_STATUS_UPDATED workflows only
};
inline constexpr int kFieldCount = 12;

enum class Operator : uint8_t {
  kEquals,
  kNotEquals,
  kGreaterThanOrEqual,
  kLessThanOrEqual,
  kOneOf,
  kNotOneOf,
  kBetween,  // inclusive at both ends
  kContains,
  kNotContains,
  kIsEmpty,
  kIsNotEmpty,
};
inline constexpr int kOperatorCount = 11;

enum class ValueKind : uint8_t {
  kInteger,  // amount
  kCode,     // one of a closed set of codes (currency, country, enums, status)
  kText,     // free text
};

// Which member of a condition carries its operand(s).
enum class OperandShape : uint8_t {
  kNone,    // IS_EMPTY, IS_NOT_EMPTY
  kSingle,  // "value"
  kList,    // "values": a non-empty array
  kRange,   // "min" and "max"
};

std::string_view toString(Field f);  // the document's name: "binIssuerCountry"
std::optional<Field> fieldFrom(std::string_view name);
std::string_view toString(Operator op);  // "GREATER_THAN_OR_EQUAL"
std::optional<Operator> operatorFrom(std::string_view name);

ValueKind valueKindOf(Field f);
OperandShape operandShapeOf(Operator op);
// A field that may be absent from a payment (BIN data, countries, customer, metadata...).
bool mayBeEmpty(Field f);
// Whether `op` applies to `f`: order comparisons and BETWEEN on integers, CONTAINS on text,
// IS_EMPTY / IS_NOT_EMPTY on fields that may be absent, equality and lists on every field.
bool supports(Field f, Operator op);

// Codes: every kCode value maps to a small integer below kMaxCode, used as a bit index by the
// compiled form. nullopt when `text` is not a valid value of the field (an unknown currency, a
// country not shaped "FR", an unknown network...). Only for kCode fields.
inline constexpr int kMaxCode = 1024;
std::optional<int> codeOf(Field f, std::string_view text);
// What a valid value of the kCode field `f` looks like, for error messages.
std::string_view codeDescription(Field f);

}  // namespace sy::workflows
