// BIN (issuer identification number) data: what the first digits of a card number say about it
// beyond its network — issuer country, funding type (credit, debit, prepaid...), product usage and
// issuer name where known. Used for a payment's paymentMethodData.binData and for workflows' BIN
// conditions (binIssuerCountry, binFundingType).
//
// The table is small and committed (bin_table.cc, "kBinRanges"): the sandbox emulators' magic
// cards and the processors' public test ranges (sources named there), not a commercial BIN
// database; a card outside it gets its network only (from its IIN) and UNKNOWN for the rest.
// Parsed once, on first use (the server does so at start). Thread-safe.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace sy::domain {

struct BinInfo {
  std::string network;         // Primer CardNetworkEnum, e.g. "VISA"
  std::string issuerCountry;   // ISO 3166-1 alpha-2, e.g. "US"; empty when unknown
  std::string fundingType;     // Primer AccountFundingTypeEnum: CREDIT, DEBIT, PREPAID...
  std::string productUsage;    // Primer CardProductTypeEnum: CONSUMER, BUSINESS...
  std::string issuerName;      // empty when unknown
};

// The most specific range holding `first6` (six digits); nullopt when none does.
std::optional<BinInfo> lookupBin(std::string_view first6);

// Parses the table (a check run at start: a malformed committed table is a build defect) and
// returns the number of ranges.
size_t loadBinTable();

}  // namespace sy::domain
