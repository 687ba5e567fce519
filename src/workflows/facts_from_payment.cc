#include "workflows/facts_from_payment.h"

#include <boost/json.hpp>

#include "domain/bin_table.h"

namespace sy::workflows {
namespace {

// The parsed object of a stored JSON member, or null when absent or not an object.
std::optional<boost::json::object> objectOf(const std::string& json) {
  if (json.empty()) return std::nullopt;
  boost::system::error_code ec;
  boost::json::value v = boost::json::parse(json, ec);
  if (ec || !v.is_object()) return std::nullopt;
  return std::move(v.as_object());
}

std::optional<CountryCode> countryAt(const boost::json::object* o, std::string_view key) {
  if (o == nullptr) return std::nullopt;
  const boost::json::value* v = o->if_contains(key);
  if (v == nullptr || !v->is_string()) return std::nullopt;
  return CountryCode::parse(v->as_string());
}

}  // namespace

BinData binDataOf(const domain::Payment& p) {
  BinData bin;
  if (!p.card) return bin;
  bin.network = cardNetworkFrom(p.card->network);
  if (auto known = domain::lookupBin(p.card->first6)) {
    if (!known->issuerCountry.empty()) bin.issuerCountry = CountryCode::parse(known->issuerCountry);
    if (!known->fundingType.empty()) bin.fundingType = fundingTypeFrom(known->fundingType);
  }
  return bin;
}

PaymentFactsHolder::PaymentFactsHolder(const domain::Payment& p, const BinData& bin,
                                       std::optional<domain::PaymentStatus> status)
    : customerId_(p.customerId), customerEmail_(p.customerEmail), splitKey_(p.id) {
  facts_.amount = p.amount;
  facts_.currency = findCurrency(p.currencyCode);
  facts_.binNetwork = bin.network;
  facts_.binIssuerCountry = bin.issuerCountry;
  facts_.binFundingType = bin.fundingType;
  facts_.customerId = customerId_;
  facts_.customerEmailDomain = emailDomain(customerEmail_);
  facts_.status = status;
  facts_.splitKey = splitKey_;

  if (auto order = objectOf(p.orderJson)) facts_.orderCountry = countryAt(&*order, "countryCode");
  if (auto customer = objectOf(p.customerJson)) {
    const boost::json::value* billing = customer->if_contains("billingAddress");
    if (billing != nullptr && billing->is_object())
      facts_.billingCountry = countryAt(&billing->as_object(), "countryCode");
  }
  if (auto method = objectOf(p.paymentMethodJson)) {
    const boost::json::value* type = method->if_contains("paymentType");
    if (type != nullptr && type->is_string()) facts_.paymentType = paymentTypeFrom(type->as_string());
  }
  if (auto metadata = objectOf(p.metadataJson)) {
    // Values are strings or integers (the codec refuses anything else); integers as their
    // decimal text, as Primer echoes them. Texts first, views after: the vector must not grow
    // under the views.
    metadataText_.reserve(metadata->size() * 2);
    for (const auto& [key, value] : *metadata) {
      if (value.is_string()) {
        metadataText_.emplace_back(key);
        metadataText_.emplace_back(value.as_string());
      } else if (value.is_int64() || value.is_uint64()) {
        metadataText_.emplace_back(key);
        metadataText_.emplace_back(boost::json::serialize(value));
      }
    }
    metadata_.reserve(metadataText_.size() / 2);
    for (size_t i = 0; i + 1 < metadataText_.size(); i += 2)
      metadata_.push_back({metadataText_[i], metadataText_[i + 1]});
    facts_.metadata = metadata_;
  }
}

}  // namespace sy::workflows
