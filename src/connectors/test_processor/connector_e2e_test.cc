// End to end: TestProcessorConnector -> HttpClient -> loopback -> TestProcessorEmulator.

#include <gtest/gtest.h>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/use_future.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/value.hpp>
#include <filesystem>
#include <fstream>
#include <future>
#include <set>
#include <sstream>
#include <thread>

#include "common/log.h"
#include "connectors/test_processor/test_processor_connector.h"
#include "http/client.h"
#include "sandbox/test_processor/emulator.h"

namespace sy::sandbox::test_processor {
namespace {
namespace asio = boost::asio;
namespace json = boost::json;
using connectors::AuthorizeRequest;
using connectors::CallOutcome;
using connectors::CallResult;
using connectors::CancelRequest;
using connectors::CaptureRequest;
using connectors::ConnectionConfig;
using connectors::InquiryRequest;
using connectors::RefundRequest;
using connectors::test_processor::TestProcessorConnector;
using domain::DeclineCode;
using domain::PaymentStatus;
using domain::ReasonType;
using namespace std::chrono_literals;

constexpr const char* kApiKey = "tp_sk_e2e_Zq81nVx0secret";

class ConnectorE2ETest : public ::testing::Test {
 protected:
  void SetUp() override {
    TestProcessorOptions options;
    options.slowResponse = 1s;
    emulator_ = std::make_unique<TestProcessorEmulator>(ioc_, options);
    auto bound = emulator_->listen({asio::ip::make_address("127.0.0.1"), 0});
    ASSERT_TRUE(bound.isOk()) << bound.status().toString();
    emulator_->start();
    for (int i = 0; i < 2; ++i) threads_.emplace_back([this] { ioc_.run(); });
    conn_.baseUrl = emulator_->baseUrl();
    conn_.credentialsJson = SecretString(std::string(R"({"apiKey":")") + kApiKey + "\"}");
    conn_.processorMerchantId = "test-processor-e2e";
    conn_.timeout = 2s;
  }

  void TearDown() override {
    auto drained = std::make_shared<std::promise<void>>();
    auto done = drained->get_future();
    emulator_->stop([drained] { drained->set_value(); });
    EXPECT_EQ(done.wait_for(5s), std::future_status::ready);
    client_.reset();
    work_.reset();
    ioc_.stop();
    for (auto& t : threads_) t.join();
  }

  // Runs a connector coroutine to completion from the test thread.
  template <class F>
  CallResult run(F&& f) {
    auto future = asio::co_spawn(ioc_, std::forward<F>(f)(), asio::use_future);
    EXPECT_EQ(future.wait_for(10s), std::future_status::ready);
    return future.get();
  }

  CallResult authorize(const AuthorizeRequest& req, const ConnectionConfig& conn) {
    return run([&] { return connector_.authorize(conn, req); });
  }
  CallResult authorize(const AuthorizeRequest& req) { return authorize(req, conn_); }
  CallResult capture(const CaptureRequest& req) {
    return run([&] { return connector_.capture(conn_, req); });
  }
  CallResult cancel(const CancelRequest& req) {
    return run([&] { return connector_.cancel(conn_, req); });
  }
  CallResult refund(const RefundRequest& req) {
    return run([&] { return connector_.refund(conn_, req); });
  }
  CallResult inquire(InquiryRequest::Kind kind, std::string key, std::string paymentId = {}) {
    InquiryRequest req;
    req.kind = kind;
    req.attemptKey = std::move(key);
    req.processorTransactionId = std::move(paymentId);
    return run([&] { return connector_.inquire(conn_, req); });
  }

