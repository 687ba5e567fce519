#include "sandbox/idempotency_store.h"

#include "common/crypto.h"

namespace sy::sandbox {

std::string IdempotencyStore::fingerprint(std::string_view method, std::string_view path,
                                          std::string_view body) const {
  if (rule_ == ReplayRule::kSameEndpoint) body = {};
  // Length-prefixed parts so that ("a", "bc") and ("ab", "c") cannot collide.
  std::string material;
  for (std::string_view part : {method, path, body}) {
    material += std::to_string(part.size());
    material += ':';
    material += part;
  }
  return crypto::sha256Hex(material);
}

std::string IdempotencyStore::compositeKey(std::string_view scope, std::string_view key) {
  std::string k;
  k.reserve(scope.size() + key.size() + 1);
  k.append(scope).push_back('\n');  // '\n' never appears in a header value
  k.append(key);
  return k;
}

IdempotencyStore::Lookup IdempotencyStore::find(std::string_view scope, std::string_view key,
                                                std::string_view fingerprint) const {
  auto it = entries_.find(compositeKey(scope, key));
  if (it == entries_.end()) return {};
  if (it->second.fingerprint != fingerprint) return {Match::kConflict, nullptr};
  return {Match::kSame, &it->second.response};
}

void IdempotencyStore::remember(std::string_view scope, std::string_view key,
                                std::string fingerprint, StoredResponse response) {
  std::string k = compositeKey(scope, key);
  if (entries_.contains(k)) return;
  while (entries_.size() >= capacity_ && !order_.empty()) {
    entries_.erase(order_.front());
    order_.pop_front();
  }
  entries_.emplace(k, Entry{std::move(fingerprint), std::move(response)});
  order_.push_back(std::move(k));
}

}  // namespace sy::sandbox
