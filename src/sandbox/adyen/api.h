// The Adyen Checkout API v71 emulator's endpoints as plain functions (no sockets): the HTTP layer
// (emulator.h) authenticates, injects faults and applies delays around them; unit tests call them
// directly. Also holds the emulator's books (its ledger).
//
// Endpoints (paths as the emulator serves them, below /v71):
//   POST /payments                                  -> 200 PaymentResponse
//   POST /payments/{pspReference}/captures|cancels|refunds|reversals -> 201 {"status":"received"}
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
// Thread-safe.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "http/response.h"
#include "sandbox/idempotency_store.h"

namespace sy::sandbox::adyen {

struct CallContext {
  std::string account;         // a hash of the API key, never the key itself
  std::string idempotencyKey;  // optional
  bool declineAll = false;     // fault injection: refuse every authorization (27)
};

struct Reply {
  http::Response response;
  std::chrono::milliseconds delay{0};
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
  // GET /_ledger.
  Reply ledger() const;

 private:
  template <class Process>
  Reply idempotent(const CallContext& ctx, std::string_view path, std::string_view body,
                   Process&& process);
  Reply authorize(const CallContext& ctx, std::string_view body);
  Reply modify(const CallContext& ctx, std::string_view kind, std::string_view psp,
               std::string_view body);
  std::string nextPsp();

  const size_t capacity_;
  const std::string requiredMerchantAccount_;
  mutable std::mutex mu_;
  IdempotencyStore idempotency_;
  std::unordered_map<std::string, PaymentRecord> payments_;  // by pspReference
  std::vector<std::string> order_;
  std::vector<ModificationRecord> modifications_;
  uint64_t sequence_ = 0;
};

// {"status","errorCode","message","errorType"}
std::string serviceError(unsigned status, std::string_view code, std::string_view message,
                         std::string_view type = "validation");

}  // namespace sy::sandbox::adyen
