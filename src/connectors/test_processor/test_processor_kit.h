// The conformance kit's traits for the test processor (see connectors/testing/kit_traits.h): its
// emulator, credentials, ledger, magic cards (docs/test-processor.md) and expected behaviour.
#pragma once

#include <boost/json/object.hpp>
#include <chrono>
#include <string>
#include <vector>

#include "connectors/test_processor/test_processor_connector.h"
#include "connectors/testing/kit_traits.h"
#include "sandbox/test_processor/emulator.h"

namespace sy::connectors::testing {

struct TestProcessorKit {
  using Connector = test_processor::TestProcessorConnector;
  using Emulator = sandbox::test_processor::TestProcessorEmulator;
  static constexpr std::string_view kName = "TestProcessor";
  static constexpr std::string_view kApiKey = "tp_sk_e2e_Zq81nVx0secret";

  static Emulator::Options emulatorOptions() {
    Emulator::Options o;
    o.slowResponse = std::chrono::seconds(1);  // the slow magic card's hold
    return o;
  }
  static std::string credentialsJson() { return R"({"apiKey":")" + std::string(kApiKey) + R"("})"; }
  static std::vector<std::string> secrets() { return {std::string(kApiKey)}; }

  static constexpr std::string_view kLedgerPath = "/v1/ledger";
  static constexpr std::string_view kControlPath = "/v1/_control";
  static std::vector<std::pair<std::string, std::string>> debugHeaders() {
    return {{"Authorization", "Bearer " + std::string(kApiKey)}};
  }
  static Ledger readLedger(const boost::json::object& books) {
    return readLedgerJson(books, {.charges = "charge_count",
                                  .declines = "decline_count",
                                  .captures = "capture_count",
                                  .cancels = "void_count",
                                  .refunds = "refund_count",
                                  .payments = "payments",
                                  .id = "id",
                                  .currency = "currency",
                                  .amount = "authorized",
                                  .captured = "captured",
                                  .refunded = "refunded",
                                  .cancelled = [](const boost::json::object& row) {
                                    return row.at("status") == "voided";
                                  }});
  }

  static constexpr std::string_view kApprovedCard = "4111111111111111";
  static constexpr std::string_view kCvv = "123";
  static std::vector<DeclineCase> declines() {
    using domain::DeclineCode;
    return {
        {.expected = DeclineCode::kDoNotHonor,
         .rawCode = "do_not_honor",
         .cardNumber = "4000000000000002"},
        {.expected = DeclineCode::kInsufficientFunds,
         .rawCode = "insufficient_funds",
         .cardNumber = "4000000000009995"},
        {.expected = DeclineCode::kExpiredCard,
         .rawCode = "expired_card",
         .cardNumber = "4000000000000069"},
        {.expected = DeclineCode::kInvalidCardNumber,
         .rawCode = "invalid_number",
         .cardNumber = "4111111111111112"},
    };
  }
  static constexpr std::string_view kDeclineAllCode = "do_not_honor";
  static constexpr domain::PaymentStatus kSaleStatus = domain::PaymentStatus::kSettled;
  static constexpr InquiryStyle kInquiry = InquiryStyle::kLookup;
};

}  // namespace sy::connectors::testing
