// A GoogleTest fixture that runs one connector against its emulator over real loopback HTTP: the
// emulator on 127.0.0.1 (OS-chosen port), an io_context run by two threads, an HttpClient and the
// connector, plus helpers to run the connector's coroutines from the test thread, build requests
// as the engine does, read the emulator's ledger and set its faults. Parameterized by a traits
// struct (kit_traits.h); the conformance suite and processor-specific tests derive from it.
#pragma once

#include <gtest/gtest.h>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/address.hpp>
#include <boost/asio/use_future.hpp>
#include <boost/beast/http/verb.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/value.hpp>
#include <chrono>
#include <functional>
#include <future>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "connectors/connector.h"
#include "connectors/testing/kit_traits.h"
#include "http/client.h"

namespace sy::connectors::testing {

template <ConnectorKit Kit>
class LoopbackConnectorFixture : public ::testing::Test {
 protected:
  using verb = boost::beast::http::verb;
  static constexpr std::chrono::milliseconds kTimeout{2000};

  void SetUp() override {
    emulator_ = std::make_unique<typename Kit::Emulator>(ioc_, Kit::emulatorOptions());
    auto bound = emulator_->listen({boost::asio::ip::make_address("127.0.0.1"), 0});
    ASSERT_TRUE(bound) << bound.status().toString();
    emulator_->start();
    for (int i = 0; i < 2; ++i) threads_.emplace_back([this] { ioc_.run(); });
    conn_.baseUrl = emulator_->baseUrl();
    conn_.credentialsJson = SecretString(std::string(Kit::credentialsJson()));
    conn_.processorMerchantId = std::string(Kit::kName) + "-kit";
    conn_.timeout = kTimeout;
  }

  void TearDown() override {
    if (emulator_) {
      auto drained = std::make_shared<std::promise<void>>();
      auto done = drained->get_future();
      emulator_->stop([drained] { drained->set_value(); });
      EXPECT_EQ(done.wait_for(std::chrono::seconds(5)), std::future_status::ready);
    }
    client_.reset();
    work_.reset();
    ioc_.stop();
    for (auto& t : threads_) t.join();
  }

  // --- the connector's calls, run to completion from the test thread -------------------------
  CallResult authorize(const AuthorizeRequest& req) { return authorize(req, conn_); }
  CallResult authorize(const AuthorizeRequest& req, const ConnectionConfig& conn) {
    return run([&] { return connector_.authorize(conn, req); });
  }
  CallResult capture(const CaptureRequest& req, const ConnectionConfig* conn = nullptr) {
    return run([&] { return connector_.capture(conn ? *conn : conn_, req); });
  }
  CallResult cancel(const CancelRequest& req, const ConnectionConfig* conn = nullptr) {
    return run([&] { return connector_.cancel(conn ? *conn : conn_, req); });
  }
  CallResult refund(const RefundRequest& req, const ConnectionConfig* conn = nullptr) {
    return run([&] { return connector_.refund(conn ? *conn : conn_, req); });
  }
  CallResult inquire(const InquiryRequest& req, const ConnectionConfig* conn = nullptr) {
    return run([&] { return connector_.inquire(conn ? *conn : conn_, req); });
  }
  // Runs a coroutine made by `f` on the io_context and waits for its result.
  template <class F>
  CallResult run(F&& f) {
    auto future = boost::asio::co_spawn(ioc_, std::forward<F>(f)(), boost::asio::use_future);
    EXPECT_EQ(future.wait_for(std::chrono::seconds(10)), std::future_status::ready);
    return future.get();
  }

  // --- requests as the engine builds them --------------------------------------------------
  // An authorization with the kit's approving card; card data as the vault hands it over.
  static AuthorizeRequest authorization(std::string key, int64_t amount = 1000,
                                        bool capture = false, std::string currency = "USD",
                                        int exponent = 2) {
    AuthorizeRequest req;
    req.attemptKey = std::move(key);
    req.amount = amount;
    req.currencyCode = std::move(currency);
    req.currencyExponent = exponent;
    req.capture = capture;
    req.orderId = "order-" + req.attemptKey;
    req.descriptor = "SWITCHYARD KIT";
    req.card.number = SecretString(std::string(Kit::kApprovedCard));
    req.card.cvv = SecretString(std::string(Kit::kCvv));
    req.card.expirationMonth = "12";
    req.card.expirationYear = std::to_string(currentYear() + 4);
    req.card.cardholderName = "Ada Lovelace";
    return req;
  }
  // The authorization that makes the emulator produce `decline`.
  static AuthorizeRequest authorization(std::string key, const DeclineCase& decline) {
    AuthorizeRequest req = authorization(std::move(key), decline.amount ? decline.amount : 1000);
    if (!decline.cardNumber.empty())
      req.card.number = SecretString(std::string(decline.cardNumber));
    if (!decline.holderName.empty()) req.card.cardholderName = std::string(decline.holderName);
    return req;
  }
  static CaptureRequest captureOf(const std::string& paymentId, std::string key, int64_t amount,
                                  bool final = true, std::string currency = "USD",
                                  int exponent = 2) {
    return CaptureRequest{std::move(key), paymentId, amount, std::move(currency), exponent, final};
  }
  static RefundRequest refundOf(const std::string& paymentId, std::string key, int64_t amount,
                                std::string currency = "USD", int exponent = 2) {
    return RefundRequest{std::move(key),      paymentId, amount,
                         std::move(currency), exponent,  "requested_by_customer"};
  }

