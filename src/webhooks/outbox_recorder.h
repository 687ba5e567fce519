// The transactional outbox's writer: inside the engine's write unit that changes a payment, it
// records the webhook events the change causes and one delivery per subscribed notification
// configuration, so the event commits with the change or not at all (docs/webhooks.md).
//
//   PAYMENT.STATUS  the payment is created, or its status differs from the stored one
//   PAYMENT.REFUND  a refund transaction reached a final status (SETTLED, FAILED or DECLINED)
//   DISPUTE.OPENED  a processor reported a dispute for the first time (disputeOpened)
//   DISPUTE.STATUS  a dispute's status changed (disputeStatusChanged; orchestrator/dispute_updates.h)
// Nothing is recorded for a merchant without a configuration subscribed to the type, so the
// payment path costs one indexed read when webhooks are not used. The payment is rendered as it
// is now (`render`: the merchant API's payment object) and stored with the event.
//
// Thread-safe: called on store threads, keeps no state besides what it was built with.
#pragma once

#include <functional>
#include <string>

#include "common/clock.h"
#include "orchestrator/payment_write_observer.h"

namespace sy::webhooks {

class OutboxRecorder final : public orchestrator::PaymentWriteObserver {
 public:
  using PaymentRenderer = std::function<std::string(const domain::Payment&)>;
  // `onRecorded` (may be empty) is called after events were added to a unit, before it commits:
  // a hint for the dispatcher to look soon.
  OutboxRecorder(PaymentRenderer render, const Clock& clock, std::function<void()> onRecorded = {});

  Status beforePaymentWrite(store::WriteTx& tx, const domain::Payment& after,
                            bool inserted) override;
  Status disputeOpened(store::WriteTx& tx, const domain::Payment& payment,
                       const store::Dispute& dispute) override;
  Status disputeStatusChanged(store::WriteTx& tx, const domain::Payment& payment,
                              const store::Dispute& dispute) override;

 private:
  // Inserts the event and a delivery for each configuration subscribed to its type.
  Status record(store::WriteTx& tx, const std::vector<store::NotificationConfig>& configs,
                store::NotificationEvent event);
  Status recordDispute(store::WriteTx& tx, const domain::Payment& payment, std::string_view type,
                       std::string payload);

  PaymentRenderer render_;
  const Clock& clock_;
  std::function<void()> onRecorded_;
};

// The stored payloads of DISPUTE.OPENED and DISPUTE.STATUS (the body's envelope is added at
// sending: webhook_body.h), per Primer's DisputeOpenWebhookPayload / DisputeStatusWebhookPayload.
std::string disputeOpenedPayload(const domain::Payment& p, const store::Dispute& d);
std::string disputeStatusPayload(const domain::Payment& p, const store::Dispute& d);

// The events a change from `before` (null: a new payment) to `after` causes, by type, in order.
std::vector<std::string_view> eventTypesFor(const domain::Payment* before,
                                            const domain::Payment& after);

}  // namespace sy::webhooks
