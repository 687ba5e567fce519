// Building merchants, API keys and processor connections: shared by the admin API and the CLI so
// both create exactly the same records.
#pragma once

#include <string>
#include <vector>

#include "common/clock.h"
#include "common/status.h"
#include "orchestrator/payment_engine.h"
#include "store/records.h"

namespace sy::api {

store::Merchant makeMerchant(std::string name, TimePoint now);

struct IssuedApiKey {
  store::ApiKey record;  // holds only the key's hash
  std::string key;       // the clear key: shown once, never stored
};
// `scopes` empty means every scope. kInvalidArgument for an unknown scope.
Result<IssuedApiKey> issueApiKey(const std::string& merchantId, std::vector<std::string> scopes,
                                 TimePoint now);

struct ConnectionSpec {
  std::string processor;            // "TEST_PROCESSOR"
  std::string processorMerchantId;  // the merchant's name for it
  std::string baseUrl;              // empty: the processor's built-in sandbox
  std::string credentialsJson;      // "{}" when none
  bool isDefault = true;
};
// Validates the spec against the known processors and seals its credentials.
Result<store::Connection> makeConnection(const orchestrator::PaymentEngine& engine,
                                         const std::vector<std::string>& processors,
                                         const std::string& merchantId, const ConnectionSpec& spec,
                                         TimePoint now);

}  // namespace sy::api