  // A raw call to the emulator (ledger, control), outside the connector.
  http::ClientResponse raw(boost::beast::http::verb method, std::string path, std::string body = {},
                           bool authorized = true) {
    http::ClientRequest req;
    req.method = method;
    req.url = conn_.baseUrl + path;
    if (authorized) req.headers.emplace_back("Authorization", std::string("Bearer ") + kApiKey);
    req.body = std::move(body);
    if (!req.body.empty()) req.contentType = "application/json";
    return asio::co_spawn(ioc_, exchange(std::move(req)), asio::use_future).get();
  }
  // A member coroutine (no closure to outlive); Result<T> has no default constructor, which
  // use_future needs, so the result is unwrapped here.
  asio::awaitable<http::ClientResponse> exchange(http::ClientRequest request) {
    auto result = co_await client_->send(std::move(request), 5s);
    if (!result.isOk()) {
      ADD_FAILURE() << result.status().toString();
      co_return http::ClientResponse{};
    }
    co_return std::move(*result);
  }
  json::object ledger() {
    return json::parse(raw(boost::beast::http::verb::get, "/v1/ledger").body).as_object();
  }
  void control(std::string body) {
    auto r = raw(boost::beast::http::verb::post, "/v1/_control", std::move(body));
    ASSERT_EQ(r.status, 200u) << r.body;
  }

  static AuthorizeRequest authorizeRequest(std::string number, std::string key,
                                           int64_t amount = 1000, bool capture = false) {
    AuthorizeRequest req;
    req.attemptKey = std::move(key);
    req.amount = amount;
    req.currencyCode = "USD";
    req.capture = capture;
    req.orderId = "order-" + req.attemptKey;
    req.card.number = SecretString(std::move(number));
    req.card.cvv = SecretString("123");
    req.card.expirationMonth = "12";
    req.card.expirationYear = "2030";
    req.card.cardholderName = "Ada Lovelace";
    return req;
  }

