// Who is calling: merchants by X-Api-Key (stored only as SHA-256), the checkout by a client token
// (Authorization: Bearer), operators by the admin key from configuration.
// Thread-safe; verified merchant keys are cached for `keyCacheTtl` (api_key_cache_ms) to keep the
// store off the hot path. That is the bound on how long a key revoked in the store (by any node)
// still works on a node that cached it; unknown keys are never cached.
#pragma once

#include <boost/asio/awaitable.hpp>
#include <chrono>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

#include "common/clock.h"
#include "common/secret.h"
#include "common/status.h"
#include "http/request.h"
#include "store/records.h"
#include "store/store.h"

namespace sy::api {

namespace scopes {
inline constexpr const char* kPaymentsRead = "payments:read";
inline constexpr const char* kPaymentsWrite = "payments:write";
inline constexpr const char* kClientSessionWrite = "client-session:write";
// Workflows change where every payment goes: a key needs these scopes to read or change them.
inline constexpr const char* kWorkflowsRead = "workflows:read";
inline constexpr const char* kWorkflowsWrite = "workflows:write";
// Notification configurations, webhook events and their deliveries (docs/webhooks.md).
inline constexpr const char* kWebhooksRead = "webhooks:read";
inline constexpr const char* kWebhooksWrite = "webhooks:write";
// Payment instruments: vaulted cards (docs/vault.md).
inline constexpr const char* kPaymentInstrumentsRead = "payment-instruments:read";
inline constexpr const char* kPaymentInstrumentsWrite = "payment-instruments:write";
inline const std::vector<std::string> kAll = {
    kPaymentsRead,  kPaymentsWrite, kClientSessionWrite,     kWorkflowsRead,
    kWorkflowsWrite, kWebhooksRead, kWebhooksWrite, kPaymentInstrumentsRead,
    kPaymentInstrumentsWrite};
}  // namespace scopes

struct Principal {
  std::string merchantId;
  std::vector<std::string> scopes;
  std::string apiKeyId;  // who acted, as recorded on what they changed (workflow versions)
  bool allows(std::string_view scope) const;
};

// A new API key: "sy_" + 40 random characters. Only its hash is ever stored.
std::string newApiKey();
// A new client token: "ct_" + 48 random characters.
std::string newClientToken();

class Authenticator {
 public:
  Authenticator(store::Store& store, const SecretString& adminKey, const Clock& clock,
                std::chrono::milliseconds keyCacheTtl = std::chrono::seconds(5));

  // The merchant whose X-Api-Key this is, if it grants `scope`; else 401/403 as a Status.
  boost::asio::awaitable<Result<Principal>> merchant(const http::Request& request,
                                                     std::string_view scope);
  // True when `Authorization: Bearer <admin key>` matches the configured admin key.
  bool isAdmin(const http::Request& request) const;
  // The unexpired client session whose token is in `Authorization: Bearer`.
  boost::asio::awaitable<Result<store::ClientSession>> clientSession(const http::Request& request);

 private:
  struct Cached {
    Principal principal;
    std::chrono::steady_clock::time_point expires;
  };
  store::Store& store_;
  std::string adminKeyHash_;  // empty: admin API disabled
  const Clock& clock_;
  std::chrono::milliseconds keyCacheTtl_;
  std::mutex mu_;
  std::unordered_map<std::string, Cached> cache_;  // key hash -> principal
};

}  // namespace sy::api
