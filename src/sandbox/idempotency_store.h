// The processor side of idempotency, as emulators implement it: the first response given for an
// idempotency key is stored with a fingerprint of the request; a replay with the same fingerprint
// gets that stored response again without being processed, and a different request under the same
// key is a conflict. What the fingerprint covers is the processor's rule (ReplayRule).
//
// Not synchronized: the emulator holds its ledger lock around lookup -> process -> remember so that
// two concurrent requests with one key cannot both be processed. Bounded: when full, the oldest
// entry is forgotten (a processor's key retention window, in entries instead of hours).
#pragma once

#include <cstddef>
#include <deque>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

namespace sy::sandbox {

struct StoredResponse {
  unsigned status = 0;
  std::string body;
};

// Which later request under a used key is a replay of the first one.
enum class ReplayRule {
  // Same method, path and body bytes (Stripe: other parameters are an idempotency_error).
  kSameRequest,
  // Same method and path, whatever the body: the key decides (Adyen: the action is performed once
  // per key; Checkout.com: a later request with the key gets the original status and body). A
  // replay may legitimately differ from the first call: an authorization rebuilt without the CVV,
  // which is never kept. A key reused on another endpoint is still a conflict.
  kSameEndpoint,
};

class IdempotencyStore {
 public:
  explicit IdempotencyStore(size_t capacity, ReplayRule rule = ReplayRule::kSameRequest)
      : capacity_(capacity == 0 ? 1 : capacity), rule_(rule) {}

  // A fingerprint of one request under this store's rule: method, path and (kSameRequest) the
  // exact body bytes, hashed.
  std::string fingerprint(std::string_view method, std::string_view path,
                          std::string_view body) const;

  enum class Match { kNone, kSame, kConflict };
  struct Lookup {
    Match match = Match::kNone;
    const StoredResponse* response = nullptr;  // set for kSame; valid until the next remember()
  };
  // `scope` separates key namespaces (one per account), so two merchants' keys never collide.
  Lookup find(std::string_view scope, std::string_view key, std::string_view fingerprint) const;

  // Stores the response given for (scope, key). A key already present is left unchanged.
  void remember(std::string_view scope, std::string_view key, std::string fingerprint,
                StoredResponse response);

  size_t size() const { return entries_.size(); }

 private:
  struct Entry {
    std::string fingerprint;
    StoredResponse response;
  };
  static std::string compositeKey(std::string_view scope, std::string_view key);

  size_t capacity_;
  ReplayRule rule_;
  std::unordered_map<std::string, Entry> entries_;
  std::deque<std::string> order_;  // insertion order, for eviction
};

}  // namespace sy::sandbox
