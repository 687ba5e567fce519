// Resolving processor calls whose outcome is not recorded: the crash between call and commit, or
// the timeout that left an attempt unknown. The processor is asked with the call's own key.
#include "common/log.h"
#include "domain/state_machine.h"
#include "orchestrator/call_results.h"
#include "orchestrator/payment_engine.h"
#include "orchestrator/processor_requests.h"
#include "store/awaitable.h"

namespace sy::orchestrator {
namespace {
using connectors::CallOutcome;
using connectors::InquiryRequest;
using domain::EventType;
using domain::Outcome;
using domain::Payment;
using domain::PaymentStatus;
using domain::TransactionType;

bool isUnresolved(Outcome o) { return o == Outcome::kInFlight || o == Outcome::kUnknown; }
}  // namespace

boost::asio::awaitable<std::optional<vault::ClearCard>> PaymentEngine::replayableCard(
    const Payment& p) {
  Result<store::CardToken> token = Status(StatusCode::kNotFound, "not read");
  co_await store::read(store_, [&](store::ReadTx& tx) {
    token = tx.findCardToken(p.merchantId, p.paymentMethodToken);
  });
  if (!token) co_return std::nullopt;
  auto clear = vault_.open(*token);
  if (!clear) co_return std::nullopt;
  // A replay never carries a CVV: the first attempt consumed it, and one still remembered (its
  // call never started) must not outlive this resolution either.
  clear->cvv = SecretString();
  co_return std::move(*clear);
}

boost::asio::awaitable<Status> PaymentEngine::resolve(std::string merchantId,
                                                      std::string paymentId) {
  ActiveGuard guard(*this, paymentId);
  if (!guard.owned()) co_return Status::ok();  // a call of this payment is running here
  auto loaded = co_await load(merchantId, paymentId);
  if (!loaded) co_return loaded.status();
  Payment p = std::move(*loaded);
  bool changed = false;

  for (auto& tx : p.transactions) {
    auto target = co_await targetOf(p.merchantId, tx.connectionId);
    if (!target) {
      log::warn("cannot resolve: connection unavailable", {{"payment_id", p.id}});
      continue;
    }
    if (isUnresolved(tx.outcome)) {
      InquiryRequest q;
      q.attemptKey = tx.attemptKey;
      if (tx.type == TransactionType::kSale) {
        q.kind = InquiryRequest::Kind::kAuthorize;
        q.processorTransactionId = tx.processorTransactionId;
        if (target->connector->capabilities().inquiryByReplay) {
          auto card = co_await replayableCard(p);
          if (card) q.original = authorizeRequestFor(p, tx, std::move(*card));
        }
      } else {
        q.kind = InquiryRequest::Kind::kRefund;
        if (const auto* sale = domain::activeSale(p)) {
          q.processorTransactionId = sale->processorTransactionId;
          q.original = refundRequestFor(p, *sale, tx);
        }
      }
      auto r = co_await target->connector->inquire(target->config, q);
      if (r.outcome == CallOutcome::kUnknown) continue;  // still unreachable: try next sweep
      if (tx.type == TransactionType::kSale) {
        applyAuthorization(p, tx, r);
      } else {
        applyRefund(p, tx, r);
      }
      changed = true;
      log::info("resolved call", {{"payment_id", p.id},
                                  {"kind", std::string(domain::toString(tx.type))},
                                  {"outcome", std::string(domain::toString(tx.outcome))}});
    }
    for (auto& e : tx.events) {
      if (!isUnresolved(e.outcome)) continue;
      InquiryRequest q;
      q.kind = e.type == EventType::kCancellationSucceeded ? InquiryRequest::Kind::kCancel
                                                           : InquiryRequest::Kind::kCapture;
      q.attemptKey = e.attemptKey;
      q.processorTransactionId = tx.processorTransactionId;
      if (q.kind == InquiryRequest::Kind::kCancel)
        q.original = cancelRequestFor(tx, e);
      else
        q.original = captureRequestFor(p, tx, e);
      auto r = co_await target->connector->inquire(target->config, q);
      if (r.outcome == CallOutcome::kUnknown) continue;
      e.outcome = outcomeOf(r.outcome);
      if (!r.processorOperationId.empty()) e.processorEventId = r.processorOperationId;
      if (e.outcome == Outcome::kSucceeded) {
        if (e.type == EventType::kCaptureSucceeded) {
          p.amountCaptured += e.amount;
          p.status = r.awaitsConfirmation ? PaymentStatus::kSettling
                                          : domain::statusAfterCapture(p, e.final);
        } else {
          p.status = PaymentStatus::kCancelled;
        }
        tx.status = p.status;
      }
      changed = true;
    }
  }
  if (!changed) co_return Status::ok();
  const Idempotency none;
  co_return co_await commitOutcome(p, none, nullptr);
}

}  // namespace sy::orchestrator
