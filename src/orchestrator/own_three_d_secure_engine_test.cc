// Switchyard's own 3-D Secure in the engine, against the directory server emulator and the test
// processor's emulator over loopback: the customer is authenticated once, before the route's first
// processor call; the result goes to every processor of the route (a fallback included) as external
// 3-D Secure data; a refusal or an unavailable authentication under REQUIRED calls no processor;
// the cryptogram is not kept once the route has ended.
#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include "common/crypto.h"
#include "domain/state_machine.h"
#include "orchestrator/testing/engine_fixture.h"
#include "sandbox/three_ds/emulator.h"
#include "three_ds/three_ds_server.h"

namespace sy::orchestrator {
namespace {
using domain::Outcome;
using domain::PaymentStatus;
using testing::EngineFixture;

constexpr const char* kChallenge = "4000000000003220";     // ARes C
constexpr const char* kFrictionless = "4000000000003055";  // ARes Y, ECI 05
constexpr const char* kUnavailable = "4000000000003238";   // ARes U
constexpr const char* kNotAuthenticated = "4000000000003246";  // ARes N

std::string ownThreeDs(const std::string& mode, const std::string& connection,
                       const std::string& fallback = "") {
  return R"({"schemaVersion": 1, "name": "own 3DS", "trigger": {"event": "PAYMENT_CREATED"},
             "steps": [{"type": "AUTHORIZE", "connection": ")" + connection + R"(",
                        "fallbackConnections": [)" + (fallback.empty() ? "" : "\"" + fallback + "\"") +
         R"(], "threeDSecure": ")" + mode + R"(", "threeDSecureProvider": "SWITCHYARD"}]})";
}

class OwnThreeDSecureEngine : public EngineFixture {
 protected:
  void SetUp() override {
    EngineFixture::SetUp();
    directory_ = std::make_unique<sandbox::three_ds::DirectoryServerEmulator>(
        ioc_, sandbox::three_ds::DirectoryServerOptions{});
    auto bound = directory_->listen({boost::asio::ip::make_address("127.0.0.1"), 0});
    ASSERT_TRUE(bound) << bound.status().toString();
    directory_->start();
    server_ = std::make_unique<three_ds::ThreeDsServer>(client_, directory_->baseUrl(),
                                                        std::chrono::seconds(5));
    engine_->setThreeDsServer(server_.get());
    engine_->setPublicUrl("https://pay.example");
    // Credentials the test processor's connector cannot read: its calls fail unsent.
    addConnection("TEST_PROCESSOR", "tp-broken", tp_->emulator.baseUrl(), R"({"other":"x"})",
                  false);
  }
  void TearDown() override {
    stopEmulator(*directory_);
    EngineFixture::TearDown();
  }

  Result<domain::Payment> resume(const std::string& paymentId, const std::string& token) {
    return run([this, paymentId, token]() -> boost::asio::awaitable<Result<domain::Payment>> {
      const std::string merchant = kMerchant;
      const Idempotency none;
      co_return co_await engine_->resume(merchant, paymentId, token, none);
    });
  }
  // The customer's decision on the ACS page the payment's challenge names.
  void decide(const domain::Payment& p, bool approve) {
    ASSERT_TRUE(p.threeDs.challenge);
    const std::string& url = p.threeDs.challenge->challengeUrl;
    const std::string acsTransId = url.substr(url.rfind('/') + 1);
    auto r = directory_->directory().decideChallenge(
        acsTransId, approve ? "decision=approve" : "decision=refuse");
    ASSERT_EQ(r.status, 303u) << r.body;
  }
  // The test processor's record of the SALE `t` (its payment object).
  boost::json::object processorPayment(const domain::Transaction& t) {
    sandbox::test_processor::CallContext ctx;
    ctx.account = crypto::sha256Hex(connectors::testing::TestProcessorKit::kApiKey).substr(0, 24);
    auto r = tp_->emulator.api().getPayment(ctx, t.processorTransactionId);
    EXPECT_EQ(r.response.status, 200u) << r.response.body;
    return boost::json::parse(r.response.body).as_object();
  }
  // Whether the card's CVV hold is in the store (kept for the challenge); false once taken.
  bool cvvHeld(const domain::Payment& p) {
    bool held = false;
    EXPECT_TRUE(store::writeSync(*store_, [&](store::WriteTx& tx) -> Status {
                  auto hold = tx.takeCvvHold(kMerchant, p.paymentMethodToken);
                  held = hold.isOk();
                  if (held) return tx.insertCvvHold(*hold);  // looked at, put back
                  return Status::ok();
                }).isOk());
    return held;
  }
  static const domain::Transaction& authorizedSale(const domain::Payment& p) {
    const domain::Transaction* sale = domain::activeSale(p);
    EXPECT_TRUE(sale && sale->outcome == Outcome::kSucceeded);
    return *sale;
  }

  std::unique_ptr<sandbox::three_ds::DirectoryServerEmulator> directory_;
  std::unique_ptr<three_ds::ThreeDsServer> server_;
};

TEST_F(OwnThreeDSecureEngine, AFrictionlessAuthenticationIsSentToTheProcessor) {
  publish("wf", ownThreeDs("PREFERRED", "tp-main"));
  auto p = pay(kFrictionless);
  ASSERT_TRUE(p) << p.status().toString();
  EXPECT_EQ(p->status, PaymentStatus::kAuthorized);
  ASSERT_TRUE(p->threeDs.result);
  EXPECT_EQ(p->threeDs.result->responseCode, "AUTH_SUCCESS");
  EXPECT_EQ(p->threeDs.result->challengeIssued, false);
  auto sent = processorPayment(authorizedSale(*p));
  ASSERT_TRUE(sent.contains("three_d_secure")) << boost::json::serialize(sent);
  EXPECT_EQ(sent["three_d_secure"].at("eci"), "05");
  EXPECT_EQ(sent["three_d_secure"].at("trans_status"), "Y");
  EXPECT_EQ(sent["card"].at("cvc_check"), "pass");
  EXPECT_FALSE(cvvHeld(*p));
  // The route has ended: the cryptogram is not kept, the rest of the authentication is.
  ASSERT_TRUE(p->threeDs.server);
  EXPECT_TRUE(p->threeDs.server->authenticationValue.empty());
  EXPECT_EQ(load(p->id)->threeDs.server->eci, "05");
  EXPECT_TRUE(load(p->id)->threeDs.server->authenticationValue.empty());
}

TEST_F(OwnThreeDSecureEngine, OneChallengeServesTheFallbackProcessor) {
  publish("wf", ownThreeDs("REQUIRED", "tp-broken", "tp-main"));
  auto p = pay(kChallenge);
  ASSERT_TRUE(p) << p.status().toString();
  EXPECT_EQ(p->status, PaymentStatus::kPending);
  ASSERT_TRUE(p->threeDs.challenge);
  EXPECT_FALSE(p->threeDs.challenge->threeDsServerTransactionId.empty());
  EXPECT_EQ(p->transactions.size(), 1u);
  EXPECT_TRUE(p->transactions[0].processorTransactionId.empty());  // no processor call yet
  EXPECT_FALSE(domain::hasUnresolvedCall(*p));
  EXPECT_EQ(ledger(*tp_).charges, 0);
  // No processor has had the card: its CVV waits, sealed, for the authorization after the challenge.
  EXPECT_TRUE(cvvHeld(*p));
  const std::string token = p->threeDs.challenge->resumeToken;

  // Before the customer decided: still waiting, nothing sent anywhere.
  auto early = resume(p->id, token);
  ASSERT_TRUE(early) << early.status().toString();
  EXPECT_EQ(early->status, PaymentStatus::kPending);
  ASSERT_TRUE(early->threeDs.challenge);

  decide(*early, true);
  auto done = resume(p->id, token);
  ASSERT_TRUE(done) << done.status().toString();
  EXPECT_EQ(done->status, PaymentStatus::kAuthorized);
  EXPECT_EQ(attemptedConnections(*done), (std::vector<std::string>{"tp-broken", "tp-main"}));
  EXPECT_EQ(done->threeDs.result->responseCode, "AUTH_SUCCESS");
  EXPECT_EQ(done->threeDs.result->challengeIssued, true);
  EXPECT_FALSE(done->threeDs.challenge);
  auto sent = processorPayment(authorizedSale(*done));
  EXPECT_EQ(sent["three_d_secure"].at("eci"), "05");
  EXPECT_EQ(sent["card"].at("cvc_check"), "pass");  // the CVV kept across the challenge
  EXPECT_FALSE(cvvHeld(*done));                     // and gone with that authorization
  EXPECT_EQ(ledger(*tp_).charges, 1);

  // Resumed again with the same token: the payment as it stands.
  auto again = resume(p->id, token);
  ASSERT_TRUE(again) << again.status().toString();
  EXPECT_EQ(again->status, PaymentStatus::kAuthorized);
  EXPECT_EQ(again->transactions.size(), 2u);
}

TEST_F(OwnThreeDSecureEngine, ARefusedChallengeDeclinesWithoutAProcessorCall) {
  publish("wf", ownThreeDs("PREFERRED", "tp-main"));
  auto p = pay(kChallenge);
  ASSERT_TRUE(p) << p.status().toString();
  decide(*p, false);
  auto done = resume(p->id, p->threeDs.challenge->resumeToken);
  ASSERT_TRUE(done) << done.status().toString();
  EXPECT_EQ(done->status, PaymentStatus::kDeclined);
  ASSERT_TRUE(done->statusReason && done->statusReason->code);
  EXPECT_EQ(*done->statusReason->code, domain::DeclineCode::kAuthenticationRequired);
  EXPECT_EQ(done->threeDs.result->responseCode, "AUTH_FAILED");
  EXPECT_EQ(done->threeDs.result->reasonCode, "CARD_AUTHENTICATION_FAILED");
  EXPECT_EQ(ledger(*tp_).charges, 0);
  EXPECT_FALSE(cvvHeld(*done));  // not kept for nothing
}

TEST_F(OwnThreeDSecureEngine, UnavailableAuthenticationGoesOnUnderPreferredAndDeclinesUnderRequired) {
  publish("wf", ownThreeDs("PREFERRED", "tp-main"));
  auto preferred = pay(kUnavailable);
  ASSERT_TRUE(preferred) << preferred.status().toString();
  EXPECT_EQ(preferred->status, PaymentStatus::kAuthorized);
  EXPECT_EQ(preferred->threeDs.result->responseCode, "SKIPPED");
  EXPECT_FALSE(processorPayment(authorizedSale(*preferred)).contains("three_d_secure"));

  publish("wf", ownThreeDs("REQUIRED", "tp-main"));
  auto required = pay(kUnavailable);
  ASSERT_TRUE(required) << required.status().toString();
  EXPECT_EQ(required->status, PaymentStatus::kDeclined);
  EXPECT_EQ(required->threeDs.result->responseCode, "SKIPPED");
  auto refused = pay(kNotAuthenticated);
  ASSERT_TRUE(refused) << refused.status().toString();
  EXPECT_EQ(refused->status, PaymentStatus::kDeclined);
  EXPECT_EQ(refused->threeDs.result->responseCode, "AUTH_FAILED");
  EXPECT_EQ(ledger(*tp_).charges, 1);  // the PREFERRED one only

  // No directory server: "3DS_SERVER_ERROR", declined under REQUIRED.
  engine_->setThreeDsServer(nullptr);
  auto noServer = pay(kFrictionless);
  ASSERT_TRUE(noServer) << noServer.status().toString();
  EXPECT_EQ(noServer->status, PaymentStatus::kDeclined);
  EXPECT_EQ(noServer->threeDs.result->reasonCode, "3DS_SERVER_ERROR");
}

TEST_F(OwnThreeDSecureEngine, AMerchantInitiatedChargeIsNeitherAuthenticatedNorChallenged) {
  publish("wf", ownThreeDs("REQUIRED", "tp-main"));
  PaymentInput in;
  in.card.number = kChallenge;
  in.paymentMethodJson = R"({"paymentType":"UNSCHEDULED"})";
  auto p = pay(in);
  ASSERT_TRUE(p) << p.status().toString();
  EXPECT_EQ(p->status, PaymentStatus::kAuthorized);
  EXPECT_FALSE(p->threeDs.result);
  auto sent = processorPayment(authorizedSale(*p));
  EXPECT_EQ(sent["initiator"], "merchant");
  EXPECT_FALSE(sent.contains("three_d_secure"));
}

}  // namespace
}  // namespace sy::orchestrator
