#include "connectors/webhook_secret.h"

#include <algorithm>
#include <boost/json/parse.hpp>
#include <boost/json/value.hpp>
#include <string>

namespace sy::connectors {
namespace json = boost::json;

Result<SecretString> webhookSecretFrom(const SecretString& credentialsJson, std::string_view key,
                                       std::string_view processor) {
  auto notSetUp = [&] {
    return failedPrecondition(std::string(processor) +
                              " connection has no webhook secret: its credentials need a "
                              "non-empty string \"" +
                              std::string(key) + "\"");
  };
  boost::system::error_code ec;
  json::value v = json::parse(credentialsJson.reveal(), ec);
  if (ec || !v.is_object()) return notSetUp();
  json::value* secret = v.as_object().if_contains(key);
  if (!secret || !secret->is_string() || secret->get_string().empty()) return notSetUp();
  SecretString out{std::string(secret->get_string())};
  // The parsed copy lives in `v`; overwrite it before it is freed.
  std::fill(secret->get_string().begin(), secret->get_string().end(), '\0');
  return out;
}

}  // namespace sy::connectors
