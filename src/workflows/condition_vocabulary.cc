#include "workflows/condition_vocabulary.h"

#include <array>
#include <utility>

#include "common/money.h"
#include "domain/payment.h"
#include "workflows/payment_facts.h"

namespace sy::workflows {
namespace {

constexpr std::array<std::pair<Field, std::string_view>, kFieldCount> kFields{{
    {Field::kAmount, "amount"},
    {Field::kCurrency, "currency"},
    {Field::kOrderCountry, "orderCountry"},
    {Field::kBillingCountry, "billingCountry"},
    {Field::kBinNetwork, "binNetwork"},
    {Field::kBinIssuerCountry, "binIssuerCountry"},
    {Field::kBinFundingType, "binFundingType"},
    {Field::kCustomerId, "customerId"},
    {Field::kCustomerEmailDomain, "customerEmailDomain"},
    {Field::kPaymentType, "paymentType"},
    {Field::kMetadata, "metadata"},
    {Field::kStatus, "status"},
}};

constexpr std::array<std::pair<Operator, std::string_view>, kOperatorCount> kOperators{{
    {Operator::kEquals, "EQUALS"},
    {Operator::kNotEquals, "NOT_EQUALS"},
    {Operator::kGreaterThanOrEqual, "GREATER_THAN_OR_EQUAL"},
    {Operator::kLessThanOrEqual, "LESS_THAN_OR_EQUAL"},
    {Operator::kOneOf, "ONE_OF"},
    {Operator::kNotOneOf, "NOT_ONE_OF"},
    {Operator::kBetween, "BETWEEN"},
    {Operator::kContains, "CONTAINS"},
    {Operator::kNotContains, "NOT_CONTAINS"},
    {Operator::kIsEmpty, "IS_EMPTY"},
    {Operator::kIsNotEmpty, "IS_NOT_EMPTY"},
}};

template <class E, size_t N>
std::string_view nameOf(const std::array<std::pair<E, std::string_view>, N>& table, E v) {
  for (const auto& [e, s] : table)
    if (e == v) return s;
  return "UNKNOWN";
}

template <class E, size_t N>
std::optional<E> valueOf(const std::array<std::pair<E, std::string_view>, N>& table,
                         std::string_view s) {
  for (const auto& [e, name] : table)
    if (name == s) return e;
  return std::nullopt;
}

template <class E>
std::optional<int> enumCode(std::optional<E> v) {
  if (!v) return std::nullopt;
  return static_cast<int>(*v);
}

}  // namespace

std::string_view toString(Field f) {
  return nameOf(kFields, f);
}
std::optional<Field> fieldFrom(std::string_view name) {
  return valueOf(kFields, name);
}
std::string_view toString(Operator op) {
  return nameOf(kOperators, op);
}
std::optional<Operator> operatorFrom(std::string_view name) {
  return valueOf(kOperators, name);
}

ValueKind valueKindOf(Field f) {
  switch (f) {
    case Field::kAmount:
      return ValueKind::kInteger;
    case Field::kCustomerId:
    case Field::kCustomerEmailDomain:
    case Field::kMetadata:
      return ValueKind::kText;
    case Field::kCurrency:
    case Field::kOrderCountry:
    case Field::kBillingCountry:
    case Field::kBinNetwork:
    case Field::kBinIssuerCountry:
    case Field::kBinFundingType:
    case Field::kPaymentType:
    case Field::kStatus:
      return ValueKind::kCode;
  }
  return ValueKind::kText;
}

OperandShape operandShapeOf(Operator op) {
  switch (op) {
    case Operator::kIsEmpty:
    case Operator::kIsNotEmpty:
      return OperandShape::kNone;
    case Operator::kOneOf:
    case Operator::kNotOneOf:
      return OperandShape::kList;
    case Operator::kBetween:
      return OperandShape::kRange;
    case Operator::kEquals:
    case Operator::kNotEquals:
    case Operator::kGreaterThanOrEqual:
    case Operator::kLessThanOrEqual:
    case Operator::kContains:
    case Operator::kNotContains:
      return OperandShape::kSingle;
  }
  return OperandShape::kSingle;
}

bool mayBeEmpty(Field f) {
  // A payment always has an amount and a currency by the time it is routed, and a status-update
  // trigger always has a status.
  return f != Field::kAmount && f != Field::kCurrency && f != Field::kStatus;
}

bool supports(Field f, Operator op) {
  switch (op) {
    case Operator::kEquals:
    case Operator::kNotEquals:
    case Operator::kOneOf:
    case Operator::kNotOneOf:
      return true;
    case Operator::kGreaterThanOrEqual:
    case Operator::kLessThanOrEqual:
    case Operator::kBetween:
      return valueKindOf(f) == ValueKind::kInteger;
    case Operator::kContains:
    case Operator::kNotContains:
      return valueKindOf(f) == ValueKind::kText;
    case Operator::kIsEmpty:
    case Operator::kIsNotEmpty:
      return mayBeEmpty(f);
  }
  return false;
}

std::optional<int> codeOf(Field f, std::string_view text) {
  switch (f) {
    case Field::kCurrency: {
      // ISO 4217 numeric codes are below 1000: a unique bit per currency.
      std::optional<Currency> c = findCurrency(text);
      if (!c || c->numeric <= 0 || c->numeric >= kMaxCode) return std::nullopt;
      return c->numeric;
    }
    case Field::kOrderCountry:
    case Field::kBillingCountry:
    case Field::kBinIssuerCountry: {
      std::optional<CountryCode> c = CountryCode::parse(text);
      if (!c) return std::nullopt;
      return c->index();
    }
    case Field::kBinNetwork:
      return enumCode(cardNetworkFrom(text));
    case Field::kBinFundingType:
      return enumCode(fundingTypeFrom(text));
    case Field::kPaymentType:
      return enumCode(paymentTypeFrom(text));
    case Field::kStatus:
      return enumCode(domain::paymentStatusFrom(text));
    case Field::kAmount:
    case Field::kCustomerId:
    case Field::kCustomerEmailDomain:
    case Field::kMetadata:
      break;
  }
  return std::nullopt;
}

std::string_view codeDescription(Field f) {
  switch (f) {
    case Field::kCurrency:
      return "an active ISO 4217 currency code in upper case, e.g. EUR";
    case Field::kOrderCountry:
    case Field::kBillingCountry:
    case Field::kBinIssuerCountry:
      return "an ISO 3166-1 alpha-2 country code in upper case, e.g. FR";
    case Field::kBinNetwork:
      return "a card network of Primer's CardNetworkEnum, e.g. VISA";
    case Field::kBinFundingType:
      return "one of CREDIT, DEBIT, PREPAID, CHARGE, DEFERRED_DEBIT, UNKNOWN";
    case Field::kPaymentType:
      return "one of ECOMMERCE, FIRST_PAYMENT, SUBSCRIPTION, UNSCHEDULED";
    case Field::kStatus:
      return "a payment status: PENDING, AUTHORIZED, SETTLING, PARTIALLY_SETTLED, SETTLED, "
             "DECLINED, FAILED or CANCELLED";
    case Field::kAmount:
    case Field::kCustomerId:
    case Field::kCustomerEmailDomain:
    case Field::kMetadata:
      break;
  }
  return "a valid value";
}

}  // namespace sy::workflows
