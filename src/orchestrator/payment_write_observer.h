// What the engine tells about each payment write, inside the write unit that makes it, so that
// whatever follows from a change (webhook events in the outbox) commits atomically with it: both
// or neither survive a crash. The webhooks module implements it (webhooks/outbox_recorder.h); the
// app wires it with PaymentEngine::setWriteObserver.
#pragma once

#include <string>

#include "common/status.h"
#include "domain/payment.h"
#include "store/store.h"

namespace sy::orchestrator {

// A dispute (chargeback) a processor reported on a payment.
struct DisputeReport {
  std::string processor;           // "ADYEN"
  std::string processorDisputeId;  // the processor's id of the dispute (or of its notification)
  std::string transactionId;       // our SALE transaction it is about
  std::string processorMerchantId;
  std::optional<int64_t> amount;
  std::string currencyCode;
  std::string reason;
};

class PaymentWriteObserver {
 public:
  virtual ~PaymentWriteObserver() = default;
  // Called in `tx` before `after` is inserted (`inserted`) or updated: the stored row is still the
  // previous version. A non-OK status fails the whole unit. Runs on a store thread: no blocking
  // besides `tx`.
  virtual Status beforePaymentWrite(store::WriteTx& tx, const domain::Payment& after,
                                    bool inserted) = 0;
  // Called in `tx` when a processor reports a dispute on `payment`.
  virtual Status disputeOpened(store::WriteTx& tx, const domain::Payment& payment,
                               const DisputeReport& dispute) = 0;
};

}  // namespace sy::orchestrator
