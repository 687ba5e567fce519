#include "domain/three_d_secure.h"

#include <boost/json.hpp>

namespace sy::domain {
namespace json = boost::json;
namespace {

std::string str(const json::object& o, std::string_view key) {
  const json::value* v = o.if_contains(key);
  return v && v->is_string() ? std::string(v->get_string()) : std::string();
}

}  // namespace

std::string threeDsToJson(const ThreeDs& t) {
  json::object o;
  if (t.challenge) {
    const PendingChallenge& c = *t.challenge;
    o["challenge"] = json::object{{"transactionId", c.transactionId},
                                  {"challengeUrl", c.challengeUrl},
                                  {"resumeToken", c.resumeToken},
                                  {"expiresAt", toMicros(c.expiresAt)}};
    if (!c.threeDsServerTransactionId.empty())
      o["challenge"].as_object()["threeDsServerTransactionId"] = c.threeDsServerTransactionId;
    if (!c.returnQuery.empty()) o["challenge"].as_object()["returnQuery"] = c.returnQuery;
  }
  if (t.server) {
    const ServerAuthentication& s = *t.server;
    o["server"] = json::object{{"threeDsServerTransactionId", s.threeDsServerTransactionId},
                               {"dsTransactionId", s.dsTransactionId},
                               {"acsTransactionId", s.acsTransactionId},
                               {"transStatus", s.transStatus},
                               {"eci", s.eci},
                               {"authenticationValue", s.authenticationValue},
                               {"protocolVersion", s.protocolVersion},
                               {"challenged", s.challenged}};
  }
  if (t.result) {
    const ThreeDsAuthentication& a = *t.result;
    json::object r{{"responseCode", a.responseCode}};
    if (!a.reasonCode.empty()) r["reasonCode"] = a.reasonCode;
    if (!a.reasonText.empty()) r["reasonText"] = a.reasonText;
    if (!a.protocolVersion.empty()) r["protocolVersion"] = a.protocolVersion;
    if (a.challengeIssued) r["challengeIssued"] = *a.challengeIssued;
    o["result"] = std::move(r);
  }
  if (!t.lastResumeToken.empty()) o["lastResumeToken"] = t.lastResumeToken;
  return json::serialize(o);
}

Result<ThreeDs> threeDsFromJson(std::string_view text) {
  boost::system::error_code ec;
  json::value v = json::parse(text, ec);
  if (ec || !v.is_object()) return internalError("stored 3-D Secure state is not a JSON object");
  const json::object& o = v.get_object();
  ThreeDs t;
  if (const json::value* c = o.if_contains("challenge"); c && c->is_object()) {
    const json::object& co = c->get_object();
    PendingChallenge pc;
    pc.transactionId = str(co, "transactionId");
    pc.challengeUrl = str(co, "challengeUrl");
    pc.resumeToken = str(co, "resumeToken");
    if (const json::value* e = co.if_contains("expiresAt"); e && e->is_int64())
      pc.expiresAt = fromMicros(e->get_int64());
    pc.threeDsServerTransactionId = str(co, "threeDsServerTransactionId");
    pc.returnQuery = str(co, "returnQuery");
    t.challenge = std::move(pc);
  }
  if (const json::value* r = o.if_contains("result"); r && r->is_object()) {
    const json::object& ro = r->get_object();
    ThreeDsAuthentication a;
    a.responseCode = str(ro, "responseCode");
    a.reasonCode = str(ro, "reasonCode");
    a.reasonText = str(ro, "reasonText");
    a.protocolVersion = str(ro, "protocolVersion");
    if (const json::value* ci = ro.if_contains("challengeIssued"); ci && ci->is_bool())
      a.challengeIssued = ci->get_bool();
    t.result = std::move(a);
  }
  if (const json::value* s = o.if_contains("server"); s && s->is_object()) {
    const json::object& so = s->get_object();
    ServerAuthentication a;
    a.threeDsServerTransactionId = str(so, "threeDsServerTransactionId");
    a.dsTransactionId = str(so, "dsTransactionId");
    a.acsTransactionId = str(so, "acsTransactionId");
    a.transStatus = str(so, "transStatus");
    a.eci = str(so, "eci");
    a.authenticationValue = str(so, "authenticationValue");
    a.protocolVersion = str(so, "protocolVersion");
    if (const json::value* c = so.if_contains("challenged"); c && c->is_bool())
      a.challenged = c->get_bool();
    t.server = std::move(a);
  }
  t.lastResumeToken = str(o, "lastResumeToken");
  return t;
}

}  // namespace sy::domain
