// The connector interface: how the orchestrator talks to one kind of processor.
//
// A connector is two parts: plumbing (URL, auth, headers, idempotency header, the HTTP call) and
// transformers (pure functions between this unified model and the processor's wire format, plus
// its raw-code -> StatusReason table). It never touches the store.
//
// Contract:
// - Every call carries `attemptKey`, sent as the processor's idempotency header, so a retry of the
//   same call with the same key never charges twice.
// - A timeout, dropped connection, 5xx or unreadable answer is CallOutcome::kUnknown, never a
//   decline: the caller resolves it with inquire() using the same key.
// - Card data arrives in Secret wrappers and must not be logged or put into any Status message.
// - Methods are coroutines on the caller's executor; a connector object is shared by all merchants'
//   connections of its processor and must be thread-safe (it keeps no per-call state).
// - parseWebhook is the one synchronous, pure method: it verifies and reads a webhook the processor
//   sent (contract in webhook.h).
#pragma once

#include <boost/asio/awaitable.hpp>
#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "common/secret.h"
#include "common/status.h"
#include "connectors/webhook.h"
#include "domain/payment.h"
#include "domain/status_reason.h"

namespace sy::connectors {

// What one merchant configured for a processor: where it is and how to authenticate.
struct ConnectionConfig {
  std::string baseUrl;              // e.g. http://127.0.0.1:9000 or https://api.stripe.com
  SecretString credentialsJson;     // processor-specific JSON, e.g. {"apiKey":"sk_test_..."}
  std::string processorMerchantId;  // the merchant's name for this connection
  std::chrono::milliseconds timeout{10000};
};

struct CardData {
  SecretString number;
  SecretString cvv;             // may be empty (vaulted card without CVV)
  std::string expirationMonth;  // "01".."12"
  std::string expirationYear;   // "2030"
  std::string cardholderName;
};

// 3-D Secure for one authorization (docs/three_d_secure.md).
enum class ThreeDsMode {
  kNone,       // request no authentication (the processor may still refuse: authentication required)
  kProcessor,  // ask the processor to authenticate the customer when the issuer supports it
  kExternal,   // already authenticated by Switchyard's own 3-D Secure server: authorize with
               // AuthorizeRequest::externalThreeDs and do not authenticate again
};

// An authentication Switchyard's own 3-D Secure server completed (EMVCo 3-D Secure 2: the ARes of a
// frictionless flow, or the RReq after a challenge). Sent to the processor as external ("MPI")
// 3-D Secure data; reusable on a fallback processor, so the customer is challenged once.
struct ExternalThreeDs {
  std::string transStatus;              // "Y" authenticated, "A" attempted
  std::string eci;                      // electronic commerce indicator, 2 digits: "05", "02"...
  SecretString authenticationValue;     // the CAVV/AAV cryptogram, base64 (28 characters)
  std::string dsTransactionId;          // the directory server's transaction id (uuid)
  std::string threeDsServerTransactionId;  // Switchyard's own transaction id (uuid)
  std::string protocolVersion;          // "2.2.0"
  bool challenged = false;              // the customer went through a challenge
};

// Primer's paymentMethod.paymentType (RecurringTransactionTypeEnum): who starts the payment and
// whether the card is stored for later ones. Connectors map it to the processor's stored-credential
// fields (Stripe off_session / setup_future_usage, Adyen shopperInteraction and
// recurringProcessingModel, Checkout.com merchant_initiated and payment_type).
enum class PaymentType {
  kUnspecified,   // not given: a customer-initiated payment (card on file when storedCard)
  kFirstPayment,  // customer-initiated, first of a series / card saved for later
  kEcommerce,     // customer-initiated with stored details, cardholder present
  kSubscription,  // merchant-initiated, fixed schedule and amount
  kUnscheduled,   // merchant-initiated, stored details, no fixed schedule
};
// SUBSCRIPTION and UNSCHEDULED: the customer is not there (no 3-D Secure is possible).
inline bool merchantInitiated(PaymentType t) {
  return t == PaymentType::kSubscription || t == PaymentType::kUnscheduled;
}

struct AuthorizeRequest {
  std::string attemptKey;
  int64_t amount = 0;        // minor units
  std::string currencyCode;  // ISO 4217
  int currencyExponent = 2;  // minor-unit digits of currencyCode
  bool capture = false;      // authorize and capture in one call
  std::string orderId;
  std::string descriptor;
  CardData card;
  ThreeDsMode threeDSecure = ThreeDsMode::kNone;
  // Where the processor's challenge page sends the customer back when done (kProcessor).
  std::string returnUrl;
  // With ThreeDsMode::kExternal: the authentication to authorize with.
  std::optional<ExternalThreeDs> externalThreeDs;
  PaymentType paymentType = PaymentType::kUnspecified;
  // The card comes from a MULTI_USE payment instrument (a stored credential, "card on file").
  bool storedCard = false;
};

// Asks the processor for the outcome of an authorization that waited for the customer's 3-D
// Secure challenge (CallResult::challengeUrl), and completes it where the processor needs a call
// for that. `attemptKey` is this call's own idempotency key.
struct CompleteAuthenticationRequest {
  std::string attemptKey;
  std::string processorTransactionId;
  // The query string the processor's challenge page appended when it sent the customer back to
  // AuthorizeRequest::returnUrl (our own `payment` parameter removed), e.g. Adyen's
  // "redirectResult=...". Empty while the customer has not come back.
  std::string returnQuery;
  // The challenge the customer was sent to: what a processor without a lookup (Adyen) answers
  // again, as "still waiting", while returnQuery is empty.
  std::string challengeUrl;
};

// ThreeDSecureAuthenticationAPISchema as the processor reported it (domain/three_d_secure.h).
struct ThreeDsOutcome {
  std::string responseCode;  // AUTH_SUCCESS, AUTH_FAILED, SKIPPED, NOT_PERFORMED
  std::string reasonCode;
  std::string reasonText;
  std::string protocolVersion;
  std::optional<bool> challengeIssued;
};

struct CaptureRequest {
  std::string attemptKey;
  std::string processorTransactionId;
  int64_t amount = 0;
  std::string currencyCode;
  int currencyExponent = 2;
  bool final = true;
};

struct CancelRequest {
  std::string attemptKey;
  std::string processorTransactionId;
};

struct RefundRequest {
  std::string attemptKey;
  std::string processorTransactionId;
  int64_t amount = 0;
  std::string currencyCode;
  int currencyExponent = 2;
  std::string reason;
};

// The earlier call itself, rebuilt by the caller from what it recorded. Some processors (Adyen,
// Checkout.com) offer no lookup by idempotency key: their only inquiry is re-sending the call with
// the same key, which returns the stored answer if the first one arrived and processes it once if
// it did not. A rebuilt authorization carries the card from the vault without its CVV, which is
// gone by design once the first attempt ended (PCI DSS 3.3.1).
using OriginalCall =
    std::variant<std::monostate, AuthorizeRequest, CaptureRequest, CancelRequest, RefundRequest>;

// Which earlier call to look up: the one sent with `attemptKey` (and, when known, the processor's
// id of the payment it belongs to).
struct InquiryRequest {
  enum class Kind { kAuthorize, kCapture, kCancel, kRefund };
  Kind kind = Kind::kAuthorize;
  std::string attemptKey;
  std::string processorTransactionId;  // may be empty for kAuthorize
  OriginalCall original;               // monostate when the caller could not rebuild it
};

enum class CallOutcome { kSucceeded, kDeclined, kFailed, kUnknown, kNotFound };

struct CallResult {
  CallOutcome outcome = CallOutcome::kUnknown;
  // For authorize/inquiry of an authorization: the processor-side status of the SALE
  // (AUTHORIZED, SETTLED, SETTLING, DECLINED, FAILED, CANCELLED).
  domain::PaymentStatus status = domain::PaymentStatus::kPending;
  std::string processorTransactionId;          // the processor's payment id
  std::string processorOperationId;            // capture/refund/void id, when the processor has one
  std::optional<domain::StatusReason> reason;  // set for declined, failed and unknown outcomes
  int64_t amountCaptured = 0;                  // as the processor reports it, when it does
  int64_t amountRefunded = 0;
  // A capture or refund the processor accepted but confirms later, by webhook (Adyen's
  // "received"): the engine records it as requested (payment SETTLING, refund PENDING) until the
  // confirmation arrives through the inbound webhook endpoint.
  bool awaitsConfirmation = false;
  // Authorizations: the customer must complete a 3-D Secure challenge at this URL first; the
  // outcome is kSucceeded with status kPending, and completeAuthentication() learns the result.
  std::string challengeUrl;
  // Authorizations: the 3-D Secure authentication the processor ran, when it ran one.
  std::optional<ThreeDsOutcome> threeDSecure;
};

struct Capabilities {
  std::vector<std::string> currencies;  // empty = every ISO 4217 currency
  bool partialCapture = true;
  bool multipleCapture = true;
  bool partialRefund = true;
  bool multipleRefund = true;
  bool threeDSecure = false;
  // Takes ThreeDsMode::kExternal (another 3DS server's result). Without it the engine asks the
  // processor to authenticate (kProcessor) even after Switchyard's own 3-D Secure ran.
  bool externalThreeDs = false;
  bool asyncModifications = false;  // captures/refunds confirmed later (Adyen)
  // inquire() can resolve a lost call only by re-sending it (InquiryRequest::original): the
  // processor has no lookup by key. Only then does the engine rebuild a lost authorization's card
  // from the vault; a processor with a lookup never makes it decrypt a PAN for an inquiry.
  bool inquiryByReplay = false;
};

class Connector {
 public:
  virtual ~Connector() = default;
  virtual std::string_view processorName() const = 0;  // "TEST_PROCESSOR", "STRIPE"...
  virtual Capabilities capabilities() const = 0;

