// The test processor's wire format, emulator side: request bodies parsed and validated the way the
// processor does it (unknown fields refused, errors naming the offending param), and the JSON of
// the objects it returns. docs/test-processor.md is the human-readable version of this file.
// Pure functions; thread-safe.
#pragma once

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "common/status.h"
#include "sandbox/test_processor/ledger.h"

namespace sy::sandbox::test_processor {

inline constexpr int64_t kMaxAmount = 999'999'999'999;  // 12 digits of minor units

// The card as received. The emulator is the processor: it may see the number, but it only ever
// stores or echoes the brand and last four digits.
struct CardInput {
  std::string number;
  int expiryMonth = 0;
  int expiryYear = 0;
  std::string cvc;
  std::string holderName;
};

// 3-D Secure the merchant ran itself (its own 3DS server): authorize with it.
struct ThreeDsInput {
  std::string eci;             // 2 digits
  std::string cavv;            // base64, 28 characters
  std::string transactionId;   // the directory server's (uuid)
  std::string version;         // "2.1.0" / "2.2.0"
  std::string transStatus;     // "Y" or "A"
};

struct PaymentInput {
  int64_t amount = 0;
  std::string currency;
  bool capture = false;
  std::string reference;
  CardInput card;
  std::optional<ThreeDsInput> threeDSecure;
  std::string initiator = "customer";  // or "merchant" (the cardholder is not there)
  bool storedCredential = false;       // a card the merchant keeps on file
};

struct CaptureInput {
  std::optional<int64_t> amount;  // absent: everything still capturable
  bool final = true;
};

struct RefundInput {
  std::optional<int64_t> amount;  // absent: everything still refundable
  std::string reason;
};

// Each parser returns kInvalidArgument whose message explains the problem and whose reason() is
// the offending param ("amount", "card.number"...), empty when the body as a whole is bad.
Result<PaymentInput> parsePaymentInput(std::string_view body);
Result<CaptureInput> parseCaptureInput(std::string_view body);
Result<RefundInput> parseRefundInput(std::string_view body);
// A void takes no fields; an empty body or "{}" is accepted.
Status parseVoidInput(std::string_view body);

// {"id","object":"payment","status","amount","currency","amount_captured","amount_refunded",
//  "reference","card":{"brand","last4"},"decline_code"|"failure_code"?,"message"?,"created"}
boost::json::object paymentJson(const PaymentRecord& p);
// {"id","object":"capture"|"void"|"refund","amount","final"?,"reason"?,"status"?,"payment":{...},
//  "created"}; refunds carry "status":"succeeded".
boost::json::object operationJson(const OperationRecord& op, const PaymentRecord& payment);
// {"error":{"type","message","param"?}}
std::string errorBody(std::string_view type, std::string_view message, std::string_view param = {});
// {"data":[...]}
std::string listBody(boost::json::array items);
// GET /v1/ledger: {"charge_count","decline_count","capture_count","void_count","refund_count",
//  "payments":[{"id","reference","currency","status","authorized","captured","refunded","voided"}]}
std::string ledgerBody(const LedgerSummary& summary);

}  // namespace sy::sandbox::test_processor
