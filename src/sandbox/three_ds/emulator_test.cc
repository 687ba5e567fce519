// The 3-D Secure directory server emulator over HTTP on loopback: AReq validation (Erro), each
// test card's ARes, idempotency, the challenge page and its decision, the RReq, fault injection.
#include "sandbox/three_ds/emulator.h"

#include <gtest/gtest.h>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/use_future.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>
#include <future>
#include <thread>

#include "common/crypto.h"
#include "common/ids.h"
#include "http/client.h"

namespace sy::sandbox::three_ds {
namespace {
namespace asio = boost::asio;
namespace json = boost::json;
using boost::beast::http::verb;
using namespace std::chrono_literals;

constexpr const char* kNotification = "http://127.0.0.1:9/checkout/3ds/return?payment=pay_1";

struct Answer {
  unsigned status = 0;
  std::string body;
  std::string location;
  json::object json() const { return json::parse(body).as_object(); }
};

json::object areq(const std::string& id, const std::string& pan) {
  return json::object{{"messageType", "AReq"},
                      {"messageVersion", "2.2.0"},
                      {"threeDSServerTransID", id},
                      {"deviceChannel", "02"},
                      {"messageCategory", "01"},
                      {"acctNumber", pan},
                      {"cardExpiryDate", "3012"},
                      {"purchaseAmount", "4200"},
                      {"purchaseCurrency", "978"},
                      {"purchaseExponent", "2"},
                      {"purchaseDate", "20240102030405"},
                      {"merchantName", "Demo shop"},
                      {"notificationURL", kNotification}};
}

class DirectoryServerEmulatorTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto bound = emulator_.listen({asio::ip::make_address("127.0.0.1"), 0});
    ASSERT_TRUE(bound.isOk());
    emulator_.start();
    thread_ = std::thread([this] { ioc_.run(); });
  }
  void TearDown() override {
    std::promise<void> drained;
    emulator_.stop([&] { drained.set_value(); });
    drained.get_future().wait_for(5s);
    client_.reset();
    work_.reset();
    ioc_.stop();
    thread_.join();
  }
  Answer send(verb method, const std::string& path, std::string body = {},
              std::string contentType = "application/json") {
    http::ClientRequest req;
    req.method = method;
    req.url = path.starts_with("http") ? path : emulator_.baseUrl() + path;
    req.body = std::move(body);
    if (!req.body.empty()) req.contentType = std::move(contentType);
    return asio::co_spawn(ioc_, exchange(std::move(req)), asio::use_future).get();
  }
  asio::awaitable<Answer> exchange(http::ClientRequest req) {
    auto r = co_await client_->send(std::move(req), 5s);
    Answer a;
    if (!r) co_return a;
    a.status = r->status;
    a.body = r->body;
    a.location = std::string(r->header("Location"));
    co_return a;
  }
  Answer post(const json::object& message) {
    return send(verb::post, "/3ds/areq", json::serialize(message));
  }
  // An AReq for `pan` under a new transaction id; expects an ARes.
  json::object authenticate(const std::string& pan) {
    Answer a = post(areq(uuidV4(), pan));
    EXPECT_EQ(a.status, 200u) << a.body;
    return a.json();
  }
  void expectErro(const Answer& a, unsigned status, std::string_view code,
                  std::string_view detail) {
    EXPECT_EQ(a.status, status) << a.body;
    json::object e = a.json();
    EXPECT_EQ(e.at("messageType").as_string(), "Erro");
    EXPECT_EQ(e.at("errorCode").as_string(), code) << a.body;
    EXPECT_EQ(e.at("errorComponent").as_string(), "D");
    EXPECT_EQ(e.at("errorDetail").as_string(), detail) << a.body;
    EXPECT_FALSE(e.at("errorDescription").as_string().empty());
  }

  asio::io_context ioc_;
  asio::executor_work_guard<asio::io_context::executor_type> work_ = asio::make_work_guard(ioc_);
  DirectoryServerEmulator emulator_{ioc_, {}};
  std::unique_ptr<http::HttpClient> client_ =
      std::make_unique<http::HttpClient>(ioc_.get_executor());
  std::thread thread_;
};