  virtual boost::asio::awaitable<CallResult> authorize(const ConnectionConfig& conn,
                                                       const AuthorizeRequest& req) = 0;
  virtual boost::asio::awaitable<CallResult> capture(const ConnectionConfig& conn,
                                                     const CaptureRequest& req) = 0;
  virtual boost::asio::awaitable<CallResult> cancel(const ConnectionConfig& conn,
                                                    const CancelRequest& req) = 0;
  virtual boost::asio::awaitable<CallResult> refund(const ConnectionConfig& conn,
                                                    const RefundRequest& req) = 0;
  // Resolves an earlier call by its key: kNotFound means the processor never received it.
  virtual boost::asio::awaitable<CallResult> inquire(const ConnectionConfig& conn,
                                                     const InquiryRequest& req) = 0;
  // The outcome of an authorization that waited for a 3-D Secure challenge (threeDSecure
  // capability): authorized or declined with threeDSecure set, or still challengeUrl while the
  // customer has not finished. A processor without 3-D Secure keeps this default.
  virtual boost::asio::awaitable<CallResult> completeAuthentication(
      const ConnectionConfig& conn, const CompleteAuthenticationRequest& req) {
    CallResult r;
    r.outcome = CallOutcome::kFailed;
    domain::StatusReason reason;
    reason.type = domain::ReasonType::kApplicationError;
    reason.message = std::string(processorName()) + " connector does not run 3-D Secure";
    r.reason = reason;
    co_return r;
  }

  // Authenticates one webhook request with the secret in `conn.credentialsJson`, then reads its
  // events (contract in webhook.h). `now` bounds the age of timestamped signatures. No I/O.
  // A processor without webhooks keeps this default.
  virtual Result<std::vector<WebhookEvent>> parseWebhook(
      const ConnectionConfig& conn, const InboundWebhook& webhook,
      std::chrono::system_clock::time_point now) const {
    return unimplemented(std::string(processorName()) + " connector does not read webhooks");
  }
};

// The explicit list of connectors, by processor name. Built once at start-up in src/app.
class ConnectorRegistry {
 public:
  void add(std::unique_ptr<Connector> connector);
  Connector* find(std::string_view processorName) const;
  std::vector<std::string> names() const;

 private:
  std::vector<std::unique_ptr<Connector>> connectors_;
};

}  // namespace sy::connectors
