#include "api/authenticator.h"

#include <algorithm>

#include "common/crypto.h"
#include "common/ids.h"
#include "store/awaitable.h"

namespace sy::api {
namespace {
constexpr auto kCacheTtl = std::chrono::seconds(30);
constexpr size_t kCacheMax = 10000;

Status unauthorized(std::string msg) {
  return Status(StatusCode::kUnauthenticated, std::move(msg), "Unauthorized");
}

std::string_view bearer(const http::Request& r) {
  std::string_view h = r.header("Authorization");
  constexpr std::string_view kPrefix = "Bearer ";
  if (h.size() <= kPrefix.size() || h.substr(0, kPrefix.size()) != kPrefix) return {};
  return h.substr(kPrefix.size());
}
}  // namespace

bool Principal::allows(std::string_view scope) const {
  return std::find(scopes.begin(), scopes.end(), scope) != scopes.end();
}

std::string newApiKey() { return "sy_" + randomId(40); }
std::string newClientToken() { return "ct_" + randomId(48); }

Authenticator::Authenticator(store::Store& store, const SecretString& adminKey, const Clock& clock)
    : store_(store),
      adminKeyHash_(adminKey.empty() ? "" : crypto::sha256Hex(adminKey.reveal())),
      clock_(clock) {}

boost::asio::awaitable<Result<Principal>> Authenticator::merchant(const http::Request& request,
                                                                  std::string_view scope) {
  std::string_view key = request.header("X-Api-Key");
  if (key.empty()) co_return unauthorized("The X-Api-Key header is missing");
  if (key.size() > 256) co_return unauthorized("The API key is not valid");
  std::string hash = crypto::sha256Hex(key);
  std::optional<Principal> principal;
  {
    std::lock_guard lock(mu_);
    auto it = cache_.find(hash);
    if (it != cache_.end() && it->second.expires > std::chrono::steady_clock::now())
      principal = it->second.principal;
  }
  if (!principal) {
    Result<store::ApiKey> found = internalError("not read");
    co_await store::read(store_, [&](store::ReadTx& tx) { found = tx.findApiKeyByHash(hash); });
    if (!found) {
      if (found.status().code() == StatusCode::kNotFound)
        co_return unauthorized("The API key is not valid");
      co_return found.status();
    }
    principal = Principal{found->merchantId, found->scopes, found->id};
    std::lock_guard lock(mu_);
    if (cache_.size() >= kCacheMax) cache_.clear();
    cache_[hash] = Cached{*principal, std::chrono::steady_clock::now() + kCacheTtl};
  }
  if (!principal->allows(scope))
    co_return Status(StatusCode::kPermissionDenied,
                     "The API key does not have the " + std::string(scope) + " scope", "Forbidden");
  co_return *principal;
}

bool Authenticator::isAdmin(const http::Request& request) const {
  if (adminKeyHash_.empty()) return false;
  std::string_view token = bearer(request);
  if (token.empty()) return false;
  return crypto::constantTimeEquals(crypto::sha256Hex(token), adminKeyHash_);
}

boost::asio::awaitable<Result<store::ClientSession>> Authenticator::clientSession(
    const http::Request& request) {
  std::string_view token = bearer(request);
  if (token.empty())
    co_return unauthorized("A client token is required: Authorization: Bearer <clientToken>");
  std::string hash = crypto::sha256Hex(token);
  Result<store::ClientSession> s = internalError("not read");
  co_await store::read(store_, [&](store::ReadTx& tx) { s = tx.findClientSessionByTokenHash(hash); });
  if (!s && s.status().code() != StatusCode::kNotFound) co_return s.status();
  if (!s || s->expiresAt <= clock_.now())
    co_return unauthorized("The client token is invalid or has expired");
  co_return s;
}

}  // namespace sy::api
