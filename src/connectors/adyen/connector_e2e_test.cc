// End to end: AdyenConnector -> HttpClient -> loopback -> AdyenEmulator.

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
#include <sstream>
#include <thread>

#include "common/log.h"
#include "connectors/adyen/adyen_connector.h"
#include "http/client.h"
#include "sandbox/adyen/emulator.h"

namespace sy::sandbox::adyen {
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
using connectors::adyen::AdyenConnector;
using domain::DeclineCode;
using domain::PaymentStatus;
using domain::ReasonType;
using namespace std::chrono_literals;

constexpr const char* kApiKey = "AQEyhmfxLI3MaBFLw0m_adyen_e2e_secret";
constexpr const char* kMerchantAccount = "SwitchyardECOM";

class AdyenE2ETest : public ::testing::Test {
 protected:
  void SetUp() override {
    AdyenOptions options;
    options.requiredApiKey = kApiKey;
    options.requiredMerchantAccount = kMerchantAccount;
    emulator_ = std::make_unique<AdyenEmulator>(ioc_, options);
    auto bound = emulator_->listen({asio::ip::make_address("127.0.0.1"), 0});
    ASSERT_TRUE(bound.isOk()) << bound.status().toString();
    emulator_->start();
    for (int i = 0; i < 2; ++i) threads_.emplace_back([this] { ioc_.run(); });
    conn_.baseUrl = emulator_->baseUrl();
    conn_.credentialsJson = SecretString(std::string(R"({"apiKey":")") + kApiKey +
                                         R"(","merchantAccount":")" + kMerchantAccount + "\"}");
    conn_.processorMerchantId = "adyen-sandbox";
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
  CallResult inquire(InquiryRequest::Kind kind, std::string key, std::string psp = {}) {
    InquiryRequest req;
    req.kind = kind;
    req.attemptKey = std::move(key);
    req.processorTransactionId = std::move(psp);
    return run([&] { return connector_.inquire(conn_, req); });
  }

  http::ClientResponse raw(verb method, std::string path, std::string body = {},
                           std::string idempotencyKey = {}) {
    http::ClientRequest req;
    req.method = method;
    req.url = conn_.baseUrl + path;
    req.headers.emplace_back("X-API-Key", kApiKey);
    if (!idempotencyKey.empty()) req.headers.emplace_back("Idempotency-Key", idempotencyKey);
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
  int64_t count(const char* name) { return ledger().at(name).as_int64(); }
  void control(std::string body) {
    auto r = raw(verb::post, "/_control", std::move(body));
    ASSERT_EQ(r.status, 200u) << r.body;
  }

  static AuthorizeRequest authorizeRequest(std::string key, int64_t amount = 1000,
                                           bool capture = false, std::string holder = "John Smith",
                                           std::string number = "4111111111111111") {
    AuthorizeRequest req;
    req.attemptKey = std::move(key);
    req.amount = amount;
    req.currencyCode = "EUR";
    req.capture = capture;
    req.orderId = "order-" + req.attemptKey;
    req.card.number = SecretString(std::move(number));
    req.card.cvv = SecretString(std::string("737"));
    req.card.expirationMonth = "03";
    req.card.expirationYear = "2030";
    req.card.cardholderName = std::move(holder);
    return req;
  }

  asio::io_context ioc_;
  asio::executor_work_guard<asio::io_context::executor_type> work_ = asio::make_work_guard(ioc_);
  std::vector<std::thread> threads_;
  std::unique_ptr<AdyenEmulator> emulator_;
  std::unique_ptr<http::HttpClient> client_ =
      std::make_unique<http::HttpClient>(ioc_.get_executor());
  AdyenConnector connector_{*client_};
  ConnectionConfig conn_;
};

TEST_F(AdyenE2ETest, AuthorizeOnlyThenPartialAndMultipleCapturesThenRefunds) {
  CallResult auth = authorize(authorizeRequest("k-auth-1", 1000));
  ASSERT_EQ(auth.outcome, CallOutcome::kSucceeded);
  EXPECT_EQ(auth.status, PaymentStatus::kAuthorized);
  EXPECT_EQ(auth.processorTransactionId.size(), 16u);
  EXPECT_EQ(ledger().at("payments").as_array()[0].at("captured").as_int64(), 0);

  const std::string psp = auth.processorTransactionId;
  CallResult c1 = capture({"k-cap-1", psp, 400, "EUR", 2, false});
  EXPECT_EQ(c1.outcome, CallOutcome::kSucceeded);
  EXPECT_EQ(c1.status, PaymentStatus::kSettling);
  EXPECT_EQ(c1.processorTransactionId, psp);
  EXPECT_FALSE(c1.processorOperationId.empty());
  CallResult c2 = capture({"k-cap-2", psp, 600, "EUR", 2, true});
  EXPECT_EQ(c2.outcome, CallOutcome::kSucceeded);
  CallResult over = capture({"k-cap-3", psp, 1, "EUR", 2, true});
  EXPECT_EQ(over.outcome, CallOutcome::kFailed);
  EXPECT_EQ(over.reason->type, ReasonType::kGatewayRejected);

  CallResult r1 = refund({"k-ref-1", psp, 300, "EUR", 2, "CUSTOMER REQUEST"});
  EXPECT_EQ(r1.outcome, CallOutcome::kSucceeded);
  CallResult r2 = refund({"k-ref-2", psp, 200, "EUR", 2, ""});
  EXPECT_EQ(r2.outcome, CallOutcome::kSucceeded);
  CallResult tooMuch = refund({"k-ref-3", psp, 501, "EUR", 2, ""});
  EXPECT_EQ(tooMuch.outcome, CallOutcome::kFailed);

  json::object l = ledger();
  const json::object& p = l.at("payments").as_array()[0].as_object();
  EXPECT_EQ(p.at("captured").as_int64(), 1000);
  EXPECT_EQ(p.at("refunded").as_int64(), 500);
  EXPECT_EQ(l.at("captureCount").as_int64(), 2);
  EXPECT_EQ(l.at("refundCount").as_int64(), 2);
}

TEST_F(AdyenE2ETest, AuthorizeWithCaptureIsSettling) {
  CallResult sale = authorize(authorizeRequest("k-sale-1", 2500, true));
  ASSERT_EQ(sale.outcome, CallOutcome::kSucceeded);
  EXPECT_EQ(sale.status, PaymentStatus::kSettling);
  EXPECT_EQ(ledger().at("payments").as_array()[0].at("captured").as_int64(), 2500);
  EXPECT_EQ(refund({"k-sale-ref", sale.processorTransactionId, 2500, "EUR", 2, ""}).outcome,
            CallOutcome::kSucceeded);
}

TEST_F(AdyenE2ETest, CancelReleasesTheAuthorizationAndInquiryReplaysIt) {
  CallResult auth = authorize(authorizeRequest("k-void-auth"));
  ASSERT_EQ(auth.outcome, CallOutcome::kSucceeded);
  CallResult v = cancel({"k-void-1", auth.processorTransactionId});
  EXPECT_EQ(v.outcome, CallOutcome::kSucceeded);
  EXPECT_EQ(v.status, PaymentStatus::kCancelled);
  EXPECT_TRUE(ledger().at("payments").as_array()[0].at("cancelled").as_bool());
  // The cancel can be rebuilt from the key, so inquiry replays it: same answer, no second cancel.
  CallResult again = inquire(InquiryRequest::Kind::kCancel, "k-void-1", auth.processorTransactionId);
  EXPECT_EQ(again.outcome, CallOutcome::kSucceeded);
  EXPECT_EQ(again.processorOperationId, v.processorOperationId);
  EXPECT_EQ(count("cancelCount"), 1);
  // Cannot capture a cancelled payment.
  EXPECT_EQ(capture({"k-void-cap", auth.processorTransactionId, 100, "EUR", 2, true}).outcome,
            CallOutcome::kFailed);
}

TEST_F(AdyenE2ETest, IdempotentRetryChargesOnce) {
  AuthorizeRequest req = authorizeRequest("k-idem-1");
  CallResult first = authorize(req);
  CallResult second = authorize(req);
  ASSERT_EQ(first.outcome, CallOutcome::kSucceeded);
  EXPECT_EQ(second.outcome, CallOutcome::kSucceeded);
  EXPECT_EQ(first.processorTransactionId, second.processorTransactionId);
  EXPECT_EQ(count("chargeCount"), 1);
  // Another body under the same key is not processed: Adyen answers the first call's response.
  AuthorizeRequest other = authorizeRequest("k-idem-1", 2000);
  CallResult replayed = authorize(other);
  EXPECT_EQ(replayed.processorTransactionId, first.processorTransactionId);
  EXPECT_EQ(count("chargeCount"), 1);
}

TEST_F(AdyenE2ETest, AnswerLostAfterProcessingIsResolvedByReplay) {
  control(R"({"dropNext":1,"phase":"after"})");
  AuthorizeRequest req = authorizeRequest("k-lost-1");
  CallResult lost = authorize(req);
  EXPECT_EQ(lost.outcome, CallOutcome::kUnknown);
  EXPECT_EQ(lost.reason->type, ReasonType::kGatewayTimeout);
  EXPECT_EQ(count("chargeCount"), 1);  // the emulator did charge
  // inquire() cannot rebuild an authorization and says so; it never guesses.
  CallResult asked = inquire(InquiryRequest::Kind::kAuthorize, "k-lost-1");
  EXPECT_EQ(asked.outcome, CallOutcome::kUnknown);
  // Adyen's sanctioned inquiry: re-send the same call with the same Idempotency-Key.
  CallResult replay = authorize(req);
  EXPECT_EQ(replay.outcome, CallOutcome::kSucceeded);
  EXPECT_EQ(count("chargeCount"), 1);

  control(R"({"reset":true,"failNext":1,"phase":"before"})");
  CallResult failed = authorize(authorizeRequest("k-lost-2"));
  EXPECT_EQ(failed.outcome, CallOutcome::kUnknown);  // 500: never a decline
  EXPECT_EQ(count("chargeCount"), 1);                 // nothing recorded
  EXPECT_EQ(authorize(authorizeRequest("k-lost-2")).outcome, CallOutcome::kSucceeded);
  EXPECT_EQ(count("chargeCount"), 2);
}

TEST_F(AdyenE2ETest, LostCaptureIsResolvedByReplay) {
  CallResult auth = authorize(authorizeRequest("k-lc-auth"));
  ASSERT_EQ(auth.outcome, CallOutcome::kSucceeded);
  control(R"({"dropNext":1,"phase":"after"})");
  CaptureRequest req{"k-lc-cap", auth.processorTransactionId, 1000, "EUR", 2, true};
  EXPECT_EQ(capture(req).outcome, CallOutcome::kUnknown);
  EXPECT_EQ(capture(req).outcome, CallOutcome::kSucceeded);
  EXPECT_EQ(count("captureCount"), 1);
}

TEST_F(AdyenE2ETest, LatencyAndDeclineAllFaults) {
  control(R"({"latencyMs":300})");
  conn_.timeout = 100ms;
  EXPECT_EQ(authorize(authorizeRequest("k-slow-1")).outcome, CallOutcome::kUnknown);
  conn_.timeout = 2s;
  control(R"({"reset":true,"declineAll":true})");
  CallResult d = authorize(authorizeRequest("k-dall-1"));
  EXPECT_EQ(d.outcome, CallOutcome::kDeclined);
  EXPECT_EQ(d.reason->code, DeclineCode::kDoNotHonor);
  EXPECT_EQ(d.reason->processorCode, "27");
}

struct Magic {
  const char* holder;
  DeclineCode code;
  const char* raw;
};

TEST_F(AdyenE2ETest, EachDeclineClassMapsFromTheTestHolderNames) {
  const Magic cases[] = {
      {"REFUSED", DeclineCode::kDeclined, "2"},
      {"REFERRAL", DeclineCode::kReferToCardIssuer, "3"},
      {"BLOCK_CARD", DeclineCode::kLostOrStolenCard, "5"},
      {"CARD_EXPIRED", DeclineCode::kExpiredCard, "6"},
      {"INVALID_CARD", DeclineCode::kInvalidCardNumber, "8"},
      {"ISSUER_UNAVAILABLE", DeclineCode::kIssuerTemporarilyUnavailable, "9"},
      {"NOT_3D_AUTHENTICATED", DeclineCode::kAuthenticationRequired, "11"},
      {"NOT_ENOUGH_BALANCE", DeclineCode::kInsufficientFunds, "12"},
      {"ACQUIRER_FRAUD", DeclineCode::kSuspectedFraud, "14"},
      {"FRAUD", DeclineCode::kSuspectedFraud, "20"},
      {"CVC_DECLINED", DeclineCode::kDeclined, "24"},
      {"DECLINED_NON_GENERIC", DeclineCode::kDoNotHonor, "27"},
      {"WITHDRAWAL_AMOUNT_EXCEEDED", DeclineCode::kWithdrawalLimitExceeded, "28"},
      {"WITHDRAWAL_COUNT_EXCEEDED", DeclineCode::kWithdrawalLimitExceeded, "29"},
      {"ISSUER_SUSPECTED_FRAUD", DeclineCode::kSuspectedFraud, "31"},
      {"AUTHENTICATION_REQUIRED", DeclineCode::kAuthenticationRequired, "38"},
  };
  int i = 0;
  for (const Magic& m : cases) {
    CallResult r = authorize(authorizeRequest("k-magic-" + std::to_string(i++), 1000, false, m.holder));
    EXPECT_EQ(r.outcome, CallOutcome::kDeclined) << m.holder;
    ASSERT_TRUE(r.reason) << m.holder;
    EXPECT_EQ(r.reason->type, ReasonType::kIssuerDeclined) << m.holder;
    EXPECT_EQ(r.reason->code, m.code) << m.holder;
    EXPECT_EQ(r.reason->processorCode, m.raw) << m.holder;
    EXPECT_FALSE(r.reason->message.empty()) << m.holder;
  }
  CallResult err = authorize(authorizeRequest("k-magic-err", 1000, false, "ACQUIRER_ERROR"));
  EXPECT_EQ(err.outcome, CallOutcome::kFailed);
  EXPECT_EQ(err.reason->processorCode, "4");
  CallResult pending = authorize(authorizeRequest("k-magic-pending", 1000, false, "PENDING"));
  EXPECT_EQ(pending.outcome, CallOutcome::kUnknown);
  // A Luhn-invalid number is refused as a bad request (422 101), not declined.
  CallResult luhn = authorize(authorizeRequest("k-luhn", 1000, false, "x", "4111111111111112"));
  EXPECT_EQ(luhn.outcome, CallOutcome::kFailed);
  EXPECT_EQ(luhn.reason->processorCode, "101");
  // Stripe's insufficient-funds test number is approved at Adyen.
  EXPECT_EQ(authorize(authorizeRequest("k-9995", 1000, false, "John", "4000000000009995")).outcome,
            CallOutcome::kSucceeded);
  // An expired card is refused 6.
  AuthorizeRequest old = authorizeRequest("k-expired");
  old.card.expirationYear = "2020";
  EXPECT_EQ(authorize(old).reason->code, DeclineCode::kExpiredCard);
}

TEST_F(AdyenE2ETest, ZeroAndThreeDecimalCurrencies) {
  AuthorizeRequest yen = authorizeRequest("k-jpy", 1500, true);
  yen.currencyCode = "JPY";
  yen.currencyExponent = 0;
  ASSERT_EQ(authorize(yen).outcome, CallOutcome::kSucceeded);
  AuthorizeRequest won = authorizeRequest("k-krw", 50000);
  won.currencyCode = "KRW";
  won.currencyExponent = 0;
  CallResult w = authorize(won);
  ASSERT_EQ(w.outcome, CallOutcome::kSucceeded);
  AuthorizeRequest dinar = authorizeRequest("k-kwd", 1250);
  dinar.currencyCode = "KWD";
  dinar.currencyExponent = 3;
  CallResult kwd = authorize(dinar);
  ASSERT_EQ(kwd.outcome, CallOutcome::kSucceeded);
  EXPECT_EQ(capture({"k-kwd-cap", kwd.processorTransactionId, 1250, "KWD", 3, true}).outcome,
            CallOutcome::kSucceeded);
  EXPECT_EQ(refund({"k-kwd-ref", kwd.processorTransactionId, 250, "KWD", 3, ""}).outcome,
            CallOutcome::kSucceeded);
  AuthorizeRequest krona = authorizeRequest("k-isk", 500);  // ISO 0 decimals, Adyen 2
  krona.currencyCode = "ISK";
  krona.currencyExponent = 0;
  ASSERT_EQ(authorize(krona).outcome, CallOutcome::kSucceeded);

  json::array payments = ledger().at("payments").as_array();
  ASSERT_EQ(payments.size(), 4u);
  EXPECT_EQ(payments[0].at("amount").as_int64(), 1500);
  EXPECT_EQ(payments[0].at("currency").as_string(), "JPY");
  EXPECT_EQ(payments[1].at("amount").as_int64(), 50000);
  EXPECT_EQ(payments[2].at("amount").as_int64(), 1250);
  EXPECT_EQ(payments[2].at("refunded").as_int64(), 250);
  EXPECT_EQ(payments[3].at("amount").as_int64(), 50000);  // ISK 500 in Adyen's 2 decimals
}

TEST_F(AdyenE2ETest, WrongCredentialsAreRefusedNotDeclined) {
  ConnectionConfig wrong = conn_;
  wrong.credentialsJson =
      SecretString(std::string(R"({"apiKey":"wrong-key","merchantAccount":"SwitchyardECOM"})"));
  CallResult r = authorize(authorizeRequest("k-auth-wrong"), wrong);
  EXPECT_EQ(r.outcome, CallOutcome::kFailed);
  EXPECT_EQ(r.reason->type, ReasonType::kGatewayRejected);
  ConnectionConfig otherAccount = conn_;
  otherAccount.credentialsJson = SecretString(std::string(R"({"apiKey":")") + kApiKey +
                                              R"(","merchantAccount":"Other"})");
  EXPECT_EQ(authorize(authorizeRequest("k-acct"), otherAccount).reason->processorCode, "901");
  ConnectionConfig missing = conn_;
  missing.credentialsJson = SecretString(std::string(R"({"apiKey":")") + kApiKey + "\"}");
  EXPECT_EQ(authorize(authorizeRequest("k-missing"), missing).reason->type,
            ReasonType::kApplicationError);
  EXPECT_EQ(count("chargeCount"), 0);
}

// Sends the recorded requests (which transformers_test proves equal the connector's bodies) to the
// emulator, stores what it answers, and validates both against Adyen's spec with contract_check.js.
TEST_F(AdyenE2ETest, EmulatorAnswersValidateAgainstTheSpec) {
  if (std::system("node --version > /dev/null 2>&1") != 0) GTEST_SKIP() << "node not installed";
  const auto src = std::filesystem::path(__FILE__).parent_path();
  auto read = [&](const char* name) {
    std::ifstream in(src / "testdata" / name);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
  };
  auto dir = std::filesystem::temp_directory_path() /
             ("sy_adyen_contract_" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  auto save = [&](const std::string& name, const std::string& body) {
    std::ofstream(dir / name) << body;
  };
  auto pay = raw(verb::post, "/v71/payments", read("payments.request.json"), "c-1");
  ASSERT_EQ(pay.status, 200u) << pay.body;
  save("payments.authorised.response.200.json", pay.body);
  std::string psp(json::parse(pay.body).at("pspReference").as_string());
  auto cap = raw(verb::post, "/v71/payments/" + psp + "/captures", read("captures.request.json"), "c-2");
  save("captures.response." + std::to_string(cap.status) + ".json", cap.body);
  auto ref = raw(verb::post, "/v71/payments/" + psp + "/refunds",
                 R"({"merchantAccount":"SwitchyardECOM","amount":{"currency":"EUR","value":100},"reference":"r1","merchantRefundReason":"OTHER"})",
                 "c-3");
  save("refunds.response." + std::to_string(ref.status) + ".json", ref.body);
  auto pay2 = raw(verb::post, "/v71/payments", read("payments.capture.request.json"), "c-4");
  std::string psp2(json::parse(pay2.body).at("pspReference").as_string());
  auto rev = raw(verb::post, "/v71/payments/" + psp2 + "/reversals", read("reversals.request.json"), "c-5");
  save("reversals.response." + std::to_string(rev.status) + ".json", rev.body);
  auto pay3 = raw(verb::post, "/v71/payments", read("payments.request.json"), "c-6");
  std::string psp3(json::parse(pay3.body).at("pspReference").as_string());
  auto can = raw(verb::post, "/v71/payments/" + psp3 + "/cancels", read("cancels.request.json"), "c-7");
  save("cancels.response." + std::to_string(can.status) + ".json", can.body);
  std::string refusedBody = read("payments.request.json");
  refusedBody.replace(refusedBody.find("John Smith"), 10, "NOT_ENOUGH_BALANCE");
  save("payments.refused.response.200.json", raw(verb::post, "/v71/payments", refusedBody, "c-8").body);
  auto bad = raw(verb::post, "/v71/payments", R"({"amount":{"currency":"EUR","value":1},"capture":true})", "c-9");
  save("payments.unknown_field.response." + std::to_string(bad.status) + ".json", bad.body);
  auto invalid = raw(verb::post, "/v71/payments/" + psp + "/captures",
                     R"({"merchantAccount":"SwitchyardECOM","amount":{"currency":"EUR","value":999999}})", "c-10");
  save("captures.too_much.response." + std::to_string(invalid.status) + ".json", invalid.body);
  auto conflict = raw(verb::post, "/v71/payments", refusedBody, "c-1");
  save("payments.conflict.response." + std::to_string(conflict.status) + ".json", conflict.body);
  control(R"({"failNext":1})");
  auto failed = raw(verb::post, "/v71/payments", read("payments.request.json"), "c-11");
  save("payments.injected.response." + std::to_string(failed.status) + ".json", failed.body);
  for (const char* name : {"payments.request.json", "payments.capture.request.json",
                           "captures.request.json", "cancels.request.json", "refunds.request.json",
                           "reversals.request.json"})
    save(name, read(name));

  std::string cmd = "node " + (src / "contract_check.js").string() + " \"\" " + dir.string() +
                    " > " + (dir / "report.txt").string() + " 2>&1";
  int rc = std::system(cmd.c_str());
  std::ifstream report(dir / "report.txt");
  std::stringstream text;
  text << report.rdbuf();
  EXPECT_EQ(rc, 0) << text.str();
  std::filesystem::remove_all(dir);
}

TEST_F(AdyenE2ETest, CredentialsAndCardDataNeverReachTheLog) {
  auto path = std::filesystem::temp_directory_path() /
              ("sy_adyen_e2e_log_" + std::to_string(::getpid()) + ".jsonl");
  std::filesystem::remove(path);
  log::setLevel(log::Level::kDebug);
  log::setOutputFile(path.string());

  CallResult ok = authorize(authorizeRequest("k-log-1"));
  authorize(authorizeRequest("k-log-2", 1000, false, "NOT_ENOUGH_BALANCE"));
  authorize(authorizeRequest("k-log-3", 1000, false, "x", "4111111111111112"));
  control(R"({"failNext":1})");
  authorize(authorizeRequest("k-log-4", 1000, false, "y", "5555341244441115"));
  capture({"k-log-5", ok.processorTransactionId, 500, "EUR", 2, false});
  refund({"k-log-6", ok.processorTransactionId, 100, "EUR", 2, ""});
  inquire(InquiryRequest::Kind::kAuthorize, "k-log-1");
  ConnectionConfig badJson = conn_;
  badJson.credentialsJson = SecretString(std::string(R"({"apiKey":")") + kApiKey + "\"");
  authorize(authorizeRequest("k-log-7"), badJson);

  log::setOutputFile("");
  log::setLevel(log::Level::kInfo);
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  std::filesystem::remove(path);
  const std::string logged = text.str();
  EXPECT_NE(logged.find("adyen call"), std::string::npos) << "nothing was logged";
  for (const char* secret : {kApiKey, "4111111111111111", "4111111111111112", "5555341244441115",
                             "\"737\"", "X-API-Key"}) {
    EXPECT_EQ(logged.find(secret), std::string::npos) << secret << " leaked into:\n" << logged;
  }
}

}  // namespace
}  // namespace sy::sandbox::adyen
