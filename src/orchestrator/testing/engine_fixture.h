// A GoogleTest fixture that runs the real PaymentEngine end to end: a SQLite store in a temporary
// directory, the vault, and the Stripe, Adyen and test-processor connectors calling their sandbox
// emulators over loopback (OS-chosen ports), with an in-memory PublishedWorkflows, a recording
// Notifier and a clock the test moves. One merchant with three connections: "stripe-main"
// (default), "adyen-main" and "tp-main".
#pragma once

#include <gtest/gtest.h>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/address.hpp>
#include <boost/asio/use_future.hpp>
#include <boost/json/parse.hpp>
#include <atomic>
#include <filesystem>
#include <future>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "common/ids.h"
#include "connectors/adyen/adyen_kit.h"
#include "connectors/stripe/stripe_kit.h"
#include "connectors/test_processor/test_processor_kit.h"
#include "http/client.h"
#include "orchestrator/payment_engine.h"
#include "orchestrator/recovery_sweep.h"
#include "orchestrator/testing/in_memory_workflows.h"
#include "store/store_url.h"
#include "vault/testing/dev_key_ring.h"

namespace sy::orchestrator::testing {

// A clock the test moves by hand.
class ManualClock final : public Clock {
 public:
  TimePoint now() const override { return fromMicros(micros_.load()); }
  void advance(std::chrono::microseconds d) { micros_ += d.count(); }

 private:
  std::atomic<int64_t> micros_{toMicros(systemNow())};
};

// Keeps every notification the engine hands over.
class RecordingNotifier final : public Notifier {
 public:
  void notify(const Notification& n) override {
    std::lock_guard lock(mu_);
    seen_.push_back(n);
  }
  std::vector<Notification> seen() {
    std::lock_guard lock(mu_);
    return seen_;
  }

 private:
  std::mutex mu_;
  std::vector<Notification> seen_;
};

// An emulator of one kit on loopback, with access to its ledger and faults.
template <class Kit>
struct RunningEmulator {
  RunningEmulator(boost::asio::io_context& ioc) : emulator(ioc, Kit::emulatorOptions()) {
    auto bound = emulator.listen({boost::asio::ip::make_address("127.0.0.1"), 0});
    EXPECT_TRUE(bound) << bound.status().toString();
    emulator.start();
  }
  typename Kit::Emulator emulator;
};

class EngineFixture : public ::testing::Test {
 protected:
  static constexpr const char* kMerchant = "m_routing";

  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() / ("sy-engine-" + randomId(8));
    std::filesystem::create_directories(dir_);
    auto url = store::parseStoreUrl("sqlite://" + (dir_ / "store.db").string());
    ASSERT_TRUE(url) << url.status().toString();
    store::OpenOptions o;
    o.sqliteFsyncEveryCommit = false;
    auto opened = store::openStore(*url, o);
    ASSERT_TRUE(opened) << opened.status().toString();
    store_ = std::move(*opened);

    stripe_ = std::make_unique<RunningEmulator<connectors::testing::StripeKit>>(ioc_);
    adyen_ = std::make_unique<RunningEmulator<connectors::testing::AdyenKit>>(ioc_);
    tp_ = std::make_unique<RunningEmulator<connectors::testing::TestProcessorKit>>(ioc_);
    for (int i = 0; i < 2; ++i) threads_.emplace_back([this] { ioc_.run(); });

    registry_.add(std::make_unique<connectors::stripe::StripeConnector>(client_));
    registry_.add(std::make_unique<connectors::adyen::AdyenConnector>(client_));
    registry_.add(
        std::make_unique<connectors::test_processor::TestProcessorConnector>(client_));
    EngineOptions options;
    options.processorTimeout = std::chrono::seconds(5);
    engine_ = std::make_unique<PaymentEngine>(*store_, vault_, registry_,
                                              SecretString(std::string(32, 'k')), clock_, options,
                                              &workflows_, &notifier_);
    addConnection("STRIPE", "stripe-main", stripe_->emulator.baseUrl(),
                  connectors::testing::StripeKit::credentialsJson(), true);
    addConnection("ADYEN", "adyen-main", adyen_->emulator.baseUrl(),
                  connectors::testing::AdyenKit::credentialsJson(), false);
    addConnection("TEST_PROCESSOR", "tp-main", tp_->emulator.baseUrl(),
                  connectors::testing::TestProcessorKit::credentialsJson(), false);
  }

  void TearDown() override {
    stopEmulator(stripe_->emulator);
    stopEmulator(adyen_->emulator);
    stopEmulator(tp_->emulator);
    work_.reset();
    ioc_.stop();
    for (auto& t : threads_) t.join();
    engine_.reset();
    store_->close();
    store_.reset();
    std::filesystem::remove_all(dir_);
  }

