// Switchyard's 3DS Server against the directory server emulator over loopback: every transStatus,
// challenges approved and refused through the ACS page, a pending result, Erro, timeouts and an
// idempotent retry; no error message quotes the card number.
#include "three_ds/three_ds_server.h"

#include <gtest/gtest.h>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/use_future.hpp>
#include <filesystem>
#include <fstream>
#include <future>
#include <sstream>
#include <thread>

#include "common/ids.h"
#include "common/log.h"
#include "sandbox/three_ds/emulator.h"

namespace sy::three_ds {
namespace {
namespace asio = boost::asio;
using boost::beast::http::verb;
using namespace std::chrono_literals;

constexpr const char* kNotification = "http://127.0.0.1:9/checkout/3ds/return?payment=pay_7";

AuthenticationRequest request(const std::string& pan) {
  AuthenticationRequest r;
  r.threeDsServerTransactionId = uuidV4();
  r.cardNumber = SecretString(pan);
  r.expirationMonth = "03";
  r.expirationYear = "2030";
  r.cardholderName = "Ada Lovelace";
  r.amount = 4200;
  r.currencyCode = "EUR";
  r.currencyExponent = 2;
  r.merchantName = "Demo shop";
  r.notificationUrl = kNotification;
  return r;
}

class ThreeDsServerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto bound = emulator_.listen({asio::ip::make_address("127.0.0.1"), 0});
    ASSERT_TRUE(bound.isOk());
    emulator_.start();
    server_ = std::make_unique<ThreeDsServer>(*client_, emulator_.baseUrl() + "/", 5s);
    thread_ = std::thread([this] { ioc_.run(); });
  }
  void TearDown() override {
    std::promise<void> drained;
    emulator_.stop([&] { drained.set_value(); });
    drained.get_future().wait_for(5s);
    server_.reset();
    client_.reset();
    work_.reset();
    ioc_.stop();
    thread_.join();
  }
  // co_spawn's future needs a default-constructible value: each call is wrapped in an optional.
  static asio::awaitable<std::optional<Result<Authentication>>> authenticateIn(
      ThreeDsServer& server, AuthenticationRequest req) {
    auto r = co_await server.authenticate(req);
    co_return std::optional<Result<Authentication>>(std::move(r));
  }
  static asio::awaitable<std::optional<Result<std::optional<Authentication>>>> resultIn(
      ThreeDsServer& server, std::string id) {
    auto r = co_await server.challengeResult(std::move(id));
    co_return std::optional<Result<std::optional<Authentication>>>(std::move(r));
  }
  static asio::awaitable<unsigned> statusOf(http::HttpClient& client, http::ClientRequest req) {
    auto r = co_await client.send(std::move(req), 5s);
    co_return r ? r->status : 0u;
  }
  Result<Authentication> authenticate(ThreeDsServer& server, const AuthenticationRequest& req) {
    return *asio::co_spawn(ioc_, authenticateIn(server, req), asio::use_future).get();
  }
  Result<Authentication> authenticate(const AuthenticationRequest& req) {
    return authenticate(*server_, req);
  }
  Result<std::optional<Authentication>> result(const std::string& id) {
    return *asio::co_spawn(ioc_, resultIn(*server_, id), asio::use_future).get();
  }
  // The customer's decision on the ACS page, as the browser POSTs it.
  unsigned decide(const std::string& challengeUrl, const std::string& decision) {
    http::ClientRequest req;
    req.method = verb::post;
    req.url = challengeUrl;
    req.contentType = "application/x-www-form-urlencoded";
    req.body = "decision=" + decision;
    return asio::co_spawn(ioc_, statusOf(*client_, std::move(req)), asio::use_future).get();
  }

  asio::io_context ioc_;
  asio::executor_work_guard<asio::io_context::executor_type> work_ = asio::make_work_guard(ioc_);
  sandbox::three_ds::DirectoryServerEmulator emulator_{ioc_, {}};
  std::unique_ptr<http::HttpClient> client_ =
      std::make_unique<http::HttpClient>(ioc_.get_executor());
  std::unique_ptr<ThreeDsServer> server_;
  std::thread thread_;
};

TEST_F(ThreeDsServerTest, AFrictionlessAuthenticationCarriesEciAndCryptogram) {
  const AuthenticationRequest req = request("4111111111111111");
  auto a = authenticate(req);
  ASSERT_TRUE(a.isOk()) << a.status().toString();
  EXPECT_EQ(a->transStatus, "Y");
  EXPECT_EQ(a->eci, "05");
  EXPECT_EQ(a->authenticationValue.reveal().size(), 28u);
  EXPECT_EQ(a->threeDsServerTransactionId, req.threeDsServerTransactionId);
  EXPECT_TRUE(isUuidShaped(a->dsTransactionId));
  EXPECT_TRUE(isUuidShaped(a->acsTransactionId));
  EXPECT_EQ(a->protocolVersion, "2.2.0");
  EXPECT_TRUE(a->challengeUrl.empty());
  EXPECT_FALSE(a->challenged);
}

