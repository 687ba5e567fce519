// Builds the PaymentFacts a workflow evaluates from a payment as the engine and the store hold it
// (its stored request objects are JSON text, already validated against the spec). Used at payment
// creation, on status updates and by simulation over past payments, so all three see the same
// facts.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "domain/payment.h"
#include "workflows/payment_facts.h"

namespace sy::workflows {

// A card's BIN data where known. The network comes from the card itself; the issuer country and
// funding type from the BIN table (domain/bin_table.h; a BIN outside it: conditions on them see
// an empty value).
struct BinData {
  std::optional<CardNetwork> network;
  std::optional<CountryCode> issuerCountry;
  std::optional<FundingType> fundingType;
};

// The BIN data of the payment's card: its network, and what the BIN table knows of its first 6.
BinData binDataOf(const domain::Payment& p);

// Owns the text the facts point to. Not copyable or movable: facts() points into it.
class PaymentFactsHolder {
 public:
  // `status`: the payment's status for a PAYMENT_STATUS_UPDATED evaluation; nullopt on creation.
  PaymentFactsHolder(const domain::Payment& p, const BinData& bin,
                     std::optional<domain::PaymentStatus> status = std::nullopt);
  PaymentFactsHolder(const PaymentFactsHolder&) = delete;
  PaymentFactsHolder& operator=(const PaymentFactsHolder&) = delete;

  const PaymentFacts& facts() const { return facts_; }

 private:
  std::string customerId_, customerEmail_, splitKey_;
  std::vector<std::string> metadataText_;  // key, value, key, value...
  std::vector<MetadataEntry> metadata_;
  PaymentFacts facts_;
};

}  // namespace sy::workflows