  template <class E>
  static void stopEmulator(E& emulator) {
    auto drained = std::make_shared<std::promise<void>>();
    auto done = drained->get_future();
    emulator.stop([drained] { drained->set_value(); });
    EXPECT_EQ(done.wait_for(std::chrono::seconds(5)), std::future_status::ready);
  }

  void addConnection(const std::string& processor, const std::string& name,
                     const std::string& baseUrl, const std::string& credentials, bool isDefault) {
    store::Connection c;
    c.id = "conn_" + name;
    c.merchantId = kMerchant;
    c.processor = processor;
    c.processorMerchantId = name;
    c.baseUrl = baseUrl;
    auto sealed = engine_->sealCredentials(c.id, credentials);
    ASSERT_TRUE(sealed) << sealed.status().toString();
    c.credentialsSealed = *sealed;
    c.isDefault = isDefault;
    c.createdAt = clock_.now();
    ASSERT_TRUE(store::writeSync(*store_, [&](store::WriteTx& tx) {
                  return tx.insertConnection(c);
                }).isOk());
    connections_.push_back(name);
  }

  // Publishes a workflow document for the merchant (fails the test when it does not compile).
  void publish(const std::string& workflowId, std::string_view json) {
    const std::string errors = workflows_.publish(kMerchant, workflowId, json, connections_);
    ASSERT_EQ(errors, "") << json;
  }

  struct Card {
    std::string number = "4242424242424242";
    std::string holder = "Ada Lovelace";
    std::string cvv = "123";
  };
  struct PaymentInput {
    Card card;
    int64_t amount = 1000;
    std::string currency = "EUR";
    std::string metadataJson;
    std::string pin;  // processor.processorMerchantId
    std::string customerId;
    std::string paymentMethodJson;  // the request's paymentMethod options, e.g. vaultOnSuccess
  };

  // Tokenizes the card and creates the payment; the engine's answer.
  Result<domain::Payment> pay(const PaymentInput& in) {
    vault::CardInput card;
    card.number = SecretString(in.card.number);
    card.cvv = SecretString(in.card.cvv);
    card.expirationMonth = "12";
    card.expirationYear = "2034";
    card.cardholderName = in.card.holder;
    card.network = "VISA";
    auto tokenized = vault_.tokenize(kMerchant, "", card);
    if (!tokenized) return tokenized.status();
    Status st = store::writeSync(*store_, [&](store::WriteTx& tx) -> Status {
      SY_RETURN_IF_ERROR(tx.insertCardToken(tokenized->token));
      if (tokenized->cvvHold) SY_RETURN_IF_ERROR(tx.insertCvvHold(*tokenized->cvvHold));
      return Status::ok();
    });
    if (!st) return st;
    NewPayment req;
    req.merchantId = kMerchant;
    req.paymentMethodToken = tokenized->token.token;
    req.orderId = "order-" + randomId(6);
    req.currencyCode = in.currency;
    req.amount = in.amount;
    if (!in.metadataJson.empty()) req.metadataJson = in.metadataJson;
    req.processorMerchantId = in.pin;
    req.customerId = in.customerId;
    if (!in.paymentMethodJson.empty()) req.paymentMethodJson = in.paymentMethodJson;
    return run([this, req]() mutable { return createCo(std::move(req)); });
  }
  // Creates the payment as the merchant asked for it; the engine's answer.
  Result<domain::Payment> create(const NewPayment& req) {
    return run([this, req]() mutable { return createCo(std::move(req)); });
  }
  Result<domain::Payment> pay(const std::string& cardNumber, int64_t amount = 1000) {
    PaymentInput in;
    in.card.number = cardNumber;
    in.amount = amount;
    return pay(in);
  }

  Result<domain::Payment> load(const std::string& paymentId) {
    return run([this, paymentId] { return loadCo(paymentId); });
  }
  Result<domain::Payment> cancel(const std::string& paymentId) {
    return run([this, paymentId] { return cancelCo(paymentId); });
  }
  // One pass of the recovery sweep (unresolved calls, then due captures).
  int sweep() {
    RecoverySweep sweep(ioc_.get_executor(), *store_, *engine_, clock_,
                        std::chrono::milliseconds(1000));
    return boost::asio::co_spawn(ioc_, sweep.sweepOnce(), boost::asio::use_future).get();
  }

  // Runs an engine coroutine to completion from the test thread.
  template <class F>
  Result<domain::Payment> run(F f) {
    auto future = boost::asio::co_spawn(ioc_, wrap(std::move(f)), boost::asio::use_future);
    EXPECT_EQ(future.wait_for(std::chrono::seconds(30)), std::future_status::ready);
    return *future.get();
  }