TEST_F(ThreeDsServerTest, EveryTransStatusIsRead) {
  auto attempted = authenticate(request("5200000000001096"));
  ASSERT_TRUE(attempted.isOk()) << attempted.status().toString();
  EXPECT_EQ(attempted->transStatus, "A");
  EXPECT_EQ(attempted->eci, "01");
  EXPECT_FALSE(attempted->authenticationValue.empty());

  for (auto [pan, status, reason] :
       {std::tuple{"4000000000003238", "U", "08"}, std::tuple{"4000000000003246", "N", "01"},
        std::tuple{"4000000000003253", "R", "12"}}) {
    auto a = authenticate(request(pan));
    ASSERT_TRUE(a.isOk()) << a.status().toString();
    EXPECT_EQ(a->transStatus, status);
    EXPECT_EQ(a->transStatusReason, reason);
    EXPECT_TRUE(a->eci.empty());
    EXPECT_TRUE(a->authenticationValue.empty());
  }

  auto c = authenticate(request("4000000000003220"));
  ASSERT_TRUE(c.isOk()) << c.status().toString();
  EXPECT_EQ(c->transStatus, "C");
  EXPECT_EQ(c->challengeUrl, emulator_.baseUrl() + "/3ds/challenge/" + c->acsTransactionId);
}

TEST_F(ThreeDsServerTest, AnApprovedChallengeGivesAnAuthenticatedResult) {
  const AuthenticationRequest req = request("4000000000003220");
  auto c = authenticate(req);
  ASSERT_TRUE(c.isOk()) << c.status().toString();

  auto pending = result(req.threeDsServerTransactionId);
  ASSERT_TRUE(pending.isOk()) << pending.status().toString();
  EXPECT_FALSE(pending->has_value());

  EXPECT_EQ(decide(c->challengeUrl, "approve"), 303u);
  auto done = result(req.threeDsServerTransactionId);
  ASSERT_TRUE(done.isOk()) << done.status().toString();
  ASSERT_TRUE(done->has_value());
  const Authentication& a = **done;
  EXPECT_EQ(a.transStatus, "Y");
  EXPECT_EQ(a.eci, "05");
  EXPECT_EQ(a.authenticationValue.reveal().size(), 28u);
  EXPECT_TRUE(a.challenged);
  EXPECT_EQ(a.dsTransactionId, c->dsTransactionId);
  EXPECT_EQ(a.acsTransactionId, c->acsTransactionId);
}

TEST_F(ThreeDsServerTest, ARefusedChallengeIsNotAuthenticated) {
  const AuthenticationRequest req = request("4000000000003220");
  auto c = authenticate(req);
  ASSERT_TRUE(c.isOk());
  EXPECT_EQ(decide(c->challengeUrl, "refuse"), 303u);
  auto done = result(req.threeDsServerTransactionId);
  ASSERT_TRUE(done.isOk()) << done.status().toString();
  ASSERT_TRUE(done->has_value());
  EXPECT_EQ((*done)->transStatus, "N");
  EXPECT_EQ((*done)->transStatusReason, "01");
  EXPECT_TRUE((*done)->challenged);
  EXPECT_TRUE((*done)->authenticationValue.empty());
  EXPECT_EQ(primerReasonCode((*done)->transStatusReason), "CARD_AUTHENTICATION_FAILED");
}

TEST_F(ThreeDsServerTest, ARetryWithTheSameTransactionIdGetsTheSameAnswer) {
  const AuthenticationRequest req = request("4000000000003055");
  auto first = authenticate(req);
  auto second = authenticate(req);
  ASSERT_TRUE(first.isOk() && second.isOk());
  EXPECT_EQ(first->dsTransactionId, second->dsTransactionId);
  EXPECT_EQ(first->authenticationValue.reveal(), second->authenticationValue.reveal());
}

TEST_F(ThreeDsServerTest, AnErroIsAnErrorThatNamesTheElementButNotTheCard) {
  auto a = authenticate(request("4111111111111112"));  // fails Luhn at the directory server
  ASSERT_FALSE(a.isOk());
  EXPECT_EQ(a.status().code(), StatusCode::kUnavailable);
  EXPECT_NE(a.status().message().find("Erro 203"), std::string::npos) << a.status().message();
  EXPECT_NE(a.status().message().find("acctNumber"), std::string::npos);
  EXPECT_EQ(a.status().message().find("4111111111111112"), std::string::npos);

  auto unknown = result(uuidV4());
  ASSERT_FALSE(unknown.isOk());
  EXPECT_NE(unknown.status().message().find("Erro 301"), std::string::npos);
}