void expectCryptogram(const json::object& m) {
  const std::string value(m.at("authenticationValue").as_string());
  EXPECT_EQ(value.size(), 28u);
  auto raw = crypto::base64Decode(value);
  ASSERT_TRUE(raw.isOk());
  EXPECT_EQ(raw->size(), 20u);
}

TEST_F(DirectoryServerEmulatorTest, AnyOtherVisaCardIsAuthenticatedFrictionlesslyWithEci05) {
  const std::string id = uuidV4();
  Answer a = post(areq(id, "4111111111111111"));
  ASSERT_EQ(a.status, 200u) << a.body;
  json::object ares = a.json();
  EXPECT_EQ(ares.at("messageType").as_string(), "ARes");
  EXPECT_EQ(ares.at("messageVersion").as_string(), "2.2.0");
  EXPECT_EQ(ares.at("threeDSServerTransID").as_string(), id);
  EXPECT_TRUE(isUuidShaped(ares.at("dsTransID").as_string()));
  EXPECT_TRUE(isUuidShaped(ares.at("acsTransID").as_string()));
  EXPECT_EQ(ares.at("transStatus").as_string(), "Y");
  EXPECT_EQ(ares.at("eci").as_string(), "05");
  expectCryptogram(ares);
  EXPECT_FALSE(ares.contains("acsURL"));
  EXPECT_EQ(a.body.find("4111111111111111"), std::string::npos);
}

TEST_F(DirectoryServerEmulatorTest, EachTestCardGetsItsTransStatus) {
  json::object y = authenticate("4000000000003055");
  EXPECT_EQ(y.at("transStatus").as_string(), "Y");
  EXPECT_EQ(y.at("eci").as_string(), "05");

  json::object attempted = authenticate("5200000000001096");
  EXPECT_EQ(attempted.at("transStatus").as_string(), "A");
  EXPECT_EQ(attempted.at("eci").as_string(), "01");  // Mastercard attempted
  expectCryptogram(attempted);
  EXPECT_EQ(authenticate("5555555555554444").at("eci").as_string(), "02");  // Mastercard Y

  for (auto [pan, status, reason] :
       {std::tuple{"4000000000003238", "U", "08"}, std::tuple{"4000000000003246", "N", "01"},
        std::tuple{"4000000000003253", "R", "12"}}) {
    json::object ares = authenticate(pan);
    EXPECT_EQ(ares.at("transStatus").as_string(), status) << pan;
    EXPECT_EQ(ares.at("transStatusReason").as_string(), reason) << pan;
    EXPECT_FALSE(ares.contains("eci"));
    EXPECT_FALSE(ares.contains("authenticationValue"));
  }

  json::object c = authenticate("4000000000003220");
  EXPECT_EQ(c.at("transStatus").as_string(), "C");
  EXPECT_EQ(c.at("acsChallengeMandated").as_string(), "Y");
  EXPECT_EQ(c.at("acsURL").as_string(),
            emulator_.baseUrl() + "/3ds/challenge/" + std::string(c.at("acsTransID").as_string()));
  EXPECT_FALSE(c.contains("authenticationValue"));
}

TEST_F(DirectoryServerEmulatorTest, TheSameAReqAgainGetsTheSameAResAndAnotherOneAnErro) {
  const std::string id = uuidV4();
  json::object message = areq(id, "4000000000003055");
  Answer first = post(message);
  ASSERT_EQ(first.status, 200u);
  EXPECT_EQ(post(message).body, first.body);
  // The members in another order are the same message.
  json::object reordered;
  for (auto it = message.end(); it != message.begin();) {
    --it;
    reordered[it->key()] = it->value();
  }
  EXPECT_EQ(post(reordered).body, first.body);

  message["purchaseAmount"] = "4300";
  expectErro(post(message), 400, "305", "threeDSServerTransID");
}

