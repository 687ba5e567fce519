// End to end: StripeConnector -> HttpClient -> loopback -> StripeEmulator.

#include <gtest/gtest.h>
#include <unistd.h>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/use_future.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/value.hpp>
#include <filesystem>
#include <fstream>
#include <future>
#include <sstream>
#include <thread>

#include "common/log.h"
#include "connectors/stripe/stripe_connector.h"
#include "http/client.h"
#include "sandbox/stripe/emulator.h"

namespace sy::connectors::stripe {
namespace {
namespace asio = boost::asio;
namespace json = boost::json;
using domain::DeclineCode;
using domain::PaymentStatus;
using domain::ReasonType;
using sandbox::stripe::StripeEmulator;
using sandbox::stripe::StripeOptions;
using namespace std::chrono_literals;

constexpr const char* kSecretKey = "sk_test_51E2eSecretKeyZq81nVx0donotlog";

class StripeE2ETest : public ::testing::Test {
 protected:
  void SetUp() override {
    emulator_ = std::make_unique<StripeEmulator>(ioc_, StripeOptions{});
    auto bound = emulator_->listen({asio::ip::make_address("127.0.0.1"), 0});
    ASSERT_TRUE(bound.isOk()) << bound.status().toString();
    emulator_->start();
    for (int i = 0; i < 2; ++i) threads_.emplace_back([this] { ioc_.run(); });
    conn_.baseUrl = emulator_->baseUrl();
    conn_.credentialsJson = SecretString(std::string(R"({"secretKey":")") + kSecretKey + "\"}");
    conn_.processorMerchantId = "stripe-e2e";
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

  http::ClientResponse raw(boost::beast::http::verb method, std::string path,
                           std::string body = {}) {
    http::ClientRequest req;
    req.method = method;
    req.url = conn_.baseUrl + path;
    req.headers.emplace_back("Authorization", std::string("Bearer ") + kSecretKey);
    req.body = std::move(body);
    if (!req.body.empty()) req.contentType = "application/json";
    return asio::co_spawn(ioc_, exchange(std::move(req)), asio::use_future).get();
  }
  asio::awaitable<http::ClientResponse> exchange(http::ClientRequest request) {
    auto result = co_await client_->send(std::move(request), 5s);
    if (!result.isOk()) {
      ADD_FAILURE() << result.status().toString();
      co_return http::ClientResponse{};
    }
    co_return std::move(*result);
  }
  json::object ledger() {
    return json::parse(raw(boost::beast::http::verb::get, "/v1/_ledger").body).as_object();
  }
  void control(std::string body) {
    auto r = raw(boost::beast::http::verb::post, "/v1/_control", std::move(body));
    ASSERT_EQ(r.status, 200u) << r.body;
  }

  static AuthorizeRequest authorizeRequest(std::string number, std::string key,
                                           int64_t amount = 1000, bool capture = false,
                                           std::string currency = "USD", int exponent = 2) {
    AuthorizeRequest req;
    req.attemptKey = std::move(key);
    req.amount = amount;
    req.currencyCode = std::move(currency);
    req.currencyExponent = exponent;
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
  std::unique_ptr<StripeEmulator> emulator_;
  std::unique_ptr<http::HttpClient> client_ =
      std::make_unique<http::HttpClient>(ioc_.get_executor());
  StripeConnector connector_{*client_};
  ConnectionConfig conn_;
};

TEST_F(StripeE2ETest, Capabilities) {
  EXPECT_EQ(connector_.processorName(), "STRIPE");
  Capabilities c = connector_.capabilities();
  EXPECT_TRUE(c.partialCapture);
  EXPECT_FALSE(c.multipleCapture);
  EXPECT_TRUE(c.partialRefund);
  EXPECT_TRUE(c.multipleRefund);
  EXPECT_FALSE(c.asyncModifications);
}

TEST_F(StripeE2ETest, AuthorizeThenPartialCaptureThenPartialRefunds) {
  CallResult auth = authorize(authorizeRequest("4242424242424242", "k-auth-1", 1000));
  ASSERT_EQ(auth.outcome, CallOutcome::kSucceeded);
  EXPECT_EQ(auth.status, PaymentStatus::kAuthorized);
  ASSERT_TRUE(auth.processorTransactionId.starts_with("pi_"));

  CaptureRequest cap{"k-cap-1", auth.processorTransactionId, 600, "USD", 2, true};
  CallResult captured = capture(cap);
  ASSERT_EQ(captured.outcome, CallOutcome::kSucceeded);
  EXPECT_EQ(captured.status, PaymentStatus::kSettled);
  EXPECT_EQ(captured.amountCaptured, 600);

  // Stripe captures once: a second capture is refused, not unknown.
  CaptureRequest again{"k-cap-2", auth.processorTransactionId, 100, "USD", 2, true};
  CallResult second = capture(again);
  EXPECT_EQ(second.outcome, CallOutcome::kFailed);
  EXPECT_EQ(second.reason->processorCode, "payment_intent_unexpected_state");
  CaptureRequest nonFinal{"k-cap-3", auth.processorTransactionId, 100, "USD", 2, false};
  EXPECT_EQ(capture(nonFinal).outcome, CallOutcome::kFailed);

  RefundRequest r1{"k-ref-1", auth.processorTransactionId, 200, "USD", 2, "requested_by_customer"};
  RefundRequest r2{"k-ref-2", auth.processorTransactionId, 300, "USD", 2, ""};
  RefundRequest r3{"k-ref-3", auth.processorTransactionId, 200, "USD", 2, ""};
  CallResult f1 = refund(r1);
  ASSERT_EQ(f1.outcome, CallOutcome::kSucceeded);
  EXPECT_TRUE(f1.processorOperationId.starts_with("re_"));
  EXPECT_EQ(f1.amountRefunded, 200);
  EXPECT_EQ(refund(r2).outcome, CallOutcome::kSucceeded);
  CallResult over = refund(r3);  // 600 captured, 500 refunded: 200 is too much
  EXPECT_EQ(over.outcome, CallOutcome::kFailed);
  EXPECT_EQ(over.reason->processorCode, "amount_too_large");

  json::object books = ledger();
  auto row = books["payment_intents"].as_array()[0].as_object();
  EXPECT_EQ(row["captured"], 600);
  EXPECT_EQ(row["refunded"], 500);
  EXPECT_EQ(books["refundCount"], 2);
  EXPECT_EQ(books["captureCount"], 1);
}

TEST_F(StripeE2ETest, AuthorizeAndCaptureInOneCall) {
  CallResult sale = authorize(authorizeRequest("5555555555554444", "k-sale-1", 2500, true));
  ASSERT_EQ(sale.outcome, CallOutcome::kSucceeded);
  EXPECT_EQ(sale.status, PaymentStatus::kSettled);
  EXPECT_EQ(sale.amountCaptured, 2500);
  RefundRequest all{"k-sale-ref", sale.processorTransactionId, 2500, "USD", 2, ""};
  EXPECT_EQ(refund(all).outcome, CallOutcome::kSucceeded);
}

TEST_F(StripeE2ETest, VoidReleasesTheAuthorization) {
  CallResult auth = authorize(authorizeRequest("4242424242424242", "k-void-1"));
  CancelRequest c{"k-void-c", auth.processorTransactionId};
  CallResult voided = cancel(c);
  ASSERT_EQ(voided.outcome, CallOutcome::kSucceeded);
  EXPECT_EQ(voided.status, PaymentStatus::kCancelled);
  CaptureRequest cap{"k-void-cap", auth.processorTransactionId, 100, "USD", 2, true};
  EXPECT_EQ(capture(cap).outcome, CallOutcome::kFailed);
  EXPECT_EQ(inquire(InquiryRequest::Kind::kCancel, "k-void-c", auth.processorTransactionId).outcome,
            CallOutcome::kSucceeded);
  EXPECT_EQ(ledger()["cancelCount"], 1);
}

struct Decline {
  const char* number;
  DeclineCode code;
  const char* raw;
};

TEST_F(StripeE2ETest, EveryDeclineClassIsMapped) {
  int i = 0;
  for (Decline d :
       {Decline{"4000000000000002", DeclineCode::kDeclined, "generic_decline"},
        Decline{"4000000000009995", DeclineCode::kInsufficientFunds, "insufficient_funds"},
        Decline{"4000000000009987", DeclineCode::kLostOrStolenCard, "lost_card"},
        Decline{"4000000000009979", DeclineCode::kLostOrStolenCard, "stolen_card"},
        Decline{"4000000000000069", DeclineCode::kExpiredCard, "expired_card"},
        Decline{"4242424242424241", DeclineCode::kInvalidCardNumber, "incorrect_number"},
        Decline{"4000000000006975", DeclineCode::kWithdrawalLimitExceeded,
                "card_velocity_exceeded"},
        Decline{"4100000000000019", DeclineCode::kSuspectedFraud, "fraudulent"},
        Decline{"4000002760003184", DeclineCode::kAuthenticationRequired,
                "authentication_required"},
        Decline{"4000000000000515", DeclineCode::kDoNotHonor, "do_not_honor"},
        Decline{"4000000000000523", DeclineCode::kIssuerTemporarilyUnavailable,
                "issuer_not_available"},
        Decline{"4000000000000531", DeclineCode::kReferToCardIssuer, "call_issuer"},
        Decline{"4000000000000127", DeclineCode::kDeclined, "incorrect_cvc"}}) {
    std::string key = "k-decline-" + std::to_string(i++);
    CallResult r = authorize(authorizeRequest(d.number, key));
    ASSERT_EQ(r.outcome, CallOutcome::kDeclined) << d.raw;
    EXPECT_EQ(r.status, PaymentStatus::kDeclined);
    ASSERT_TRUE(r.reason.has_value());
    EXPECT_EQ(r.reason->type, ReasonType::kIssuerDeclined);
    EXPECT_EQ(r.reason->code, d.code) << d.raw;
    EXPECT_EQ(r.reason->processorCode, d.raw);
    EXPECT_FALSE(r.reason->message.empty());
    // The inquiry sees the same decline.
    CallResult again = inquire(InquiryRequest::Kind::kAuthorize, key);
    EXPECT_EQ(again.outcome, CallOutcome::kDeclined) << d.raw;
    EXPECT_EQ(again.reason->processorCode, d.raw);
  }
  CallResult processing = authorize(authorizeRequest("4000000000000119", "k-proc"));
  EXPECT_EQ(processing.outcome, CallOutcome::kFailed);
  EXPECT_EQ(processing.reason->advisedAction, domain::AdvisedAction::kRetryLater);
  EXPECT_EQ(ledger()["chargeCount"], 0);
}

TEST_F(StripeE2ETest, ZeroAndThreeDecimalCurrencies) {
  CallResult jpy = authorize(authorizeRequest("4242424242424242", "k-jpy", 5000, true, "JPY", 0));
  ASSERT_EQ(jpy.outcome, CallOutcome::kSucceeded);
  EXPECT_EQ(jpy.amountCaptured, 5000);
  CallResult krw = authorize(authorizeRequest("4242424242424242", "k-krw", 15000, true, "KRW", 0));
  EXPECT_EQ(krw.outcome, CallOutcome::kSucceeded);
  CallResult kwd = authorize(authorizeRequest("4242424242424242", "k-kwd", 12340, false, "KWD", 3));
  ASSERT_EQ(kwd.outcome, CallOutcome::kSucceeded);
  CaptureRequest cap{"k-kwd-cap", kwd.processorTransactionId, 10000, "KWD", 3, true};
  EXPECT_EQ(capture(cap).amountCaptured, 10000);
  // Not a multiple of 10: refused before sending, nothing reaches Stripe.
  CallResult bad = authorize(authorizeRequest("4242424242424242", "k-bhd", 1005, false, "BHD", 3));
  EXPECT_EQ(bad.outcome, CallOutcome::kFailed);
  EXPECT_EQ(bad.reason->type, ReasonType::kApplicationError);
  CallResult isk = authorize(authorizeRequest("4242424242424242", "k-isk", 5, true, "ISK", 0));
  ASSERT_EQ(isk.outcome, CallOutcome::kSucceeded);
  EXPECT_EQ(isk.amountCaptured, 5);
  json::object books = ledger();
  auto rows = books["payment_intents"].as_array();
  ASSERT_EQ(rows.size(), 4u);
  EXPECT_EQ(rows[0].as_object().at("currency"), "jpy");
  EXPECT_EQ(rows[0].as_object().at("amount"), 5000);
  EXPECT_EQ(rows[2].as_object().at("amount"), 12340);
  EXPECT_EQ(rows[3].as_object().at("amount"), 500);  // ISK is two-decimal at Stripe
}

TEST_F(StripeE2ETest, IdempotentRetryChargesOnce) {
  auto req = authorizeRequest("4242424242424242", "k-idem-1");
  CallResult first = authorize(req);
  CallResult second = authorize(req);
  EXPECT_EQ(first.processorTransactionId, second.processorTransactionId);
  EXPECT_EQ(ledger()["chargeCount"], 1);
  // Same key, different request: Stripe refuses; the outcome of the key stays unknown.
  auto changed = req;
  changed.amount = 2000;
  EXPECT_EQ(authorize(changed).outcome, CallOutcome::kUnknown);
  EXPECT_EQ(ledger()["chargeCount"], 1);
}

TEST_F(StripeE2ETest, FailureBeforeProcessingIsUnknownAndInquirySaysNotFound) {
  control(R"({"failNext":1})");
  CallResult r = authorize(authorizeRequest("4242424242424242", "k-fail-1"));
  EXPECT_EQ(r.outcome, CallOutcome::kUnknown);
  EXPECT_EQ(inquire(InquiryRequest::Kind::kAuthorize, "k-fail-1").outcome, CallOutcome::kNotFound);
  EXPECT_EQ(ledger()["chargeCount"], 0);
  // The retry with the same key goes through once.
  EXPECT_EQ(authorize(authorizeRequest("4242424242424242", "k-fail-1")).outcome,
            CallOutcome::kSucceeded);
  EXPECT_EQ(ledger()["chargeCount"], 1);
}

TEST_F(StripeE2ETest, AnswerDroppedAfterProcessingIsResolvedByInquiry) {
  control(R"({"dropNext":1,"phase":"after"})");
  CallResult r = authorize(authorizeRequest("4242424242424242", "k-drop-1", 1500));
  EXPECT_EQ(r.outcome, CallOutcome::kUnknown);
  EXPECT_EQ(r.reason->type, ReasonType::kGatewayTimeout);
  CallResult found = inquire(InquiryRequest::Kind::kAuthorize, "k-drop-1");
  ASSERT_EQ(found.outcome, CallOutcome::kSucceeded);
  EXPECT_EQ(found.status, PaymentStatus::kAuthorized);
  // By processor reference too.
  CallResult byId =
      inquire(InquiryRequest::Kind::kAuthorize, "k-drop-1", found.processorTransactionId);
  EXPECT_EQ(byId.status, PaymentStatus::kAuthorized);
  // A replay of the same request with the same key is answered from Stripe's idempotency store.
  CallResult replay = authorize(authorizeRequest("4242424242424242", "k-drop-1", 1500));
  EXPECT_EQ(replay.processorTransactionId, found.processorTransactionId);
  EXPECT_EQ(ledger()["chargeCount"], 1);

  // A capture whose answer is lost, then a refund whose answer is lost.
  control(R"({"failNext":1,"phase":"after"})");
  CaptureRequest cap{"k-drop-cap", found.processorTransactionId, 1500, "USD", 2, true};
  EXPECT_EQ(capture(cap).outcome, CallOutcome::kUnknown);
  CallResult capInq =
      inquire(InquiryRequest::Kind::kCapture, "k-drop-cap", found.processorTransactionId);
  EXPECT_EQ(capInq.outcome, CallOutcome::kSucceeded);
  EXPECT_EQ(capInq.amountCaptured, 1500);
  EXPECT_EQ(
      inquire(InquiryRequest::Kind::kRefund, "k-drop-ref", found.processorTransactionId).outcome,
      CallOutcome::kNotFound);
  control(R"({"dropNext":1,"phase":"after"})");
  RefundRequest ref{"k-drop-ref", found.processorTransactionId, 500, "USD", 2, ""};
  EXPECT_EQ(refund(ref).outcome, CallOutcome::kUnknown);
  CallResult refInq =
      inquire(InquiryRequest::Kind::kRefund, "k-drop-ref", found.processorTransactionId);
  EXPECT_EQ(refInq.outcome, CallOutcome::kSucceeded);
  EXPECT_EQ(refInq.amountRefunded, 500);
  EXPECT_EQ(ledger()["refundCount"], 1);
}

TEST_F(StripeE2ETest, LatencyTimeoutAndDeclineAll) {
  control(R"({"latencyMs":400})");
  conn_.timeout = 100ms;
  EXPECT_EQ(authorize(authorizeRequest("4242424242424242", "k-slow")).outcome,
            CallOutcome::kUnknown);
  control(R"({"reset":true,"declineAll":true})");
  conn_.timeout = 2s;
  CallResult d = authorize(authorizeRequest("4242424242424242", "k-all"));
  EXPECT_EQ(d.outcome, CallOutcome::kDeclined);
  EXPECT_EQ(d.reason->code, DeclineCode::kDoNotHonor);
  control(R"({"reset":true})");
}

TEST_F(StripeE2ETest, BadCredentialsFailWithoutCharging) {
  ConnectionConfig wrong = conn_;
  wrong.credentialsJson = SecretString(R"({"secretKey":"pk_test_publishable"})");
  CallResult r = authorize(authorizeRequest("4242424242424242", "k-cred"), wrong);
  EXPECT_EQ(r.outcome, CallOutcome::kFailed);
  ConnectionConfig missing = conn_;
  missing.credentialsJson = SecretString(R"({"apiKey":"sk_test_x"})");
  EXPECT_EQ(authorize(authorizeRequest("4242424242424242", "k-cred2"), missing).reason->type,
            ReasonType::kApplicationError);
  EXPECT_EQ(ledger()["payment_intents"].as_array().size(), 0u);
}

TEST_F(StripeE2ETest, CredentialsAndCardDataNeverReachTheLog) {
  auto path = std::filesystem::temp_directory_path() /
              ("sy_stripe_e2e_log_" + std::to_string(::getpid()) + ".jsonl");
  std::filesystem::remove(path);
  log::setLevel(log::Level::kDebug);
  log::setOutputFile(path.string());

  CallResult ok = authorize(authorizeRequest("4242424242424242", "k-log-1"));
  authorize(authorizeRequest("4000000000009995", "k-log-2"));
  authorize(authorizeRequest("4000000000000119", "k-log-3"));
  control(R"({"failNext":1})");
  authorize(authorizeRequest("5555555555554444", "k-log-4"));
  inquire(InquiryRequest::Kind::kAuthorize, "k-log-4");
  CaptureRequest cap{"k-log-cap", ok.processorTransactionId, 1000, "USD", 2, true};
  capture(cap);
  ConnectionConfig badJson = conn_;
  badJson.credentialsJson = SecretString(std::string(R"({"secretKey":)") + kSecretKey + "}");
  authorize(authorizeRequest("4242424242424242", "k-log-5"), badJson);

  log::setOutputFile("");
  log::setLevel(log::Level::kInfo);
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  std::filesystem::remove(path);
  const std::string logged = text.str();
  EXPECT_NE(logged.find("stripe call"), std::string::npos) << "nothing was logged";
  for (const char* secret : {kSecretKey, "sk_test_", "4242424242424242", "4000000000009995",
                             "5555555555554444", "4000000000000119", "\"123\"", "Bearer"}) {
    EXPECT_EQ(logged.find(secret), std::string::npos) << secret << " leaked into:\n" << logged;
  }
}

}  // namespace
}  // namespace sy::connectors::stripe
