// The connector conformance kit (test-only; nothing here is compiled into sy_connectors): what a
// connector tells the kit about itself and its emulator, in one traits struct. The kit
// (conformance_suite.h) runs the same cases against every connector over real loopback HTTP; a
// processor-specific test reuses the same traits through LoopbackConnectorFixture.
//
// Adding a connector to the kit = one struct satisfying ConnectorKit below (see
// src/connectors/test_processor/test_processor_kit.h for a complete one) and one line in
// src/connectors/<name>/conformance_test.cc:
//
//   INSTANTIATE_TYPED_TEST_SUITE_P(MyProcessor, ConnectorConformance, MyProcessorKit);
#pragma once

#include <boost/json/object.hpp>
#include <cctype>
#include <concepts>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "connectors/connector.h"
#include "domain/payment.h"
#include "domain/status_reason.h"

namespace sy::connectors::testing {

// One payment as the emulator's books hold it, amounts in the processor's minor units.
struct LedgerPayment {
  std::string id;        // the processor's payment id (CallResult::processorTransactionId)
  std::string currency;  // ISO 4217, upper case
  int64_t amount = 0;    // the amount authorized (requested, for a declined one)
  int64_t captured = 0;
  int64_t refunded = 0;
  bool cancelled = false;
};

// What the PROCESSOR saw, read from the emulator's debug ledger: the kit's ground truth.
struct Ledger {
  int64_t charges = 0;                  // approved authorizations
  int64_t declines = 0;                 // declined authorizations
  int64_t captures = 0;                 // capture calls processed
  int64_t cancels = 0;                  // voids processed
  int64_t refunds = 0;                  // refund calls processed
  std::vector<LedgerPayment> payments;  // oldest first

  const LedgerPayment* find(std::string_view id) const {
    for (const auto& p : payments)
      if (p.id == id) return &p;
    return nullptr;
  }
};

// The names an emulator's debug ledger uses, for readLedgerJson(): counters at the top level, one
// row per payment in the `payments` array.
struct LedgerFields {
  std::string_view charges, declines, captures, cancels, refunds;
  std::string_view payments;
  std::string_view id, currency, amount, captured, refunded;
  // Whether a row's payment is voided, e.g. its status is "voided".
  bool (*cancelled)(const boost::json::object& row);
};

// A ledger JSON read through `fields`. A missing counter reads -1 and a missing row field 0/"",
// so a wrong name fails the kit's comparisons instead of passing unseen. Currencies are
// upper-cased.
inline Ledger readLedgerJson(const boost::json::object& books, const LedgerFields& fields) {
  auto integer = [](const boost::json::object& o, std::string_view name, int64_t missing) {
    const auto* v = o.if_contains(name);
    return v && v->is_int64() ? v->get_int64() : missing;
  };
  auto text = [](const boost::json::object& o, std::string_view name) {
    const auto* v = o.if_contains(name);
    return v && v->is_string() ? std::string(v->get_string()) : std::string();
  };
  Ledger l;
  l.charges = integer(books, fields.charges, -1);
  l.declines = integer(books, fields.declines, -1);
  l.captures = integer(books, fields.captures, -1);
  l.cancels = integer(books, fields.cancels, -1);
  l.refunds = integer(books, fields.refunds, -1);
  const auto* rows = books.if_contains(fields.payments);
  if (!rows || !rows->is_array()) return l;
  for (const auto& value : rows->get_array()) {
    if (!value.is_object()) continue;
    const auto& row = value.get_object();
    LedgerPayment p;
    p.id = text(row, fields.id);
    p.currency = text(row, fields.currency);
    for (char& c : p.currency) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    p.amount = integer(row, fields.amount, 0);
    p.captured = integer(row, fields.captured, 0);
    p.refunded = integer(row, fields.refunded, 0);
    p.cancelled = fields.cancelled(row);
    l.payments.push_back(std::move(p));
  }
  return l;
}

// One decline class and how to make the emulator produce it with the processor's documented
// test data. Fields left empty keep the kit's approving authorization (Kit::kApprovedCard,
// holder "Ada Lovelace", 10.00).
struct DeclineCase {
  domain::DeclineCode expected;  // what the connector's raw-code table must map it to
  std::string_view rawCode;      // the processor's code, kept in StatusReason::processorCode
  std::string_view cardNumber = {};
  std::string_view holderName = {};
  int64_t amount = 0;
};

// How the connector's inquire() learns a call's outcome.
enum class InquiryStyle {
  kLookup,  // it asks the processor (by key or reference): a call never received is kNotFound
  kReplay,  // it re-sends InquiryRequest::original under the same key (connectors/call_replay.h):
            // a call never received is performed then, once
};

// The traits struct. Every member is required; the concept names the one missing.
template <class K>
concept ConnectorKit = requires(const boost::json::object& books) {
  // Types: the connector under test and its emulator (constructed as Emulator(ioc, options)).
  typename K::Connector;
  typename K::Emulator;
  // Names the instantiation in test output, e.g. "Stripe".
  { K::kName } -> std::convertible_to<std::string_view>;
  // The emulator's options: e.g. the one API key it accepts.
  { K::emulatorOptions() } -> std::same_as<typename K::Emulator::Options>;
  // ConnectionConfig::credentialsJson the emulator accepts.
  { K::credentialsJson() } -> std::convertible_to<std::string>;
  // Every string of the credentials that must never reach a log line (keys, secrets).
  { K::secrets() } -> std::convertible_to<std::vector<std::string>>;
  // The emulator's debug endpoints (never faulted) and the headers they need.
  { K::kLedgerPath } -> std::convertible_to<std::string_view>;
  { K::kControlPath } -> std::convertible_to<std::string_view>;
  { K::debugHeaders() } -> std::convertible_to<std::vector<std::pair<std::string, std::string>>>;
  // The emulator's ledger JSON in the kit's terms (usually readLedgerJson with its field names).
  { K::readLedger(books) } -> std::same_as<Ledger>;
  // A documented test card the emulator approves, and a CVV it accepts.
  { K::kApprovedCard } -> std::convertible_to<std::string_view>;
  { K::kCvv } -> std::convertible_to<std::string_view>;
  // Every decline class the connector's raw-code table maps that the emulator can produce.
  { K::declines() } -> std::convertible_to<std::vector<DeclineCase>>;
  // The raw code of the emulator's `declineAll` fault (a do-not-honor class).
  { K::kDeclineAllCode } -> std::convertible_to<std::string_view>;
  // The sale's status after authorize with capture (SETTLED, or SETTLING when the processor
  // confirms captures later).
  { K::kSaleStatus } -> std::convertible_to<domain::PaymentStatus>;
  { K::kInquiry } -> std::convertible_to<InquiryStyle>;
};

}  // namespace sy::connectors::testing
