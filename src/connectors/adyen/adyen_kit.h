// The conformance kit's traits for Adyen (see connectors/testing/kit_traits.h): its emulator,
// credentials, ledger, Adyen's documented refusal testing by holder name and expected behaviour.
#pragma once

#include <boost/json/object.hpp>
#include <string>
#include <vector>

#include "connectors/adyen/adyen_connector.h"
#include "connectors/testing/kit_traits.h"
#include "sandbox/adyen/emulator.h"

namespace sy::connectors::testing {

struct AdyenKit {
  using Connector = adyen::AdyenConnector;
  using Emulator = sandbox::adyen::AdyenEmulator;
  static constexpr std::string_view kName = "Adyen";
  static constexpr std::string_view kApiKey = "AQEyhmfxLI3MaBFLw0m_adyen_e2e_secret";
  static constexpr std::string_view kMerchantAccount = "SwitchyardECOM";

  static Emulator::Options emulatorOptions() {
    Emulator::Options o;
    o.requiredApiKey = std::string(kApiKey);
    o.requiredMerchantAccount = std::string(kMerchantAccount);
    return o;
  }
  static std::string credentialsJson() {
    return R"({"apiKey":")" + std::string(kApiKey) + R"(","merchantAccount":")" +
           std::string(kMerchantAccount) + R"("})";
  }
  static std::vector<std::string> secrets() { return {std::string(kApiKey)}; }

  static constexpr std::string_view kLedgerPath = "/_ledger";
  static constexpr std::string_view kControlPath = "/_control";
  static std::vector<std::pair<std::string, std::string>> debugHeaders() { return {}; }
  static Ledger readLedger(const boost::json::object& books) {
    return readLedgerJson(books, {.charges = "chargeCount",
                                  .declines = "declineCount",
                                  .captures = "captureCount",
                                  .cancels = "cancelCount",
                                  .refunds = "refundCount",
                                  .payments = "payments",
                                  .id = "pspReference",
                                  .currency = "currency",
                                  .amount = "amount",
                                  .captured = "captured",
                                  .refunded = "refunded",
                                  .cancelled = [](const boost::json::object& row) {
                                    return row.at("cancelled") == true;
                                  }});
  }

  static constexpr std::string_view kApprovedCard = "4111111111111111";
  static constexpr std::string_view kCvv = "737";
  static std::vector<DeclineCase> declines() {
    using domain::DeclineCode;
    auto holder = [](DeclineCode code, std::string_view raw, std::string_view name) {
      return DeclineCase{.expected = code, .rawCode = raw, .holderName = name};
    };
    return {
        holder(DeclineCode::kDeclined, "2", "REFUSED"),
        holder(DeclineCode::kReferToCardIssuer, "3", "REFERRAL"),
        holder(DeclineCode::kLostOrStolenCard, "5", "BLOCK_CARD"),
        holder(DeclineCode::kExpiredCard, "6", "CARD_EXPIRED"),
        holder(DeclineCode::kInvalidCardNumber, "8", "INVALID_CARD"),
        holder(DeclineCode::kIssuerTemporarilyUnavailable, "9", "ISSUER_UNAVAILABLE"),
        holder(DeclineCode::kAuthenticationRequired, "11", "NOT_3D_AUTHENTICATED"),
        holder(DeclineCode::kInsufficientFunds, "12", "NOT_ENOUGH_BALANCE"),
        holder(DeclineCode::kSuspectedFraud, "14", "ACQUIRER_FRAUD"),
        holder(DeclineCode::kSuspectedFraud, "20", "FRAUD"),
        holder(DeclineCode::kDeclined, "24", "CVC_DECLINED"),
        holder(DeclineCode::kDoNotHonor, "27", "DECLINED_NON_GENERIC"),
        holder(DeclineCode::kWithdrawalLimitExceeded, "28", "WITHDRAWAL_AMOUNT_EXCEEDED"),
        holder(DeclineCode::kWithdrawalLimitExceeded, "29", "WITHDRAWAL_COUNT_EXCEEDED"),
        holder(DeclineCode::kSuspectedFraud, "31", "ISSUER_SUSPECTED_FRAUD"),
        holder(DeclineCode::kAuthenticationRequired, "38", "AUTHENTICATION_REQUIRED"),
    };
  }
  static constexpr std::string_view kDeclineAllCode = "27";
  // Adyen confirms the automatic capture only by webhook.
  static constexpr domain::PaymentStatus kSaleStatus = domain::PaymentStatus::kSettling;
  static constexpr InquiryStyle kInquiry = InquiryStyle::kReplay;
};

}  // namespace sy::connectors::testing
