#include "sandbox/adyen/three_d_secure.h"

#include <algorithm>
#include <array>
#include <boost/json/value.hpp>

#include "common/crypto.h"
#include "common/ids.h"

namespace sy::sandbox::adyen {
namespace json = boost::json;
namespace {

constexpr std::array<std::string_view, 12> kMpiFields = {
    "authenticationResponse", "cavv", "cavvAlgorithm", "challengeCancel", "directoryResponse",
    "dsTransID", "eci", "riskScore", "threeDSVersion", "tokenAuthenticationVerificationValue",
    "transStatusReason", "xid"};

std::string str(const json::object& o, std::string_view key) {
  const json::value* v = o.if_contains(key);
  return v && v->is_string() ? std::string(v->get_string()) : std::string();
}

bool oneOf(std::string_view v, std::string_view allowed) {
  return v.size() == 1 && allowed.find(v[0]) != std::string_view::npos;
}

bool twoDigits(std::string_view s) {
  return s.size() == 2 && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

}  // namespace

ThreeDsCard threeDsCardFor(std::string_view number) {
  if (number == "5454545454545454" || number == "4212345678901237") return ThreeDsCard::kChallenge;
  if (number == "5201281505129736") return ThreeDsCard::kFrictionless;
  return ThreeDsCard::kNotEnrolled;
}

MpiCheck checkMpiData(const json::value& value) {
  MpiCheck out;
  if (!value.is_object()) {
    out.error = "mpiData must be an object";
    return out;
  }
  const json::object& o = value.as_object();
  for (const auto& kv : o) {
    if (std::find(kMpiFields.begin(), kMpiFields.end(), kv.key()) == kMpiFields.end()) {
      out.error = "Structure ThreeDSecureData contains the following unknown fields: [" +
                  std::string(kv.key()) + "]";
      return out;
    }
    if (!kv.value().is_string()) {
      out.error = "mpiData." + std::string(kv.key()) + " must be a string";
      return out;
    }
  }
  MpiData d;
  const std::string directory = str(o, "directoryResponse");
  const std::string authentication = str(o, "authenticationResponse");
  if (!oneOf(directory, "ACDINRUY")) {
    out.error = "Invalid mpiData.directoryResponse: must be one of A, C, D, I, N, R, U, Y";
    return out;
  }
  if (o.contains("authenticationResponse")) {
    if (!oneOf(authentication, "YNUA")) {
      out.error = "Invalid mpiData.authenticationResponse: must be one of Y, N, U, A";
      return out;
    }
    if (directory != "C" && directory != "D") {
      out.error = "mpiData.authenticationResponse is only valid after a challenge "
                  "(directoryResponse C or D)";
      return out;
    }
    d.challenged = true;
  } else if (directory == "C" || directory == "D") {
    out.error = "Required field 'mpiData.authenticationResponse' is not provided for a challenge.";
    return out;
  }
  d.transStatus = d.challenged ? authentication : directory;
  d.eci = str(o, "eci");
  if (!twoDigits(d.eci)) {
    out.error = "Invalid mpiData.eci: must be two digits";
    return out;
  }
  d.cavv = str(o, "cavv");
  if (mpiAuthenticates(d)) {
    if (d.cavv.empty()) {
      out.error = "Required field 'mpiData.cavv' is not provided.";
      return out;
    }
    if (!crypto::base64Decode(d.cavv)) {
      out.error = "Invalid mpiData.cavv: must be base64";
      return out;
    }
  }
  d.version = str(o, "threeDSVersion");
  if (d.version.rfind("2.", 0) != 0) {
    out.error = "Invalid mpiData.threeDSVersion: 3D Secure 2 (2.x.x) expected";
    return out;
  }
  d.dsTransId = str(o, "dsTransID");
  if (d.dsTransId.empty()) {
    out.error = "Required field 'mpiData.dsTransID' is not provided.";
    return out;
  }
  out.data = std::move(d);
  return out;
}

bool mpiAuthenticates(const MpiData& mpi) { return mpi.transStatus == "Y" || mpi.transStatus == "A"; }

void addThreeDsFacts(json::object& a, const ThreeDsFacts& f) {
  a["threeDOffered"] = "true";
  a["threeDOfferedResponse"] = "Y";
  a["threeDAuthenticated"] = f.authenticated ? "true" : "false";
  a["threeDAuthenticatedResponse"] = f.transStatus;
  a["liabilityShift"] = f.authenticated ? "true" : "false";
  if (!f.eci.empty()) a["eci"] = f.eci;
  if (!f.cavv.empty()) a["cavv"] = f.cavv;
  a["threeDSVersion"] = f.version;
  if (!f.dsTransId.empty()) a["dsTransID"] = f.dsTransId;
}

ThreeDsFacts issuerAuthentication(std::string_view brand, bool authenticated) {
  ThreeDsFacts f;
  f.authenticated = authenticated;
  f.transStatus = authenticated ? "Y" : "N";
  const bool mastercard = brand == "mastercard";
  f.eci = authenticated ? (mastercard ? "02" : "05") : (mastercard ? "00" : "07");
  if (authenticated) f.cavv = crypto::base64Encode(randomHex(10));  // 20 bytes, as a CAVV is
  f.dsTransId = uuidV4();
  return f;
}

}  // namespace sy::sandbox::adyen