TEST_F(DirectoryServerEmulatorTest, ABadAReqIsAnErroNamingTheElementButNotItsValue) {
  const std::string id = uuidV4();
  auto without = [&](std::string_view field) {
    json::object m = areq(uuidV4(), "4111111111111111");
    m.erase(field);
    return m;
  };
  auto with = [&](std::string_view field, json::value v) {
    json::object m = areq(uuidV4(), "4111111111111111");
    m[field] = std::move(v);
    return m;
  };
  for (const char* field :
       {"messageVersion", "threeDSServerTransID", "deviceChannel", "messageCategory", "acctNumber",
        "cardExpiryDate", "purchaseAmount", "purchaseCurrency", "purchaseExponent", "merchantName",
        "notificationURL"})
    expectErro(post(without(field)), 400, "201", field);

  Answer luhn = post(with("acctNumber", "4111111111111112"));
  expectErro(luhn, 400, "203", "acctNumber");
  EXPECT_EQ(luhn.body.find("4111111111111112"), std::string::npos);
  expectErro(post(with("acctNumber", "411111111111")), 400, "203", "acctNumber");
  expectErro(post(with("acctNumber", 4111111111111111)), 400, "203", "acctNumber");
  expectErro(post(with("threeDSServerTransID", "not-a-uuid")), 400, "203", "threeDSServerTransID");
  expectErro(post(with("cardExpiryDate", "3013")), 400, "203", "cardExpiryDate");
  expectErro(post(with("purchaseAmount", "42.00")), 400, "203", "purchaseAmount");
  expectErro(post(with("purchaseCurrency", "EUR")), 400, "203", "purchaseCurrency");
  expectErro(post(with("purchaseCurrency", "999")), 400, "304", "purchaseCurrency");
  expectErro(post(with("purchaseExponent", "3")), 400, "305", "purchaseExponent");
  expectErro(post(with("deviceChannel", "01")), 400, "203", "deviceChannel");
  expectErro(post(with("messageCategory", "02")), 400, "203", "messageCategory");
  expectErro(post(with("notificationURL", "javascript:alert(1)")), 400, "203", "notificationURL");
  expectErro(post(with("cardholderName", "J")), 400, "203", "cardholderName");
  expectErro(post(with("purchaseDate", "2024")), 400, "203", "purchaseDate");
  expectErro(post(with("messageVersion", "2.3.1")), 400, "102", "messageVersion");
  expectErro(post(with("messageType", "PReq")), 400, "101", "messageType");
  expectErro(send(verb::post, "/3ds/areq", "{not json"), 400, "101", "message");
  expectErro(
      send(verb::post, "/3ds/areq", json::serialize(areq(id, "4111111111111111")), "text/plain"),
      400, "101", "Content-Type");
  expectErro(send(verb::get, "/3ds/nowhere"), 404, "303", "/3ds/nowhere");
  // The transaction id of a refused AReq is echoed; an Erro starts nothing.
  const std::string longName(41, 'm');
  Answer echoed = post(with("merchantName", json::string(longName)));
  expectErro(echoed, 400, "203", "merchantName");
  EXPECT_TRUE(echoed.json().contains("threeDSServerTransID"));
}

