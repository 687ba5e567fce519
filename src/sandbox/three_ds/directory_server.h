// The directory server and the issuers' ACS behind it, as one in-memory state machine: answers an
// AReq with an ARes (test_cards.h decides), keeps each challenge until the customer decides on
// the ACS page, and gives the 3DS Server the result as an RReq. The HTTP side is emulator.h.
//
// Per threeDSServerTransID: the same AReq again returns the same ARes; another AReq with that id is
// an Erro 305. Ids (dsTransID, acsTransID) are random UUIDs; authenticationValue is 20 bytes of
// HMAC-SHA256 under a per-instance random key over the transaction's ids and status, base64 (28
// characters). Only the card's last four digits and a hash of the AReq are kept.
//
// Thread-safe.
#pragma once

#include <cstddef>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>

#include "http/response.h"

namespace sy::sandbox::three_ds {

class DirectoryServer {
 public:
  // At most `maxTransactions` are held; beyond, an AReq gets Erro 403 (transient system failure).
  explicit DirectoryServer(size_t maxTransactions);

  // POST /3ds/areq. `baseUrl` ("http://127.0.0.1:port") is where the ACS challenge page is.
  http::Response authenticate(std::string_view body, std::string_view baseUrl);
  // GET /3ds/challenge/{acsTransID}: the challenge page while the customer has not decided.
  http::Response challengePage(std::string_view acsTransId) const;
  // POST /3ds/challenge/{acsTransID} with decision=approve|refuse: records the first decision
  // (approve: Y; refuse: N, reason 01) and redirects (303) to the AReq's notificationURL.
  http::Response decideChallenge(std::string_view acsTransId, std::string_view formBody);
  // GET /3ds/results/{threeDSServerTransID}: 200 the RReq once decided, 202 while pending, 404
  // Erro 301 for an id with no challenge.
  http::Response result(std::string_view threeDsServerTransId) const;

 private:
  struct Transaction {
    std::string requestHash;  // SHA-256 of the AReq in canonical form
    std::string aresBody;     // the ARes as first answered
    std::string messageVersion, threeDsServerTransId, dsTransId, acsTransId;
    std::string notificationUrl, amountShown, last4, eciYes;
    bool challenged = false;  // the ARes was C
    bool decided = false;
    bool approved = false;
  };
  std::string authenticationValue(const Transaction& t, std::string_view transStatus) const;

  const size_t maxTransactions_;
  const std::string key_;  // HMAC key of authentication values
  mutable std::mutex mu_;
  std::unordered_map<std::string, Transaction> transactions_;  // by threeDSServerTransID
  std::unordered_map<std::string, std::string> byAcsId_;       // acsTransID -> threeDSServerTransID
};

}  // namespace sy::sandbox::three_ds
