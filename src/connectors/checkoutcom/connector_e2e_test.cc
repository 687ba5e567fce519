// End to end: CheckoutComConnector -> HttpClient -> loopback -> CheckoutComEmulator.

#include <gtest/gtest.h>
#include <unistd.h>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/use_future.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/value.hpp>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <future>
#include <set>
#include <sstream>
#include <thread>

#include "common/log.h"
#include "connectors/checkoutcom/checkoutcom_connector.h"
#include "http/client.h"
#include "sandbox/checkoutcom/emulator.h"

namespace sy::sandbox::checkoutcom {
namespace {
namespace asio = boost::asio;
namespace json = boost::json;
using boost::beast::http::verb;
using connectors::AuthorizeRequest;
using connectors::CallOutcome;
using connectors::CallResult;
using connectors::CancelRequest;
using connectors::CaptureRequest;
using connectors::ConnectionConfig;
using connectors::InquiryRequest;
using connectors::RefundRequest;
using connectors::checkoutcom::CheckoutComConnector;
using domain::DeclineCode;
using domain::PaymentStatus;
using domain::ReasonType;
using namespace std::chrono_literals;

constexpr const char* kSecretKey = "sk_sbox_e2eZq81nVx0secretkey42";

class CheckoutComE2ETest : public ::testing::Test {
 protected:
  void SetUp() override {
    emulator_ = std::make_unique<CheckoutComEmulator>(ioc_, CheckoutComOptions{});
    auto bound = emulator_->listen({asio::ip::make_address("127.0.0.1"), 0});
    ASSERT_TRUE(bound.isOk()) << bound.status().toString();
    emulator_->start();
    for (int i = 0; i < 2; ++i) threads_.emplace_back([this] { ioc_.run(); });
    conn_.baseUrl = emulator_->baseUrl();
    conn_.credentialsJson = SecretString(std::string(R"({"secretKey":")") + kSecretKey +
                                         R"(","processingChannelId":"pc_q4dbxom5jbgudnjzjpz7j2z6uq"})");
    conn_.processorMerchantId = "checkoutcom-e2e";
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

