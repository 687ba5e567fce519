#include "workflows/payment_facts.h"

#include <array>
#include <utility>

namespace sy::workflows {
namespace {

template <class E, size_t N>
using Names = std::array<std::pair<E, std::string_view>, N>;

template <class E, size_t N>
std::string_view nameOf(const Names<E, N>& table, E v) {
  for (const auto& [e, s] : table)
    if (e == v) return s;
  return "UNKNOWN";
}

template <class E, size_t N>
std::optional<E> valueOf(const Names<E, N>& table, std::string_view s) {
  for (const auto& [e, name] : table)
    if (name == s) return e;
  return std::nullopt;
}

constexpr Names<CardNetwork, kCardNetworkCount> kNetworks{{
    {CardNetwork::kAmex, "AMEX"},
    {CardNetwork::kCartesBancaires, "CARTES_BANCAIRES"},
    {CardNetwork::kDankort, "DANKORT"},
    {CardNetwork::kDinersClub, "DINERS_CLUB"},
    {CardNetwork::kDiscover, "DISCOVER"},
    {CardNetwork::kEftpos, "EFTPOS"},
    {CardNetwork::kElo, "ELO"},
    {CardNetwork::kEnroute, "ENROUTE"},
    {CardNetwork::kHiper, "HIPER"},
    {CardNetwork::kInterac, "INTERAC"},
    {CardNetwork::kJcb, "JCB"},
    {CardNetwork::kMaestro, "MAESTRO"},
    {CardNetwork::kMastercard, "MASTERCARD"},
    {CardNetwork::kMir, "MIR"},
    {CardNetwork::kOther, "OTHER"},
    {CardNetwork::kPrivateLabel, "PRIVATE_LABEL"},
    {CardNetwork::kUnionpay, "UNIONPAY"},
    {CardNetwork::kVisa, "VISA"},
}};
constexpr Names<FundingType, kFundingTypeCount> kFundingTypes{{
    {FundingType::kCredit, "CREDIT"},
    {FundingType::kDebit, "DEBIT"},
    {FundingType::kPrepaid, "PREPAID"},
    {FundingType::kCharge, "CHARGE"},
    {FundingType::kDeferredDebit, "DEFERRED_DEBIT"},
    {FundingType::kUnknown, "UNKNOWN"},
}};
constexpr Names<PaymentType, kPaymentTypeCount> kPaymentTypes{{
    {PaymentType::kEcommerce, "ECOMMERCE"},
    {PaymentType::kFirstPayment, "FIRST_PAYMENT"},
    {PaymentType::kSubscription, "SUBSCRIPTION"},
    {PaymentType::kUnscheduled, "UNSCHEDULED"},
}};

bool isUpper(char c) {
  return c >= 'A' && c <= 'Z';
}

}  // namespace

std::optional<CountryCode> CountryCode::parse(std::string_view s) {
  if (s.size() != 2 || !isUpper(s[0]) || !isUpper(s[1])) return std::nullopt;
  return CountryCode((s[0] - 'A') * 26 + (s[1] - 'A'));
}

std::string_view toString(CardNetwork v) {
  return nameOf(kNetworks, v);
}
std::string_view toString(FundingType v) {
  return nameOf(kFundingTypes, v);
}
std::string_view toString(PaymentType v) {
  return nameOf(kPaymentTypes, v);
}
std::optional<CardNetwork> cardNetworkFrom(std::string_view s) {
  return valueOf(kNetworks, s);
}
std::optional<FundingType> fundingTypeFrom(std::string_view s) {
  return valueOf(kFundingTypes, s);
}
std::optional<PaymentType> paymentTypeFrom(std::string_view s) {
  return valueOf(kPaymentTypes, s);
}

std::string_view emailDomain(std::string_view email) {
  const size_t at = email.rfind('@');
  return at == std::string_view::npos ? std::string_view() : email.substr(at + 1);
}

}  // namespace sy::workflows
