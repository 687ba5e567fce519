// What the processor-response fuzz targets (fuzz/*_response_fuzzer.cc) share: the input layout
// and the contract every connector's answer transformer keeps (connectors/connector.h and the
// "How an answer maps to a CallResult" table in each transformers.h).
//
// Input: byte 0 picks the transformer, bytes 1-2 the HTTP status (big-endian, modulo 600), the
// rest is the body exactly as the processor sent it. fuzz/seeds.py writes the seed corpora in
// this layout from the connectors' recorded answers (testdata/).
#pragma once

#include <boost/json.hpp>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "common/secret.h"
#include "common/status.h"
#include "connectors/connector.h"
#include "fuzz/fuzz_checks.h"

namespace sy::fuzz {

struct ProcessorAnswer {
  uint8_t selector = 0;
  unsigned httpStatus = 200;
  std::string_view body;
};

inline bool readAnswer(const uint8_t* data, size_t size, ProcessorAnswer& out) {
  if (size < 3) return false;
  out.selector = data[0];
  out.httpStatus = ((unsigned{data[1]} << 8) | data[2]) % 600;
  out.body = std::string_view(reinterpret_cast<const char*>(data) + 3, size - 3);
  return true;
}

inline bool isJson(std::string_view body) {
  boost::json::error_code ec;
  (void)boost::json::parse(body, ec);
  return !ec;
}

// The contract of every transformer: a 5xx, or a 2xx whose body is not JSON, never yields a
// result (the call may have happened: kUnknown, resolved later by inquiry); every outcome but a
// success or "not found" carries its reason, GATEWAY_TIMEOUT for an unknown one.
inline void requireCallResultContract(const connectors::CallResult& r, const ProcessorAnswer& in) {
  using connectors::CallOutcome;
  if (in.httpStatus >= 500) require(r.outcome == CallOutcome::kUnknown);
  if (in.httpStatus >= 200 && in.httpStatus < 300 && !isJson(in.body))
    require(r.outcome == CallOutcome::kUnknown);
  if (r.outcome == CallOutcome::kDeclined || r.outcome == CallOutcome::kFailed ||
      r.outcome == CallOutcome::kUnknown)
    require(r.reason.has_value());
  if (r.outcome == CallOutcome::kUnknown)
    require(r.reason->type == domain::ReasonType::kGatewayTimeout);
}

// A refused credentials JSON is kInvalidArgument, and its message quotes none of the JSON's
// values: `parse` is run again on the JSON with every string value marked (its first three
// characters kept, so "sk_..." shapes still pass) and the marker must not show in the message.
template <class Parse>
void requireCredentialsContract(const Parse& parse, std::string_view json) {
  const auto result = parse(SecretString{std::string(json)});
  if (!result.isOk()) require(result.status().code() == StatusCode::kInvalidArgument);
  boost::json::error_code ec;
  boost::json::value v = boost::json::parse(json, ec);
  if (ec || !v.is_object()) return;
  constexpr std::string_view kMarker = "zq9MARKzq9";
  for (auto& member : v.as_object()) {
    if (boost::json::string* s = member.value().if_string()) {
      std::string marked(std::string_view(*s).substr(0, 3));
      marked += kMarker;
      *s = marked;
    }
  }
  const auto again = parse(SecretString{boost::json::serialize(v)});
  if (!again.isOk()) require(again.status().message().find(kMarker) == std::string::npos);
}

}  // namespace sy::fuzz
