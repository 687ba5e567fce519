// The conformance kit's traits for Stripe (see connectors/testing/kit_traits.h): its emulator,
// credentials, ledger, Stripe's documented test cards and expected behaviour.
#pragma once

#include <boost/json/object.hpp>
#include <string>
#include <vector>

#include "connectors/stripe/stripe_connector.h"
#include "connectors/testing/kit_traits.h"
#include "sandbox/stripe/emulator.h"

namespace sy::connectors::testing {

struct StripeKit {
  using Connector = stripe::StripeConnector;
  using Emulator = sandbox::stripe::StripeEmulator;
  static constexpr std::string_view kName = "Stripe";
  static constexpr std::string_view kSecretKey = "sk_test_51E2eSecretKeyZq81nVx0donotlog";

  static Emulator::Options emulatorOptions() { return {}; }
  static std::string credentialsJson() {
    return R"({"secretKey":")" + std::string(kSecretKey) + R"("})";
  }
  static std::vector<std::string> secrets() { return {std::string(kSecretKey)}; }

  static constexpr std::string_view kLedgerPath = "/v1/_ledger";
  static constexpr std::string_view kControlPath = "/v1/_control";
  static std::vector<std::pair<std::string, std::string>> debugHeaders() {
    return {{"Authorization", "Bearer " + std::string(kSecretKey)}};
  }
  static Ledger readLedger(const boost::json::object& books) {
    return readLedgerJson(books, {.charges = "chargeCount",
                                  .declines = "declineCount",
                                  .captures = "captureCount",
                                  .cancels = "cancelCount",
                                  .refunds = "refundCount",
                                  .payments = "payment_intents",
                                  .id = "id",
                                  .currency = "currency",
                                  .amount = "amount",
                                  .captured = "captured",
                                  .refunded = "refunded",
                                  .cancelled = [](const boost::json::object& row) {
                                    return row.at("status") == "canceled";
                                  }});
  }

  static constexpr std::string_view kApprovedCard = "4242424242424242";
  static constexpr std::string_view kCvv = "123";
  static std::vector<DeclineCase> declines() {
    using domain::DeclineCode;
    return {
        {.expected = DeclineCode::kDeclined,
         .rawCode = "generic_decline",
         .cardNumber = "4000000000000002"},
        {.expected = DeclineCode::kInsufficientFunds,
         .rawCode = "insufficient_funds",
         .cardNumber = "4000000000009995"},
        {.expected = DeclineCode::kLostOrStolenCard,
         .rawCode = "lost_card",
         .cardNumber = "4000000000009987"},
        {.expected = DeclineCode::kLostOrStolenCard,
         .rawCode = "stolen_card",
         .cardNumber = "4000000000009979"},
        {.expected = DeclineCode::kExpiredCard,
         .rawCode = "expired_card",
         .cardNumber = "4000000000000069"},
        {.expected = DeclineCode::kInvalidCardNumber,
         .rawCode = "incorrect_number",
         .cardNumber = "4242424242424241"},
        {.expected = DeclineCode::kWithdrawalLimitExceeded,
         .rawCode = "card_velocity_exceeded",
         .cardNumber = "4000000000006975"},
        {.expected = DeclineCode::kSuspectedFraud,
         .rawCode = "fraudulent",
         .cardNumber = "4100000000000019"},
        {.expected = DeclineCode::kAuthenticationRequired,
         .rawCode = "authentication_required",
         .cardNumber = "4000002760003184"},
        {.expected = DeclineCode::kDeclined,
         .rawCode = "incorrect_cvc",
         .cardNumber = "4000000000000127"},
        // Emulator-only cards for codes Stripe documents without a test card.
        {.expected = DeclineCode::kDoNotHonor,
         .rawCode = "do_not_honor",
         .cardNumber = "4000000000000515"},
        {.expected = DeclineCode::kIssuerTemporarilyUnavailable,
         .rawCode = "issuer_not_available",
         .cardNumber = "4000000000000523"},
        {.expected = DeclineCode::kReferToCardIssuer,
         .rawCode = "call_issuer",
         .cardNumber = "4000000000000531"},
    };
  }
  static constexpr std::string_view kDeclineAllCode = "do_not_honor";
  static constexpr domain::PaymentStatus kSaleStatus = domain::PaymentStatus::kSettled;
  static constexpr InquiryStyle kInquiry = InquiryStyle::kLookup;
};

}  // namespace sy::connectors::testing
