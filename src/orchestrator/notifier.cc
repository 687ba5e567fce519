#include "orchestrator/notifier.h"

#include "common/log.h"

namespace sy::orchestrator {

void LoggingNotifier::notify(const Notification& n) {
  const size_t at = n.to.rfind('@');
  const std::string domain = at == std::string::npos ? std::string() : n.to.substr(at + 1);
  log::info("workflow notification", {{"merchant_id", n.merchantId},
                                      {"payment_id", n.paymentId},
                                      {"workflow_id", n.workflowId},
                                      {"workflow_version", n.workflowVersion},
                                      {"trigger", n.trigger},
                                      {"status", n.status},
                                      {"channel", n.channel},
                                      {"to_domain", domain},
                                      {"message", n.message}});
}

}  // namespace sy::orchestrator