TEST_F(DirectoryServerEmulatorTest, AnApprovedChallengeGivesAnAuthenticatedRReq) {
  const std::string id = uuidV4();
  Answer a = post(areq(id, "4000000000003220"));
  ASSERT_EQ(a.status, 200u);
  const std::string acsUrl(a.json().at("acsURL").as_string());

  Answer pending = send(verb::get, "/3ds/results/" + id);
  EXPECT_EQ(pending.status, 202u);
  EXPECT_EQ(pending.json().at("challengeCompleted").as_bool(), false);
  EXPECT_EQ(pending.json().at("threeDSServerTransID").as_string(), id);

  Answer page = send(verb::get, acsUrl);
  EXPECT_EQ(page.status, 200u);
  EXPECT_NE(page.body.find("42.00 EUR"), std::string::npos);
  EXPECT_NE(page.body.find("3220"), std::string::npos);
  EXPECT_EQ(page.body.find("4000000000003220"), std::string::npos);
  EXPECT_NE(page.body.find("value=\"approve\""), std::string::npos);

  EXPECT_EQ(send(verb::post, acsUrl, "decision=maybe", "application/x-www-form-urlencoded").status,
            404u);
  Answer back = send(verb::post, acsUrl, "decision=approve", "application/x-www-form-urlencoded");
  EXPECT_EQ(back.status, 303u);
  EXPECT_EQ(back.location, kNotification);

  Answer result = send(verb::get, "/3ds/results/" + id);
  ASSERT_EQ(result.status, 200u) << result.body;
  json::object rreq = result.json();
  EXPECT_EQ(rreq.at("messageType").as_string(), "RReq");
  EXPECT_EQ(rreq.at("threeDSServerTransID").as_string(), id);
  EXPECT_EQ(rreq.at("acsTransID").as_string(), a.json().at("acsTransID").as_string());
  EXPECT_EQ(rreq.at("dsTransID").as_string(), a.json().at("dsTransID").as_string());
  EXPECT_EQ(rreq.at("transStatus").as_string(), "Y");
  EXPECT_EQ(rreq.at("eci").as_string(), "05");
  expectCryptogram(rreq);
  EXPECT_FALSE(rreq.contains("challengeCancel"));

  // The page is gone; a second decision changes nothing but still sends the customer back.
  EXPECT_EQ(send(verb::get, acsUrl).status, 404u);
  Answer again = send(verb::post, acsUrl, "decision=refuse", "application/x-www-form-urlencoded");
  EXPECT_EQ(again.status, 303u);
  EXPECT_EQ(send(verb::get, "/3ds/results/" + id).body, result.body);
}

TEST_F(DirectoryServerEmulatorTest, ARefusedChallengeGivesANotAuthenticatedRReq) {
  const std::string id = uuidV4();
  Answer a = post(areq(id, "4000000000003220"));
  const std::string acsUrl(a.json().at("acsURL").as_string());
  Answer back = send(verb::post, acsUrl, "decision=refuse", "application/x-www-form-urlencoded");
  EXPECT_EQ(back.status, 303u);
  json::object rreq = send(verb::get, "/3ds/results/" + id).json();
  EXPECT_EQ(rreq.at("transStatus").as_string(), "N");
  EXPECT_EQ(rreq.at("transStatusReason").as_string(), "01");
  EXPECT_EQ(rreq.at("challengeCancel").as_string(), "01");
  EXPECT_FALSE(rreq.contains("authenticationValue"));
}

TEST_F(DirectoryServerEmulatorTest, ResultsOfAnUnknownOrUnchallengedTransactionAreErro301) {
  expectErro(send(verb::get, "/3ds/results/" + uuidV4()), 404, "301", "threeDSServerTransID");
  const std::string id = uuidV4();
  ASSERT_EQ(post(areq(id, "4111111111111111")).status, 200u);
  expectErro(send(verb::get, "/3ds/results/" + id), 404, "301", "threeDSServerTransID");
  EXPECT_EQ(send(verb::get, "/3ds/challenge/" + uuidV4()).status, 404u);
}

TEST_F(DirectoryServerEmulatorTest, InjectedFailuresAnswer500ErroAndDropsCloseTheConnection) {
  Answer set = send(verb::post, "/3ds/_control", R"({"failNext": 1})");
  ASSERT_EQ(set.status, 200u) << set.body;
  expectErro(post(areq(uuidV4(), "4111111111111111")), 500, "403", "message");
  EXPECT_EQ(post(areq(uuidV4(), "4111111111111111")).status, 200u);

  ASSERT_EQ(send(verb::post, "/3ds/_control", R"({"dropNext": 1})").status, 200u);
  EXPECT_EQ(post(areq(uuidV4(), "4111111111111111")).status, 0u);  // no answer
  expectErro(send(verb::post, "/3ds/_control", R"({"failNext": "x"})"), 400, "203", "control");
}

}  // namespace
}  // namespace sy::sandbox::three_ds
