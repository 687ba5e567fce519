// What a connector declares it can do, checked before anything is sent: the engine refuses an
// operation the processor cannot perform with a clear error (400 ProcessorCapabilityNotSupported)
// instead of sending it and hoping.
#pragma once

#include <cstdint>
#include <string>

#include "common/status.h"
#include "connectors/connector.h"
#include "domain/payment.h"

namespace sy::orchestrator {

Status checkCurrency(const connectors::Capabilities& caps, const std::string& processor,
                     const std::string& currencyCode);
// `amount` is what will be captured now; `final` whether no capture may follow.
Status checkCaptureCapability(const connectors::Capabilities& caps, const std::string& processor,
                              const domain::Payment& p, int64_t amount, bool final);
Status checkRefundCapability(const connectors::Capabilities& caps, const std::string& processor,
                             const domain::Payment& p, int64_t amount);

}  // namespace sy::orchestrator
