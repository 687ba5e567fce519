#include "domain/bin_table.h"

#include <charconv>
#include <cstdlib>
#include <cstdio>
#include <vector>

namespace sy::domain {
namespace {

// One range per line: low,high,network,issuer country,funding type,product usage,issuer name
// - low/high: the first six digits, inclusive (a single BIN has low == high);
// - network: Primer CardNetworkEnum; country: ISO 3166-1 alpha-2; funding: Primer
//   AccountFundingTypeEnum; usage: Primer CardProductTypeEnum; empty fields are unknown.
// Where several ranges hold a BIN the narrowest wins, so a test card's own BIN overrides its
// network's broad range.
// Sources: Stripe's test card list (stripe.com/docs/testing: country and funding per card),
// Adyen's test card numbers (docs.adyen.com/development-resources/testing/test-card-numbers),
// Checkout.com's test cards (checkout.com/docs/testing/test-cards), and the sandbox emulators'
// magic cards (docs/test-processor.md). The broad network ranges are the IIN ranges of ISO/IEC
// 7812 as the networks publish them (network only).
constexpr std::string_view kBinRanges = R"csv(
400000,499999,VISA,,,,
510000,559999,MASTERCARD,,,,
222100,272099,MASTERCARD,,,,
340000,349999,AMEX,,,,
370000,379999,AMEX,,,,
601100,601199,DISCOVER,,,,
644000,659999,DISCOVER,,,,
300000,305999,DINERS_CLUB,,,,
360000,369999,DINERS_CLUB,,,,
352800,358999,JCB,,,,
620000,629999,UNIONPAY,,,,
411111,411111,VISA,US,CREDIT,CONSUMER,Test Issuer Bank
424242,424242,VISA,US,CREDIT,CONSUMER,Stripe Test Bank
400000,400000,VISA,US,CREDIT,CONSUMER,Stripe Test Bank
400005,400005,VISA,US,DEBIT,CONSUMER,Stripe Test Bank
400002,400002,VISA,DE,CREDIT,CONSUMER,Stripe Test Bank DE
410000,410000,VISA,US,PREPAID,CONSUMER,Stripe Test Bank
555555,555555,MASTERCARD,US,CREDIT,CONSUMER,Stripe Test Bank
520082,520082,MASTERCARD,US,DEBIT,CONSUMER,Stripe Test Bank
510510,510510,MASTERCARD,US,PREPAID,CONSUMER,Stripe Test Bank
543603,543603,MASTERCARD,NL,CREDIT,CONSUMER,Checkout.com Test Bank
222300,222300,MASTERCARD,NL,CREDIT,CONSUMER,Adyen Test Bank
378282,378282,AMEX,US,CREDIT,CONSUMER,American Express Test
371449,371449,AMEX,US,CREDIT,CONSUMER,American Express Test
601111,601111,DISCOVER,US,CREDIT,CONSUMER,Discover Test
356600,356600,JCB,JP,CREDIT,CONSUMER,JCB Test
362272,362272,DINERS_CLUB,US,CREDIT,CONSUMER,Diners Club Test
620000,620000,UNIONPAY,CN,DEBIT,CONSUMER,UnionPay Test
)csv";

struct Range {
  int low = 0;
  int high = 0;
  BinInfo info;
};

std::vector<std::string_view> splitFields(std::string_view line) {
  std::vector<std::string_view> out;
  size_t start = 0;
  while (true) {
    size_t comma = line.find(',', start);
    out.push_back(line.substr(start, comma == std::string_view::npos ? line.npos : comma - start));
    if (comma == std::string_view::npos) return out;
    start = comma + 1;
  }
}

int sixDigits(std::string_view s) {
  int v = -1;
  if (s.size() != 6) return -1;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  return ec == std::errc() && p == s.data() + s.size() ? v : -1;
}

std::vector<Range> parse() {
  std::vector<Range> out;
  size_t start = 0;
  int lineNo = 0;
  while (start < kBinRanges.size()) {
    size_t end = kBinRanges.find('\n', start);
    if (end == std::string_view::npos) end = kBinRanges.size();
    std::string_view line = kBinRanges.substr(start, end - start);
    start = end + 1;
    ++lineNo;
    if (line.empty()) continue;
    auto f = splitFields(line);
    Range r;
    if (f.size() == 7) {
      r.low = sixDigits(f[0]);
      r.high = sixDigits(f[1]);
    }
    if (f.size() != 7 || r.low < 0 || r.high < r.low || f[2].empty()) {
      std::fprintf(stderr, "bin_table.cc: malformed BIN range on line %d\n", lineNo);
      std::abort();  // the committed table is part of the program
    }
    r.info = BinInfo{std::string(f[2]), std::string(f[3]), std::string(f[4]), std::string(f[5]),
                     std::string(f[6])};
    out.push_back(std::move(r));
  }
  return out;
}

const std::vector<Range>& ranges() {
  static const std::vector<Range> kRanges = parse();
  return kRanges;
}

}  // namespace

std::optional<BinInfo> lookupBin(std::string_view first6) {
  const int bin = sixDigits(first6);
  if (bin < 0) return std::nullopt;
  const Range* best = nullptr;
  for (const Range& r : ranges()) {
    if (bin < r.low || bin > r.high) continue;
    if (best == nullptr || r.high - r.low < best->high - best->low) best = &r;
  }
  if (best == nullptr) return std::nullopt;
  return best->info;
}

size_t loadBinTable() {
  return ranges().size();
}

}  // namespace sy::domain
