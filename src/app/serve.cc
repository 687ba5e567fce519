#include "app/serve.h"

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/address.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <thread>

#include "api/api.h"
#include "api/demo_shop.h"
#include "api/error_response.h"
#include "app/demo.h"
#include "app/key_files.h"
#include "app/sandboxes.h"
#include "app/web_assets.h"
#include "app/wiring.h"
#include "app/workflow_publisher.h"
#include "common/crypto.h"
#include "common/log.h"
#include "http/client.h"
#include "http/loop_lag.h"
#include "http/server.h"
#include "orchestrator/recovery_sweep.h"
#include "store/sql/sql_store.h"
#include "api/codec/payment_writer.h"
#include "webhooks/outbox_pruner.h"
#include "webhooks/receiver_policy.h"
#include "webhooks/dispatcher.h"
#include "webhooks/outbox_recorder.h"

namespace sy::app {
namespace asio = boost::asio;

namespace {
int fail(const Status& s) {
  log::error("start-up failed", {{"error", s.toString()}});
  std::fprintf(stderr, "switchyard: %s\n", s.message().c_str());
  return 1;
}
}  // namespace

int runServe(Config config) {
  auto started = std::chrono::steady_clock::now();
  if (auto s = setUpLogging(config); !s) return fail(s);
  std::error_code fsErr;
  std::filesystem::create_directories(config.dataDir, fsErr);
  if (fsErr) return fail(unavailable("cannot create data directory " + config.dataDir));
  auto listenAt = parseEndpoint(config.listen);
  if (!listenAt) return fail(listenAt.status());
  if (auto s = checkConsistency(config); !s) return fail(s);
  auto clientOptions = processorClientOptions(config);
  if (!clientOptions) return fail(clientOptions.status());

  auto keys = loadKeys(config);
  if (!keys) return fail(keys.status());
  auto opened = openStore(config);
  if (!opened) return fail(opened.status());
  std::unique_ptr<store::Store> store = std::move(*opened);

  asio::io_context ioc;
  // Registered first: a SIGTERM during start-up (after `listening` is written, before the handler
  // below is set) is queued and shuts down cleanly, instead of killing the process.
  asio::signal_set signals(ioc, SIGINT, SIGTERM);
  SystemClock clock;
  http::HttpClient client(ioc.get_executor(), std::move(*clientOptions));
  connectors::ConnectorRegistry registry = makeConnectorRegistry(client);

  orchestrator::EngineOptions engineOptions;
  engineOptions.processorTimeout = config.processorTimeout;
  engineOptions.nodeId = config.nodeId;
  engineOptions.leaseTtl = config.leaseTtl;
  engineOptions.challengeTtl = config.challengeTtl;
  std::vector<std::unique_ptr<RunningSandbox>> sandboxes;
  std::string directorySandboxUrl;  // --demo: the 3-D Secure directory server emulator
  if (config.demo) {
    for (const auto& spec : sandboxSpecs()) {
      auto running = spec.start(ioc, config, 0);
      if (!running) return fail(running.status());
      engineOptions.sandboxUrls[spec.processor] = (*running)->baseUrl();
      log::info("sandbox started", {{"processor", spec.processor}, {"url", (*running)->baseUrl()}});
      sandboxes.push_back(std::move(*running));
    }
    // Switchyard's own 3-D Secure asks the directory server emulator unless one is configured.
    // Pushed after the processors' sandboxes, so sandboxes[i] still matches sandboxSpecs()[i].
    auto directory = startDirectoryServerSandbox(ioc, 0);
    if (!directory) return fail(directory.status());
    directorySandboxUrl = (*directory)->baseUrl();
    if (config.threeDsDirectoryUrl.empty()) config.threeDsDirectoryUrl = directorySandboxUrl;
    log::info("sandbox started", {{"processor", kDirectoryServerSandbox}, {"url", directorySandboxUrl}});
    sandboxes.push_back(std::move(*directory));
  }

  // The live workflows the engine routes by; the API tells it about publishes and rollbacks.
  std::unique_ptr<orchestrator::WorkflowRegistry> publishedWorkflows =
      makePublishedWorkflows(*store, config);
  vault::Vault vault(keys->cardKeys, clock, config.cardTokenTtl);
  // NOTIFY actions are logged until webhook/e-mail delivery exists (orchestrator/notifier.h).
  orchestrator::PaymentEngine engine(*store, vault, registry, keys->credentialsKey, clock,
                                     engineOptions, publishedWorkflows.get());
  // Switchyard's own 3-D Secure server, on the directory server configured (or the demo's).
  std::unique_ptr<three_ds::ThreeDsServer> threeDsServer = makeThreeDsServer(client, config);
  engine.setThreeDsServer(threeDsServer.get());

  // Webhooks to merchants: the outbox recorder writes events in the engine's own transactions;
  // the dispatcher delivers them with a client of its own (receivers are not processors).
  auto schedule = webhooks::RetrySchedule::parseDelays(config.webhookRetrySchedule);
  if (!schedule) return fail(schedule.status());
  webhooks::DispatcherOptions dispatcherOptions;
  dispatcherOptions.timeout = config.webhookTimeout;
  dispatcherOptions.pollInterval = config.webhookPollInterval;
  dispatcherOptions.claimTtl = std::max(config.webhookClaimTtl, config.webhookTimeout * 2);
  dispatcherOptions.maxInFlight = config.webhookMaxInFlight;
  dispatcherOptions.perReceiverLimit = config.webhookReceiverConcurrency;
  dispatcherOptions.schedule.delays = std::move(*schedule);
  dispatcherOptions.schedule.giveUpAfter = config.webhookGiveUpAfter;
  http::ClientOptions receiverClientOptions = *processorClientOptions(config);
  // Receivers only on public addresses, checked on the address connected to (SSRF; DNS rebinding).
  if (!config.allowPrivateWebhookTargets())
    receiverClientOptions.addressFilter = webhooks::checkReceiverAddress;
  http::HttpClient receiverClient(ioc.get_executor(), std::move(receiverClientOptions));
  webhooks::Dispatcher dispatcher(ioc.get_executor(), *store, receiverClient, clock,
                                  keys->credentialsKey, dispatcherOptions);
  webhooks::OutboxRecorder outbox(
      [](const domain::Payment& p) { return api::codec::writePayment(p, false); }, clock,
      [&dispatcher] { dispatcher.wake(); });
  engine.setWriteObserver(&outbox);
  // One breaker per processor connection, in this process's memory (docs/resilience.md).
  orchestrator::CircuitBreakers breakers(circuitBreakerOptions(config), clock);
  engine.setCircuitBreakers(&breakers);
  std::vector<std::string> processors = registry.names();
  std::string demoApiKey;
  std::string demoMerchantId;
  if (config.demo) {
    auto demo = ensureDemoMerchant(*store, engine, processors, config.dataDir, clock);
    if (!demo) return fail(demo.status());
    // The demo workflow, unless the merchant has workflows already (a restart, or its own).
    const PublishRequest seed{demo->merchantId, "", kDemoWorkflow, "demo", true};
    auto seeded = publishWorkflowDocument(*store, seed, clock.now());
    if (!seeded) return fail(seeded.status());
    if (*seeded) log::info("published the demo workflow", {{"workflow", (*seeded)->workflowId}});
    demoApiKey = demo->apiKey;
    demoMerchantId = demo->merchantId;
    std::printf("Demo merchant %s\nDemo API key: %s (also in %s/demo-api-key)\n",
                demo->merchantId.c_str(), demo->apiKey.c_str(), config.dataDir.c_str());
  }

  log::info("node", {{"node_id", engine.nodeId()}});
  api::Authenticator auth(*store, keys->adminKey, clock, config.apiKeyCacheTtl);
  std::atomic<bool> ready{true};
  api::ApiContext ctx{*store,
                      engine,
                      vault,
                      auth,
                      clock,
                      config.clientTokenTtl,
                      processors,
                      [&ready] { return ready.load(); },
                      publishedWorkflows.get()};
  ctx.secretsKey = keys->credentialsKey;
  ctx.dispatcherStats = [&dispatcher] { return dispatcher.stats(); };
  ctx.wakeDispatcher = [&dispatcher] { dispatcher.wake(); };
  ctx.circuitBreakers = &breakers;
  ctx.webhookAllowPrivateTargets = config.allowPrivateWebhookTargets();
  http::Router router;
  api::registerRoutes(router, ctx);
  api::registerCheckoutScriptRoute(router, webAsset("switchyard-checkout.js").value());
  api::registerThreeDsReturnRoute(router, ctx.engine);
  if (config.demo) {
    api::registerDemoShopRoutes(router, {demoApiKey, webAsset("shop.html").value(),
                                         webAsset("shop.js").value(), webAsset("shop.css").value()});
  }
  http::ServerOptions serverOptions;
  serverOptions.maxBodyBytes = config.maxBodyBytes;
  serverOptions.readTimeout = config.readTimeout;
  serverOptions.idleTimeout = config.idleTimeout;
  // Shed load before it queues: on the store's queueing delay, with a concurrency backstop
  // (http/admission.h). /healthz stays exempt so load balancers keep seeing the node.
  serverOptions.admission.maxInFlight = config.maxInFlightRequests;
  serverOptions.admission.queueDelayTarget = config.overloadQueueTarget;
  const store::Store* storeForDelay = store.get();
  http::LoopLagMonitor loopLag(ioc.get_executor());
  loopLag.start();
  serverOptions.admission.queueDelay = [storeForDelay, &loopLag] {
    return std::max(
        store::sql::queueDelay(*storeForDelay).value_or(std::chrono::steady_clock::duration{}),
        loopLag.lag());
  };
  serverOptions.admission.exemptPaths = {"/healthz"};
  http::Server server(ioc, serverOptions, router, api::serverErrorResponder);
  auto bound = server.listen(*listenAt);
  if (!bound) return fail(bound.status());
  const std::string address = bound->address().to_string() + ":" + std::to_string(bound->port());
  engine.setPublicUrl(config.publicUrl.empty() ? "http://" + address : config.publicUrl);
  server.start();
  if (auto s = writePrivateFile(config.dataDir + "/listening", address + "\n"); !s) return fail(s);
  // Where each demo emulator listens ("PROCESSOR URL" per line), for tests and people who want to
  // drive an emulator's control endpoint (fault injection) directly.
  std::string sandboxList;
  for (const auto& [processor, url] : engineOptions.sandboxUrls)
    sandboxList += processor + " " + url + "\n";
  if (config.demo) {
    sandboxList += std::string(kDirectoryServerSandbox) + " " + directorySandboxUrl + "\n";
    if (auto s = writePrivateFile(config.dataDir + "/sandboxes", sandboxList); !s) return fail(s);
    // Each emulator that sends webhooks sends them to this server's inbound endpoint for the
    // demo merchant's connection to it, as the processor would.
    std::vector<store::Connection> demoConnections;
    store::readSync(*store, [&](store::ReadTx& tx) {
      if (auto cs = tx.listConnections(demoMerchantId)) demoConnections = std::move(*cs);
    });
    for (size_t i = 0; i < sandboxes.size() && i < sandboxSpecs().size(); ++i) {
      const SandboxSpec& spec = sandboxSpecs()[i];
      if (spec.webhookSecret.empty()) continue;
      for (const auto& c : demoConnections)
        if (c.processorMerchantId == spec.connectionName)
          sandboxes[i]->sendWebhooksTo("http://" + address + "/webhooks/processors/" + c.id,
                                       spec.webhookSecret);
    }
  }

  // Off the start-up path and off the network threads: the system CA bundle (tens of ms) loads on
  // its own thread while the first requests are served.
  std::thread tlsWarmUp([&client, &receiverClient] {
    client.prepareTls();
    receiverClient.prepareTls();
  });

  orchestrator::RecoverySweep sweep(ioc.get_executor(), *store, engine, clock,
                                    config.recoveryInterval);
  sweep.start();
  dispatcher.start();
  // CVV holds of tokens never used expire with their token: deleted by whichever node gets there.
  asio::steady_timer cvvPurge(ioc);
  std::function<void()> purgeLoop = [&] {
    cvvPurge.expires_after(std::chrono::seconds(60));
    cvvPurge.async_wait([&](boost::system::error_code ec) {
      if (ec) return;
      const TimePoint now = clock.now();
      store->submitWrite(
          [now](store::WriteTx& tx) { return tx.deleteExpiredCvvHolds(now).status(); },
          [](Status s) {
            if (!s) log::warn("expired CVV holds not deleted", {{"error", s.toString()}});
          });
      purgeLoop();
    });
  };
  purgeLoop();
  // Outbox retention (docs/webhooks.md "Retention"): a minute after start, then hourly.
  asio::steady_timer outboxPrune(ioc);
  const webhooks::OutboxRetention retention{config.webhookRetention, config.webhookDeadRetention};
  std::function<void(std::chrono::seconds)> pruneLoop = [&](std::chrono::seconds after) {
    outboxPrune.expires_after(after);
    outboxPrune.async_wait([&](boost::system::error_code ec) {
      if (ec) return;
      webhooks::pruneOutbox(*store, clock, retention, [](Result<store::OutboxPruned> r) {
        if (!r) log::warn("webhook outbox not pruned", {{"error", r.status().toString()}});
        else if (r->events > 0 || r->receipts > 0)
          log::info("webhook outbox pruned", {{"events", r->events}, {"receipts", r->receipts}});
      });
      pruneLoop(std::chrono::hours(1));
    });
  };
  pruneLoop(std::chrono::seconds(60));

  signals.async_wait([&](boost::system::error_code ec, int sig) {
    if (ec) return;
    log::info("shutting down", {{"signal", sig}});
    ready = false;
    sweep.stop();
    dispatcher.stop();
    cvvPurge.cancel();
    loopLag.stop();
    outboxPrune.cancel();
    server.stop([&] { stopAll(sandboxes, [&] { ioc.stop(); }); });
  });

  auto startupUs = std::chrono::duration_cast<std::chrono::microseconds>(
                       std::chrono::steady_clock::now() - started)
                       .count();
  log::info("listening", {{"address", address}, {"startup_us", int64_t(startupUs)}});
  std::printf("Switchyard listening on http://%s\n", address.c_str());
  std::fflush(stdout);

  int threads = config.threads > 0 ? config.threads
                                   : std::max(1u, std::thread::hardware_concurrency());
  std::vector<std::thread> pool;
  for (int i = 1; i < threads; ++i) pool.emplace_back([&] { ioc.run(); });
  ioc.run();
  for (auto& t : pool) t.join();
  tlsWarmUp.join();
  store->close();
  std::filesystem::remove(config.dataDir + "/listening", fsErr);
  if (config.demo) std::filesystem::remove(config.dataDir + "/sandboxes", fsErr);
  log::info("stopped");
  return 0;
}

}  // namespace sy::app
