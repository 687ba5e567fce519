// The Adyen Checkout API v71 emulator's endpoints as plain functions (no sockets): the HTTP layer
// (emulator.h) authenticates, injects faults and applies delays around them; unit tests call them
// directly. Also holds the emulator's books (its ledger).
//
// Endpoints (paths as the emulator serves them, below /v71):
//   POST /payments                                  -> 200 PaymentResponse
//   POST /payments/{pspReference}/captures|cancels|refunds|reversals -> 201 {"status":"received"}
//   POST /payments/details                          -> 200 PaymentDetailsResponse (3-D Secure)
// Errors use Adyen's ServiceError {status, errorCode, message, errorType}:
//   400 702 malformed JSON or unknown fields; 422 validation (100 amount, 101 card number,
//   129 expiry, 130 reference, 137 amount/currency, 138 currency, 14_0 required field, 167 unknown
//   pspReference, 901 merchant account); 422 704 Idempotency-Key reused on another endpoint.
//
// Unlike live Adyen (which answers every modification "received" and reports a refused one later in
// a webhook), the emulator checks modifications against its books at once and refuses an
// impossible one with 422 errorCode "000" — it has no webhooks yet.
//
// Idempotency (optional at Adyen, as here): per (account, Idempotency-Key) the first answer below
// 500 is stored; a later request with the key to the same method and path gets it again without
// processing, whatever its body (Adyen performs an action once per key; a replay of an
// authorization comes without the CVC, which is never kept). The key on another endpoint: 422 704.
//
// 3-D Secure (three_d_secure.h has the test cards): with authenticationData.attemptAuthentication
// "always" a challenge card answers resultCode RedirectShopper with a redirect action to the
// challenge page below; the page's decision sends the customer (303) to the payment's returnUrl
// with `redirectResult=<opaque>` appended, and POST /payments/details {"details":
// {"redirectResult"}} authorises or refuses (11 "3D Not Authenticated") the payment, once: the
// same redirectResult always gets the same answer. Without the attempt a challenge card is refused
// 38 "Authentication required"; with shopperInteraction ContAuth (merchant-initiated) no 3-D
// Secure runs. mpiData (external 3-D Secure) is checked and, with transStatus Y or A, authorises
// without a challenge.
//
// Thread-safe.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "http/response.h"
#include "sandbox/adyen/three_d_secure.h"
#include "sandbox/idempotency_store.h"

namespace sy::sandbox::adyen {

struct CallContext {
  std::string account;         // a hash of the API key, never the key itself
  std::string idempotencyKey;  // optional
  bool declineAll = false;     // fault injection: refuse every authorization (27)
  std::string baseUrl;         // the emulator's own, for the challenge page's URL
};

struct Reply {
  http::Response response;
  std::chrono::milliseconds delay{0};
  // For /payments/details: the payment's request facts (merchantAccount, reference, amount) its
  // AUTHORISATION notification quotes, as the details request carries none of them.
  std::string notificationRequest;
};

// Adyen's documented refusal testing: the card holder name selects the answer.
struct MagicHolder {
  std::string_view holderName;
  std::string_view resultCode;     // "Refused", "Error", "Pending"
  std::string_view reasonCode;     // refusalReasonCode
  std::string_view reason;         // refusalReason
};
const std::vector<MagicHolder>& magicHolders();

struct PaymentRecord {
  std::string pspReference;
  std::string account;
  std::string merchantAccount;
  std::string reference;
  std::string idempotencyKey;
  std::string currency;
  int64_t amount = 0;
  std::string resultCode;  // Authorised, Refused, Error, Pending
  std::string refusalReasonCode;
  std::string refusalReason;
  bool manualCapture = false;
  int64_t captured = 0;
  int64_t refunded = 0;
  bool cancelled = false;
  // Stored-credential fields as received ("" when absent).
  std::string shopperInteraction;
  std::string recurringProcessingModel;
  // 3-D Secure: flow "" (none), "frictionless", "challenge" or "mpi"; result "" (none),
  // "pending" (challenge open), "authenticated", "failed" (decided, or refused without it).
  std::string threeDsFlow;
  std::string threeDsResult;
  std::string challengeId;     // the challenge page's capability (random)
  std::string returnUrl;
  std::string redirectResult;  // issued when the customer decided
  std::string brand;           // card_checks.h cardBrand(): the issuer's ECI depends on it
  std::string last4;
  std::optional<ThreeDsFacts> threeDsFacts;  // reported in additionalData
  std::string detailsAnswer;   // the /payments/details answer, once given
};

struct ModificationRecord {
  std::string pspReference;
  std::string paymentPspReference;
  std::string kind;  // capture, cancel, refund, reversal
  std::string reference;
  std::string currency;
  int64_t amount = 0;
};

class AdyenApi {
 public:
  // `capacity` bounds the ledger (payments + modifications) and the idempotency store.
  // `requiredMerchantAccount` empty: any merchant account is accepted.
  AdyenApi(size_t capacity, std::string requiredMerchantAccount);

  Reply payments(const CallContext& ctx, std::string_view body);
  // kind: "captures", "cancels", "refunds", "reversals".
  Reply modification(const CallContext& ctx, std::string_view kind, std::string_view psp,
                     std::string_view body);
  // POST /payments/details.
  Reply paymentDetails(const CallContext& ctx, std::string_view body);
  // GET /_ledger.
  Reply ledger() const;

  // The customer's challenge page (the RedirectShopper action's url), without API key: the
  // random challenge id is the capability.
  //   GET  /3ds/challenge/{id}                               HTML, "Complete" and "Fail" buttons
  //   POST /3ds/challenge/{id}  decision=approve|refuse  ->  303 to returnUrl?...&redirectResult=
  // Deciding again only sends the customer back with the same redirectResult.
  http::Response challengePage(std::string_view challengeId) const;
  http::Response decideChallenge(std::string_view challengeId, std::string_view formBody);

 private:
  template <class Process>
  Reply idempotent(const CallContext& ctx, std::string_view path, std::string_view body,
                   Process&& process);
  Reply authorize(const CallContext& ctx, std::string_view body);
  Reply modify(const CallContext& ctx, std::string_view kind, std::string_view psp,
               std::string_view body);
  Reply details(const CallContext& ctx, std::string_view body);
  PaymentRecord* byChallenge(std::string_view challengeId);
  std::string nextPsp();

  const size_t capacity_;
  const std::string requiredMerchantAccount_;
  mutable std::mutex mu_;
  IdempotencyStore idempotency_;
  std::unordered_map<std::string, PaymentRecord> payments_;  // by pspReference
  std::vector<std::string> order_;
  std::vector<ModificationRecord> modifications_;
  std::unordered_map<std::string, std::string> challenges_;       // challengeId -> psp
  std::unordered_map<std::string, std::string> redirectResults_;  // redirectResult -> psp
  uint64_t sequence_ = 0;
};

// {"status","errorCode","message","errorType"}
std::string serviceError(unsigned status, std::string_view code, std::string_view message,
                         std::string_view type = "validation");

}  // namespace sy::sandbox::adyen
