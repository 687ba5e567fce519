// Request bodies of the payment endpoints: POST /payments and /payments/{id}/authorize|capture|
// cancel|refund, plus the `expand` query parameter of GET /payments/{id}.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "api/codec/validation.h"

namespace sy::api::codec {

// PaymentAuthorizationRequestProcessorAPISchema: which connection to use.
struct ProcessorRef {
  std::string processorMerchantId;  // non-empty
  std::string name;                 // optional; "" when absent
};

// POST /payments (PaymentCreationAPIRequest). Optional members the request did not send stay
// nullopt/"" so the handler can fall back to the client session the token came from.
struct PaymentCreate {
  std::string paymentMethodToken;  // required, non-empty
  std::optional<std::string> orderId;
  std::optional<std::string> currencyCode;
  std::optional<int64_t> amount;  // >= 1
  std::optional<std::string> customerId;
  std::string customerJson;   // "" when absent
  std::string customerEmail;  // customer.emailAddress, "" when absent
  std::string orderJson;
  std::string metadataJson;
  // The request's paymentMethod object (descriptor, paymentType, authorizationType,
  // vaultOnSuccess...), echoed in the response.
  std::string paymentMethodJson;
  bool vaultOnSuccess = false;  // paymentMethod.vaultOnSuccess
  // Switchyard extension, not in the v2.4 create schema: {"processor": {"processorMerchantId",
  // "name"?}} routes the authorization straight to that connection instead of the default one.
  std::optional<ProcessorRef> processor;
  bool expandEvents = false;  // expand: ["transactions.events"]
};

// POST /payments/{id}/capture (PaymentCaptureAPIRequest). An empty body means {}.
struct PaymentCapture {
  std::optional<int64_t> amount;  // >= 1; absent = the remaining authorized amount
  bool final = true;
  std::string metadataJson;         // "" when absent
  std::string retailerCountryCode;  // order.retailerCountryCode, "" when absent
  bool expandEvents = false;
};

// POST /payments/{id}/cancel (PaymentCancelAPIRequest). An empty body means {}.
struct PaymentCancel {
  std::string reason;
  bool expandEvents = false;
};

// POST /payments/{id}/refund (PaymentRefundAPIRequest). An empty body means {}.
struct PaymentRefund {
  std::optional<int64_t> amount;  // >= 1; absent = captured minus refunded
  std::string orderId;
  std::string reason;
  std::string transactionEventId;  // a capture event's uuid, "" when absent
  bool expandEvents = false;
};

// POST /payments/{id}/authorize (PaymentAuthorizationAPIRequest).
struct PaymentAuthorize {
  ProcessorRef processor;
  bool expandEvents = false;
};

// POST /payments/{id}/resume (PaymentResumeAPIRequest).
struct PaymentResume {
  std::string resumeToken;  // a uuid
  bool expandEvents = false;
};

Decoded<PaymentCreate> decodePaymentCreate(std::string_view body);
Decoded<PaymentResume> decodeResume(std::string_view body);
Decoded<PaymentCapture> decodeCapture(std::string_view body);
Decoded<PaymentCancel> decodeCancel(std::string_view body);
Decoded<PaymentRefund> decodeRefund(std::string_view body);
Decoded<PaymentAuthorize> decodeAuthorize(std::string_view body);

// GET /payments/{id}?expand=transactions.events: true when events are asked for. Repeated and
// comma-separated values are accepted; another value is a validation error at `$.expand`.
Decoded<bool> decodeExpandQuery(const std::vector<std::pair<std::string, std::string>>& query);

}  // namespace sy::api::codec