  http::ClientResponse raw(verb method, std::string path, std::string body = {},
                           bool authorized = true, std::string idempotencyKey = {}) {
    http::ClientRequest req;
    req.method = method;
    req.url = conn_.baseUrl + path;
    if (authorized) req.headers.emplace_back("Authorization", std::string("Bearer ") + kSecretKey);
    if (!idempotencyKey.empty()) req.headers.emplace_back("Cko-Idempotency-Key", idempotencyKey);
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
  json::object ledger() { return json::parse(raw(verb::get, "/_ledger").body).as_object(); }
  json::object row(const std::string& id) {
    json::object books = ledger();
    for (const auto& r : books["payments"].as_array())
      if (r.at("id") == id.c_str()) return r.as_object();
    ADD_FAILURE() << "no ledger row for " << id;
    return {};
  }
  void control(std::string body) {
    auto r = raw(verb::post, "/_control", std::move(body));
    ASSERT_EQ(r.status, 200u) << r.body;
  }

  static AuthorizeRequest authorizeRequest(std::string key, int64_t amount = 1000,
                                           bool capture = false, std::string currency = "USD",
                                           int exponent = 2,
                                           std::string number = "4242424242424242") {
    AuthorizeRequest req;
    req.attemptKey = std::move(key);
    req.amount = amount;
    req.currencyCode = std::move(currency);
    req.currencyExponent = exponent;
    req.capture = capture;
    req.orderId = "order-" + req.attemptKey;
    req.card.number = SecretString(std::move(number));
    req.card.cvv = SecretString("100");
    req.card.expirationMonth = "12";
    req.card.expirationYear = "2030";
    req.card.cardholderName = "Ada Lovelace";
    return req;
  }

  asio::io_context ioc_;
  asio::executor_work_guard<asio::io_context::executor_type> work_ = asio::make_work_guard(ioc_);
  std::vector<std::thread> threads_;
  std::unique_ptr<CheckoutComEmulator> emulator_;
  std::unique_ptr<http::HttpClient> client_ =
      std::make_unique<http::HttpClient>(ioc_.get_executor());
  CheckoutComConnector connector_{*client_};
  ConnectionConfig conn_;
};

TEST_F(CheckoutComE2ETest, AuthorizeWithTestCards) {
  for (const char* card : {"4242424242424242", "4543474002249996", "5436031030606378",
                           "345678901234564", "4000000000009995"}) {
    CallResult r = authorize(authorizeRequest(std::string("k-") + card, 1000, false, "USD", 2, card));
    EXPECT_EQ(r.outcome, CallOutcome::kSucceeded) << card;
    EXPECT_EQ(r.status, PaymentStatus::kAuthorized) << card;
    EXPECT_EQ(r.processorTransactionId.rfind("pay_", 0), 0u);
    EXPECT_EQ(r.processorTransactionId.size(), 30u);
    EXPECT_FALSE(r.reason);
  }
  EXPECT_EQ(ledger()["charge_count"], 5);
}

TEST_F(CheckoutComE2ETest, AuthorizeAndCaptureInOneCall) {
  CallResult r = authorize(authorizeRequest("k-sale", 700, true));
  EXPECT_EQ(r.outcome, CallOutcome::kSucceeded);
  EXPECT_EQ(r.status, PaymentStatus::kSettling);
  CallResult found = inquire(InquiryRequest::Kind::kAuthorize, "k-sale", r.processorTransactionId);
  EXPECT_EQ(found.outcome, CallOutcome::kSucceeded);
  EXPECT_EQ(found.status, PaymentStatus::kSettled);
  EXPECT_EQ(row(r.processorTransactionId)["captured"], 700);
}

TEST_F(CheckoutComE2ETest, EveryDeclineClassIsMapped) {
  struct Case {
    int64_t amount;
    DeclineCode code;
  };
  for (const Case& c : {Case{20005, DeclineCode::kDoNotHonor},
                        Case{20051, DeclineCode::kInsufficientFunds},
                        Case{20054, DeclineCode::kExpiredCard},
                        Case{20014, DeclineCode::kInvalidCardNumber},
                        Case{20041, DeclineCode::kLostOrStolenCard},
                        Case{30043, DeclineCode::kLostOrStolenCard},
                        Case{20059, DeclineCode::kSuspectedFraud},
                        Case{20061, DeclineCode::kWithdrawalLimitExceeded},
                        Case{20091, DeclineCode::kIssuerTemporarilyUnavailable},
                        Case{20154, DeclineCode::kAuthenticationRequired},
                        Case{20001, DeclineCode::kReferToCardIssuer},
                        Case{120062, DeclineCode::kDeclined}}) {
    const std::string raw = std::to_string(c.amount % 100000);
    CallResult r = authorize(authorizeRequest("k-decline-" + raw, c.amount));
    EXPECT_EQ(r.outcome, CallOutcome::kDeclined) << raw;
    EXPECT_EQ(r.status, PaymentStatus::kDeclined) << raw;
    ASSERT_TRUE(r.reason) << raw;
    EXPECT_EQ(r.reason->type, ReasonType::kIssuerDeclined);
    EXPECT_EQ(r.reason->code, c.code) << raw;
    EXPECT_EQ(r.reason->processorCode, raw);
    EXPECT_FALSE(r.reason->message.empty());
    // The inquiry finds the same decline, with its code from the authorization action.
    CallResult again = inquire(InquiryRequest::Kind::kAuthorize, "k", r.processorTransactionId);
    EXPECT_EQ(again.outcome, CallOutcome::kDeclined);
    ASSERT_TRUE(again.reason);
    EXPECT_EQ(again.reason->processorCode, raw);
  }
  EXPECT_EQ(ledger()["charge_count"], 0);
}

TEST_F(CheckoutComE2ETest, PartialAndMultipleCapturesThenPartialRefunds) {
  CallResult auth = authorize(authorizeRequest("k-auth", 1000));
  ASSERT_EQ(auth.outcome, CallOutcome::kSucceeded);
  const std::string id = auth.processorTransactionId;

  CallResult cap1 = capture(CaptureRequest{"k-cap-1", id, 300, "USD", 2, false});
  EXPECT_EQ(cap1.outcome, CallOutcome::kSucceeded);
  EXPECT_EQ(cap1.processorOperationId.rfind("act_", 0), 0u);
  EXPECT_EQ(inquire(InquiryRequest::Kind::kAuthorize, "k-auth", id).status,
            PaymentStatus::kPartiallySettled);

  CallResult over = capture(CaptureRequest{"k-cap-x", id, 800, "USD", 2, true});
  EXPECT_EQ(over.outcome, CallOutcome::kFailed);
  EXPECT_EQ(over.reason->processorCode, "amount_exceeds_balance");

  CallResult cap2 = capture(CaptureRequest{"k-cap-2", id, 200, "USD", 2, true});
  EXPECT_EQ(cap2.outcome, CallOutcome::kSucceeded);
  EXPECT_EQ(inquire(InquiryRequest::Kind::kAuthorize, "k-auth", id).status, PaymentStatus::kSettled);
  // A Final capture voided the rest: no further capture.
  EXPECT_EQ(capture(CaptureRequest{"k-cap-3", id, 100, "USD", 2, true}).outcome, CallOutcome::kFailed);

  CallResult ref1 = refund(RefundRequest{"k-ref-1", id, 200, "USD", 2, "requested_by_customer"});
  EXPECT_EQ(ref1.outcome, CallOutcome::kSucceeded);
  CallResult ref2 = refund(RefundRequest{"k-ref-2", id, 100, "USD", 2, ""});
  EXPECT_EQ(ref2.outcome, CallOutcome::kSucceeded);
  CallResult ref3 = refund(RefundRequest{"k-ref-3", id, 300, "USD", 2, ""});
  EXPECT_EQ(ref3.outcome, CallOutcome::kFailed);
  EXPECT_EQ(ref3.reason->processorCode, "refund_amount_exceeds_balance");

  // Each action is found again by its key (the `reference` we sent).
  CallResult found = inquire(InquiryRequest::Kind::kCapture, "k-cap-2", id);
  EXPECT_EQ(found.outcome, CallOutcome::kSucceeded);
  EXPECT_EQ(found.processorOperationId, cap2.processorOperationId);
  EXPECT_EQ(inquire(InquiryRequest::Kind::kRefund, "k-ref-1", id).processorOperationId,
            ref1.processorOperationId);
  EXPECT_EQ(inquire(InquiryRequest::Kind::kRefund, "k-ref-3", id).outcome, CallOutcome::kNotFound);
  EXPECT_EQ(inquire(InquiryRequest::Kind::kRefund, "k-cap-1", id).outcome, CallOutcome::kUnknown);

  json::object r = row(id);
  EXPECT_EQ(r["authorized"], 1000);
  EXPECT_EQ(r["captured"], 500);
  EXPECT_EQ(r["voided"], 500);
  EXPECT_EQ(r["refunded"], 300);
  EXPECT_EQ(r["status"], "Partially Refunded");
}

TEST_F(CheckoutComE2ETest, VoidReleasesTheAuthorization) {
  CallResult auth = authorize(authorizeRequest("k-auth"));
  CallResult voided = cancel(CancelRequest{"k-void", auth.processorTransactionId});
  EXPECT_EQ(voided.outcome, CallOutcome::kSucceeded);
  EXPECT_EQ(voided.status, PaymentStatus::kCancelled);
  CallResult twice = cancel(CancelRequest{"k-void-2", auth.processorTransactionId});
  EXPECT_EQ(twice.outcome, CallOutcome::kFailed);
  EXPECT_EQ(twice.reason->processorCode, "http_403");
  EXPECT_EQ(inquire(InquiryRequest::Kind::kCancel, "k-void", auth.processorTransactionId).outcome,
            CallOutcome::kSucceeded);
  EXPECT_EQ(inquire(InquiryRequest::Kind::kAuthorize, "k-auth", auth.processorTransactionId).status,
            PaymentStatus::kCancelled);
  EXPECT_EQ(cancel(CancelRequest{"k-void-3", "pay_aaaaaaaaaaaaaaaaaaaaaaaaaa"}).reason->processorCode,
            "http_404");
}

TEST_F(CheckoutComE2ETest, ZeroAndThreeDecimalCurrencies) {
  CallResult jpy = authorize(authorizeRequest("k-jpy", 1500, true, "JPY", 0));
  EXPECT_EQ(jpy.outcome, CallOutcome::kSucceeded);
  json::object jrow = row(jpy.processorTransactionId);
  EXPECT_EQ(jrow["authorized"], 1500);
  EXPECT_EQ(jrow["currency"], "JPY");

  CallResult kwd = authorize(authorizeRequest("k-kwd", 12340, false, "KWD", 3));
  EXPECT_EQ(kwd.outcome, CallOutcome::kSucceeded);
  EXPECT_EQ(row(kwd.processorTransactionId)["authorized"], 12340);
  EXPECT_EQ(capture(CaptureRequest{"k-kwd-cap", kwd.processorTransactionId, 10000, "KWD", 3, false})
                .outcome,
            CallOutcome::kSucceeded);
  // 12.345 KWD cannot be sent: Checkout.com wants a final 0. Refused before sending.
  CallResult odd = authorize(authorizeRequest("k-kwd-odd", 12345, false, "KWD", 3));
  EXPECT_EQ(odd.outcome, CallOutcome::kFailed);
  EXPECT_EQ(odd.reason->type, ReasonType::kApplicationError);
  CallResult bhd = authorize(authorizeRequest("k-bhd", 5000, false, "BHD", 3));
  EXPECT_EQ(bhd.outcome, CallOutcome::kSucceeded);
  EXPECT_EQ(ledger()["payments"].as_array().size(), 3u);
}

TEST_F(CheckoutComE2ETest, IdempotentRetryChargesOnce) {
  AuthorizeRequest req = authorizeRequest("k-retry");
  CallResult first = authorize(req);
  CallResult second = authorize(req);
  EXPECT_EQ(first.outcome, CallOutcome::kSucceeded);
  EXPECT_EQ(second.processorTransactionId, first.processorTransactionId);
  EXPECT_EQ(ledger()["charge_count"], 1);
  // Another body under the same key: Checkout.com answers the first call's status and body.
  AuthorizeRequest changed = req;
  changed.amount = 999;
  EXPECT_EQ(authorize(changed).processorTransactionId, first.processorTransactionId);
  EXPECT_EQ(ledger()["charge_count"], 1);

  CaptureRequest cap{"k-cap", first.processorTransactionId, 400, "USD", 2, false};
  EXPECT_EQ(capture(cap).processorOperationId, capture(cap).processorOperationId);
  EXPECT_EQ(ledger()["capture_count"], 1);
}

TEST_F(CheckoutComE2ETest, ConcurrentRetriesOfOneKeyChargeOnce) {
  constexpr int kCopies = 12;
  AuthorizeRequest same = authorizeRequest("k-concurrent");
  std::vector<std::future<CallResult>> futures;
  for (int i = 0; i < kCopies; ++i)
    futures.push_back(asio::co_spawn(ioc_, connector_.authorize(conn_, same), asio::use_future));
  std::set<std::string> ids;
  for (auto& f : futures) {
    CallResult r = f.get();
    EXPECT_EQ(r.outcome, CallOutcome::kSucceeded);
    ids.insert(r.processorTransactionId);
  }
  EXPECT_EQ(ids.size(), 1u);
  EXPECT_EQ(ledger()["charge_count"], 1);
}

TEST_F(CheckoutComE2ETest, AnswerLostAfterProcessingIsResolvedByReplayAndInquiry) {
  control(R"({"dropNext":1,"phase":"after"})");
  AuthorizeRequest req = authorizeRequest("k-lost");
  CallResult lost = authorize(req);
  EXPECT_EQ(lost.outcome, CallOutcome::kUnknown);
  EXPECT_EQ(lost.reason->type, ReasonType::kGatewayTimeout);
  // No payment id: Checkout.com has no lookup by key, the inquiry says so and stays unknown...
  EXPECT_EQ(inquire(InquiryRequest::Kind::kAuthorize, "k-lost").outcome, CallOutcome::kUnknown);
  // ...and the sanctioned resolution is the replay under the same Cko-Idempotency-Key.
  CallResult replayed = authorize(req);
  EXPECT_EQ(replayed.outcome, CallOutcome::kSucceeded);
  EXPECT_EQ(ledger()["charge_count"], 1);
  CallResult found = inquire(InquiryRequest::Kind::kAuthorize, "k-lost", replayed.processorTransactionId);
  EXPECT_EQ(found.outcome, CallOutcome::kSucceeded);
  EXPECT_EQ(found.status, PaymentStatus::kAuthorized);

  // A capture whose answer is lost is found by its reference in the payment's actions.
  control(R"({"dropNext":1,"phase":"after"})");
  CaptureRequest cap{"k-lost-cap", replayed.processorTransactionId, 250, "USD", 2, false};
  EXPECT_EQ(capture(cap).outcome, CallOutcome::kUnknown);
  CallResult capFound = inquire(InquiryRequest::Kind::kCapture, "k-lost-cap", replayed.processorTransactionId);
  EXPECT_EQ(capFound.outcome, CallOutcome::kSucceeded);
  EXPECT_EQ(capture(cap).processorOperationId, capFound.processorOperationId);
  EXPECT_EQ(ledger()["capture_count"], 1);
}

TEST_F(CheckoutComE2ETest, FailureBeforeProcessingIsUnknownAndNotCharged) {
  control(R"({"failNext":1})");
  AuthorizeRequest req = authorizeRequest("k-502");
  CallResult r = authorize(req);
  EXPECT_EQ(r.outcome, CallOutcome::kUnknown);
  EXPECT_NE(r.reason->message.find("502"), std::string::npos);
  EXPECT_EQ(ledger()["charge_count"], 0);
  EXPECT_EQ(authorize(req).outcome, CallOutcome::kSucceeded);

  control(R"({"dropNext":1})");
  auto started = std::chrono::steady_clock::now();
  CallResult dropped = authorize(authorizeRequest("k-drop"));
  EXPECT_LT(std::chrono::steady_clock::now() - started, 1s);
  EXPECT_EQ(dropped.outcome, CallOutcome::kUnknown);
  EXPECT_EQ(ledger()["charge_count"], 1);
}

TEST_F(CheckoutComE2ETest, LatencyTimeoutAndDeclineAll) {
  control(R"({"latencyMs":400})");
  conn_.timeout = 150ms;
  CallResult slow = authorize(authorizeRequest("k-slow"));
  EXPECT_EQ(slow.outcome, CallOutcome::kUnknown);
  EXPECT_EQ(slow.reason->type, ReasonType::kGatewayTimeout);
  conn_.timeout = 2s;
  control(R"({"reset":true,"declineAll":true})");
  CallResult declined = authorize(authorizeRequest("k-declined"));
  EXPECT_EQ(declined.outcome, CallOutcome::kDeclined);
  EXPECT_EQ(declined.reason->code, DeclineCode::kDoNotHonor);
  EXPECT_EQ(declined.reason->processorCode, "20005");
  control(R"({"reset":true})");
  EXPECT_EQ(authorize(authorizeRequest("k-ok")).outcome, CallOutcome::kSucceeded);
}

TEST_F(CheckoutComE2ETest, AuthenticationIsRequired) {
  auto missing = raw(verb::get, "/_ledger", {}, false);
  EXPECT_EQ(missing.status, 401u);
  EXPECT_TRUE(missing.body.empty());
  ConnectionConfig noKey = conn_;
  noKey.credentialsJson = SecretString("{}");
  CallResult notSent = authorize(authorizeRequest("k-nokey"), noKey);
  EXPECT_EQ(notSent.outcome, CallOutcome::kFailed);
  EXPECT_EQ(notSent.reason->type, ReasonType::kApplicationError);

  CheckoutComOptions options;
  options.requiredSecretKey = "sk_sbox_only_this_one";
  CheckoutComEmulator strict(ioc_, options);
  ASSERT_TRUE(strict.listen({asio::ip::make_address("127.0.0.1"), 0}).isOk());
  strict.start();
  ConnectionConfig conn = conn_;
  conn.baseUrl = strict.baseUrl();
  CallResult refused = authorize(authorizeRequest("k-strict"), conn);
  EXPECT_EQ(refused.outcome, CallOutcome::kFailed);
  EXPECT_EQ(refused.reason->processorCode, "http_401");
  conn.credentialsJson = SecretString(R"({"secretKey":"sk_sbox_only_this_one"})");
  EXPECT_EQ(authorize(authorizeRequest("k-strict"), conn).outcome, CallOutcome::kSucceeded);
  std::promise<void> drained;
  strict.stop([&] { drained.set_value(); });
  drained.get_future().wait_for(5s);
}

TEST_F(CheckoutComE2ETest, EmulatorResponsesValidateAgainstTheSpec) {
  auto dir = std::filesystem::temp_directory_path() /
             ("sy_cko_contract_" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  auto save = [&](const std::string& name, const http::ClientResponse& r) {
    std::ofstream(dir / name) << r.body;
  };
  const std::string card =
      R"({"source":{"type":"card","number":"4242424242424242","expiry_month":12,"expiry_year":2030,"cvv":"100","name":"Ada"},)"
      R"("amount":1000,"currency":"USD","reference":"ORD-1","capture":false})";
  auto auth = raw(verb::post, "/payments", card, true, "c-1");
  ASSERT_EQ(auth.status, 201u) << auth.body;
  save("authorize.response.201.json", auth);
  std::string id = std::string(json::parse(auth.body).at("id").as_string());
  auto declined = raw(verb::post, "/payments",
                      R"({"source":{"type":"card","number":"4242424242424242","expiry_month":12,"expiry_year":2030},"amount":20051,"currency":"USD"})");
  save("authorize_declined.response.201.json", declined);
  auto invalid = raw(verb::post, "/payments", R"({"source":{"type":"card","number":"4242424242424241"}})");
  EXPECT_EQ(invalid.status, 422u);
  save("authorize_invalid.response.422.json", invalid);
  auto cap = raw(verb::post, "/payments/" + id + "/captures",
                 R"({"amount":400,"capture_type":"NonFinal","reference":"c-cap"})", true, "c-2");
  EXPECT_EQ(cap.status, 202u);
  save("capture.response.202.json", cap);
  auto ref = raw(verb::post, "/payments/" + id + "/refunds", R"({"amount":100,"reference":"c-ref"})");
  EXPECT_EQ(ref.status, 202u);
  save("refund.response.202.json", ref);
  auto over = raw(verb::post, "/payments/" + id + "/refunds", R"({"amount":10000})");
  EXPECT_EQ(over.status, 422u);
  save("refund_over.response.422.json", over);
  save("payment.response.200.json", raw(verb::get, "/payments/" + id));
  save("actions.response.200.json", raw(verb::get, "/payments/" + id + "/actions"));
  auto other = raw(verb::post, "/payments", card, true, "c-3");
  std::string otherId = std::string(json::parse(other.body).at("id").as_string());
  auto voided = raw(verb::post, "/payments/" + otherId + "/voids", R"({"reference":"c-void"})");
  EXPECT_EQ(voided.status, 202u);
  save("void.response.202.json", voided);
  save("payment_voided.response.200.json", raw(verb::get, "/payments/" + otherId));

  auto script = std::filesystem::path(__FILE__).parent_path() / "contract_check.js";
  if (std::system("node --version > /dev/null 2>&1") != 0) {
    std::filesystem::remove_all(dir);
    GTEST_SKIP() << "node is not installed";
  }
  std::string cmd = "node " + script.string() + " " + dir.string() + " > " +
                    (dir / "out.txt").string() + " 2>&1";
  int rc = std::system(cmd.c_str());
  std::ifstream in(dir / "out.txt");
  std::stringstream out;
  out << in.rdbuf();
  EXPECT_EQ(rc, 0) << out.str();
  std::filesystem::remove_all(dir);
}

TEST_F(CheckoutComE2ETest, CredentialsAndCardDataNeverReachTheLog) {
  auto path = std::filesystem::temp_directory_path() /
              ("sy_cko_e2e_log_" + std::to_string(::getpid()) + ".jsonl");
  std::filesystem::remove(path);
  log::setLevel(log::Level::kDebug);
  log::setOutputFile(path.string());

  CallResult ok = authorize(authorizeRequest("k-log-1"));
  authorize(authorizeRequest("k-log-2", 20051, false, "USD", 2, "5436031030606378"));
  control(R"({"failNext":1})");
  authorize(authorizeRequest("k-log-3", 1000, false, "USD", 2, "4543474002249996"));
  capture(CaptureRequest{"k-log-4", ok.processorTransactionId, 100, "USD", 2, false});
  inquire(InquiryRequest::Kind::kAuthorize, "k-log-1", ok.processorTransactionId);
  ConnectionConfig badJson = conn_;
  badJson.credentialsJson = SecretString(std::string(R"({"secretKey":)") + kSecretKey + "}");
  authorize(authorizeRequest("k-log-5"), badJson);
  authorize(authorizeRequest("k-log-6", 1000, false, "USD", 2, "4242424242424241"));  // 422

  log::setOutputFile("");
  log::setLevel(log::Level::kInfo);
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  std::filesystem::remove(path);
  const std::string logged = text.str();
  EXPECT_NE(logged.find("checkoutcom call"), std::string::npos) << "nothing was logged";
  for (const char* secret : {kSecretKey, "e2eZq81nVx0", "4242424242424242", "5436031030606378",
                             "4543474002249996", "4242424242424241", "\"100\"", "Bearer"}) {
    EXPECT_EQ(logged.find(secret), std::string::npos) << secret << " leaked into:\n" << logged;
  }
}

}  // namespace
}  // namespace sy::sandbox::checkoutcom
