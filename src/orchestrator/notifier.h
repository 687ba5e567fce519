// Where a workflow's NOTIFY actions go. The engine records each notification in the payment's
// decision trace and hands it here once the payment change that triggered it is committed.
// Delivery (e-mail, merchant webhooks) belongs to the webhooks/notifications work; until it is
// wired, LoggingNotifier writes one structured log line per notification.
#pragma once

#include <string>

namespace sy::orchestrator {

struct Notification {
  std::string merchantId;
  std::string paymentId;
  std::string workflowId;
  int64_t workflowVersion = 0;
  std::string trigger;  // "PAYMENT_CREATED" | "PAYMENT_STATUS_UPDATED"
  std::string status;   // the payment's status when the workflow ran
  std::string channel;  // "EMAIL" | "WEBHOOK"
  std::string to;       // EMAIL: the address the workflow names
  std::string message;  // the workflow's text, as written
};

// Contract: notify() is called from engine coroutines on any thread, must not block (queue the
// work), and never fails the payment: delivery problems are the implementation's to handle.
class Notifier {
 public:
  virtual ~Notifier() = default;
  virtual void notify(const Notification& n) = 0;
};

// Logs each notification (event "workflow notification") with merchant, payment, workflow,
// channel and message. The e-mail address is not logged (personal data), only its domain.
class LoggingNotifier final : public Notifier {
 public:
  void notify(const Notification& n) override;
};

}  // namespace sy::orchestrator
