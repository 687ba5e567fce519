#include "store/sql/payment_rows.h"

#include <initializer_list>
#include <string_view>
#include <vector>

namespace sy::store::sql {
namespace {

using domain::Payment;
using domain::StatusReason;
using domain::Transaction;
using domain::TransactionEvent;
using Names = std::vector<std::string_view>;

// Column order here is the bind and read order below.
const Names kPaymentKey = {"id", "merchant_id", "created_at"};
const Names kPaymentMutable = {"updated_at",
                               "status",
                               "order_id",
                               "amount",
                               "currency_code",
                               "customer_id",
                               "customer_email",
                               "payment_method_token",
                               "has_card",
                               "card_first6",
                               "last4",
                               "card_expiration_month",
                               "card_expiration_year",
                               "card_cardholder_name",
                               "card_network",
                               "customer_json",
                               "order_json",
                               "metadata_json",
                               "payment_method_json",
                               "connection_id",
                               "processor_name",
                               "processor_merchant_id",
                               "amount_authorized",
                               "amount_captured",
                               "amount_refunded",
                               "sr_type",
                               "sr_decline_type",
                               "sr_code",
                               "sr_advised_action",
                               "sr_message",
                               "sr_processor_code",
                               "workflow_id",
                               "workflow_version",
                               "routing_json",
                               "capture_due_at",
                               "three_ds_json",
                               "challenge_expires_at",
                               "unresolved",
                               "version"};
const Names kTransactionColumns = {"id",
                                   "payment_id",
                                   "seq",
                                   "type",
                                   "status",
                                   "outcome",
                                   "attempt_key",
                                   "connection_id",
                                   "processor_name",
                                   "processor_merchant_id",
                                   "processor_transaction_id",
                                   "amount",
                                   "currency_code",
                                   "order_id",
                                   "reason",
                                   "sr_type",
                                   "sr_decline_type",
                                   "sr_code",
                                   "sr_advised_action",
                                   "sr_message",
                                   "sr_processor_code",
                                   "created_at",
                                   "updated_at"};
const Names kEventColumns = {
    "id",       "transaction_id",     "seq",       "type", "outcome", "attempt_key", "amount",
    "is_final", "processor_event_id", "event_date"};

std::string join(const Names& names, std::string_view prefix = "") {
  std::string out;
  for (size_t i = 0; i < names.size(); ++i) {
    if (i != 0) out += ", ";
    out += prefix;
    out += names[i];
  }
  return out;
}

std::string placeholders(size_t n) {
  std::string out;
  for (size_t i = 0; i < n; ++i) out += i == 0 ? "?" : ", ?";
  return out;
}

Names concat(const Names& a, const Names& b) {
  Names out = a;
  out.insert(out.end(), b.begin(), b.end());
  return out;
}

// INSERT ... ON CONFLICT (id) DO UPDATE SET c = excluded.c ... WHERE <table>.<parent> =
// excluded.<parent>
std::string upsertSql(std::string_view table, const Names& cols, std::string_view parent) {
  std::string sql = "INSERT INTO " + std::string(table) + " (" + join(cols) + ") VALUES (" +
                    placeholders(cols.size()) + ") ON CONFLICT (id) DO UPDATE SET ";
  bool first = true;
  for (auto c : cols) {
    if (c == "id" || c == parent) continue;
    if (!first) sql += ", ";
    first = false;
    sql += std::string(c) + " = excluded." + std::string(c);
  }
  sql += " WHERE " + std::string(table) + "." + std::string(parent) + " = excluded." +
         std::string(parent);
  return sql;
}

std::optional<domain::TransactionType> transactionTypeFrom(std::string_view s) {
  for (auto t : {domain::TransactionType::kSale, domain::TransactionType::kRefund})
    if (domain::toString(t) == s) return t;
  return std::nullopt;
}

template <class E>
std::optional<std::string> optName(const std::optional<E>& v) {
  if (!v) return std::nullopt;
  return std::string(domain::toString(*v));
}

// The six sr_* columns: all NULL when there is no status reason.
void bindReason(Statement& st, const std::optional<StatusReason>& r) {
  if (!r) {
    for (int i = 0; i < 6; ++i) st.bindNull();
    return;
  }
  st.bind(domain::toString(r->type))
      .bind(optName(r->declineType))
      .bind(optName(r->code))
      .bind(optName(r->advisedAction))
      .bind(r->message)
      .bind(r->processorCode);
}

Status corrupt(std::string_view what) {
  return internalError("stored " + std::string(what) + " has an unknown value");
}

// Reads columns left to right, remembering the first corrupt value.
class Cols {
 public:
  explicit Cols(const Statement& st, int first = 0) : st_(st), i_(first) {}
  std::string text() { return st_.getText(i_++); }
  std::optional<std::string> optText() { return st_.getOptText(i_++); }
  int64_t int64() { return st_.getInt(i_++); }
  std::optional<int64_t> optInt() { return st_.getOptInt(i_++); }
  bool flag() { return st_.getInt(i_++) != 0; }
  TimePoint time() { return fromMicros(st_.getInt(i_++)); }
  void skip() { ++i_; }

