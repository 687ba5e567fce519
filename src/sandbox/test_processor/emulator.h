// The test processor emulator: Switchyard's built-in processor as an HTTP server on loopback, with
// its own small JSON wire format (docs/test-processor.md), magic cards, a ledger and fault
// injection. `switchyard serve --demo` starts it in-process; `switchyard sandbox` runs it alone.
//
//   TestProcessorEmulator emulator(ioc, {});
//   auto bound = emulator.listen({asio::ip::make_address("127.0.0.1"), 0});
//   emulator.start();  ...  emulator.baseUrl()  ...  emulator.stop();
//
// After each payment, capture, void or refund it answers, it sends the event (webhook_events.h),
// signed in Tp-Signature, to the URL given to sendWebhooksTo(), retrying until accepted.
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
#include "sandbox/emulator_host.h"
#include "sandbox/fault_injector.h"
#include "sandbox/test_processor/api.h"
#include "sandbox/webhook_sender.h"

namespace sy::sandbox::test_processor {

struct TestProcessorOptions {
  // Empty: any non-empty `Authorization: Bearer <secret>` is accepted (each secret is its own
  // account). Otherwise only this secret is.
  std::string requiredApiKey;
  // How long the slow magic card (4000000000000259) holds its answer; /v1/_control can change it.
  std::chrono::milliseconds slowResponse{30000};
  size_t maxObjects = 1'000'000;  // ledger objects and idempotency keys held in memory
  http::ServerOptions server;
};

class TestProcessorEmulator : public EmulatorHost {
 public:
  using Options = TestProcessorOptions;

  TestProcessorEmulator(boost::asio::io_context& ioc, Options options);
  TestProcessorEmulator(const TestProcessorEmulator&) = delete;
  TestProcessorEmulator& operator=(const TestProcessorEmulator&) = delete;

  // listen(), start(), stop(), baseUrl(): see sandbox/emulator_host.h.

  // For in-process tests and the CLI: the same objects the HTTP endpoints use.
  FaultInjector& faults() { return faults_; }
  TestProcessorApi& api() { return api_; }

  // Where to send webhooks and the webhookSecret that signs them; an empty URL sends none.
  void sendWebhooksTo(std::string url, std::string webhookSecret);
  const WebhookSender& webhooks() const { return webhooks_; }

 private:
  using Endpoint = std::function<Reply(const CallContext&, http::Request&)>;
  void addRoutes();
  // Authentication, fault injection and delays around one endpoint call.
  boost::asio::awaitable<http::Response> serve(const Endpoint& endpoint, bool faultable,
                                               http::Request& request);
  boost::asio::awaitable<http::Response> injectedFault(const FaultInjector::Decision& fault,
                                                       const http::Request& request);

  Options options_;
  TestProcessorApi api_;
  FaultInjector faults_;
  WebhookSender webhooks_;
  std::mutex secretMu_;
  std::string webhookSecret_;
  // Sends the event `reply` gets, if any.
  void notify(const Reply& reply);
};

}  // namespace sy::sandbox::test_processor