TEST_F(ThreeDsServerTest, RequestsItCannotSendAreRefusedBeforeSending) {
  AuthenticationRequest req = request("4111111111111111");
  req.threeDsServerTransactionId = "../areq";
  EXPECT_EQ(authenticate(req).status().code(), StatusCode::kInvalidArgument);
  req = request("4111111111111111");
  req.currencyCode = "EURO";
  EXPECT_EQ(authenticate(req).status().code(), StatusCode::kInvalidArgument);
  req = request("4111-1111-1111");
  auto bad = authenticate(req);
  EXPECT_EQ(bad.status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(bad.status().message().find("4111"), std::string::npos);
  EXPECT_EQ(result("not-a-uuid").status().code(), StatusCode::kInvalidArgument);

  ThreeDsServer unconfigured(*client_, "", 1s);
  EXPECT_FALSE(unconfigured.configured());
  EXPECT_EQ(authenticate(unconfigured, request("4111111111111111")).status().code(),
            StatusCode::kUnavailable);
}

TEST_F(ThreeDsServerTest, ASilentDirectoryServerTimesOut) {
  // Accepts the connection and never answers.
  asio::ip::tcp::acceptor silent(ioc_, {asio::ip::make_address("127.0.0.1"), 0});
  const std::string url = "http://127.0.0.1:" + std::to_string(silent.local_endpoint().port());
  ThreeDsServer server(*client_, url, 200ms);
  auto a = authenticate(server, request("4111111111111111"));
  ASSERT_FALSE(a.isOk());
  EXPECT_EQ(a.status().code(), StatusCode::kDeadlineExceeded) << a.status().toString();
  EXPECT_EQ(a.status().message().find("4111111111111111"), std::string::npos);
}

TEST_F(ThreeDsServerTest, AFailingOrDroppingDirectoryServerIsUnavailable) {
  ASSERT_TRUE(emulator_.faults().apply(R"({"failNext": 1})").isOk());
  auto failed = authenticate(request("4111111111111111"));
  ASSERT_FALSE(failed.isOk());
  EXPECT_EQ(failed.status().code(), StatusCode::kUnavailable);
  EXPECT_NE(failed.status().message().find("Erro 403"), std::string::npos);

  ASSERT_TRUE(emulator_.faults().apply(R"({"dropNext": 1})").isOk());
  auto dropped = authenticate(request("4111111111111111"));
  ASSERT_FALSE(dropped.isOk());
  EXPECT_EQ(dropped.status().code(), StatusCode::kUnavailable);
}

TEST_F(ThreeDsServerTest, NeitherTheCardNumberNorTheCryptogramIsLogged) {
  const std::string path = ::testing::TempDir() + "/three_ds_server_log_" + uuidV4() + ".log";
  log::setOutputFile(path);
  const AuthenticationRequest req = request("4000000000003220");
  auto c = authenticate(req);
  ASSERT_TRUE(c.isOk());
  EXPECT_EQ(decide(c->challengeUrl, "approve"), 303u);
  auto done = result(req.threeDsServerTransactionId);
  auto frictionless = authenticate(request("5200000000001096"));
  auto refused = authenticate(request("4111111111111112"));
  log::setOutputFile("");
  ASSERT_TRUE(done.isOk() && done->has_value() && frictionless.isOk());
  std::stringstream logged;
  logged << std::ifstream(path).rdbuf();
  std::filesystem::remove(path);
  const std::string text = logged.str();
  EXPECT_NE(text.find(req.threeDsServerTransactionId), std::string::npos);  // it did log
  for (const std::string& secret :
       {std::string("4000000000003220"), std::string("5200000000001096"),
        std::string("4111111111111112"), (*done)->authenticationValue.reveal(),
        frictionless->authenticationValue.reveal()})
    EXPECT_EQ(text.find(secret), std::string::npos) << "logged a secret";
}

TEST(PrimerReasonCode, FollowsEmvcoTransStatusReasons) {
  EXPECT_EQ(primerReasonCode("01"), "CARD_AUTHENTICATION_FAILED");
  EXPECT_EQ(primerReasonCode("08"), "NO_CARD_RECORD");
  EXPECT_EQ(primerReasonCode("12"), "TRANSACTION_NOT_PERMITTED_TO_CARDHOLDER");
  EXPECT_EQ(primerReasonCode("14"), "TRANSACTION_TIMED_OUT_AT_THE_ACS");
  EXPECT_EQ(primerReasonCode("26"), "AUTHENTICATION_ATTEMPTED_BUT_NOT_PERFORMED_BY_CARDHOLDER");
  EXPECT_EQ(primerReasonCode("27"), "UNKNOWN");
  EXPECT_EQ(primerReasonCode(""), "UNKNOWN");
  EXPECT_EQ(primerReasonCode("x1"), "UNKNOWN");
}

}  // namespace
}  // namespace sy::three_ds
