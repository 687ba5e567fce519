// Records the emulator's answers to a round of calls and validates them against Checkout.com's
// spec with contract_check.js (needs node and features/node_modules: `make test-deps`).
#include <gtest/gtest.h>
#include <unistd.h>

#include <boost/json/parse.hpp>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "connectors/checkoutcom/checkoutcom_kit.h"
#include "connectors/testing/loopback_fixture.h"

namespace sy::connectors::testing {
namespace {
namespace json = boost::json;

class CheckoutComSpecContractTest : public LoopbackConnectorFixture<CheckoutComKit> {
 protected:
  http::ClientResponse post(std::string path, std::string body, std::string idempotencyKey = {}) {
    auto headers = CheckoutComKit::debugHeaders();
    if (!idempotencyKey.empty()) headers.emplace_back("Cko-Idempotency-Key", idempotencyKey);
    return raw(verb::post, std::move(path), std::move(body), std::move(headers));
  }
  http::ClientResponse get(std::string path) {
    return raw(verb::get, std::move(path), {}, CheckoutComKit::debugHeaders());
  }
};

TEST_F(CheckoutComSpecContractTest, EmulatorResponsesValidateAgainstTheSpec) {
  auto dir =
      std::filesystem::temp_directory_path() / ("sy_cko_contract_" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  auto save = [&](const std::string& name, const http::ClientResponse& r) {
    std::ofstream(dir / name) << r.body;
  };
  const std::string card =
      R"({"source":{"type":"card","number":"4242424242424242","expiry_month":12,"expiry_year":2030,"cvv":"100","name":"Ada"},)"
      R"("amount":1000,"currency":"USD","reference":"ORD-1","capture":false})";
  auto auth = post("/payments", card, "c-1");
  ASSERT_EQ(auth.status, 201u) << auth.body;
  save("authorize.response.201.json", auth);
  std::string id = std::string(json::parse(auth.body).at("id").as_string());
  auto declined = post(
      "/payments",
      R"({"source":{"type":"card","number":"4242424242424242","expiry_month":12,"expiry_year":2030},"amount":20051,"currency":"USD"})");
  save("authorize_declined.response.201.json", declined);
  auto invalid = post("/payments", R"({"source":{"type":"card","number":"4242424242424241"}})");
  EXPECT_EQ(invalid.status, 422u);
  save("authorize_invalid.response.422.json", invalid);
  auto cap = post("/payments/" + id + "/captures",
                  R"({"amount":400,"capture_type":"NonFinal","reference":"c-cap"})", "c-2");
  EXPECT_EQ(cap.status, 202u);
  save("capture.response.202.json", cap);
  auto ref = post("/payments/" + id + "/refunds", R"({"amount":100,"reference":"c-ref"})");
  EXPECT_EQ(ref.status, 202u);
  save("refund.response.202.json", ref);
  auto over = post("/payments/" + id + "/refunds", R"({"amount":10000})");
  EXPECT_EQ(over.status, 422u);
  save("refund_over.response.422.json", over);
  save("payment.response.200.json", get("/payments/" + id));
  save("actions.response.200.json", get("/payments/" + id + "/actions"));
  auto other = post("/payments", card, "c-3");
  std::string otherId = std::string(json::parse(other.body).at("id").as_string());
  auto voided = post("/payments/" + otherId + "/voids", R"({"reference":"c-void"})");
  EXPECT_EQ(voided.status, 202u);
  save("void.response.202.json", voided);
  save("payment_voided.response.200.json", get("/payments/" + otherId));

  // 3-D Secure: a challenge (202 Pending with its redirect, the payment while pending and after
  // the customer approved), a frictionless authorization and external MPI data.
  const std::string threeDs =
      R"(,"3ds":{"enabled":true,"attempt_n3d":true},"success_url":"http://127.0.0.1:9/back",)"
      R"("failure_url":"http://127.0.0.1:9/back"})";
  auto cardWith = [](std::string_view number, const std::string& tail) {
    return R"({"source":{"type":"card","number":")" + std::string(number) +
           R"(","expiry_month":12,"expiry_year":2030},"amount":1000,"currency":"USD","capture":false)" +
           tail;
  };
  auto pending = post("/payments", cardWith("5385308360135181", threeDs), "c-3ds-1");
  ASSERT_EQ(pending.status, 202u) << pending.body;
  save("authorize_3ds_pending.response.202.json", pending);
  const std::string pendingId(json::parse(pending.body).at("id").as_string());
  save("payment_3ds_pending.response.200.json", get("/payments/" + pendingId));
  auto approved = raw(verb::post, "/3ds/" + pendingId, "decision=approve");
  EXPECT_EQ(approved.status, 303u);
  save("payment_3ds_authorized.response.200.json", get("/payments/" + pendingId));
  auto frictionless = post("/payments", cardWith("4485040371536584", threeDs), "c-3ds-2");
  EXPECT_EQ(frictionless.status, 201u) << frictionless.body;
  save("authorize_3ds_frictionless.response.201.json", frictionless);
  auto external = post(
      "/payments",
      cardWith("5385308360135181",
               R"(,"3ds":{"enabled":true,"eci":"02","cryptogram":"AJkBBkhgQQAAAE4gSEJydQAAAAA=",)"
               R"("xid":"f25084f0-5b16-4c0a-ae5d-b24808a95e4b","version":"2.2.0","status":"Y"}})"),
      "c-3ds-3");
  EXPECT_EQ(external.status, 201u) << external.body;
  save("authorize_external_3ds.response.201.json", external);
  auto badExternal = post("/payments", cardWith("5385308360135181", R"(,"3ds":{"enabled":true,"eci":"05"}})"));
  EXPECT_EQ(badExternal.status, 422u);
  save("authorize_external_3ds_invalid.response.422.json", badExternal);

  auto script = std::filesystem::path(__FILE__).parent_path() / "contract_check.js";
  if (std::system("node --version > /dev/null 2>&1") != 0) {
    std::filesystem::remove_all(dir);
    GTEST_SKIP() << "node is not installed";
  }
  std::string cmd =
      "node " + script.string() + " " + dir.string() + " > " + (dir / "out.txt").string() + " 2>&1";
  int rc = std::system(cmd.c_str());
  std::ifstream in(dir / "out.txt");
  std::stringstream out;
  out << in.rdbuf();
  EXPECT_EQ(rc, 0) << out.str();
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace sy::connectors::testing
