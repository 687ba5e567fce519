// PaymentFacts: what a workflow may look at when it decides a payment's route. The engine fills
// one per evaluation from the payment (and its card's BIN data); the evaluator only reads it.
//
// Enumerated values are coded (a country is an index, a network an enum) so that a condition is a
// bit test, and strings are views so that building facts from a Payment does not copy. A
// PaymentFacts does not own anything: the strings and metadata it points to must outlive every
// evaluation that reads it.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string_view>

#include "common/money.h"
#include "domain/payment.h"

namespace sy::workflows {

// An ISO 3166-1 alpha-2 shape ("FR"): two upper-case ASCII letters, coded 0..675. Whether the code
// is assigned is not checked: issuers' BIN tables carry codes (XK) that newer lists lack.
class CountryCode {
 public:
  static constexpr int kCount = 26 * 26;
  static std::optional<CountryCode> parse(std::string_view s);
  int index() const { return index_; }
  char first() const { return static_cast<char>('A' + index_ / 26); }
  char second() const { return static_cast<char>('A' + index_ % 26); }
  bool operator==(const CountryCode&) const = default;

 private:
  explicit CountryCode(int index) : index_(index) {}
  int index_ = 0;
};

// Primer's CardNetworkEnum.
enum class CardNetwork : uint8_t {
  kAmex,
  kCartesBancaires,
  kDankort,
  kDinersClub,
  kDiscover,
  kEftpos,
  kElo,
  kEnroute,
  kHiper,
  kInterac,
  kJcb,
  kMaestro,
  kMastercard,
  kMir,
  kOther,
  kPrivateLabel,
  kUnionpay,
  kVisa,
};
inline constexpr int kCardNetworkCount = 18;

// Primer's AccountFundingTypeEnum (BIN data).
enum class FundingType : uint8_t { kCredit, kDebit, kPrepaid, kCharge, kDeferredDebit, kUnknown };
inline constexpr int kFundingTypeCount = 6;

// Primer's RecurringTransactionTypeEnum (the payment's `paymentMethod.paymentType`).
enum class PaymentType : uint8_t { kEcommerce, kFirstPayment, kSubscription, kUnscheduled };
inline constexpr int kPaymentTypeCount = 4;

std::string_view toString(CardNetwork v);
std::string_view toString(FundingType v);
std::string_view toString(PaymentType v);
std::optional<CardNetwork> cardNetworkFrom(std::string_view s);
std::optional<FundingType> fundingTypeFrom(std::string_view s);
std::optional<PaymentType> paymentTypeFrom(std::string_view s);

struct MetadataEntry {
  std::string_view key;
  std::string_view value;  // integers as their decimal text ("42"), as Primer echoes them
};

struct PaymentFacts {
  int64_t amount = 0;  // minor units of `currency`
  std::optional<Currency> currency;
  std::optional<CountryCode> orderCountry;    // order.countryCode
  std::optional<CountryCode> billingCountry;  // customer.billingAddress.countryCode
  // BIN data of the card, when known.
  std::optional<CardNetwork> binNetwork;
  std::optional<CountryCode> binIssuerCountry;
  std::optional<FundingType> binFundingType;
  std::string_view customerId;           // "" when absent
  std::string_view customerEmailDomain;  // the part after '@'; "" when absent
  std::optional<PaymentType> paymentType;
  std::span<const MetadataEntry> metadata;  // top-level keys only; first match wins
  // The payment's status when the trigger is a status update; nullopt on creation.
  std::optional<domain::PaymentStatus> status;
  // Hashed to pick a split route (see split_bucket.h). Use the payment id: stable across retries
  // and re-evaluations, so the same payment always lands on the same route.
  std::string_view splitKey;
};

// The domain of an e-mail address ("ann@Example.com" -> "Example.com"), or "" when it has none.
// Comparisons on the domain ignore ASCII case, so it need not be lowered here.
std::string_view emailDomain(std::string_view email);

}  // namespace sy::workflows
