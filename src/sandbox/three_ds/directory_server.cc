#include "sandbox/three_ds/directory_server.h"

#include <algorithm>
#include <boost/json/object.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <variant>
#include <vector>

#include "common/crypto.h"
#include "common/ids.h"
#include "common/money.h"
#include "sandbox/card_checks.h"
#include "sandbox/challenge_page.h"
#include "sandbox/three_ds/messages.h"
#include "sandbox/three_ds/test_cards.h"

namespace sy::sandbox::three_ds {
namespace json = boost::json;
namespace {

constexpr std::string_view kAcsReferenceNumber = "SWITCHYARD-ACS-EMULATOR";
constexpr std::string_view kDsReferenceNumber = "SWITCHYARD-DS-EMULATOR";

http::Response erroResponse(unsigned status, const ErroMessage& e) {
  return http::Response::json(status, erroJson(e));
}

// Keys sorted at every level, so the same AReq with its members in another order is the same.
void canonical(const json::value& v, std::string& out) {
  if (!v.is_object()) {
    out += json::serialize(v);
    return;
  }
  std::vector<std::pair<std::string_view, const json::value*>> members;
  for (const auto& [k, m] : v.as_object()) members.emplace_back(k, &m);
  std::sort(members.begin(), members.end());
  out += '{';
  for (const auto& [k, m] : members) {
    out += json::serialize(json::value(k));
    out += ':';
    canonical(*m, out);
    out += ',';
  }
  out += '}';
}

std::string requestHash(std::string_view body) {
  std::string text;
  canonical(json::parse(body), text);  // parseAReq has accepted it: valid JSON
  return crypto::sha256(text);
}

}  // namespace

DirectoryServer::DirectoryServer(size_t maxTransactions)
    : maxTransactions_(maxTransactions), key_(randomHex(32)) {}

std::string DirectoryServer::authenticationValue(const Transaction& t,
                                                 std::string_view transStatus) const {
  const std::string mac =
      crypto::hmacSha256(key_, t.dsTransId + "|" + t.acsTransId + "|" + std::string(transStatus));
  return crypto::base64Encode(mac.substr(0, 20));
}

http::Response DirectoryServer::authenticate(std::string_view body, std::string_view baseUrl) {
  auto parsed = parseAReq(body);
  if (auto* e = std::get_if<ErroMessage>(&parsed)) return erroResponse(400, *e);
  const AReq& a = std::get<AReq>(parsed);
  const std::string hash = requestHash(body);

  std::lock_guard lock(mu_);
  if (auto it = transactions_.find(a.threeDsServerTransId); it != transactions_.end()) {
    if (it->second.requestHash == hash) return http::Response::json(200, it->second.aresBody);
    ErroMessage e;
    e.errorCode = "305";
    e.errorDescription =
        "Transaction data not valid: this threeDSServerTransID was sent with another AReq";
    e.errorDetail = "threeDSServerTransID";
    e.messageVersion = a.messageVersion;
    e.threeDsServerTransId = a.threeDsServerTransId;
    return erroResponse(400, e);
  }
  if (transactions_.size() >= maxTransactions_) {
    ErroMessage e;
    e.errorCode = "403";
    e.errorDescription = "Transient System Failure: the emulator holds its maximum of transactions";
    e.errorDetail = "threeDSServerTransID";
    e.messageVersion = a.messageVersion;
    e.threeDsServerTransId = a.threeDsServerTransId;
    return erroResponse(503, e);
  }

  Transaction t;
  t.requestHash = hash;
  t.messageVersion = a.messageVersion;
  t.threeDsServerTransId = a.threeDsServerTransId;
  t.dsTransId = uuidV4();
  t.acsTransId = uuidV4();
  t.notificationUrl = a.notificationUrl;
  t.last4 = std::string(lastFour(a.acctNumber));
  t.eciYes = std::string(eciFor(a.acctNumber, "Y"));
  const auto currency = findCurrencyByNumeric(a.purchaseCurrency);
  t.amountShown = displayAmount(a.purchaseAmount, currency ? currency->code : "");

  const AcsDecision decision = acsDecisionFor(a.acctNumber);
  json::object ares{{"messageType", "ARes"},
                    {"messageVersion", a.messageVersion},
                    {"threeDSServerTransID", t.threeDsServerTransId},
                    {"dsTransID", t.dsTransId},
                    {"acsTransID", t.acsTransId},
                    {"acsReferenceNumber", kAcsReferenceNumber},
                    {"dsReferenceNumber", kDsReferenceNumber},
                    {"transStatus", decision.transStatus}};
  if (decision.transStatus == "Y" || decision.transStatus == "A") {
    ares["eci"] = eciFor(a.acctNumber, decision.transStatus);
    ares["authenticationValue"] = authenticationValue(t, decision.transStatus);
  } else if (decision.transStatus == "C") {
    t.challenged = true;
    ares["acsChallengeMandated"] = "Y";
    ares["authenticationType"] = "02";  // dynamic
    ares["acsURL"] = std::string(baseUrl) + "/3ds/challenge/" + t.acsTransId;
  } else {
    ares["transStatusReason"] = decision.transStatusReason;
  }
  t.aresBody = json::serialize(ares);
  std::string answer = t.aresBody;
  byAcsId_.emplace(t.acsTransId, t.threeDsServerTransId);
  transactions_.emplace(t.threeDsServerTransId, std::move(t));
  return http::Response::json(200, std::move(answer));
}

http::Response DirectoryServer::challengePage(std::string_view acsTransId) const {
  std::lock_guard lock(mu_);
  auto id = byAcsId_.find(std::string(acsTransId));
  if (id == byAcsId_.end()) return challengeNotFound();
  const Transaction& t = transactions_.at(id->second);
  if (!t.challenged || t.decided) return challengeNotFound();
  const std::string action = "/3ds/challenge/" + t.acsTransId;
  const ChallengeView view{"Switchyard 3DS", action, t.amountShown, t.last4};
  return sandbox::challengePage(view);
}

http::Response DirectoryServer::decideChallenge(std::string_view acsTransId,
                                                std::string_view formBody) {
  const std::optional<bool> approved = challengeApproved(formBody);
  std::lock_guard lock(mu_);
  auto id = byAcsId_.find(std::string(acsTransId));
  if (id == byAcsId_.end() || !approved) return challengeNotFound();
  Transaction& t = transactions_.at(id->second);
  if (!t.challenged) return challengeNotFound();
  if (!t.decided) {  // the first decision stands
    t.decided = true;
    t.approved = *approved;
  }
  return challengeFinished(t.notificationUrl, t.approved);
}

http::Response DirectoryServer::result(std::string_view threeDsServerTransId) const {
  std::lock_guard lock(mu_);
  auto it = transactions_.find(std::string(threeDsServerTransId));
  if (it == transactions_.end() || !it->second.challenged) {
    ErroMessage e;
    e.errorCode = "301";
    e.errorDescription =
        "Transaction ID Not Recognised: no challenge under this threeDSServerTransID";
    e.errorDetail = "threeDSServerTransID";
    e.errorMessageType = "RReq";
    if (isUuidShaped(threeDsServerTransId))
      e.threeDsServerTransId = std::string(threeDsServerTransId);
    return erroResponse(404, e);
  }
  const Transaction& t = it->second;
  if (!t.decided)
    return http::Response::json(
        202, json::serialize(json::object{{"threeDSServerTransID", t.threeDsServerTransId},
                                          {"challengeCompleted", false}}));
  const std::string_view status = t.approved ? "Y" : "N";
  json::object rreq{{"messageType", "RReq"},      {"messageVersion", t.messageVersion},
                    {"messageCategory", "01"},    {"threeDSServerTransID", t.threeDsServerTransId},
                    {"dsTransID", t.dsTransId},   {"acsTransID", t.acsTransId},
                    {"authenticationType", "02"}, {"interactionCounter", "01"},
                    {"transStatus", status}};
  if (t.approved) {
    rreq["eci"] = t.eciYes;
    rreq["authenticationValue"] = authenticationValue(t, status);
  } else {
    rreq["transStatusReason"] = "01";  // card authentication failed
    rreq["challengeCancel"] = "01";    // the cardholder cancelled (Fail authentication)
  }
  return http::Response::json(200, json::serialize(rreq));
}

}  // namespace sy::sandbox::three_ds
