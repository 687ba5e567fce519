#include "orchestrator/capabilities.h"

#include <algorithm>

namespace sy::orchestrator {
namespace {
Status unsupported(const std::string& processor, const std::string& what) {
  return Status(StatusCode::kFailedPrecondition, processor + " does not support " + what,
                "ProcessorCapabilityNotSupported");
}
}  // namespace

Status checkCurrency(const connectors::Capabilities& caps, const std::string& processor,
                     const std::string& currencyCode) {
  if (caps.currencies.empty() ||
      std::find(caps.currencies.begin(), caps.currencies.end(), currencyCode) !=
          caps.currencies.end())
    return Status::ok();
  return unsupported(processor, "payments in " + currencyCode);
}

Status checkCaptureCapability(const connectors::Capabilities& caps, const std::string& processor,
                              const domain::Payment& p, int64_t amount, bool final) {
  const bool partial = p.amountCaptured + amount < p.amountAuthorized;
  if (partial && !caps.partialCapture) return unsupported(processor, "partial captures");
  if (p.amountCaptured > 0 && !caps.multipleCapture)
    return unsupported(processor, "more than one capture of a payment");
  if (partial && !final && !caps.multipleCapture)
    return unsupported(processor,
                       "non-final partial captures (only one capture per payment): capture "
                       "with \"final\": true, or the full amount");
  return Status::ok();
}

Status checkRefundCapability(const connectors::Capabilities& caps, const std::string& processor,
                             const domain::Payment& p, int64_t amount) {
  if (p.amountRefunded + amount < p.amountCaptured && !caps.partialRefund)
    return unsupported(processor, "partial refunds");
  if (p.amountRefunded > 0 && !caps.multipleRefund)
    return unsupported(processor, "more than one refund of a payment");
  return Status::ok();
}

}  // namespace sy::orchestrator