  // The inquiry the engine's recovery sweep makes for a call, with the call rebuilt as the
  // original: an authorization comes back from the vault without its CVV.
  static InquiryRequest inquiryOf(const AuthorizeRequest& req, std::string paymentId = {}) {
    AuthorizeRequest rebuilt = req;
    rebuilt.card.cvv = SecretString(std::string());
    return inquiry(InquiryRequest::Kind::kAuthorize, req.attemptKey, std::move(paymentId),
                   std::move(rebuilt));
  }
  static InquiryRequest inquiryOf(const CaptureRequest& req) {
    return inquiry(InquiryRequest::Kind::kCapture, req.attemptKey, req.processorTransactionId, req);
  }
  static InquiryRequest inquiryOf(const CancelRequest& req) {
    return inquiry(InquiryRequest::Kind::kCancel, req.attemptKey, req.processorTransactionId, req);
  }
  static InquiryRequest inquiryOf(const RefundRequest& req) {
    return inquiry(InquiryRequest::Kind::kRefund, req.attemptKey, req.processorTransactionId, req);
  }
  static InquiryRequest inquiry(InquiryRequest::Kind kind, std::string key,
                                std::string paymentId = {}, OriginalCall original = {}) {
    InquiryRequest q;
    q.kind = kind;
    q.attemptKey = std::move(key);
    q.processorTransactionId = std::move(paymentId);
    q.original = std::move(original);
    return q;
  }

  // --- the emulator's side ------------------------------------------------------------------
  // A request to the emulator outside the connector (debug paths, raw wire calls).
  http::ClientResponse raw(verb method, std::string path, std::string body = {},
                           std::vector<std::pair<std::string, std::string>> headers = {}) {
    http::ClientRequest req;
    req.method = method;
    req.url = conn_.baseUrl + path;
    req.headers = std::move(headers);
    req.body = std::move(body);
    if (!req.body.empty()) req.contentType = "application/json";
    return boost::asio::co_spawn(ioc_, exchange(std::move(req)), boost::asio::use_future).get();
  }
  boost::json::object ledgerJson() {
    auto r = raw(verb::get, std::string(Kit::kLedgerPath), {}, Kit::debugHeaders());
    EXPECT_EQ(r.status, 200u) << r.body;
    boost::system::error_code ec;
    boost::json::value v = boost::json::parse(r.body, ec);
    return !ec && v.is_object() ? v.as_object() : boost::json::object{};
  }
  Ledger ledger() { return Kit::readLedger(ledgerJson()); }
  // Sets the emulator's faults (body as in sandbox/fault_injector.h).
  void setFaults(std::string controlJson) {
    auto r = raw(verb::post, std::string(Kit::kControlPath), std::move(controlJson),
                 Kit::debugHeaders());
    ASSERT_EQ(r.status, 200u) << r.body;
  }
  // Waits until the ledger satisfies `done` (e.g. an answer that timed out is processed later).
  // False when it does not within a generous bound; never used to measure time.
  bool awaitLedger(const std::function<bool(const Ledger&)>& done) {
    for (int i = 0; i < 500; ++i) {
      if (done(ledger())) return true;
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    return false;
  }

  boost::asio::io_context ioc_;
  boost::asio::executor_work_guard<boost::asio::io_context::executor_type> work_ =
      boost::asio::make_work_guard(ioc_);
  std::vector<std::thread> threads_;
  std::unique_ptr<typename Kit::Emulator> emulator_;
  std::unique_ptr<http::HttpClient> client_ =
      std::make_unique<http::HttpClient>(ioc_.get_executor());
  typename Kit::Connector connector_{*client_};
  ConnectionConfig conn_;

 private:
  static int currentYear() {
    using namespace std::chrono;
    return static_cast<int>(year_month_day{floor<days>(system_clock::now())}.year());
  }
  // A member coroutine (no closure to outlive). Result<T> has no default constructor, which
  // use_future needs, so the result is unwrapped here.
  boost::asio::awaitable<http::ClientResponse> exchange(http::ClientRequest request) {
    auto result = co_await client_->send(std::move(request), std::chrono::seconds(5));
    if (!result) {
      ADD_FAILURE() << result.status().toString();
      co_return http::ClientResponse{};
    }
    co_return std::move(*result);
  }
};

}  // namespace sy::connectors::testing
