// What the engine tells about each payment write, inside the write unit that makes it, so that
// whatever follows from a change (webhook events in the outbox) commits atomically with it: both
// or neither survive a crash. The webhooks module implements it (webhooks/outbox_recorder.h); the
// app wires it with PaymentEngine::setWriteObserver.
#pragma once

#include <optional>
#include <string>

#include "common/clock.h"

#include "common/status.h"
#include "domain/payment.h"
#include "store/store.h"

namespace sy::orchestrator {

// A dispute event (chargeback, retrieval, pre-arbitration) a processor reported on a payment.
struct DisputeReport {
  std::string processor;           // "ADYEN"
  std::string processorDisputeId;  // the processor's id of the dispute (or of its notification)
  std::string transactionId;       // our SALE transaction it is about
  std::string processorMerchantId;
  std::optional<int64_t> amount;
  std::string currencyCode;
  std::string reason;      // the processor's own reason
  std::string reasonCode;  // the card scheme's
  std::string status = "OPEN";  // Primer's dispute status after the event
  std::string type = "DISPUTE";
  TimePoint occurredAt{};  // the processor's time of the event
};

class PaymentWriteObserver {
 public:
  virtual ~PaymentWriteObserver() = default;
  // Called in `tx` before `after` is inserted (`inserted`) or updated: the stored row is still the
  // previous version. A non-OK status fails the whole unit. Runs on a store thread: no blocking
  // besides `tx`.
  virtual Status beforePaymentWrite(store::WriteTx& tx, const domain::Payment& after,
                                    bool inserted) = 0;
  // Called in `tx` when a processor reports a dispute on `payment` for the first time.
  virtual Status disputeOpened(store::WriteTx& tx, const domain::Payment& payment,
                               const store::Dispute& dispute) = 0;
  // Called in `tx` when a dispute's status (or type) changed, `dispute` as it is now.
  virtual Status disputeStatusChanged(store::WriteTx& tx, const domain::Payment& payment,
                                      const store::Dispute& dispute) = 0;
};

}  // namespace sy::orchestrator
