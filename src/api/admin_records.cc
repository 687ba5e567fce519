#include "api/admin_records.h"

#include <algorithm>
#include <boost/url/parse.hpp>

#include "api/authenticator.h"
#include "common/crypto.h"
#include "common/ids.h"

namespace sy::api {

store::Merchant makeMerchant(std::string name, TimePoint now) {
  return store::Merchant{newId("mer"), std::move(name), now};
}

Result<IssuedApiKey> issueApiKey(const std::string& merchantId, std::vector<std::string> scopeList,
                                 TimePoint now) {
  if (scopeList.empty()) scopeList = scopes::kAll;
  for (const auto& s : scopeList)
    if (std::find(scopes::kAll.begin(), scopes::kAll.end(), s) == scopes::kAll.end())
      return Status(StatusCode::kInvalidArgument,
                    "Unknown scope '" + s +
                        "'; scopes are payments:read, payments:write, client-session:write, "
                        "webhooks:read, webhooks:write",
                    "RequestValidationError");
  IssuedApiKey out;
  out.key = newApiKey();
  out.record.id = newId("key");
  out.record.merchantId = merchantId;
  out.record.keyHash = crypto::sha256Hex(out.key);
  out.record.prefix = out.key.substr(0, 8);
  out.record.scopes = std::move(scopeList);
  out.record.createdAt = now;
  return out;
}

Result<store::Connection> makeConnection(const orchestrator::PaymentEngine& engine,
                                         const std::vector<std::string>& processors,
                                         const std::string& merchantId, const ConnectionSpec& spec,
                                         TimePoint now) {
  auto invalid = [](std::string m) {
    return Status(StatusCode::kInvalidArgument, std::move(m), "RequestValidationError");
  };
  if (std::find(processors.begin(), processors.end(), spec.processor) == processors.end()) {
    std::string known;
    for (const auto& p : processors) known += (known.empty() ? "" : ", ") + p;
    return invalid("Unknown processor '" + spec.processor + "'; known: " + known);
  }
  if (spec.processorMerchantId.empty() || spec.processorMerchantId.size() > 255)
    return invalid("processorMerchantId must be 1 to 255 characters");
  if (!spec.baseUrl.empty()) {
    auto u = boost::urls::parse_absolute_uri(spec.baseUrl);
    if (!u || (u->scheme() != "http" && u->scheme() != "https") || u->host().empty())
      return invalid("baseUrl must be an absolute http:// or https:// URL");
  }
  store::Connection c;
  c.id = newId("con");
  c.merchantId = merchantId;
  c.processor = spec.processor;
  c.processorMerchantId = spec.processorMerchantId;
  c.baseUrl = spec.baseUrl;
  c.isDefault = spec.isDefault;
  c.createdAt = now;
  auto sealed = engine.sealCredentials(c.id, spec.credentialsJson.empty() ? "{}" : spec.credentialsJson);
  if (!sealed) return sealed.status();
  c.credentialsSealed = std::move(*sealed);
  return c;
}

}  // namespace sy::api
