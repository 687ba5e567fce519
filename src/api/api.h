// The merchant API's wiring: what handlers share, and the one function that registers every route.
#pragma once

#include <atomic>
#include <chrono>
#include <functional>
#include <memory>
#include <string>

#include "api/authenticator.h"
#include "common/clock.h"
#include "http/router.h"
#include "orchestrator/payment_engine.h"
#include "orchestrator/workflow_registry.h"
#include "store/store.h"
#include "vault/vault.h"
#include "webhooks/dispatcher.h"

namespace sy::api {

// What the inbound processor webhook endpoint saw since start (shown by /healthz).
struct InboundWebhookCounters {
  std::atomic<uint64_t> received{0};
  std::atomic<uint64_t> applied{0};     // events that changed a payment or opened a dispute
  std::atomic<uint64_t> duplicates{0};  // events already applied, or that changed nothing
  std::atomic<uint64_t> unmatched{0};   // events about no payment we know
  std::atomic<uint64_t> rejected{0};    // requests refused: bad signature, unknown connection...
};

struct ApiContext {
  store::Store& store;
  orchestrator::PaymentEngine& engine;
  vault::Vault& vault;
  Authenticator& auth;
  const Clock& clock;
  std::chrono::seconds clientTokenTtl{24 * 3600};
  // Processors the admin API accepts for connections ("TEST_PROCESSOR", ...).
  std::vector<std::string> processors;
  // Reports readiness for /healthz (store reachable, not shutting down).
  std::function<bool()> ready = [] { return true; };
  // Told about every publish and rollback so this node uses the new live workflow at once; null
  // when no engine reads workflows (tests of other endpoints).
  orchestrator::WorkflowRegistry* workflowRegistry = nullptr;
  // Seals notification configurations' signing secrets (webhooks/secrets.h).
  SecretString secretsKey = SecretString();
  // The outbound dispatcher's counters for /healthz, and a nudge after replays add deliveries.
  std::function<webhooks::DispatcherStats()> dispatcherStats = [] { return webhooks::DispatcherStats{}; };
  std::function<void()> wakeDispatcher = [] {};
  std::shared_ptr<InboundWebhookCounters> inboundWebhooks = std::make_shared<InboundWebhookCounters>();
  // The processor connections' circuit breakers (connection health, /healthz); null: none.
  orchestrator::CircuitBreakers* circuitBreakers = nullptr;
  // Receiver URLs on http:// or non-public addresses are accepted (webhooks/receiver_policy.h).
  bool webhookAllowPrivateTargets = false;
};

void registerRoutes(http::Router& router, ApiContext& ctx);

// One file per resource registers its own routes.
void registerHealthRoutes(http::Router& router, ApiContext& ctx);
void registerClientSessionRoutes(http::Router& router, ApiContext& ctx);
void registerTokenizeRoutes(http::Router& router, ApiContext& ctx);
void registerPaymentRoutes(http::Router& router, ApiContext& ctx);
void registerAdminRoutes(http::Router& router, ApiContext& ctx);
void registerWorkflowRoutes(http::Router& router, ApiContext& ctx);
void registerPaymentInstrumentRoutes(http::Router& router, ApiContext& ctx);
void registerWorkflowSimulationRoutes(http::Router& router, ApiContext& ctx);

// GET /checkout/switchyard-checkout.js: the checkout component (`script`, embedded in the binary),
// loadable from any merchant page.
void registerCheckoutScriptRoute(http::Router& router, std::string_view script);
// GET /checkout/3ds/return: the page 3-D Secure challenges return to (three_ds_return.cc).
void registerThreeDsReturnRoute(http::Router& router, orchestrator::PaymentEngine& engine);
void registerWebhookRoutes(http::Router& router, ApiContext& ctx);
void registerProcessorWebhookRoutes(http::Router& router, ApiContext& ctx);
void registerConnectionHealthRoutes(http::Router& router, ApiContext& ctx);

// Checks X-Api-Version: absent or "2.4" is accepted; anything else is a 400 response.
std::optional<http::Response> checkApiVersion(const http::Request& request);

}  // namespace sy::api
