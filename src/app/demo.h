// --demo: a demo merchant with an API key and a connection named "test-processor" to the
// in-process sandbox, created on first start and reused after.
#pragma once

#include <string>

#include "common/clock.h"
#include "common/status.h"
#include "orchestrator/payment_engine.h"
#include "store/store.h"

namespace sy::app {

struct DemoMerchant {
  std::string merchantId;
  std::string apiKey;
};

// Reads <dataDir>/demo-merchant and <dataDir>/demo-api-key when present and still valid; otherwise
// creates the merchant, its key and connection, and writes both files.
Result<DemoMerchant> ensureDemoMerchant(store::Store& store, const orchestrator::PaymentEngine& engine,
                                        const std::vector<std::string>& processors,
                                        const std::string& dataDir, const Clock& clock);

}  // namespace sy::app
