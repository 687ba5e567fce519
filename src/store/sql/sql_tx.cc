// SqlTx: merchants, API keys, connections, client sessions, card tokens, idempotency records.
// Payments are in sql_tx_payments.cc.
#include "store/sql/sql_tx.h"

#include "common/crypto.h"
#include "store/sql/errors.h"
#include "store/sql/row_read.h"
#include "store/sql/word_list.h"

namespace sy::store::sql {
namespace {

bool validScope(const std::string& s) {
  if (s.empty()) return false;
  for (char c : s)
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r') return false;
  return true;
}

// Sealed ciphertexts are binary; the portable schema keeps them as base64 TEXT.
Result<std::string> unseal64(const std::string& text, std::string_view what) {
  Result<std::string> raw = crypto::base64Decode(text);
  if (!raw.isOk()) return internalError("stored " + std::string(what) + " is not valid base64");
  return raw;
}

std::string_view idempotencyStateName(IdempotencyState s) {
  return s == IdempotencyState::kCompleted ? "COMPLETED" : "IN_PROGRESS";
}

Result<Merchant> readMerchant(const Statement& st) {
  return Merchant{st.getText(0), st.getText(1), fromMicros(st.getInt(2))};
}
constexpr std::string_view kMerchantCols = "id, name, created_at";

Result<ApiKey> readApiKey(const Statement& st) {
  ApiKey k;
  k.id = st.getText(0);
  k.merchantId = st.getText(1);
  k.keyHash = st.getText(2);
  k.prefix = st.getText(3);
  k.scopes = splitWords(st.getText(4));
  k.createdAt = fromMicros(st.getInt(5));
  k.revoked = st.getInt(6) != 0;
  return k;
}
constexpr std::string_view kApiKeyCols =
    "id, merchant_id, key_hash, prefix, scopes, created_at, revoked";

Result<Connection> readConnection(const Statement& st) {
  Connection c;
  c.id = st.getText(0);
  c.merchantId = st.getText(1);
  c.processor = st.getText(2);
  c.processorMerchantId = st.getText(3);
  c.baseUrl = st.getText(4);
  Result<std::string> sealed = unseal64(st.getText(5), "connection credentials");
  if (!sealed.isOk()) return sealed.status();
  c.credentialsSealed = std::move(sealed).value();
  c.isDefault = st.getInt(6) != 0;
  c.createdAt = fromMicros(st.getInt(7));
  return c;
}
constexpr std::string_view kConnectionCols =
    "id, merchant_id, processor, processor_merchant_id, base_url, credentials_sealed, "
    "is_default, created_at";

Result<ClientSession> readClientSession(const Statement& st) {
  ClientSession s;
  s.id = st.getText(0);
  s.merchantId = st.getText(1);
  s.tokenHash = st.getText(2);
  s.orderId = st.getText(3);
  s.currencyCode = st.getText(4);
  s.amount = st.getOptInt(5);
  s.customerId = st.getText(6);
  s.customerJson = st.getText(7);
  s.orderJson = st.getText(8);
  s.metadataJson = st.getText(9);
  s.paymentMethodJson = st.getText(10);
  s.createdAt = fromMicros(st.getInt(11));
  s.updatedAt = fromMicros(st.getInt(12));
  s.expiresAt = fromMicros(st.getInt(13));
  return s;
}
constexpr std::string_view kClientSessionCols =
    "id, merchant_id, token_hash, order_id, currency_code, amount, customer_id, customer_json, "
    "order_json, metadata_json, payment_method_json, created_at, updated_at, expires_at";

Result<CardToken> readCardToken(const Statement& st) {
  CardToken t;
  t.token = st.getText(0);
  t.merchantId = st.getText(1);
  t.clientSessionId = st.getText(2);
  t.tokenType = st.getText(3);
  Result<std::string> sealed = unseal64(st.getText(4), "sealed PAN");
  if (!sealed.isOk()) return sealed.status();
  t.panSealed = std::move(sealed).value();
  t.card.first6 = st.getText(5);
  t.card.last4 = st.getText(6);
  t.card.expirationMonth = st.getText(7);
  t.card.expirationYear = st.getText(8);
  t.card.cardholderName = st.getText(9);
  t.card.network = st.getText(10);
  t.createdAt = fromMicros(st.getInt(11));
  t.expiresAt = fromMicros(st.getInt(12));
  if (auto used = st.getOptInt(13)) t.usedAt = fromMicros(*used);
  Result<std::string> dek = unseal64(st.getText(14), "wrapped data key");
  if (!dek.isOk()) return dek.status();
  t.dekWrapped = std::move(dek).value();
  t.kekId = st.getText(15);
  t.customerId = st.getText(16);
  t.isDefault = st.getInt(17) != 0;
  if (auto deleted = st.getOptInt(18)) t.deletedAt = fromMicros(*deleted);
  t.vaultedFrom = st.getText(19);
  return t;
}
constexpr std::string_view kCardTokenCols =
    "token, merchant_id, client_session_id, token_type, pan_sealed, card_first6, card_last4, "
    "card_expiration_month, card_expiration_year, card_cardholder_name, card_network, "
    "created_at, expires_at, used_at, dek_wrapped, kek_id, customer_id, is_default, deleted_at, "
    "vaulted_from";

Result<IdempotencyRecord> readIdempotency(const Statement& st) {
  IdempotencyRecord r;
  r.merchantId = st.getText(0);
  r.scope = st.getText(1);
  r.key = st.getText(2);
  r.requestHash = st.getText(3);
  std::string state = st.getText(4);
  if (state == "COMPLETED") {
    r.state = IdempotencyState::kCompleted;
  } else if (state == "IN_PROGRESS") {
    r.state = IdempotencyState::kInProgress;
  } else {
    return internalError("stored idempotency state has an unknown value");
  }
  r.responseStatus = static_cast<unsigned>(st.getInt(5));
  r.responseBody = st.getText(6);
  r.paymentId = st.getText(7);
  r.createdAt = fromMicros(st.getInt(8));
  return r;
}
constexpr std::string_view kIdempotencyCols =
    "merchant_id, scope, idempotency_key, request_hash, state, response_status, response_body, "
    "payment_id, created_at";

std::string sql(std::initializer_list<std::string_view> parts) {
  std::string out;
  for (auto p : parts) out += p;
  return out;
}

}  // namespace

Result<StatementPtr> SqlTx::prepare(std::string_view text) {
  if (db_ == nullptr) return failure_;
  return db_->prepareStatement(text);
}

// ---- reads ----

Result<Merchant> SqlTx::findMerchant(const std::string& id) {
  Result<StatementPtr> st =
      prepare(sql({"SELECT ", kMerchantCols, " FROM merchants WHERE id = ?"}));
  if (!st.isOk()) return st.status();
  (*st)->bind(id);
  return readOne<Merchant>(**st, readMerchant, "merchant");
}

Result<std::vector<Merchant>> SqlTx::listMerchants() {
  Result<StatementPtr> st =
      prepare(sql({"SELECT ", kMerchantCols, " FROM merchants ORDER BY created_at, id"}));
  if (!st.isOk()) return st.status();
  return readAll<Merchant>(**st, readMerchant);
}

Result<ApiKey> SqlTx::findApiKeyByHash(const std::string& keyHash) {
  Result<StatementPtr> st =
      prepare(sql({"SELECT ", kApiKeyCols, " FROM api_keys WHERE key_hash = ? AND revoked = 0"}));
  if (!st.isOk()) return st.status();
  (*st)->bind(keyHash);
  return readOne<ApiKey>(**st, readApiKey, "api key");
}

Result<std::vector<Connection>> SqlTx::listConnections(const std::string& merchantId) {
  Result<StatementPtr> st = prepare(sql({"SELECT ", kConnectionCols,
                                         " FROM connections WHERE merchant_id = ?"
                                         " ORDER BY created_at, id"}));
  if (!st.isOk()) return st.status();
  (*st)->bind(merchantId);
  return readAll<Connection>(**st, readConnection);
}

Result<Connection> SqlTx::findConnection(const std::string& merchantId,
                                         const std::string& connectionId) {
  Result<StatementPtr> st = prepare(
      sql({"SELECT ", kConnectionCols, " FROM connections WHERE id = ? AND merchant_id = ?"}));
  if (!st.isOk()) return st.status();
  (*st)->bind(connectionId).bind(merchantId);
  return readOne<Connection>(**st, readConnection, "connection");
}

Result<Connection> SqlTx::findConnectionById(const std::string& connectionId) {
  Result<StatementPtr> st =
      prepare(sql({"SELECT ", kConnectionCols, " FROM connections WHERE id = ?"}));
  if (!st.isOk()) return st.status();
  (*st)->bind(connectionId);
  return readOne<Connection>(**st, readConnection, "connection");
}

Result<ClientSession> SqlTx::findClientSessionByTokenHash(const std::string& tokenHash) {
  Result<StatementPtr> st =
      prepare(sql({"SELECT ", kClientSessionCols, " FROM client_sessions WHERE token_hash = ?"}));
  if (!st.isOk()) return st.status();
  (*st)->bind(tokenHash);
  return readOne<ClientSession>(**st, readClientSession, "client session");
}

Result<ClientSession> SqlTx::findClientSession(const std::string& merchantId,
                                               const std::string& id) {
  Result<StatementPtr> st = prepare(sql(
      {"SELECT ", kClientSessionCols, " FROM client_sessions WHERE id = ? AND merchant_id = ?"}));
  if (!st.isOk()) return st.status();
  (*st)->bind(id).bind(merchantId);
  return readOne<ClientSession>(**st, readClientSession, "client session");
}

Result<CardToken> SqlTx::findCardToken(const std::string& merchantId, const std::string& token) {
  Result<StatementPtr> st = prepare(
      sql({"SELECT ", kCardTokenCols, " FROM card_tokens WHERE token = ? AND merchant_id = ?"}));
  if (!st.isOk()) return st.status();
  (*st)->bind(token).bind(merchantId);
  return readOne<CardToken>(**st, readCardToken, "card token");
}

Result<IdempotencyRecord> SqlTx::findIdempotency(const std::string& merchantId,
                                                 const std::string& scope, const std::string& key) {
  Result<StatementPtr> st =
      prepare(sql({"SELECT ", kIdempotencyCols,
                   " FROM idempotency_keys WHERE merchant_id = ? AND scope = ?"
                   " AND idempotency_key = ?"}));
  if (!st.isOk()) return st.status();
  (*st)->bind(merchantId).bind(scope).bind(key);
  return readOne<IdempotencyRecord>(**st, readIdempotency, "idempotency key");
}

// ---- writes ----

Status SqlTx::insertMerchant(const Merchant& m) {
  Result<StatementPtr> st = prepare(
      "INSERT INTO merchants (id, name, created_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING");
  if (!st.isOk()) return st.status();
  (*st)->bind(m.id).bind(m.name).bind(toMicros(m.createdAt));
  return runInsert(**st, "insert merchant");
}

Status SqlTx::insertApiKey(const ApiKey& k) {
  for (const auto& s : k.scopes)
    if (!validScope(s)) return invalidArgument("api key scope is empty or contains whitespace");
  Result<StatementPtr> st =
      prepare(sql({"INSERT INTO api_keys (", kApiKeyCols, ") VALUES (?, ?, ?, ?, ?, ?, ?)",
                   " ON CONFLICT DO NOTHING"}));
  if (!st.isOk()) return st.status();
  (*st)
      ->bind(k.id)
      .bind(k.merchantId)
      .bind(k.keyHash)
      .bind(k.prefix)
      .bind(joinWords(k.scopes))
      .bind(toMicros(k.createdAt))
      .bind(int64_t{k.revoked});
  return runInsert(**st, "insert api key");
}

Status SqlTx::insertConnection(const Connection& c) {
  if (c.isDefault) {
    // Serializes default changes per merchant: on PostgreSQL this locks the merchant's row until
    // the unit commits, so a second node adding a default waits and then sees this one (and
    // clears it). The partial unique index connections_one_default is the backstop for merchants
    // without a row. SQLite has one writer: a no-op there.
    Result<StatementPtr> lock = prepare("UPDATE merchants SET name = name WHERE id = ?");
    if (!lock.isOk()) return lock.status();
    (*lock)->bind(c.merchantId);
    SY_RETURN_IF_ERROR(annotate((*lock)->run(), "lock merchant"));
  }
  {
    // Inserted as not default first, so a rejected duplicate never clears the current default
    // and the insert itself never meets the one-default index.
    Result<StatementPtr> st =
        prepare(sql({"INSERT INTO connections (", kConnectionCols,
                     ") VALUES (?, ?, ?, ?, ?, ?, 0, ?)", " ON CONFLICT DO NOTHING"}));
    if (!st.isOk()) return st.status();
    (*st)
        ->bind(c.id)
        .bind(c.merchantId)
        .bind(c.processor)
        .bind(c.processorMerchantId)
        .bind(c.baseUrl)
        .bind(crypto::base64Encode(c.credentialsSealed))
        .bind(toMicros(c.createdAt));
    SY_RETURN_IF_ERROR(runInsert(**st, "insert connection"));
  }
  if (!c.isDefault) return Status::ok();
  Result<StatementPtr> clear =
      prepare("UPDATE connections SET is_default = 0 WHERE merchant_id = ? AND is_default = 1");
  if (!clear.isOk()) return clear.status();
  (*clear)->bind(c.merchantId);
  SY_RETURN_IF_ERROR(annotate((*clear)->run(), "clear default connection"));
  Result<StatementPtr> set = prepare("UPDATE connections SET is_default = 1 WHERE id = ?");
  if (!set.isOk()) return set.status();
  (*set)->bind(c.id);
  return annotate((*set)->run(), "set default connection");
}

Status SqlTx::insertClientSession(const ClientSession& s) {
  Result<StatementPtr> st = prepare(
      sql({"INSERT INTO client_sessions (", kClientSessionCols,
           ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", " ON CONFLICT DO NOTHING"}));
  if (!st.isOk()) return st.status();
  (*st)
      ->bind(s.id)
      .bind(s.merchantId)
      .bind(s.tokenHash)
      .bind(s.orderId)
      .bind(s.currencyCode)
      .bind(s.amount)
      .bind(s.customerId)
      .bind(s.customerJson)
      .bind(s.orderJson)
      .bind(s.metadataJson)
      .bind(s.paymentMethodJson)
      .bind(toMicros(s.createdAt))
      .bind(toMicros(s.updatedAt))
      .bind(toMicros(s.expiresAt));
  return runInsert(**st, "insert client session");
}

Status SqlTx::updateClientSession(const ClientSession& s) {
  Result<StatementPtr> st = prepare(
      "UPDATE client_sessions SET token_hash = ?, order_id = ?, currency_code = ?, amount = ?,"
      " customer_id = ?, customer_json = ?, order_json = ?, metadata_json = ?,"
      " payment_method_json = ?, updated_at = ?, expires_at = ?"
      " WHERE id = ? AND merchant_id = ?");
  if (!st.isOk()) return st.status();
  (*st)
      ->bind(s.tokenHash)
      .bind(s.orderId)
      .bind(s.currencyCode)
      .bind(s.amount)
      .bind(s.customerId)
      .bind(s.customerJson)
      .bind(s.orderJson)
      .bind(s.metadataJson)
      .bind(s.paymentMethodJson)
      .bind(toMicros(s.updatedAt))
      .bind(toMicros(s.expiresAt))
      .bind(s.id)
      .bind(s.merchantId);
  SY_RETURN_IF_ERROR(annotate((*st)->run(), "update client session"));
  if ((*st)->changes() == 0) return notFound("client session not found");
  return Status::ok();
}

Status SqlTx::insertCardToken(const CardToken& t) {
  Result<StatementPtr> st = prepare(
      sql({"INSERT INTO card_tokens (", kCardTokenCols,
           ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
           " ON CONFLICT DO NOTHING"}));
  if (!st.isOk()) return st.status();
  (*st)
      ->bind(t.token)
      .bind(t.merchantId)
      .bind(t.clientSessionId)
      .bind(t.tokenType)
      .bind(crypto::base64Encode(t.panSealed))
      .bind(t.card.first6)
      .bind(t.card.last4)
      .bind(t.card.expirationMonth)
      .bind(t.card.expirationYear)
      .bind(t.card.cardholderName)
      .bind(t.card.network)
      .bind(toMicros(t.createdAt))
      .bind(toMicros(t.expiresAt));
  if (t.usedAt) {
    (*st)->bind(toMicros(*t.usedAt));
  } else {
    (*st)->bindNull();
  }
  (*st)->bind(crypto::base64Encode(t.dekWrapped)).bind(t.kekId).bind(t.customerId);
  (*st)->bind(int64_t{t.isDefault ? 1 : 0});
  if (t.deletedAt) {
    (*st)->bind(toMicros(*t.deletedAt));
  } else {
    (*st)->bindNull();
  }
  (*st)->bind(t.vaultedFrom);
  return runInsert(**st, "insert card token");
}

Result<std::vector<CardToken>> SqlTx::listCardTokensNotWrappedBy(const std::string& kekId,
                                                                 const std::string& afterToken,
                                                                 int limit) {
  Result<StatementPtr> st =
      prepare(sql({"SELECT ", kCardTokenCols,
                   " FROM card_tokens WHERE token > ? AND kek_id <> ? ORDER BY token LIMIT ?"}));
  if (!st.isOk()) return st.status();
  (*st)->bind(afterToken).bind(kekId).bind(static_cast<int64_t>(limit));
  return readAll<CardToken>(**st, readCardToken);
}

Result<int64_t> SqlTx::countCardTokensNotWrappedBy(const std::string& kekId) {
  Result<StatementPtr> st = prepare("SELECT COUNT(*) FROM card_tokens WHERE kek_id <> ?");
  if (!st.isOk()) return st.status();
  (*st)->bind(kekId);
  Result<bool> row = (*st)->step();
  if (!row.isOk()) return row.status();
  return *row ? (*st)->getInt(0) : 0;
}

Status SqlTx::rewrapCardToken(const CardToken& t, const std::string& expectedKekId) {
  {
    Result<StatementPtr> st = prepare(
        "UPDATE card_tokens SET pan_sealed = ?, dek_wrapped = ?, kek_id = ?"
        " WHERE token = ? AND kek_id = ?");
    if (!st.isOk()) return st.status();
    (*st)
        ->bind(crypto::base64Encode(t.panSealed))
        .bind(crypto::base64Encode(t.dekWrapped))
        .bind(t.kekId)
        .bind(t.token)
        .bind(expectedKekId);
    SY_RETURN_IF_ERROR(annotate((*st)->run(), "rewrap card token"));
    if ((*st)->changes() != 0) return Status::ok();
  }
  Result<StatementPtr> exists = prepare("SELECT 1 FROM card_tokens WHERE token = ?");
  if (!exists.isOk()) return exists.status();
  (*exists)->bind(t.token);
  Result<bool> row = (*exists)->step();
  if (!row.isOk()) return row.status();
  if (!*row) return notFound("card token not found");
  return Status(StatusCode::kFailedPrecondition, "card token was re-wrapped meanwhile",
                "KekChanged");
}

Result<std::vector<CardToken>> SqlTx::listInstruments(const std::string& merchantId,
                                                      const std::string& customerId) {
  Result<StatementPtr> st = prepare(
      sql({"SELECT ", kCardTokenCols,
           " FROM card_tokens WHERE merchant_id = ? AND customer_id = ? AND token_type = "
           "'MULTI_USE' AND deleted_at IS NULL ORDER BY created_at, token"}));
  if (!st.isOk()) return st.status();
  (*st)->bind(merchantId).bind(customerId);
  return readAll<CardToken>(**st, readCardToken);
}

Result<CardToken> SqlTx::findInstrumentVaultedFrom(const std::string& merchantId,
                                                   const std::string& token) {
  Result<StatementPtr> st = prepare(sql(
      {"SELECT ", kCardTokenCols, " FROM card_tokens WHERE merchant_id = ? AND vaulted_from = ?"}));
  if (!st.isOk()) return st.status();
  (*st)->bind(merchantId).bind(token);
  return readOne<CardToken>(**st, readCardToken, "payment instrument");
}

Status SqlTx::deleteInstrument(const std::string& merchantId, const std::string& token,
                               TimePoint at) {
  Result<StatementPtr> st = prepare(
      "UPDATE card_tokens SET deleted_at = ?, is_default = 0 WHERE token = ? AND merchant_id = ?"
      " AND token_type = 'MULTI_USE' AND deleted_at IS NULL");
  if (!st.isOk()) return st.status();
  (*st)->bind(toMicros(at)).bind(token).bind(merchantId);
  SY_RETURN_IF_ERROR(annotate((*st)->run(), "delete payment instrument"));
  if ((*st)->changes() == 0) return notFound("payment instrument not found");
  return Status::ok();
}

Status SqlTx::setDefaultInstrument(const std::string& merchantId, const std::string& token) {
  // The instrument's own row first: it locks the row (PostgreSQL) and proves it is live.
  {
    Result<StatementPtr> st = prepare(
        "UPDATE card_tokens SET is_default = 1 WHERE token = ? AND merchant_id = ?"
        " AND token_type = 'MULTI_USE' AND deleted_at IS NULL");
    if (!st.isOk()) return st.status();
    (*st)->bind(token).bind(merchantId);
    SY_RETURN_IF_ERROR(annotate((*st)->run(), "set default payment instrument"));
    if ((*st)->changes() == 0) return notFound("payment instrument not found");
  }
  Result<StatementPtr> others = prepare(
      "UPDATE card_tokens SET is_default = 0 WHERE merchant_id = ? AND token <> ?"
      " AND is_default = 1 AND customer_id = (SELECT customer_id FROM card_tokens WHERE token = ?)");
  if (!others.isOk()) return others.status();
  (*others)->bind(merchantId).bind(token).bind(token);
  return annotate((*others)->run(), "clear other default payment instruments");
}

Status SqlTx::markCardTokenUsed(const std::string& merchantId, const std::string& token,
                                TimePoint usedAt) {
  // The guard is in the WHERE clause, so two concurrent uses cannot both succeed. A MULTI_USE
  // token may be used again; used_at then records its latest use.
  {
    Result<StatementPtr> st = prepare(
        "UPDATE card_tokens SET used_at = ? WHERE token = ? AND merchant_id = ?"
        " AND (used_at IS NULL OR token_type <> 'SINGLE_USE')");
    if (!st.isOk()) return st.status();
    (*st)->bind(toMicros(usedAt)).bind(token).bind(merchantId);
    SY_RETURN_IF_ERROR(annotate((*st)->run(), "mark card token used"));
    if ((*st)->changes() != 0) return Status::ok();
  }
  Result<StatementPtr> exists =
      prepare("SELECT 1 FROM card_tokens WHERE token = ? AND merchant_id = ?");
  if (!exists.isOk()) return exists.status();
  (*exists)->bind(token).bind(merchantId);
  Result<bool> row = (*exists)->step();
  if (!row.isOk()) return row.status();
  if (!*row) return notFound("card token not found");
  return Status(StatusCode::kFailedPrecondition, "card token was already used", "TokenAlreadyUsed");
}

Status SqlTx::insertIdempotency(const IdempotencyRecord& r) {
  Result<StatementPtr> st =
      prepare(sql({"INSERT INTO idempotency_keys (", kIdempotencyCols,
                   ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", " ON CONFLICT DO NOTHING"}));
  if (!st.isOk()) return st.status();
  (*st)
      ->bind(r.merchantId)
      .bind(r.scope)
      .bind(r.key)
      .bind(r.requestHash)
      .bind(idempotencyStateName(r.state))
      .bind(int64_t{r.responseStatus})
      .bind(r.responseBody)
      .bind(r.paymentId)
      .bind(toMicros(r.createdAt));
  return runInsert(**st, "insert idempotency key");
}

Status SqlTx::completeIdempotency(const IdempotencyRecord& r) {
  Result<StatementPtr> st = prepare(
      "UPDATE idempotency_keys SET state = 'COMPLETED', response_status = ?, response_body = ?,"
      " payment_id = ? WHERE merchant_id = ? AND scope = ? AND idempotency_key = ?");
  if (!st.isOk()) return st.status();
  (*st)
      ->bind(int64_t{r.responseStatus})
      .bind(r.responseBody)
      .bind(r.paymentId)
      .bind(r.merchantId)
      .bind(r.scope)
      .bind(r.key);
  SY_RETURN_IF_ERROR(annotate((*st)->run(), "complete idempotency key"));
  if ((*st)->changes() == 0) return notFound("idempotency key not found");
  return Status::ok();
}

Status SqlTx::completeIdempotencyIfInProgress(const IdempotencyRecord& r) {
  Result<StatementPtr> st = prepare(
      "UPDATE idempotency_keys SET state = 'COMPLETED', response_status = ?, response_body = ?,"
      " payment_id = ? WHERE merchant_id = ? AND scope = ? AND idempotency_key = ?"
      " AND state = 'IN_PROGRESS'");
  if (!st.isOk()) return st.status();
  (*st)
      ->bind(int64_t{r.responseStatus})
      .bind(r.responseBody)
      .bind(r.paymentId)
      .bind(r.merchantId)
      .bind(r.scope)
      .bind(r.key);
  SY_RETURN_IF_ERROR(annotate((*st)->run(), "complete abandoned idempotency key"));
  if ((*st)->changes() != 0) return Status::ok();
  Result<IdempotencyRecord> found = findIdempotency(r.merchantId, r.scope, r.key);
  if (!found.isOk()) return found.status();
  return Status(StatusCode::kFailedPrecondition, "idempotency key already completed",
                "IdempotencyCompleted");
}

Status SqlTx::deleteIdempotency(const std::string& merchantId, const std::string& scope,
                                const std::string& key) {
  // Deleting an absent key is not an error: the caller's goal (no record) holds.
  Result<StatementPtr> st = prepare(
      "DELETE FROM idempotency_keys WHERE merchant_id = ? AND scope = ? AND idempotency_key = ?");
  if (!st.isOk()) return st.status();
  (*st)->bind(merchantId).bind(scope).bind(key);
  return annotate((*st)->run(), "delete idempotency key");
}

}  // namespace sy::store::sql
