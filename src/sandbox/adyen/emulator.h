// The Adyen Checkout API v71 emulator: an HTTP server on loopback speaking Adyen's wire format
// under /v71 (the same layout as https://checkout-test.adyen.com/v71), with Adyen's documented
// refusal testing by card holder name, a ledger and fault injection.
//
//   AdyenEmulator emulator(ioc, {});
//   auto bound = emulator.listen({asio::ip::make_address("127.0.0.1"), 0});
//   emulator.start();  ...  emulator.baseUrl()  ...  emulator.stop();
//
// Paths:
//   POST /v71/payments, POST /v71/payments/details,
//   POST /v71/payments/{pspReference}/captures|cancels|refunds|reversals
//        (X-API-Key required; Idempotency-Key optional, echoed back) — see api.h
//   GET|POST /3ds/challenge/{id}  the shopper's 3-D Secure challenge page (no API key; api.h)
//   GET  /_ledger    the books: {"chargeCount",...,"payments":[...],"modifications":[...]}
//   GET|POST /_control  fault injection, body as documented in sandbox/fault_injector.h
//   GET  /_webhooks     the notifications sent (sandbox/webhook_sender.h sentLogJson)
// After each call it answers with a result, it sends Adyen's standard notification (HMAC-signed,
// sandbox/adyen/notifications.h) to the URL given to sendWebhooksTo(), retrying until accepted.
//   (the debug paths need no API key and are never subject to faults)
//
// Thread-safe: the io_context may be run by many threads. Destroy only after stop() has drained
// or once the io_context no longer runs.
#pragma once

#include <boost/asio/awaitable.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <chrono>
#include <cstddef>
#include <functional>
#include <memory>
#include <mutex>
#include <string>

#include "common/status.h"
#include "http/router.h"
#include "http/server.h"
#include "sandbox/adyen/api.h"
#include "sandbox/emulator_host.h"
#include "sandbox/fault_injector.h"
#include "sandbox/webhook_sender.h"

namespace sy::sandbox::adyen {

struct AdyenOptions {
  // Empty: any non-empty X-API-Key is accepted (each key is its own account).
  std::string requiredApiKey;
  // Empty: any merchantAccount is accepted; otherwise others get 403 901.
  std::string requiredMerchantAccount;
  size_t maxObjects = 1'000'000;
  http::ServerOptions server;
};

class AdyenEmulator : public EmulatorHost {
 public:
  using Options = AdyenOptions;

  AdyenEmulator(boost::asio::io_context& ioc, Options options);
  AdyenEmulator(const AdyenEmulator&) = delete;
  AdyenEmulator& operator=(const AdyenEmulator&) = delete;

  // listen(), start(), stop(), baseUrl() (without /v71): see sandbox/emulator_host.h.

  FaultInjector& faults() { return faults_; }
  // Where to send notifications and the HMAC key (hex) to sign them with; an empty URL sends none.
  void sendWebhooksTo(std::string url, std::string hmacKeyHex);
  const WebhookSender& webhooks() const { return webhooks_; }
  AdyenApi& api() { return api_; }

 private:
  using Endpoint = std::function<Reply(const CallContext&, http::Request&)>;
  void addRoutes();
  boost::asio::awaitable<http::Response> serve(const Endpoint& endpoint, http::Request& request);
  // Sends the notification `reply` to a call on `path` gets, if any.
  void notify(std::string_view path, std::string_view requestBody, const Reply& reply);
  boost::asio::awaitable<http::Response> injectedFault(const FaultInjector::Decision& fault,
                                                       const http::Request& request);

  Options options_;
  AdyenApi api_;
  FaultInjector faults_;
  WebhookSender webhooks_;
  std::mutex hmacMu_;
  std::string hmacKeyHex_;
};

}  // namespace sy::sandbox::adyen