  asio::io_context ioc_;
  asio::executor_work_guard<asio::io_context::executor_type> work_ = asio::make_work_guard(ioc_);
  std::vector<std::thread> threads_;
  std::unique_ptr<TestProcessorEmulator> emulator_;
  std::unique_ptr<http::HttpClient> client_ =
      std::make_unique<http::HttpClient>(ioc_.get_executor());
  TestProcessorConnector connector_{*client_};
  ConnectionConfig conn_;
};

TEST_F(ConnectorE2ETest, ApprovingMagicCards) {
  CallResult visa = authorize(authorizeRequest("4111111111111111", "k-visa"));
  EXPECT_EQ(visa.outcome, CallOutcome::kSucceeded);
  EXPECT_EQ(visa.status, PaymentStatus::kAuthorized);
  EXPECT_EQ(visa.processorTransactionId.rfind("tp_pay_", 0), 0u);
  EXPECT_FALSE(visa.reason);

  CallResult mc = authorize(authorizeRequest("5555555555554444", "k-mc", 700, true));
  EXPECT_EQ(mc.outcome, CallOutcome::kSucceeded);
  EXPECT_EQ(mc.status, PaymentStatus::kSettled);
  EXPECT_EQ(mc.amountCaptured, 700);

  CallResult amex = authorize(authorizeRequest("378282246310005", "k-amex"));
  EXPECT_EQ(amex.outcome, CallOutcome::kSucceeded);

  CallResult other = authorize(authorizeRequest("6011111111111117", "k-other"));
  EXPECT_EQ(other.outcome, CallOutcome::kSucceeded);
  EXPECT_EQ(ledger()["charge_count"], 4);
}

TEST_F(ConnectorE2ETest, DecliningMagicCards) {
  struct Case {
    const char* number;
    DeclineCode code;
    const char* raw;
  };
  for (const Case& c :
       {Case{"4000000000000002", DeclineCode::kDoNotHonor, "do_not_honor"},
        Case{"4000000000009995", DeclineCode::kInsufficientFunds, "insufficient_funds"},
        Case{"4000000000000069", DeclineCode::kExpiredCard, "expired_card"},
        Case{"4111111111111112", DeclineCode::kInvalidCardNumber, "invalid_number"}}) {
    CallResult r = authorize(authorizeRequest(c.number, std::string("k-") + c.number));
    EXPECT_EQ(r.outcome, CallOutcome::kDeclined) << c.number;
    EXPECT_EQ(r.status, PaymentStatus::kDeclined) << c.number;
    ASSERT_TRUE(r.reason) << c.number;
    EXPECT_EQ(r.reason->type, ReasonType::kIssuerDeclined);
    EXPECT_EQ(r.reason->code, c.code) << c.number;
    EXPECT_EQ(r.reason->processorCode, c.raw);
    EXPECT_FALSE(r.reason->message.empty());
  }
  CallResult failed = authorize(authorizeRequest("4000000000000119", "k-fail"));
  EXPECT_EQ(failed.outcome, CallOutcome::kFailed);
  EXPECT_EQ(failed.status, PaymentStatus::kFailed);
  ASSERT_TRUE(failed.reason);
  EXPECT_EQ(failed.reason->type, ReasonType::kGatewayRejected);
  EXPECT_EQ(failed.reason->processorCode, "processing_error");
  EXPECT_EQ(ledger()["charge_count"], 0);
}

TEST_F(ConnectorE2ETest, AuthorizePartialCapturesAndRefund) {
  CallResult auth = authorize(authorizeRequest("4111111111111111", "k-auth", 1000));
  ASSERT_EQ(auth.outcome, CallOutcome::kSucceeded);
  const std::string id = auth.processorTransactionId;

  CaptureRequest c1{"k-cap-1", id, 300, "USD", 2, false};
  CallResult cap1 = capture(c1);
  EXPECT_EQ(cap1.outcome, CallOutcome::kSucceeded);
  EXPECT_EQ(cap1.processorOperationId.rfind("tp_cap_", 0), 0u);
  EXPECT_EQ(cap1.status, PaymentStatus::kAuthorized);
  EXPECT_EQ(cap1.amountCaptured, 300);

  CaptureRequest tooMuch{"k-cap-x", id, 800, "USD", 2, true};
  CallResult over = capture(tooMuch);
  EXPECT_EQ(over.outcome, CallOutcome::kFailed);
  EXPECT_EQ(over.reason->processorCode, "amount_too_large");

  CaptureRequest c2{"k-cap-2", id, 200, "USD", 2, true};
  CallResult cap2 = capture(c2);
  EXPECT_EQ(cap2.outcome, CallOutcome::kSucceeded);
  EXPECT_EQ(cap2.status, PaymentStatus::kSettled);
  EXPECT_EQ(cap2.amountCaptured, 500);

  RefundRequest r1{"k-ref-1", id, 200, "USD", 2, "requested_by_customer"};
  CallResult ref = refund(r1);
  EXPECT_EQ(ref.outcome, CallOutcome::kSucceeded);
  EXPECT_EQ(ref.processorOperationId.rfind("tp_re_", 0), 0u);
  EXPECT_EQ(ref.amountRefunded, 200);
  RefundRequest r2{"k-ref-2", id, 301, "USD", 2, ""};
  EXPECT_EQ(refund(r2).outcome, CallOutcome::kFailed);

  // Each operation can be found again by its key.
  CallResult found = inquire(InquiryRequest::Kind::kCapture, "k-cap-2", id);
  EXPECT_EQ(found.outcome, CallOutcome::kSucceeded);
  EXPECT_EQ(found.processorOperationId, cap2.processorOperationId);
  EXPECT_EQ(inquire(InquiryRequest::Kind::kRefund, "k-ref-1", id).processorOperationId,
            ref.processorOperationId);
  EXPECT_EQ(inquire(InquiryRequest::Kind::kRefund, "k-ref-2", id).outcome, CallOutcome::kNotFound);
  EXPECT_EQ(inquire(InquiryRequest::Kind::kRefund, "k-cap-1", id).outcome, CallOutcome::kUnknown);

  json::object books = ledger();
  ASSERT_EQ(books["payments"].as_array().size(), 1u);
  json::object row = books["payments"].as_array()[0].as_object();
  EXPECT_EQ(row["authorized"], 1000);
  EXPECT_EQ(row["captured"], 500);
  EXPECT_EQ(row["refunded"], 200);
  EXPECT_EQ(row["voided"], 500);
  EXPECT_EQ(books["capture_count"], 2);
  EXPECT_EQ(books["refund_count"], 1);
}

TEST_F(ConnectorE2ETest, CancelReleasesTheAuthorization) {
  CallResult auth = authorize(authorizeRequest("4111111111111111", "k-auth"));
  CallResult voided = cancel(CancelRequest{"k-void", auth.processorTransactionId});
  EXPECT_EQ(voided.outcome, CallOutcome::kSucceeded);
  EXPECT_EQ(voided.status, PaymentStatus::kCancelled);
  EXPECT_EQ(cancel(CancelRequest{"k-void-2", auth.processorTransactionId}).outcome,
            CallOutcome::kFailed);
  EXPECT_EQ(inquire(InquiryRequest::Kind::kCancel, "k-void").outcome, CallOutcome::kSucceeded);
}

TEST_F(ConnectorE2ETest, IdempotentRetryChargesOnce) {
  AuthorizeRequest req = authorizeRequest("4111111111111111", "k-retry");
  CallResult first = authorize(req);
  CallResult second = authorize(req);
  EXPECT_EQ(first.outcome, CallOutcome::kSucceeded);
  EXPECT_EQ(second.outcome, CallOutcome::kSucceeded);
  EXPECT_EQ(second.processorTransactionId, first.processorTransactionId);
  EXPECT_EQ(ledger()["charge_count"], 1);

  // The same key with another amount is not silently a second charge.
  AuthorizeRequest changed = req;
  changed.amount = 999;
  EXPECT_EQ(authorize(changed).outcome, CallOutcome::kUnknown);
  EXPECT_EQ(ledger()["charge_count"], 1);
}

TEST_F(ConnectorE2ETest, ConcurrentRetriesOfOneKeyChargeOnce) {
  // Many in-flight copies of one call (same key) and many distinct calls, all at once, on two
  // threads: the key's copies must all see one payment, and the ledger must hold one per key.
  constexpr int kCopies = 16;
  AuthorizeRequest same = authorizeRequest("4111111111111111", "k-concurrent");
  std::vector<AuthorizeRequest> distinct;
  for (int i = 0; i < kCopies; ++i)
    distinct.push_back(authorizeRequest("4111111111111111", "k-distinct-" + std::to_string(i)));
  std::vector<std::future<CallResult>> futures;
  for (int i = 0; i < kCopies; ++i) {
    futures.push_back(asio::co_spawn(ioc_, connector_.authorize(conn_, same), asio::use_future));
    futures.push_back(
        asio::co_spawn(ioc_, connector_.authorize(conn_, distinct[i]), asio::use_future));
  }
  std::set<std::string> sameIds, distinctIds;
  for (size_t i = 0; i < futures.size(); ++i) {
    CallResult r = futures[i].get();
    EXPECT_EQ(r.outcome, CallOutcome::kSucceeded);
    (i % 2 == 0 ? sameIds : distinctIds).insert(r.processorTransactionId);
  }
  EXPECT_EQ(sameIds.size(), 1u);
  EXPECT_EQ(distinctIds.size(), static_cast<size_t>(kCopies));
  EXPECT_EQ(ledger()["charge_count"], kCopies + 1);
}

TEST_F(ConnectorE2ETest, SlowCardIsUnknownThenFoundByInquiry) {
  conn_.timeout = 200ms;
  auto started = std::chrono::steady_clock::now();
  CallResult r = authorize(authorizeRequest("4000000000000259", "k-slow"));
  EXPECT_LT(std::chrono::steady_clock::now() - started, 900ms);
  EXPECT_EQ(r.outcome, CallOutcome::kUnknown);
  EXPECT_EQ(r.status, PaymentStatus::kPending);
  ASSERT_TRUE(r.reason);
  EXPECT_EQ(r.reason->type, ReasonType::kGatewayTimeout);
  EXPECT_EQ(r.reason->message.rfind("outcome unknown: ", 0), 0u);

  conn_.timeout = 2s;
  CallResult found = inquire(InquiryRequest::Kind::kAuthorize, "k-slow");
  EXPECT_EQ(found.outcome, CallOutcome::kSucceeded);
  EXPECT_EQ(found.status, PaymentStatus::kAuthorized);
  EXPECT_EQ(inquire(InquiryRequest::Kind::kAuthorize, "k-never").outcome, CallOutcome::kNotFound);
  // A retry with the key is answered from the stored response, without a second charge.
  CallResult retried = authorize(authorizeRequest("4000000000000259", "k-slow"));
  EXPECT_EQ(retried.processorTransactionId, found.processorTransactionId);
  EXPECT_EQ(ledger()["charge_count"], 1);
}

TEST_F(ConnectorE2ETest, InjectedFailureBeforeProcessingIsUnknownAndNotCharged) {
  control(R"({"failNext":1})");
  AuthorizeRequest req = authorizeRequest("4111111111111111", "k-500");
  CallResult r = authorize(req);
  EXPECT_EQ(r.outcome, CallOutcome::kUnknown);
  EXPECT_NE(r.reason->message.find("500"), std::string::npos);
  EXPECT_EQ(inquire(InquiryRequest::Kind::kAuthorize, "k-500").outcome, CallOutcome::kNotFound);
  EXPECT_EQ(authorize(req).outcome, CallOutcome::kSucceeded);
  EXPECT_EQ(ledger()["charge_count"], 1);
}

TEST_F(ConnectorE2ETest, AnswerLostAfterProcessingIsFoundByInquiry) {
  control(R"({"failNext":1,"phase":"after"})");
  AuthorizeRequest req = authorizeRequest("4111111111111111", "k-lost");
  EXPECT_EQ(authorize(req).outcome, CallOutcome::kUnknown);
  CallResult found = inquire(InquiryRequest::Kind::kAuthorize, "k-lost");
  EXPECT_EQ(found.outcome, CallOutcome::kSucceeded);
  EXPECT_EQ(authorize(req).processorTransactionId, found.processorTransactionId);
  EXPECT_EQ(ledger()["charge_count"], 1);
}

TEST_F(ConnectorE2ETest, DroppedConnectionIsUnknownAndInquiryTellsWhatHappened) {
  // Dropped before processing: unknown, and the inquiry says it never arrived.
  control(R"({"dropNext":1})");
  auto started = std::chrono::steady_clock::now();
  CallResult before = authorize(authorizeRequest("4111111111111111", "k-drop-1"));
  EXPECT_LT(std::chrono::steady_clock::now() - started, 1s);  // a close, not a timeout
  EXPECT_EQ(before.outcome, CallOutcome::kUnknown);
  EXPECT_EQ(before.reason->type, ReasonType::kGatewayTimeout);
  EXPECT_EQ(inquire(InquiryRequest::Kind::kAuthorize, "k-drop-1").outcome, CallOutcome::kNotFound);

  // Dropped after processing: unknown, and the inquiry finds the authorization.
  control(R"({"dropNext":1,"phase":"after"})");
  CallResult after = authorize(authorizeRequest("4111111111111111", "k-drop-2"));
  EXPECT_EQ(after.outcome, CallOutcome::kUnknown);
  CallResult found = inquire(InquiryRequest::Kind::kAuthorize, "k-drop-2");
  EXPECT_EQ(found.outcome, CallOutcome::kSucceeded);
  EXPECT_EQ(found.status, PaymentStatus::kAuthorized);
  EXPECT_EQ(ledger()["charge_count"], 1);
}

TEST_F(ConnectorE2ETest, LatencyAndDeclineAllFaults) {
  control(R"({"declineAll":true,"latencyMs":50})");
  auto started = std::chrono::steady_clock::now();
  CallResult r = authorize(authorizeRequest("4111111111111111", "k-declined"));
  EXPECT_GE(std::chrono::steady_clock::now() - started, 50ms);
  EXPECT_EQ(r.outcome, CallOutcome::kDeclined);
  EXPECT_EQ(r.reason->code, DeclineCode::kDoNotHonor);
  control(R"({"reset":true})");
  EXPECT_EQ(authorize(authorizeRequest("4111111111111111", "k-ok")).outcome,
            CallOutcome::kSucceeded);
}

TEST_F(ConnectorE2ETest, AuthenticationIsRequired) {
  auto missing = raw(boost::beast::http::verb::get, "/v1/ledger", {}, false);
  EXPECT_EQ(missing.status, 401u);
  EXPECT_EQ(json::parse(missing.body).at("error").at("type"), "authentication_error");

  ConnectionConfig noKey = conn_;
  noKey.credentialsJson = SecretString("{}");
  CallResult notSent = authorize(authorizeRequest("4111111111111111", "k-nokey"), noKey);
  EXPECT_EQ(notSent.outcome, CallOutcome::kFailed);
  EXPECT_EQ(notSent.reason->type, ReasonType::kApplicationError);
  EXPECT_EQ(ledger()["payments"].as_array().size(), 0u);
}

TEST_F(ConnectorE2ETest, RequiredApiKeyRefusesOthers) {
  // A second emulator that accepts only one key.
  TestProcessorOptions options;
  options.requiredApiKey = "tp_sk_only_this_one";
  TestProcessorEmulator strict(ioc_, options);
  ASSERT_TRUE(strict.listen({asio::ip::make_address("127.0.0.1"), 0}).isOk());
  strict.start();
  ConnectionConfig conn = conn_;
  conn.baseUrl = strict.baseUrl();
  CallResult refused = authorize(authorizeRequest("4111111111111111", "k-strict"), conn);
  EXPECT_EQ(refused.outcome, CallOutcome::kFailed);
  EXPECT_EQ(refused.reason->processorCode, "authentication_error");
  conn.credentialsJson = SecretString(R"({"apiKey":"tp_sk_only_this_one"})");
  EXPECT_EQ(authorize(authorizeRequest("4111111111111111", "k-strict"), conn).outcome,
            CallOutcome::kSucceeded);
  std::promise<void> drained;
  strict.stop([&] { drained.set_value(); });
  drained.get_future().wait_for(5s);
}

TEST_F(ConnectorE2ETest, CredentialsAndCardDataNeverReachTheLog) {
  auto path = std::filesystem::temp_directory_path() /
              ("sy_tp_e2e_log_" + std::to_string(::getpid()) + ".jsonl");
  std::filesystem::remove(path);
  log::setLevel(log::Level::kDebug);
  log::setOutputFile(path.string());

  // Every path that logs: success, decline, failure, refusal, unknown, inquiry, bad credentials.
  authorize(authorizeRequest("4111111111111111", "k-log-1"));
  authorize(authorizeRequest("4000000000000002", "k-log-2"));
  authorize(authorizeRequest("4000000000000119", "k-log-3"));
  control(R"({"failNext":1})");
  authorize(authorizeRequest("5555555555554444", "k-log-4"));
  conn_.timeout = 200ms;
  authorize(authorizeRequest("4000000000000259", "k-log-5"));
  conn_.timeout = 2s;
  inquire(InquiryRequest::Kind::kAuthorize, "k-log-5");
  ConnectionConfig badJson = conn_;
  badJson.credentialsJson = SecretString(std::string(R"({"apiKey":)") + kApiKey + "}");
  authorize(authorizeRequest("4111111111111111", "k-log-6"), badJson);

  log::setOutputFile("");
  log::setLevel(log::Level::kInfo);
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  std::filesystem::remove(path);
  const std::string logged = text.str();
  EXPECT_NE(logged.find("test processor call"), std::string::npos) << "nothing was logged";
  for (const char* secret : {kApiKey, "4111111111111111", "4000000000000002", "5555555555554444",
                             "4000000000000259", "\"123\"", "Bearer"}) {
    EXPECT_EQ(logged.find(secret), std::string::npos) << secret << " leaked into:\n" << logged;
  }
}

}  // namespace
}  // namespace sy::sandbox::test_processor