  // --- the emulators' side ---------------------------------------------------------------
  template <class Kit>
  connectors::testing::Ledger ledger(RunningEmulator<Kit>& e) {
    auto r = raw(e.emulator.baseUrl() + std::string(Kit::kLedgerPath), "", Kit::debugHeaders(),
                 boost::beast::http::verb::get);
    boost::system::error_code ec;
    boost::json::value v = boost::json::parse(r.body, ec);
    EXPECT_FALSE(ec) << r.body;
    return Kit::readLedger(v.is_object() ? v.as_object() : boost::json::object{});
  }
  template <class Kit>
  void setFaults(RunningEmulator<Kit>& e, std::string controlJson) {
    auto r = raw(e.emulator.baseUrl() + std::string(Kit::kControlPath), std::move(controlJson),
                 Kit::debugHeaders(), boost::beast::http::verb::post);
    ASSERT_EQ(r.status, 200u) << r.body;
  }

  static const domain::AuthorizationRoute& route(const domain::Payment& p) {
    static const domain::AuthorizationRoute kNone;
    return p.routing && p.routing->authorization ? *p.routing->authorization : kNone;
  }
  static std::vector<std::string> attemptedConnections(const domain::Payment& p) {
    std::vector<std::string> out;
    for (const auto& t : p.transactions)
      if (t.type == domain::TransactionType::kSale) out.push_back(t.processorMerchantId);
    return out;
  }

  boost::asio::io_context ioc_;
  boost::asio::executor_work_guard<boost::asio::io_context::executor_type> work_ =
      boost::asio::make_work_guard(ioc_);
  std::vector<std::thread> threads_;
  std::filesystem::path dir_;
  ManualClock clock_;
  std::unique_ptr<store::Store> store_;
  // Mid-rotation: records wrapped by the previous test KEK open too (payment_instruments_test.cc).
  vault::Vault vault_{vault::testing::devKeyRingWithPrevious(), clock_, std::chrono::hours(24 * 7)};
  http::HttpClient client_{ioc_.get_executor()};
  connectors::ConnectorRegistry registry_;
  InMemoryWorkflows workflows_;
  RecordingNotifier notifier_;
  std::unique_ptr<PaymentEngine> engine_;
  std::vector<std::string> connections_;
  std::unique_ptr<RunningEmulator<connectors::testing::StripeKit>> stripe_;
  std::unique_ptr<RunningEmulator<connectors::testing::AdyenKit>> adyen_;
  std::unique_ptr<RunningEmulator<connectors::testing::TestProcessorKit>> tp_;

 private:
  // Member coroutines: parameters by value, named objects only inside co_await (see
  // "Coroutines" in docs/architecture.md).
  boost::asio::awaitable<Result<domain::Payment>> createCo(NewPayment req) {
    const Idempotency none;
    co_return co_await engine_->create(std::move(req), none);
  }
  boost::asio::awaitable<Result<domain::Payment>> loadCo(std::string paymentId) {
    const std::string merchant = kMerchant;
    co_return co_await engine_->load(merchant, paymentId);
  }
  boost::asio::awaitable<Result<domain::Payment>> cancelCo(std::string paymentId) {
    const std::string merchant = kMerchant;
    const std::string reason = "test";
    const Idempotency none;
    co_return co_await engine_->cancel(merchant, paymentId, reason, none);
  }
  // Result<T> has no default constructor, which use_future needs: wrapped in an optional.
  template <class F>
  static boost::asio::awaitable<std::optional<Result<domain::Payment>>> wrap(F f) {
    auto r = co_await f();
    co_return std::optional<Result<domain::Payment>>(std::move(r));
  }
  http::ClientResponse raw(std::string url, std::string body,
                           std::vector<std::pair<std::string, std::string>> headers,
                           boost::beast::http::verb method) {
    http::ClientRequest req;
    req.method = method;
    req.url = std::move(url);
    req.headers = std::move(headers);
    req.body = std::move(body);
    if (!req.body.empty()) req.contentType = "application/json";
    return boost::asio::co_spawn(ioc_, exchange(std::move(req)), boost::asio::use_future).get();
  }
  boost::asio::awaitable<http::ClientResponse> exchange(http::ClientRequest request) {
    auto result = co_await client_.send(std::move(request), std::chrono::seconds(5));
    if (!result) {
      ADD_FAILURE() << result.status().toString();
      co_return http::ClientResponse{};
    }
    co_return std::move(*result);
  }
};

}  // namespace sy::orchestrator::testing
