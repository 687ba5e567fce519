// The conformance kit's traits for Checkout.com (see connectors/testing/kit_traits.h): its
// emulator, credentials, ledger, the emulator's amount-triggered response codes and expected
// behaviour.
#pragma once

#include <boost/json/object.hpp>
#include <string>
#include <vector>

#include "connectors/checkoutcom/checkoutcom_connector.h"
#include "connectors/testing/kit_traits.h"
#include "sandbox/checkoutcom/emulator.h"

namespace sy::connectors::testing {

struct CheckoutComKit {
  using Connector = checkoutcom::CheckoutComConnector;
  using Emulator = sandbox::checkoutcom::CheckoutComEmulator;
  static constexpr std::string_view kName = "CheckoutCom";
  static constexpr std::string_view kSecretKey = "sk_sbox_e2eZq81nVx0secretkey42";

  static Emulator::Options emulatorOptions() { return {}; }
  static std::string credentialsJson() {
    return R"({"secretKey":")" + std::string(kSecretKey) +
           R"(","processingChannelId":"pc_q4dbxom5jbgudnjzjpz7j2z6uq"})";
  }
  static std::vector<std::string> secrets() { return {std::string(kSecretKey)}; }

  static constexpr std::string_view kLedgerPath = "/_ledger";
  static constexpr std::string_view kControlPath = "/_control";
  static std::vector<std::pair<std::string, std::string>> debugHeaders() {
    return {{"Authorization", "Bearer " + std::string(kSecretKey)}};
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
                                    return row.at("status") == "Voided";
                                  }});
  }

  static constexpr std::string_view kApprovedCard = "4242424242424242";
  static constexpr std::string_view kCvv = "100";
  static std::vector<DeclineCase> declines() {
    using domain::DeclineCode;
    // The amount's last five digits select the response code (docs/connectors/checkoutcom.md).
    auto byAmount = [](DeclineCode code, std::string_view raw, int64_t amount) {
      return DeclineCase{.expected = code, .rawCode = raw, .amount = amount};
    };
    return {
        byAmount(DeclineCode::kDoNotHonor, "20005", 20005),
        byAmount(DeclineCode::kInsufficientFunds, "20051", 20051),
        byAmount(DeclineCode::kExpiredCard, "20054", 20054),
        byAmount(DeclineCode::kInvalidCardNumber, "20014", 20014),
        byAmount(DeclineCode::kLostOrStolenCard, "20041", 20041),
        byAmount(DeclineCode::kLostOrStolenCard, "30043", 30043),
        byAmount(DeclineCode::kSuspectedFraud, "20059", 20059),
        byAmount(DeclineCode::kWithdrawalLimitExceeded, "20061", 20061),
        byAmount(DeclineCode::kIssuerTemporarilyUnavailable, "20091", 20091),
        byAmount(DeclineCode::kAuthenticationRequired, "20154", 20154),
        byAmount(DeclineCode::kReferToCardIssuer, "20001", 20001),
        byAmount(DeclineCode::kDeclined, "20062", 120062),
    };
  }
  static constexpr std::string_view kDeclineAllCode = "20005";
  // Checkout.com's 201 for capture=true still says Authorized: the capture is confirmed later.
  static constexpr domain::PaymentStatus kSaleStatus = domain::PaymentStatus::kSettling;
  static constexpr InquiryStyle kInquiry = InquiryStyle::kReplay;
};

}  // namespace sy::connectors::testing