  // Parses a required enum column with `from`; records an error when unknown.
  template <class E, class F>
  E enumOf(F from, std::string_view what) {
    std::string s = text();
    std::optional<E> v = from(s);
    if (!v) fail(what);
    return v.value_or(E{});
  }
  template <class E, class F>
  std::optional<E> optEnumOf(F from, std::string_view what) {
    std::optional<std::string> s = optText();
    if (!s) return std::nullopt;
    std::optional<E> v = from(*s);
    if (!v) fail(what);
    return v;
  }

  std::optional<StatusReason> reason() {
    if (st_.isNull(i_)) {
      i_ += 6;
      return std::nullopt;
    }
    StatusReason r;
    r.type = enumOf<domain::ReasonType>(domain::reasonTypeFrom, "status reason type");
    r.declineType = optEnumOf<domain::DeclineType>(domain::declineTypeFrom, "decline type");
    r.code = optEnumOf<domain::DeclineCode>(domain::declineCodeFrom, "decline code");
    r.advisedAction = optEnumOf<domain::AdvisedAction>(domain::advisedActionFrom, "advised action");
    r.message = text();
    r.processorCode = text();
    return r;
  }

  const Status& status() const { return status_; }

 private:
  void fail(std::string_view what) {
    if (status_.isOk()) status_ = corrupt(what);
  }
  const Statement& st_;
  int i_;
  Status status_;
};

void bindPaymentMutable(Statement& st, const Payment& p) {
  st.bind(toMicros(p.updatedAt))
      .bind(domain::toString(p.status))
      .bind(p.orderId)
      .bind(p.amount)
      .bind(p.currencyCode)
      .bind(p.customerId)
      .bind(p.customerEmail)
      .bind(p.paymentMethodToken)
      .bind(int64_t{p.card.has_value()});
  if (p.card) {
    st.bind(p.card->first6)
        .bind(p.card->last4)
        .bind(p.card->expirationMonth)
        .bind(p.card->expirationYear)
        .bind(p.card->cardholderName)
        .bind(p.card->network);
  } else {
    for (int i = 0; i < 6; ++i) st.bindNull();
  }
  st.bind(p.customerJson)
      .bind(p.orderJson)
      .bind(p.metadataJson)
      .bind(p.paymentMethodJson)
      .bind(p.connectionId)
      .bind(p.processorName)
      .bind(p.processorMerchantId)
      .bind(p.amountAuthorized)
      .bind(p.amountCaptured)
      .bind(p.amountRefunded);
  bindReason(st, p.statusReason);
  // The workflow that routed the payment, in columns of its own so payments can be found by it;
  // the whole trace as JSON (domain/routing.h); the due time the capture sweep looks for.
  const domain::WorkflowRun* run = p.routing && p.routing->created ? &*p.routing->created : nullptr;
  st.bind(run ? std::string_view(run->workflow.id) : std::string_view())
      .bind(run ? run->workflow.version : int64_t{0})
      .bind(p.routing ? domain::routingToJson(*p.routing) : std::string())
      .bind(p.captureDueAt ? std::optional<int64_t>(toMicros(*p.captureDueAt)) : std::nullopt);
  // 3-D Secure (domain/three_d_secure.h); the pending challenge's expiry for the recovery sweep.
  const bool threeDsEmpty = !p.threeDs.challenge && !p.threeDs.result && p.threeDs.lastResumeToken.empty();
  st.bind(threeDsEmpty ? std::string() : domain::threeDsToJson(p.threeDs))
      .bind(p.threeDs.challenge ? std::optional<int64_t>(toMicros(p.threeDs.challenge->expiresAt))
                                : std::nullopt);
  st.bind(int64_t{isUnresolved(p)}).bind(p.version);
}

}  // namespace

const std::string& paymentSelectColumns() {
  static const std::string s = join(concat(kPaymentKey, kPaymentMutable));
  return s;
}

const std::string& paymentInsertSql() {
  static const std::string s = "INSERT INTO payments (" + paymentSelectColumns() + ") VALUES (" +
                               placeholders(kPaymentKey.size() + kPaymentMutable.size()) +
                               ") ON CONFLICT DO NOTHING";
  return s;
}

const std::string& paymentUpdateSql() {
  static const std::string s = [] {
    std::string sql = "UPDATE payments SET ";
    for (size_t i = 0; i < kPaymentMutable.size(); ++i) {
      if (i != 0) sql += ", ";
      sql += std::string(kPaymentMutable[i]) + " = ?";
    }
    return sql + " WHERE id = ? AND merchant_id = ? AND version = ?";
  }();
  return s;
}

const std::string& transactionUpsertSql() {
  static const std::string s = upsertSql("transactions", kTransactionColumns, "payment_id");
  return s;
}

const std::string& eventUpsertSql() {
  static const std::string s = upsertSql("transaction_events", kEventColumns, "transaction_id");
  return s;
}

const std::string& transactionSelectColumns() {
  static const std::string s = "t.payment_id, " + join(kTransactionColumns, "t.");
  return s;
}

const std::string& eventSelectColumns() {
  static const std::string s = "e.transaction_id, " + join(kEventColumns, "e.");
  return s;
}

void bindPaymentInsert(Statement& st, const Payment& p) {
  st.bind(p.id).bind(p.merchantId).bind(toMicros(p.createdAt));
  bindPaymentMutable(st, p);
}

void bindPaymentUpdate(Statement& st, const Payment& p) {
  bindPaymentMutable(st, p);
  st.bind(p.id).bind(p.merchantId).bind(p.version - 1);
}

void bindTransactionUpsert(Statement& st, const std::string& paymentId, int seq,
                           const Transaction& t) {
  st.bind(t.id)
      .bind(paymentId)
      .bind(int64_t{seq})
      .bind(domain::toString(t.type))
      .bind(domain::toString(t.status))
      .bind(domain::toString(t.outcome))
      .bind(t.attemptKey)
      .bind(t.connectionId)
      .bind(t.processorName)
      .bind(t.processorMerchantId)
      .bind(t.processorTransactionId)
      .bind(t.amount)
      .bind(t.currencyCode)
      .bind(t.orderId)
      .bind(t.reason);
  bindReason(st, t.statusReason);
  st.bind(toMicros(t.createdAt)).bind(toMicros(t.updatedAt));
}

void bindEventUpsert(Statement& st, const std::string& transactionId, int seq,
                     const TransactionEvent& e) {
  st.bind(e.id)
      .bind(transactionId)
      .bind(int64_t{seq})
      .bind(domain::toString(e.type))
      .bind(domain::toString(e.outcome))
      .bind(e.attemptKey)
      .bind(e.amount)
      .bind(int64_t{e.final})
      .bind(e.processorEventId)
      .bind(toMicros(e.date));
}

Result<Payment> readPayment(const Statement& st) {
  Cols c(st);
  Payment p;
  p.id = c.text();
  p.merchantId = c.text();
  p.createdAt = c.time();
  p.updatedAt = c.time();
  p.status = c.enumOf<domain::PaymentStatus>(domain::paymentStatusFrom, "payment status");
  p.orderId = c.text();
  p.amount = c.int64();
  p.currencyCode = c.text();
  p.customerId = c.text();
  p.customerEmail = c.text();
  p.paymentMethodToken = c.text();
  if (c.flag()) {
    domain::CardSummary card;
    card.first6 = c.text();
    card.last4 = c.text();
    card.expirationMonth = c.text();
    card.expirationYear = c.text();
    card.cardholderName = c.text();
    card.network = c.text();
    p.card = std::move(card);
  } else {
    for (int i = 0; i < 6; ++i) c.skip();
  }
  p.customerJson = c.text();
  p.orderJson = c.text();
  p.metadataJson = c.text();
  p.paymentMethodJson = c.text();
  p.connectionId = c.text();
  p.processorName = c.text();
  p.processorMerchantId = c.text();
  p.amountAuthorized = c.int64();
  p.amountCaptured = c.int64();
  p.amountRefunded = c.int64();
  p.statusReason = c.reason();
  c.skip();  // workflow_id: in routing_json
  c.skip();  // workflow_version: in routing_json
  if (std::string routing = c.text(); !routing.empty()) {
    auto r = domain::routingFromJson(routing);
    if (!r) return r.status();
    p.routing = std::move(*r);
  }
  if (std::optional<int64_t> due = c.optInt()) p.captureDueAt = fromMicros(*due);
  if (std::string threeDs = c.text(); !threeDs.empty()) {
    auto t = domain::threeDsFromJson(threeDs);
    if (!t) return t.status();
    p.threeDs = std::move(*t);
  }
  c.skip();  // challenge_expires_at: in three_ds_json
  c.skip();  // unresolved: derived from the transactions
  p.version = c.int64();
  if (!c.status().isOk()) return c.status();
  return p;
}

Result<Transaction> readTransaction(const Statement& st) {
  Cols c(st, 1);
  Transaction t;
  t.id = c.text();
  c.skip();  // payment_id
  c.skip();  // seq
  t.type = c.enumOf<domain::TransactionType>(transactionTypeFrom, "transaction type");
  t.status = c.enumOf<domain::PaymentStatus>(domain::paymentStatusFrom, "transaction status");
  t.outcome = c.enumOf<domain::Outcome>(domain::outcomeFrom, "transaction outcome");
  t.attemptKey = c.text();
  t.connectionId = c.text();
  t.processorName = c.text();
  t.processorMerchantId = c.text();
  t.processorTransactionId = c.text();
  t.amount = c.int64();
  t.currencyCode = c.text();
  t.orderId = c.text();
  t.reason = c.text();
  t.statusReason = c.reason();
  t.createdAt = c.time();
  t.updatedAt = c.time();
  if (!c.status().isOk()) return c.status();
  return t;
}

Result<TransactionEvent> readEvent(const Statement& st) {
  Cols c(st, 1);
  TransactionEvent e;
  e.id = c.text();
  c.skip();  // transaction_id
  c.skip();  // seq
  e.type = c.enumOf<domain::EventType>(domain::eventTypeFrom, "event type");
  e.outcome = c.enumOf<domain::Outcome>(domain::outcomeFrom, "event outcome");
  e.attemptKey = c.text();
  e.amount = c.int64();
  e.final = c.flag();
  e.processorEventId = c.text();
  e.date = c.time();
  if (!c.status().isOk()) return c.status();
  return e;
}

bool isUnresolved(const Payment& p) {
  auto pending = [](domain::Outcome o) {
    return o == domain::Outcome::kInFlight || o == domain::Outcome::kUnknown;
  };
  for (const auto& t : p.transactions) {
    if (pending(t.outcome)) return true;
    for (const auto& e : t.events)
      if (pending(e.outcome)) return true;
  }
  return false;
}

}  // namespace sy::store::sql
