// Sends the recorded requests (which transformers_test proves equal the connector's bodies) to the
// emulator, stores what it answers, and validates both against Adyen's spec with contract_check.js
// (needs node and features/node_modules: `make test-deps`).
#include <gtest/gtest.h>
#include <unistd.h>

#include <boost/json/parse.hpp>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "connectors/adyen/adyen_kit.h"
#include "connectors/testing/loopback_fixture.h"

namespace sy::connectors::testing {
namespace {
namespace json = boost::json;

class AdyenSpecContractTest : public LoopbackConnectorFixture<AdyenKit> {
 protected:
  http::ClientResponse post(std::string path, std::string body, std::string idempotencyKey) {
    return raw(
        verb::post, std::move(path), std::move(body),
        {{"X-API-Key", std::string(AdyenKit::kApiKey)}, {"Idempotency-Key", idempotencyKey}});
  }
};

TEST_F(AdyenSpecContractTest, EmulatorAnswersValidateAgainstTheSpec) {
  if (std::system("node --version > /dev/null 2>&1") != 0) GTEST_SKIP() << "node not installed";
  const auto src = std::filesystem::path(__FILE__).parent_path();
  auto read = [&](const char* name) {
    std::ifstream in(src / "testdata" / name);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
  };
  auto dir =
      std::filesystem::temp_directory_path() / ("sy_adyen_contract_" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  auto save = [&](const std::string& name, const std::string& body) {
    std::ofstream(dir / name) << body;
  };
  auto pay = post("/v71/payments", read("payments.request.json"), "c-1");
  ASSERT_EQ(pay.status, 200u) << pay.body;
  save("payments.authorised.response.200.json", pay.body);
  std::string psp(json::parse(pay.body).at("pspReference").as_string());
  auto cap = post("/v71/payments/" + psp + "/captures", read("captures.request.json"), "c-2");
  save("captures.response." + std::to_string(cap.status) + ".json", cap.body);
  auto ref = post(
      "/v71/payments/" + psp + "/refunds",
      R"({"merchantAccount":"SwitchyardECOM","amount":{"currency":"EUR","value":100},"reference":"r1","merchantRefundReason":"OTHER"})",
      "c-3");
  save("refunds.response." + std::to_string(ref.status) + ".json", ref.body);
  auto pay2 = post("/v71/payments", read("payments.capture.request.json"), "c-4");
  std::string psp2(json::parse(pay2.body).at("pspReference").as_string());
  auto rev = post("/v71/payments/" + psp2 + "/reversals", read("reversals.request.json"), "c-5");
  save("reversals.response." + std::to_string(rev.status) + ".json", rev.body);
  auto pay3 = post("/v71/payments", read("payments.request.json"), "c-6");
  std::string psp3(json::parse(pay3.body).at("pspReference").as_string());
  auto can = post("/v71/payments/" + psp3 + "/cancels", read("cancels.request.json"), "c-7");
  save("cancels.response." + std::to_string(can.status) + ".json", can.body);
  std::string refusedBody = read("payments.request.json");
  refusedBody.replace(refusedBody.find("John Smith"), 10, "NOT_ENOUGH_BALANCE");
  save("payments.refused.response.200.json", post("/v71/payments", refusedBody, "c-8").body);
  auto bad =
      post("/v71/payments", R"({"amount":{"currency":"EUR","value":1},"capture":true})", "c-9");
  save("payments.unknown_field.response." + std::to_string(bad.status) + ".json", bad.body);
  auto invalid = post(
      "/v71/payments/" + psp + "/captures",
      R"({"merchantAccount":"SwitchyardECOM","amount":{"currency":"EUR","value":999999}})", "c-10");
  save("captures.too_much.response." + std::to_string(invalid.status) + ".json", invalid.body);
  auto conflict = post("/v71/payments", refusedBody, "c-1");
  save("payments.conflict.response." + std::to_string(conflict.status) + ".json", conflict.body);
  setFaults(R"({"failNext":1})");
  auto failed = post("/v71/payments", read("payments.request.json"), "c-11");
  save("payments.injected.response." + std::to_string(failed.status) + ".json", failed.body);
  // 3-D Secure: the redirect, its challenge decided, /payments/details; external 3-D Secure and a
  // merchant-initiated payment (the recorded requests of three_ds_transformers_test).
  auto redirect = post("/v71/payments", read("payments.three_ds.request.json"), "c-12");
  ASSERT_EQ(redirect.status, 200u) << redirect.body;
  save("payments.redirect_emulator.response.200.json", redirect.body);
  const std::string url(json::parse(redirect.body).at("action").at("url").as_string());
  const std::string page = url.substr(url.find("/3ds/challenge/"));
  auto back = raw(verb::post, page, "decision=approve");
  ASSERT_EQ(back.status, 303u) << back.body;
  const std::string location(back.header("Location"));
  const std::string redirectResult = location.substr(location.find("redirectResult=") + 15);
  auto details = post("/v71/payments/details",
                      R"({"details":{"redirectResult":")" + redirectResult + R"("}})", "c-13");
  save("details.emulator.response." + std::to_string(details.status) + ".json", details.body);
  auto garbled = post("/v71/payments/details", read("details.request.json"), "c-14");
  save("details.garbled.response." + std::to_string(garbled.status) + ".json", garbled.body);
  auto external = post("/v71/payments", read("payments.external_three_ds.request.json"), "c-15");
  save("payments.external_emulator.response." + std::to_string(external.status) + ".json",
       external.body);
  auto frictionless = read("payments.three_ds.request.json");
  frictionless.replace(frictionless.find("5454545454545454"), 16, "5201281505129736");
  auto friction = post("/v71/payments", frictionless, "c-16");
  save("payments.frictionless_emulator.response." + std::to_string(friction.status) + ".json",
       friction.body);
  auto sub = post("/v71/payments", read("payments.subscription.request.json"), "c-17");
  save("payments.subscription_emulator.response." + std::to_string(sub.status) + ".json", sub.body);
  for (const char* name :
       {"payments.request.json", "payments.capture.request.json", "captures.request.json",
        "cancels.request.json", "refunds.request.json", "reversals.request.json",
        "payments.three_ds.request.json", "payments.external_three_ds.request.json",
        "payments.subscription.request.json", "details.request.json"})
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

}  // namespace
}  // namespace sy::connectors::testing
