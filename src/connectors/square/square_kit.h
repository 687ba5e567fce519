// The conformance kit's traits for Square (see connectors/testing/kit_traits.h): its
// emulator, credentials, ledger, test cards and expected behaviour. The kit runs every case of
// connectors/testing/conformance_suite.h with them (conformance_test.cc); processor-specific
// tests reuse them through LoopbackConnectorFixture<SquareKit>.
#pragma once

#include <boost/json/object.hpp>
#include <string>
#include <vector>

#include "connectors/square/square_connector.h"
#include "connectors/testing/kit_traits.h"
#include "sandbox/square/emulator.h"

namespace sy::connectors::testing {

struct SquareKit {
  using Connector = square::SquareConnector;
  using Emulator = sandbox::square::SquareEmulator;
  static constexpr std::string_view kName = "Square";
  static constexpr std::string_view kAccessToken = "EAAAsq_test_kit_Zq81nVx0secret";

  static Emulator::Options emulatorOptions() {
    Emulator::Options o;
    o.requiredAccessToken = std::string(kAccessToken);
    return o;
  }
  static std::string credentialsJson() { return R"({"accessToken":")" + std::string(kAccessToken) + R"("})"; }
  static std::vector<std::string> secrets() { return {std::string(kAccessToken)}; }

  static constexpr std::string_view kLedgerPath = "/_ledger";
  static constexpr std::string_view kControlPath = "/_control";
  static std::vector<std::pair<std::string, std::string>> debugHeaders() { return {}; }
  static Ledger readLedger(const boost::json::object& books) {
    return readLedgerJson(books, {.charges = "charges",
                                  .declines = "declines",
                                  .captures = "captures",
                                  .cancels = "voids",
                                  .refunds = "refunds",
                                  .payments = "payments",
                                  .id = "id",
                                  .currency = "currency",
                                  .amount = "amount",
                                  .captured = "captured",
                                  .refunded = "refunded",
                                  .cancelled = [](const boost::json::object& row) {
                                    return row.at("status") == "CANCELED";
                                  }});
  }

  // The emulator's test cards (sandbox/square/api.cc): card numbers sent as source_id, an
  // emulator convention (Square's sandbox itself takes nonces; docs/connectors/square.md).
  static constexpr std::string_view kApprovedCard = "4111111111111111";
  static constexpr std::string_view kCvv = "123";
  static std::vector<DeclineCase> declines() {
    using domain::DeclineCode;
    return {
        {.expected = DeclineCode::kDoNotHonor,
         .rawCode = "GENERIC_DECLINE",
         .cardNumber = "4000000000000002"},
        {.expected = DeclineCode::kInsufficientFunds,
         .rawCode = "INSUFFICIENT_FUNDS",
         .cardNumber = "4000000000009995"},
        {.expected = DeclineCode::kExpiredCard,
         .rawCode = "CARD_EXPIRED",
         .cardNumber = "4000000000000069"},
        {.expected = DeclineCode::kInvalidCardNumber,
         .rawCode = "INVALID_CARD",
         .cardNumber = "4111111111111112"},
        {.expected = DeclineCode::kDeclined,
         .rawCode = "CVV_FAILURE",
         .cardNumber = "4000000000000127"},
        {.expected = DeclineCode::kDeclined,
         .rawCode = "ADDRESS_VERIFICATION_FAILURE",
         .cardNumber = "4000000000000010"},
        {.expected = DeclineCode::kDeclined,
         .rawCode = "CARD_DECLINED",
         .cardNumber = "4000000000000119"},
    };
  }
  static constexpr std::string_view kDeclineAllCode = "GENERIC_DECLINE";
  static constexpr domain::PaymentStatus kSaleStatus = domain::PaymentStatus::kSettled;
  static constexpr InquiryStyle kInquiry = InquiryStyle::kReplay;
};

}  // namespace sy::connectors::testing
